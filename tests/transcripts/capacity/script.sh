# Capacity: burstReplicas, kubelet maxPods (110 in kind) and a full NodePort range.
kubectl apply -f web.yaml
kubectl get events
sleep 30s
kubectl get deploy
kubectl describe pod web-7b9547ff48-24cr6
kubectl apply -f svc.yaml
kubectl get svc
