# A pod that does not exist.
kubectl apply -f app.yaml
sleep 30s
podscape why pod/wbe -o json
