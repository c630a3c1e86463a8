# Who calls whom: the flows of the default scenario, as the service map draws them.
kubectl apply -f app.yaml
kubectl rollout status deployment/image-processor
podscape flows
podscape traffic rate 2
sleep 60s
podscape flows
podscape flows -o json
# An edge that fails: no endpoints, so kube-proxy's REJECT answers "connection refused".
kubectl scale deployment image-processor --replicas=0
sleep 10s
podscape flows --since 10s
podscape flows --since=5s -o json
# Clients outside the cluster, through a NodePort.
kubectl scale deployment image-processor --replicas=3
kubectl patch service image-processor -p '{"spec":{"type":"NodePort"}}'
kubectl rollout status deployment/image-processor
podscape traffic source external
sleep 20s
podscape flows --since 15s -o json
podscape traffic source nowhere
podscape flows --since forever
