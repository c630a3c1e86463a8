# A bare pod whose command exits 2: CrashLoopBackOff.
kubectl apply -f app.yaml
sleep 60s
podscape why pod/worker -f app.yaml -o json
