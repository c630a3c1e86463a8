# The generator's requests to a Service without endpoints are refused.
kubectl apply -f app.yaml
sleep 30s
podscape traffic rate 5
sleep 5s
podscape why request -f app.yaml -o json
