# ClientIP affinity: one client, one pod, by design.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
