# Pods the scheduler cannot place stay Pending, with the scheduler's FailedScheduling event.
# No node has the label the nodeSelector asks for (and the control plane is tainted):
kubectl apply -f selector.yaml
sleep 5s
kubectl get pods
kubectl describe pod image-processor-6b6c9c8ccb-cs4rd
kubectl delete -f selector.yaml
sleep 10s
# Two workers with 4 CPUs each: of five pods asking 1.5 CPU each, two fit on each node.
kubectl apply -f cpu.yaml
sleep 15s
kubectl get pods -o wide
kubectl describe pod image-processor-69f98595f4-kxwgt
