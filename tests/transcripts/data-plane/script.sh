# What is a Service at the low level? Follow one request.
kubectl apply -f app.yaml
kubectl rollout status deployment/image-processor
kubectl get svc image-processor
kubectl get pods -o wide
ssh podscape-worker iptables-save -t nat
kubectl exec image-processor-85bdf46cc4-cs4rd -- nslookup image-processor
kubectl exec image-processor-85bdf46cc4-cs4rd -- curl -s http://image-processor
kubectl exec image-processor-85bdf46cc4-cs4rd -- curl -s http://image-processor
kubectl exec image-processor-85bdf46cc4-cs4rd -- nslookup nope
podscape proxy-mode ipvs
ssh podscape-worker ipvsadm -Ln
ssh podscape-worker ip addr show kube-ipvs0
podscape proxy-mode nftables
ssh podscape-worker nft list table ip kube-proxy
kubectl scale deployment image-processor --replicas=0
sleep 5s
kubectl exec coredns-575d468cc7-c79zn -n kube-system -- curl -s http://image-processor.default
# The two curls above left flows on the node the client pod runs on.
ssh podscape-worker2 conntrack -L
