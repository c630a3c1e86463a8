# A fresh cluster, then the default scenario.
kubectl get nodes -o wide
kubectl get svc
kubectl apply -f app.yaml
kubectl get pods
sleep 10s
kubectl get deploy,rs
kubectl get pods -o wide
kubectl get svc -o wide
kubectl get endpoints
kubectl get endpointslices
kubectl get pods -n kube-system
kubectl get events
