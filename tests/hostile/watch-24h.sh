# timeout 24h kubectl get pods -w: a watch counts toward the script's 10 minutes of virtual time
kubectl create deployment web --image=nginx:1.27
timeout 24h kubectl get pods -w
kubectl get pods
