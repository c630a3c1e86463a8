# The Deployment's pods crash.
kubectl apply -f app.yaml
sleep 60s
podscape why deployment/web -f app.yaml -o json
