# A bare pod with a nodeSelector no node matches.
kubectl apply -f app.yaml
sleep 30s
podscape why pod/web -f app.yaml -o json
