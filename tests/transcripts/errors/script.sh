kubectl get widgets
kubectl get pods nope
kubectl get pods
kubectl scale deployment web
kubectl aply -f app.yaml
kubectl apply -f missing.yaml
kubectl get pods -o table
sleep forever
