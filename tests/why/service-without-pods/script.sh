# A Service alone in its namespace: nothing to select.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
