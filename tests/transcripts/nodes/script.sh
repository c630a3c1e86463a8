kubectl apply -f app.yaml
sleep 10s
kubectl cordon podscape-worker
kubectl get nodes
kubectl drain podscape-worker
sleep 10s
kubectl get pods -o wide
kubectl cordon podscape-worker2
kubectl delete pod image-processor-85bdf46cc4-hdkwd
sleep 5s
kubectl get pods
kubectl get events
kubectl uncordon podscape-worker
kubectl uncordon podscape-worker2
sleep 10s
kubectl get pods -o wide
kubectl describe node podscape-worker
