# A client calls a name that does not resolve.
kubectl apply -f app.yaml
sleep 30s
podscape why request -o json
