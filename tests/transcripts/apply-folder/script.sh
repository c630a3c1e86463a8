# kubectl apply -f on a folder reads its .yaml, .yml and .json files in name order.
kubectl apply -f manifests
kubectl apply -f manifests
sleep 15s
kubectl get deploy,svc
kubectl delete -f manifests
