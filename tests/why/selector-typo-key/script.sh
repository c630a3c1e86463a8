# The selector's key is misspelt (apps for app).
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
