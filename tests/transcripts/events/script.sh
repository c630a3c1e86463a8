# Events as the recorder writes them: a repeated event counts up (COUNT, "x3 over") instead of
# adding a line; kubectl lists them by name (object, then time), describe by last seen.
kubectl apply -f app.yaml
sleep 15s
podscape fail-readiness image-processor-85bdf46cc4-jd4sw
sleep 30s
kubectl scale deployment image-processor --replicas=5
sleep 10s
kubectl scale deployment image-processor --replicas=3
sleep 10s
kubectl scale deployment image-processor --replicas=5
sleep 10s
kubectl describe deployment image-processor
kubectl get events -o wide
kubectl get events --sort-by=.lastTimestamp
kubectl get pods --sort-by=.spec.nodeName
kubectl get pods --sort-by=.spec.nodename
