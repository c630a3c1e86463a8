# internalTrafficPolicy Local with one pod: pods on other nodes get nothing.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
