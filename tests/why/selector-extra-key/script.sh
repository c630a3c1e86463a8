# The selector asks for a label the pods do not carry.
kubectl apply -f app.yaml
sleep 30s
podscape why service/web -f app.yaml -o json
