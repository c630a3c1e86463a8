# A Service is reached from another namespace by <svc>.<namespace> (the resolver's search path
# is <ns>.svc.cluster.local svc.cluster.local cluster.local); its short name only resolves
# from its own namespace.
kubectl apply -f app.yaml
kubectl apply -f web.yaml
sleep 10s
kubectl get svc -A
kubectl exec deploy/web -- curl -s http://api.shop
kubectl exec deploy/web -- curl -s http://api.shop.svc.cluster.local
kubectl exec deploy/web -- curl -s http://api.shop.svc
kubectl exec deploy/web -- nslookup api.shop
kubectl exec deploy/web -- nslookup api.shop.svc.cluster.local
kubectl exec deploy/web -- curl -s http://api
kubectl exec deploy/web -- nslookup api
# From inside shop the short name works, and default's Services need their namespace.
kubectl exec -n shop deploy/api -- nslookup api
kubectl exec -n shop deploy/api -- nslookup kubernetes
kubectl exec -n shop deploy/api -- nslookup kubernetes.default
# delete -f takes the namespace and what the file put in it.
kubectl delete -f app.yaml
kubectl get ns shop
sleep 5s
kubectl get ns shop
