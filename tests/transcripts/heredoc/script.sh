# kubectl apply -f - reads stdin: here a here-document, as docs write it.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: 2
  selector:
    matchLabels: {app: hello}
  template:
    metadata:
      labels: {app: hello}
    spec:
      containers:
        - name: hello
          image: registry.k8s.io/e2e-test-images/agnhost:2.53
          args: ["serve-hostname"]
EOF
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  selector: {app: hello}
  ports: [{port: 80, targetPort: 9376}]
YAML
kubectl apply -f -
sleep 10s
kubectl get deploy,svc
