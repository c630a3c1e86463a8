# Bare pods: from a manifest or `kubectl run`; nothing owns them, so nothing replaces them.
kubectl apply -f app.yaml
kubectl apply -f app.yaml
kubectl run hello --image=busybox:1.36 --restart=Never -- echo hi
kubectl run once --image=busybox:1.36 -- sh -c "echo done"
kubectl run boom --image=busybox:1.36 --restart=Never -- sh -c "exit 3"
kubectl run hello --image=busybox:1.36
kubectl run tmp --image=curlimages/curl --dry-run=client -o yaml -- curl -s http://web
sleep 15s
kubectl get pods
kubectl describe pod solo
# The tutorials' throwaway pod: it runs the command, prints its output and goes.
kubectl run tmp --rm -it --restart=Never --image=curlimages/curl -- curl -s http://web
kubectl run tmp --rm -i --restart=Never --image=busybox:1.36 -- nslookup web
kubectl run tmp --rm -it --restart=Never --image=busybox:1.36 -- sh -c "wget -qO- http://web && exit 4"
kubectl run tmp --rm --image=busybox:1.36 -- true
kubectl exec hello -- env
sleep 30s
kubectl get pods
# Deleted, a bare pod stays gone; a Deployment's pod is replaced.
kubectl delete pod solo
kubectl delete pod -l app=web
sleep 5s
kubectl get pods
# A dead node's bare pods are evicted and not recreated either.
kubectl run keep --image=registry.k8s.io/e2e-test-images/agnhost:2.53 -- pause
sleep 5s
kubectl get pods -o wide
podscape node-down podscape-worker2
sleep 360s
kubectl get pods -o wide
