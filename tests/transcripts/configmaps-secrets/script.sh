# ConfigMaps and Secrets: created, listed, described, consumed by a pod (env, envFrom, a volume).
kubectl create configmap web-config --from-literal=color=blue --from-file=app.properties
kubectl create secret generic creds --from-literal=user=admin --from-literal=password=hunter2
kubectl create configmap web-config --from-literal=a=b
kubectl create configmap x --from-literal="bad key=v"
kubectl apply -f app.yaml
kubectl get cm
kubectl get secrets
kubectl describe configmap web-config
kubectl describe secret creds
kubectl get secret creds -o yaml
kubectl get configmap web-config -o yaml
sleep 10s
kubectl get pods
kubectl exec app -- env
kubectl exec app -- printenv DB_PASSWORD
kubectl exec app -- cat /etc/config/app.properties
kubectl exec app -- ls /etc/config
kubectl exec app -- sh -c 'echo level=$CFG_LOG_LEVEL pod=$POD_NAME'
kubectl describe pod app
# A missing ConfigMap keeps the container from starting until it exists.
kubectl describe pod broken
kubectl create configmap missing --from-literal=x=1
sleep 15s
kubectl get pods
kubectl exec broken -- printenv X
# A running container keeps the environment it started with.
kubectl delete cm missing
kubectl create configmap missing --from-literal=x=2
kubectl exec broken -- printenv X
kubectl delete configmap web-config
kubectl delete secret creds
kubectl get cm -A
kubectl delete -f app.yaml
