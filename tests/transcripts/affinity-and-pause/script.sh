kubectl apply -f app.yaml
kubectl rollout status deployment/image-processor
kubectl exec image-processor-85bdf46cc4-cs4rd -- curl -s http://image-processor
kubectl exec image-processor-85bdf46cc4-cs4rd -- curl -s http://image-processor
kubectl exec image-processor-85bdf46cc4-cs4rd -- curl -s http://image-processor
kubectl exec image-processor-85bdf46cc4-cs4rd -- curl -s http://image-processor
ssh podscape-worker2 iptables-save -t nat
# Pausing holds a rollout: the template change waits until resume.
kubectl rollout pause deployment/image-processor
kubectl set image deployment/image-processor worker=registry.k8s.io/e2e-test-images/agnhost:2.54
sleep 10s
kubectl get rs
kubectl rollout resume deployment/image-processor
kubectl rollout status deployment/image-processor
kubectl get rs
