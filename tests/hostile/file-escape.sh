# -f paths that leave the script's folder are refused (without --allow-outside-files)
kubectl apply -f ../../static/scenarios/default.yaml
kubectl apply -f /etc/passwd
kubectl get deployments
