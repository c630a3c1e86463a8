# The backend Service selects nothing.
kubectl apply -f app.yaml
sleep 30s
podscape why ingress/shop -f app.yaml -o json
