# externalTrafficPolicy and internalTrafficPolicy, seen from outside and from a pod.
kubectl apply -f nodeport.yaml
sleep 60s
kubectl get pods -o wide
# From the host (172.18.0.1): Cluster policy SNATs, even through the node with the pod.
curl http://172.18.0.3:30080/clientip
curl http://172.18.0.4:30080/clientip
curl http://172.18.0.2:30080/
ssh podscape-worker conntrack -L
kubectl apply -f local.yaml
sleep 2s
# Local: the client address is kept; a node without a local endpoint drops.
curl http://172.18.0.4:30080/clientip
curl http://172.18.0.3:30080/clientip
curl -s http://172.18.0.3:30080/clientip
ssh podscape-worker iptables-save
ssh podscape-worker2 iptables-save -t nat
# The host cannot reach a ClusterIP; a pod reaching a NodePort through a node is not dropped.
curl http://10.100.32.65/
kubectl apply -f internal-local.yaml
sleep 20s
kubectl exec deploy/client -- curl http://172.18.0.3:30080/clientip
kubectl exec deploy/client -- curl http://image-processor
kubectl exec deploy/image-processor -- curl http://image-processor
podscape proxy-mode nftables
kubectl exec deploy/client -- curl http://image-processor
curl http://172.18.0.3:30080/clientip
curl http://172.18.0.4:30080/clientip
podscape proxy-mode ipvs
curl http://172.18.0.4:30080/clientip
kubectl exec deploy/nope -- curl http://image-processor
