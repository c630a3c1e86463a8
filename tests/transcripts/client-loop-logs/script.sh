# What a client loop prints: `kubectl logs` of the tutorials' wget and curl loops shows which
# pod answered each request, then each program's own error once the Service loses its pods.
kubectl apply -f hostnames.yaml
kubectl apply -f clients.yaml
sleep 20s
kubectl logs deploy/hostnames-client --tail=6
kubectl logs curl-silent --tail=3
kubectl logs lost --tail=2
kubectl scale deployment hostnames --replicas=0
sleep 10s
kubectl logs deploy/hostnames-client --tail=3
kubectl logs curl-silent --tail=2
kubectl logs curl-errors --tail=2
kubectl exec lost -- wget -qO- http://hostnames
# A proxy's client gets nginx's 502 page once the tier behind it has no endpoints.
kubectl apply -f shop.yaml
sleep 30s
kubectl logs deploy/shopper --tail=1
kubectl scale deployment api --replicas=0
sleep 10s
kubectl logs deploy/shopper --tail=2
kubectl exec deploy/shopper -- wget -qO- http://web/
