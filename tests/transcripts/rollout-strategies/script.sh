# The three rollout shapes, step by step: RollingUpdate with the defaults at 10 replicas (25%
# surge and unavailability: 13 pods at most, 8 available at least), maxSurge 1 with
# maxUnavailable 0, and Recreate (all old pods terminate first).
kubectl apply -f defaults.yaml
kubectl apply -f surge.yaml
kubectl apply -f recreate.yaml
sleep 30s
kubectl get deploy
kubectl set image deployment/web worker=registry.k8s.io/e2e-test-images/agnhost:2.54
kubectl set image deployment/api worker=registry.k8s.io/e2e-test-images/agnhost:2.54
kubectl set image deployment/batch worker=registry.k8s.io/e2e-test-images/agnhost:2.54
kubectl get rs
sleep 2s
kubectl get rs
sleep 4s
kubectl get rs
sleep 4s
kubectl get rs
kubectl rollout status deployment/web
kubectl rollout status deployment/api
kubectl rollout status deployment/batch
kubectl get deploy
kubectl describe deployment batch
