# A fresh cluster is like kind's: three nodes, the kubernetes and kube-dns Services, and CoreDNS
# Ready before the learner arrives, on the control plane (it tolerates the control-plane taint
# and is scheduled before the workers join), with two endpoints behind kube-dns.
kubectl get nodes
kubectl get svc -A
kubectl get pods -n kube-system -o wide
kubectl get endpointslices -n kube-system
# apply prints what kubectl prints; the pods are created at once, Pending.
kubectl apply -f app.yaml
kubectl get pods
kubectl apply -f app.yaml
# Ready 10 s later, on the workers only, each IP inside its node's pod CIDR (10.244.N.0/24).
sleep 10s
kubectl get pods -o wide
kubectl describe node podscape-worker
kubectl get deploy
kubectl get endpointslices
# A rejected apply changes nothing.
kubectl apply -f broken.yaml
kubectl get pods
# A deleted pod is replaced while it still terminates: four pods, three of them active; the
# victim's endpoint is no longer ready nor serving but terminating.
kubectl delete pod image-processor-85bdf46cc4-cs4rd
kubectl get pods
kubectl get endpointslices -l kubernetes.io/service-name=image-processor -o yaml
sleep 10s
kubectl get pods
# Scaling down: the surplus pods terminate, then are removed.
kubectl apply -f one.yaml
kubectl get pods
sleep 5s
kubectl get pods
