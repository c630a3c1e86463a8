# replicas: 1000000000 — the ReplicaSet controller creates 500 pods a sync at most, the scheduler fills each node to maxPods, Podscape's pod ceiling stops the rest
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: huge
spec:
  replicas: 1000000000
  selector:
    matchLabels:
      app: huge
  template:
    metadata:
      labels:
        app: huge
    spec:
      containers:
        - name: web
          image: registry.k8s.io/e2e-test-images/agnhost:2.53
          args: ["serve-hostname"]
EOF
sleep 1s
kubectl get deployment huge
sleep 60s
kubectl get deployment huge
kubectl get replicasets
