# Like a lesson's solution: scale, roll out, watch the endpoints follow the ready pods.
kubectl apply -f app.yaml
kubectl rollout status deployment/web --timeout=60s
kubectl get endpointslices -l kubernetes.io/service-name=web
kubectl scale deployment/web --replicas=5
sleep 15s
kubectl get pods
kubectl set image deployment/web web=nginx:1.28
kubectl rollout status deployment/web --timeout=120s
kubectl get rs
kubectl get pods -o wide
kubectl run client --image=busybox:1.36 --restart=Never -- wget -qO- http://web
sleep 10s
kubectl logs client
