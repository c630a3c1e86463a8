# targetPort 8080, nginx listens on 80.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
