# An image the registry does not have.
podscape unpullable nginx:1.27-typo
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
