# Everything in a namespace at once, and the kinds the API serves.
kubectl apply -f app.yaml
sleep 20s
kubectl get all
kubectl get all -A --no-headers
kubectl get all -l app=cache
kubectl api-resources
kubectl api-resources --namespaced=false
kubectl api-resources -o name --namespaced=true
