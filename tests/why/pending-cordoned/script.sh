# Every worker cordoned before the pods arrive.
kubectl cordon podscape-worker
kubectl cordon podscape-worker2
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -o json
