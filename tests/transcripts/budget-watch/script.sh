# A watch of a day is cut at the script's budget of virtual time (10m), not run for 24h.
kubectl create deployment web --image=nginx:1.27 --replicas=2
timeout 24h kubectl get pods -w
kubectl get pods
