podscape unpullable nginx:1.27-typo
kubectl apply -f crashing.yaml
kubectl apply -f typo.yaml
sleep 5s
kubectl get pods
sleep 10s
kubectl get pods
sleep 30s
kubectl get pods
kubectl get events
podscape pullable nginx:1.27-typo
sleep 60s
kubectl get pods
