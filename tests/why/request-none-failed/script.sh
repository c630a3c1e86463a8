# No request failed.
kubectl apply -f app.yaml
sleep 30s
podscape traffic rate 5
sleep 5s
podscape why request -o json
