# kind's Service subnet is 10.96.0.0/16 (kubeadm's default would be a /12): every ClusterIP is
# 10.96.x.y, and one asked for outside it is refused with the range named.
kubectl apply -f svc.yaml
kubectl create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.53
kubectl expose deployment web --port=80
kubectl get svc
kubectl apply -f outside.yaml
kubectl get svc kubernetes -n default -o wide
kubectl get svc -A
