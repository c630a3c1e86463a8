# Images behave as themselves; a client loop's requests reach the servers' logs; a proxying
# frontend makes onward requests and answers 502 when its upstream has no endpoints.
kubectl apply -f three-tier.yaml
kubectl create deployment echo --image=hashicorp/http-echo -- /http-echo -text=hello -listen=:5678
kubectl expose deployment echo --port=80 --target-port=5678
kubectl create deployment whoami --image=traefik/whoami
kubectl expose deployment whoami --port=80
kubectl create deployment apache --image=httpd:2.4
kubectl expose deployment apache --port=80
sleep 20s
kubectl exec deploy/shopper -- wget -qO- http://echo
kubectl exec deploy/shopper -- curl -s http://whoami
kubectl exec deploy/shopper -- curl -s http://apache
kubectl exec deploy/shopper -- curl -s http://apache/missing
kubectl exec deploy/shopper -- curl -s http://db:6379
# A Service whose targetPort nothing listens on: the pod refuses the connection.
kubectl expose deployment apache --name=wrong-port --port=80 --target-port=8080
kubectl exec deploy/shopper -- curl http://wrong-port
kubectl exec deploy/shopper -- curl -s "http://api:8080/echo?msg=hi"
kubectl exec deploy/shopper -- curl -s "http://api:8080/dial?host=echo&port=80&request=&protocol=http&tries=1"
kubectl exec deploy/shopper -- curl -s "http://api:8080/dial?host=nowhere&port=80&request=hostname&protocol=http&tries=1"
kubectl exec deploy/shopper -- curl -s "http://api:8080/dial?host=wrong-port&port=80&request=hostname&protocol=http&tries=2"
kubectl exec deploy/shopper -- curl -s "http://api:8080/clientip"
kubectl exec deploy/shopper -- curl -s http://web/
kubectl logs deploy/api --tail=3
kubectl logs deploy/web --tail=2
kubectl scale deployment api --replicas=0
sleep 5s
kubectl exec deploy/shopper -- curl -s http://web/
kubectl exec deploy/shopper -- curl -sf http://web/
kubectl logs deploy/web --tail=2
kubectl logs deploy/apache
