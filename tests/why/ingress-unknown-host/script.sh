# A request for a host no rule names: 404.
kubectl apply -f app.yaml
sleep 30s
kubectl exec deploy/web -- curl -s -H 'Host: other.example.com' http://172.18.255.200/
podscape why ingress/shop -f app.yaml -o json
