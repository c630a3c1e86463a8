# The API server's checks on ConfigMaps and Secrets, and what optional references allow.
kubectl apply -f invalid.yaml
kubectl apply -f tls.yaml
kubectl apply -f good.yaml
kubectl apply -f good.yaml
kubectl get configmap settings -o yaml
kubectl get secret token -o yaml
kubectl describe secret token
kubectl describe cm settings
sleep 10s
kubectl get pods
kubectl describe pod nokey
# A volume's ConfigMap must exist before the pod's containers start.
kubectl apply -f mounts.yaml
sleep 10s
kubectl get pod mounts
kubectl describe pod mounts
kubectl create configmap later --from-literal=ready=yes
sleep 15s
kubectl get pod mounts
kubectl exec mounts -- ls /etc/settings
kubectl exec mounts -- sh -c 'cat /etc/settings/mode.txt /etc/later/ready; echo'
kubectl apply -f immutable.yaml
kubectl apply -f immutable-changed.yaml
