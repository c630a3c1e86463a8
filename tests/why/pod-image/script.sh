# A bare pod whose image does not pull.
podscape unpullable nginx:1.27-typo
kubectl apply -f app.yaml
sleep 30s
podscape why pod/web -f app.yaml -o json
