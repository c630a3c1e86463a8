# kubectl describe replicaset: the ReplicaSet a Deployment made, its pods' phases and events, then
# both ReplicaSets during a rollout (the old one scaled down, the new one up).
kubectl apply -f app.yaml
sleep 1s
kubectl get rs
kubectl describe rs image-processor-85bdf46cc4
kubectl set image deployment/image-processor worker=registry.k8s.io/e2e-test-images/agnhost:2.52
sleep 30s
kubectl get rs
kubectl describe replicaset/image-processor-85bdf46cc4
kubectl describe replicasets.apps image-processor-78689bbd9
kubectl describe rs missing
