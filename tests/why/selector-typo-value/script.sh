# The selector's value is misspelt: did you mean the pods' label?
kubectl apply -f app.yaml
sleep 30s
podscape why service/images -f app.yaml -o json
