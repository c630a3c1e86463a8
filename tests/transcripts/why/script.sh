# Why?: each failure explained from symptom to root, with the line of the YAML and a fix.
kubectl apply -f shop.yaml
sleep 30s
podscape traffic rate 2
sleep 3s
podscape why request -f shop.yaml
podscape why service/images -f shop.yaml
# The fix it names, then the next layer down: the targetPort.
kubectl patch service images -p '{"spec":{"selector":{"app":"image-processor"}}}'
sleep 2s
podscape why service/images -f shop.yaml
kubectl patch service images -p '{"spec":{"ports":[{"port":80,"targetPort":80}]}}'
podscape why svc/images
podscape why deployment/worker -f shop.yaml
podscape why deploy/worker -o json
podscape why service/image -n default
podscape why service/images -n kube-system
podscape why node/x
