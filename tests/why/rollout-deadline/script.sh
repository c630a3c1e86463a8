# The rollout exceeds its progress deadline.
podscape unpullable nginx:1.28-typo
kubectl apply -f app.yaml
sleep 30s
kubectl set image deployment/web web=nginx:1.28-typo
sleep 60s
podscape why deployment/web -o json
