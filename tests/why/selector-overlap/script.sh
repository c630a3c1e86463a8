# A canary carries the same label: the Service splits traffic.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
