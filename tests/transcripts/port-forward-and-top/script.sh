# kubectl port-forward: bounded by timeout, or in the background with a trailing &, while the
# host's curl to localhost reaches the pod; top without metrics-server; a revision's template.
kubectl create deployment web --image=nginx:1.27 --port=80
kubectl expose deployment web --port=8080 --target-port=80
sleep 15s
timeout 5s kubectl port-forward svc/web 8080:8080
curl -s localhost:8080
kubectl port-forward svc/web 8080:8080 &
curl -s localhost:8080
curl -s http://127.0.0.1:8080/index.html
kubectl port-forward deploy/web 8080:80 &
kubectl port-forward svc/web 9090:80
kubectl port-forward svc/nothing 8080:80
kubectl logs deploy/web --tail=2
kubectl top pod
kubectl top node
kubectl set image deployment/web nginx=nginx:1.28
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout history deployment/web --revision=2
kubectl rollout history deployment/web --revision=7
