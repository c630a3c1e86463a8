# replicas: 50000 on kind's three nodes: most pods stay Pending ("Too many pods"), as a real cluster shows
kubectl create deployment many --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=50000
sleep 2m
kubectl get deployment many
