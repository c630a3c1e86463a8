# Taints and tolerations: kind's control plane carries node-role.kubernetes.io/control-plane:NoSchedule.
# A toleration must match the taint's key, effect and (with operator Equal, the default) value:
# this one expects the value "true", so the pod fits neither the control plane nor, by its
# nodeSelector, the workers.
kubectl apply -f wrong-value.yaml
sleep 5s
kubectl get pods
kubectl get events
kubectl delete -f wrong-value.yaml
# Tolerating the taint and asking for the control plane's label places the pods there:
kubectl apply -f control-plane.yaml
sleep 10s
kubectl get pods -o wide
