kubectl apply -f app.yaml
kubectl rollout status deployment/image-processor
kubectl set image deployment/image-processor worker=registry.k8s.io/e2e-test-images/agnhost:2.54
kubectl rollout status deployment/image-processor
kubectl get rs
kubectl rollout history deployment/image-processor
kubectl rollout undo deployment/image-processor
kubectl rollout status deployment/image-processor
kubectl get rs -o wide
