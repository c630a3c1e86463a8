# A readiness probe that fails (an injected fault).
kubectl apply -f app.yaml
sleep 20s
podscape fail-readiness web
sleep 20s
podscape why service/web -f app.yaml -o json
