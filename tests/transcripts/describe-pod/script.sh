# kubectl describe pod and service: a healthy pod, then the same pod after its container was killed
# (the restart count and the events counting up), then a pod whose image cannot be pulled.
kubectl apply -f app.yaml
sleep 20s
kubectl describe pod image-processor-85bdf46cc4-cs4rd
kubectl exec image-processor-85bdf46cc4-cs4rd -- kill 1
sleep 3s
kubectl describe pod/image-processor-85bdf46cc4-cs4rd
podscape unpullable registry.k8s.io/e2e-test-images/agnhost:9.99
kubectl set image deployment/image-processor worker=registry.k8s.io/e2e-test-images/agnhost:9.99
sleep 30s
kubectl get pods
kubectl describe pod image-processor-8c7f7b9b7-pk58m
kubectl describe svc image-processor
