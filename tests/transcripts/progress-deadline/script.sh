# A rollout to an image that cannot be pulled never progresses: after progressDeadlineSeconds
# the Deployment says so, and the old pods keep serving.
kubectl apply -f app.yaml
kubectl rollout status deployment/image-processor
podscape unpullable registry.k8s.io/e2e-test-images/agnhost:9.99
kubectl set image deployment/image-processor worker=registry.k8s.io/e2e-test-images/agnhost:9.99
kubectl rollout status deployment/image-processor
kubectl get pods
kubectl describe deployment image-processor
