# The pods run in shop, the Service is in default.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
