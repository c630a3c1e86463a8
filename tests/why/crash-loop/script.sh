# A command that exits 1 at once.
kubectl apply -f app.yaml
sleep 60s
podscape why service/web -f app.yaml -o json
