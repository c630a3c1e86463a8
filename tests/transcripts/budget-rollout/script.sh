# A rollout that never finishes (an image no registry serves, a day's progress deadline):
# kubectl rollout status waits until the script's budget of virtual time is spent.
podscape unpullable nginx:1.27-typo
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: stuck
spec:
  replicas: 2
  progressDeadlineSeconds: 86400
  selector:
    matchLabels: {app: stuck}
  template:
    metadata:
      labels: {app: stuck}
    spec:
      containers:
        - name: web
          image: nginx:1.27-typo
EOF
kubectl rollout status deployment/stuck
kubectl get pods
