# kubectl rollout status on a rollout that never finishes (an image that does not pull) counts toward the budget
kubectl create deployment web --image=nginx:1.27 --replicas=2
sleep 30s
podscape unpullable nginx:does-not-exist
kubectl set image deployment/web nginx=nginx:does-not-exist
kubectl rollout status deployment/web
kubectl get pods
