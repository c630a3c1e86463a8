# A three-tier shop: shopper (a client loop) -> web (nginx proxy_pass) -> api (agnhost /dial) -> db.
# Flows are what the service map draws; a tier without endpoints fails every tier above it.
kubectl apply -f shop.yaml
sleep 60s
podscape flows
kubectl scale deployment api --replicas=0
sleep 30s
podscape flows --since 20s
podscape flows --since 20s -o json
kubectl logs deploy/web --tail=2
