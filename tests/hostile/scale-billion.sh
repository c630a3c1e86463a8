# kubectl scale --replicas=1000000000 on a small Deployment: bounded like the manifest
kubectl create deployment web --image=nginx:1.27 --replicas=2
sleep 20s
kubectl scale deployment web --replicas=1000000000
sleep 30s
kubectl get deployment web
