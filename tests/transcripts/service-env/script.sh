# Service environment variables: set by the kubelet when a container starts, only for the
# Services that exist then; DNS finds a Service whenever it is asked.
kubectl apply -f early.yaml
sleep 10s
kubectl apply -f api.yaml
kubectl apply -f late.yaml
sleep 10s
kubectl get svc
kubectl exec early -- printenv API_SERVICE_HOST
kubectl exec early -- nslookup api
kubectl exec late -- env
kubectl exec late -- sh -c 'wget -qO- http://$API_SERVICE_HOST:80'
kubectl exec nolinks -- env
# A new container gets what exists now: restart the early one.
kubectl delete pod early
sleep 5s
kubectl apply -f early.yaml
sleep 10s
kubectl exec early -- printenv API_SERVICE_HOST API_PORT
