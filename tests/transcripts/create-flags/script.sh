# The flags tutorials use: a command after `--`, manifests generated with --dry-run=client,
# and the ways of deleting (by label without waiting, at once with --force, --now).
kubectl create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=2 --port=9376 --dry-run=client -o yaml -- /agnhost serve-hostname
kubectl create deployment web --image=nginx --dry-run=client
kubectl create deployment web --image=nginx --dry-run=client -o json
kubectl create deployment --image=nginx
kubectl create deployment web --image=nginx --image=busybox -- sleep 3600
kubectl create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=2 --port=9376 -- /agnhost serve-hostname
kubectl expose deployment web --port=80 --target-port=9376 --dry-run=client -o yaml
kubectl expose deployment web --port=80 --target-port=9376
sleep 20s
kubectl get deploy web -o yaml
kubectl get pods
kubectl delete pod web-764d85db4d-m5w5t --grace-period=0 --force
kubectl delete pod web-764d85db4d-qckjg --now
kubectl delete pod web-764d85db4d-qckjg --now --grace-period=5
kubectl delete pod web-764d85db4d-qckjg --force --grace-period=5
kubectl get pods
kubectl delete pod -l app=web --wait=false
kubectl delete svc web --dry-run=client
kubectl delete deployment web
kubectl delete svc web
kubectl create deployment api --image=nginx
kubectl scale deployment api --replicas=3 --dry-run=client
kubectl get deploy api
