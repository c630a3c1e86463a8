# replicas: 2147483647 with a percentage maxSurge: replicas + maxSurge must not overflow
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: max
spec:
  replicas: 2147483647
  strategy:
    rollingUpdate:
      maxSurge: 100%
      maxUnavailable: 0
  selector:
    matchLabels:
      app: max
  template:
    metadata:
      labels:
        app: max
    spec:
      containers:
        - name: web
          image: nginx:1.27
EOF
sleep 10s
kubectl set image deployment/max web=nginx:1.28
sleep 10s
kubectl get deployment max
