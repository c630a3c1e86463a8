# An Ingress in front of a working Service.
kubectl apply -f app.yaml
sleep 30s
podscape why ingress/shop -f app.yaml -o json
