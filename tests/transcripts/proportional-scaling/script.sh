# Scaling in the middle of a rollout is proportional: both ReplicaSets grow, and together they
# stay within 20 replicas + maxSurge (25% of 20: 5).
kubectl apply -f ten.yaml
sleep 15s
kubectl apply -f ten-v2.yaml
sleep 50ms
kubectl get rs
kubectl apply -f twenty-v2.yaml
kubectl get rs
kubectl get deploy
