# kubectl wait: the clock runs until the condition holds or the timeout passes.
kubectl create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=2 -- /agnhost serve-hostname
kubectl wait --for=condition=Available deployment/web --timeout=60s
kubectl wait --for=condition=Ready pod -l app=web
kubectl wait --for=jsonpath='{.status.phase}'=Running pods --all
kubectl wait --for=condition=Available=false deploy web --timeout=2s
kubectl wait --for=condition=Ready pod/nothing
kubectl wait --for=condition=Ready pod -l app=nothing
kubectl wait --for=ready deploy/web
kubectl wait --for=condition=Available deploy/web --timeout=soon
kubectl delete deployment web --wait=false
kubectl wait --for=delete pod -l app=web --timeout=30s
kubectl wait --for=delete deployment/web
kubectl wait --for=condition=Ready nodes --all --timeout=10s
kubectl get pods
