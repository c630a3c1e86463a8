# The backend names a port the Service does not have.
kubectl apply -f app.yaml
sleep 30s
podscape why ingress/shop -f app.yaml -o json
