# `kubectl rollout status --timeout` stops watching a stalled rollout when the time is up.
kubectl apply -f app.yaml
sleep 20s
podscape unpullable registry.k8s.io/e2e-test-images/agnhost:2.52
kubectl set image deployment/image-processor worker=registry.k8s.io/e2e-test-images/agnhost:2.52
kubectl rollout status deployment/image-processor --timeout=30s
kubectl rollout status deployment/web --timeout=1m
kubectl rollout status deployment/web --timeout=soon
kubectl get pods
