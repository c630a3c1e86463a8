kubectl apply -f app.yaml
kubectl apply -f types.yaml
kubectl get svc
sleep 5s
kubectl get svc
kubectl apply -f taken.yaml
kubectl exec image-processor-85bdf46cc4-cs4rd -- nslookup image-processor-headless
kubectl exec image-processor-85bdf46cc4-cs4rd -- nslookup docs
ssh podscape-worker iptables-save -t nat
