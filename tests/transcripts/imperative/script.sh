# The imperative way: create a Deployment and a Service without writing YAML, then take a pod
# out of the Service (and out of its ReplicaSet) by relabelling it, as one does to debug a pod.
kubectl create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=3 --port=8080
kubectl expose deployment web --port=80 --target-port=8080
sleep 20s
kubectl get deploy,svc
kubectl get endpointslices
kubectl label pod web-588f977cc8-m5w5t app=debug
kubectl label pod web-588f977cc8-m5w5t app=debug --overwrite
sleep 10s
kubectl get pods --show-labels
kubectl get deploy web -o yaml
kubectl get endpointslices
# Clean up: by label, then the Deployment (its ReplicaSet and pods go with it) and the Service.
kubectl delete pods -l app=debug
kubectl delete pods -l app=nothing
kubectl delete deployment web
kubectl delete svc web web
sleep 35s
kubectl get all
