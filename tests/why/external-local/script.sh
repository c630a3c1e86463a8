# externalTrafficPolicy Local with one pod: the other nodes drop.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
