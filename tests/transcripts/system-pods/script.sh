# kind's own workloads: DaemonSets kube-proxy and kindnet (a pod per node, on the host's
# network: the pod's IP is its node's), the control plane's static pods, CoreDNS and
# local-path-provisioner. 13 pods, and they count against each node's 110.
kubectl get pods -A -o wide
kubectl get pods -n local-path-storage
kubectl get all -n kube-system
kubectl get ds -A
kubectl get daemonsets -n kube-system -o wide
kubectl get daemonset kube-proxy -n kube-system --show-labels
kubectl get ds kube-proxy -n kube-system -o yaml
kubectl describe ds kindnet -n kube-system
kubectl describe pod etcd-podscape-control-plane -n kube-system
kubectl get pods -n kube-system -l k8s-app=kube-proxy --show-labels
kubectl describe node podscape-worker
# A deleted DaemonSet pod is replaced on the same node.
kubectl delete pod kube-proxy-jsp9m -n kube-system
kubectl get pods -n kube-system -l k8s-app=kube-proxy -o wide
sleep 5s
kubectl get pods -n kube-system -l k8s-app=kube-proxy -o wide
kubectl get ds kube-proxy -n kube-system
kubectl get pod kube-proxy-ckjgm -n kube-system -o yaml
# Capacity: each worker takes 110 - 2 = 108 of the learner's pods.
kubectl create deployment many --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=220
sleep 30s
kubectl get deploy many
kubectl get deploy,ds -A
