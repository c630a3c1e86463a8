# kubectl logs: what each image writes, with times from the virtual clock.
kubectl create deployment web --image=nginx:1.27 --port=80
kubectl expose deployment web --port=80
kubectl create deployment hostnames --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=2 -- /agnhost serve-hostname
kubectl expose deployment hostnames --port=80 --target-port=9376
kubectl apply -f counter.yaml
kubectl logs deploy/web
sleep 15s
kubectl logs deploy/web
kubectl exec deploy/hostnames -- curl -s http://web
kubectl exec deploy/hostnames -- curl -s http://web/missing
kubectl logs deploy/web --tail=2
kubectl exec deploy/web -- curl -s http://hostnames
kubectl logs -l app=hostnames --prefix
kubectl logs deploy/counter --tail=3 --timestamps
timeout 3s kubectl logs -f deploy/counter --tail=1
kubectl logs deploy/counter -p
kubectl exec deploy/hostnames -- kill 1
sleep 2s
kubectl get pods -l app=hostnames
kubectl logs hostnames-6db48dd7f5-cs4rd -p
kubectl logs hostnames-6db48dd7f5-cs4rd
kubectl logs hostnames-6db48dd7f5-jd4sw --previous
kubectl logs nothing
kubectl logs deploy/web -c sidecar
kubectl logs
# A container that cannot start has no log, and the kubelet says why.
kubectl create deployment broken --image=nginx:no-such-tag
podscape unpullable nginx:no-such-tag
sleep 5s
kubectl get pods -l app=broken
kubectl logs deploy/broken
kubectl apply -f probed.yaml
sleep 17s
kubectl logs deploy/probed --tail=4
