# The Service exists, in another namespace.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -o json
