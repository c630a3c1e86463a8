kubectl apply -f app.yaml
sleep 10s
kubectl scale deployment image-processor --replicas=5
kubectl get pods
sleep 10s
kubectl get deploy
kubectl delete pod image-processor-doesnotexist
kubectl scale deployment/image-processor --replicas=2
kubectl get pods
sleep 5s
kubectl get pods -l app=image-processor -o name
