# Faults, and what a real cluster does with each (the export maps them to docker and kubectl).
kubectl apply -f app.yaml
sleep 20s
kubectl get pods -o wide
podscape crash web-854dfdf8b-cs4rd
podscape fail-readiness web-854dfdf8b-jd4sw
sleep 10s
kubectl get pods
kubectl describe pod web-854dfdf8b-cs4rd
podscape node-down podscape-worker
sleep 45s
kubectl get nodes
podscape node-up podscape-worker
podscape unpullable nginx:1.28
kubectl set image deployment/web web=nginx:1.28
sleep 10s
kubectl get rs
podscape pullable nginx:1.28
podscape proxy-mode ipvs
ssh podscape-worker ipvsadm -Ln
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: note
data:
  text: "it's $HOME, not `expanded`"
EOF
kubectl get configmap note -o jsonpath='{.data.text}'
podscape traffic rate 5
podscape flows
