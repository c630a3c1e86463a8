# A worker dies: 40 s later it is NotReady and its pods leave the endpoints; after the default
# 300 s toleration they are evicted and replaced elsewhere; they stay Terminating until it returns.
kubectl apply -f app.yaml
sleep 15s
kubectl get pods -o wide
podscape node-down podscape-worker
sleep 45s
kubectl get nodes
kubectl get endpointslices
sleep 300s
kubectl get pods -o wide
podscape node-up podscape-worker
sleep 10s
kubectl get nodes
kubectl get pods -o wide
