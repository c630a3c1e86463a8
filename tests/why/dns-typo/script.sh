# The name asked for does not exist; a near one does.
kubectl apply -f app.yaml
sleep 30s
podscape why service/wbe -o json
