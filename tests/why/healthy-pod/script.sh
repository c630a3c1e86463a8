# A bare pod that runs.
kubectl apply -f app.yaml
sleep 30s
podscape why pod/web -f app.yaml -o json
