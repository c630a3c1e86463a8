# A Deployment whose pods all run.
kubectl apply -f app.yaml
sleep 30s
podscape why deployment/web -f app.yaml -o json
