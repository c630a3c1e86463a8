# An Ingress of a class no controller serves.
kubectl apply -f app.yaml
sleep 30s
podscape why ingress/shop -f app.yaml -o json
