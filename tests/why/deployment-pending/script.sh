# The Deployment's pods find no node.
kubectl apply -f app.yaml
sleep 30s
podscape why deployment/web -f app.yaml -o json
