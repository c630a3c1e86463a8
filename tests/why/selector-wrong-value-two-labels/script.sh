# Two labels, the second differs.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
