# What -o yaml shows of the API server's work: defaults (SetDefaults_Deployment, _PodSpec,
# _Container, _Service), allocations (ClusterIP, nodePorts, the load balancer's address) and the
# fields admission adds to a pod.
kubectl apply -f app.yaml
kubectl apply -f extra.yaml
sleep 10s
kubectl get svc -o yaml
kubectl get rs -o yaml
kubectl get pods
kubectl get pod image-processor-85bdf46cc4-kk2vm -o yaml
kubectl get pod missing -o yaml
