# Namespaces are objects: a fresh kind cluster has five; creating into a missing one is the
# API server's NotFound; deleting one takes what it holds with it, Terminating meanwhile.
kubectl get ns
kubectl apply -f app.yaml
kubectl create deployment api --image=registry.k8s.io/e2e-test-images/agnhost:2.53 -n shop
kubectl create namespace shop
kubectl create ns shop
kubectl create namespace Shop
kubectl apply -f app.yaml
kubectl get namespace shop
kubectl get ns shop -o yaml
kubectl describe ns shop
sleep 10s
kubectl get deploy,svc -n shop
kubectl get pods --namespace shop
kubectl get pods
kubectl get deploy -A
# The context's namespace: every command without -n uses it.
kubectl config current-context
kubectl config get-contexts
kubectl config set-context --current --namespace=shop
kubectl config get-contexts
kubectl get pods
kubectl scale deployment api --replicas=3
kubectl describe deployment api
kubectl config set-context --current --namespace=default
kubectl get pods
# Deleting: Terminating while its pods exit; nothing new may be created in it meanwhile.
kubectl delete namespace shop
kubectl get ns
kubectl get all -n shop
kubectl apply -f app.yaml
kubectl create deployment late --image=registry.k8s.io/e2e-test-images/agnhost:2.53 -n shop
sleep 5s
kubectl get ns
kubectl get ns shop
kubectl get all -n shop
# The API server keeps its own namespaces.
kubectl delete ns default
kubectl delete namespace kube-system
kubectl delete ns nowhere
