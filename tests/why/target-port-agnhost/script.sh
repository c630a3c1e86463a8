# agnhost serve-hostname listens on 9376, not 80.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
