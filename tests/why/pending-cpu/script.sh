# Requests larger than any node.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
