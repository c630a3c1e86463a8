# An Ingress in front of two Services: the controller (ingress-nginx, class nginx) publishes
# its address, then routes by host and path; 404 from its default backend, 503 without endpoints.
kubectl apply -f apps.yaml
sleep 15s
kubectl apply -f shop.yaml
kubectl get ingress
sleep 5s
kubectl get ing -o wide
kubectl get ingressclass
kubectl describe ingress shop
kubectl get pods
# By host and path; the pod that answers is the one kube-proxy's rules picked.
kubectl exec api-6579dbf848-97k5c -- curl -s -H 'Host: shop.example.com' http://172.18.255.200/
kubectl exec api-6579dbf848-97k5c -- curl -s -H 'Host: shop.example.com' http://172.18.255.200/api/orders?id=7
kubectl exec api-6579dbf848-97k5c -- curl -s -H 'Host: shop.example.com' http://172.18.255.200/apix
kubectl exec api-6579dbf848-97k5c -- curl -s -H 'Host: eu.example.com' http://172.18.255.200/v1/items
kubectl exec api-6579dbf848-97k5c -- curl -s -H 'Host: eu.example.com' http://172.18.255.200/status
# Nothing matches: a deeper subdomain, an Exact path with a slash, an unknown host.
kubectl exec api-6579dbf848-97k5c -- curl -s -H 'Host: a.eu.example.com' http://172.18.255.200/v1
kubectl exec api-6579dbf848-97k5c -- curl -s -H 'Host: eu.example.com' http://172.18.255.200/status/
kubectl exec api-6579dbf848-97k5c -- curl -sSf http://172.18.255.200/
# No endpoints: 503 from the controller.
kubectl scale deployment/api --replicas=0
sleep 3s
kubectl exec web-845d468456-vm2pk -- curl -s -H 'Host: eu.example.com' http://172.18.255.200/v1
kubectl describe ingress shop
# Created from the command line: Exact unless the path ends in *.
kubectl create ingress docs --rule='docs.example.com/guide*=web:http' --default-backend=web:80
kubectl get ingress
kubectl delete ingress shop
kubectl get ingress
# The docs Ingress's default backend serves what its host's rules do not take.
sleep 5s
kubectl exec web-845d468456-vm2pk -- curl -s -H 'Host: docs.example.com' http://172.18.255.200/guide/intro
kubectl exec web-845d468456-vm2pk -- curl -s -H 'Host: docs.example.com' http://172.18.255.200/blog
kubectl exec web-845d468456-vm2pk -- curl -s -H 'Host: eu.example.com' http://172.18.255.200/status
kubectl describe ing docs
