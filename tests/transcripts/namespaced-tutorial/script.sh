# The usual kubectl tutorial steps, across features, in a namespace of their own.
kubectl create namespace shop
kubectl create deployment api --image=registry.k8s.io/e2e-test-images/agnhost:2.53 -n shop -- /agnhost serve-hostname --port 80
kubectl expose deployment api --port 80 -n shop
kubectl create configmap cfg --from-literal=A=1 -n shop
kubectl get cm -n shop
kubectl run hello --image=busybox:1.36 --restart=Never -n shop -- echo hi there
sleep 20s
kubectl logs hello -n shop
kubectl get pods -n shop
kubectl wait --for=condition=Available deploy/api -n shop --timeout=30s
kubectl patch deploy api -n shop -p '{"spec":{"replicas":2}}'
kubectl logs deploy/api -n shop
kubectl run tmp --rm -i --restart=Never --image=curlimages/curl -- curl -s http://api.shop
kubectl run tmp --rm -i --restart=Never --image=busybox:1.36 -n shop -- env
kubectl config set-context --current --namespace=shop
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}'
kubectl port-forward svc/api 8080:80 &
curl -s localhost:8080
kubectl delete ns shop
kubectl get ns
kubectl explain configmap.data
kubectl apply -f app.yaml -n other
kubectl apply -f app.yaml
kubectl create namespace team
kubectl apply -f cm.yaml -n team
kubectl get configmaps -n team
