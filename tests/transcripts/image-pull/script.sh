# An image the registry does not have (yet): ErrImagePull, then ImagePullBackOff with growing
# waits, no pod ready; once it appears, the next pull succeeds and the pods start, never having
# restarted.
podscape unpullable registry.k8s.io/e2e-test-images/agnhost:2.53
kubectl apply -f app.yaml
timeout 20s kubectl get pods -w
kubectl get pods
podscape pullable registry.k8s.io/e2e-test-images/agnhost:2.53
sleep 60s
kubectl get pods
