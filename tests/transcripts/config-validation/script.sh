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
