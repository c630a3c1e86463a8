kubectl apply -f app.yaml
sleep 10s
kubectl cordon podscape-worker
kubectl get nodes
# kind's nodes run DaemonSet pods (kube-proxy, kindnet): drain stops at them unless told to
# leave them be.
kubectl drain podscape-worker
kubectl drain podscape-worker --ignore-daemonsets
sleep 10s
kubectl get pods -o wide
kubectl cordon podscape-worker2
kubectl delete pod image-processor-85bdf46cc4-l5r2m
sleep 5s
kubectl get pods
kubectl get events
kubectl uncordon podscape-worker
kubectl uncordon podscape-worker2
sleep 10s
kubectl get pods -o wide
kubectl describe node podscape-worker
