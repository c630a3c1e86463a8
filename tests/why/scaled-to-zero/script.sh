# Scaled to zero while a client still calls it: not a selector to correct.
kubectl apply -f app.yaml
sleep 30s
podscape why service/image-processor -f app.yaml -o json
