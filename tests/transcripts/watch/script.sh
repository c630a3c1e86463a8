# kubectl get -w never returns by itself; `timeout` bounds it, as in a shell script. Each change
# of an object prints its row again (AGE moving on is not a change), then timeout exits 124.
kubectl apply -f app.yaml
timeout 12s kubectl get pods -w
kubectl set image deployment/image-processor worker=registry.k8s.io/e2e-test-images/agnhost:2.54
timeout 20s kubectl get rs --watch
