# The default scenario probes / on port http every 3 s after 2 s (failureThreshold 3). A pod whose
# readiness probe fails leaves the endpoints after three failures but is never restarted, and
# comes back when the probe passes again.
kubectl apply -f app.yaml
sleep 15s
podscape fail-readiness image-processor-85bdf46cc4-cs4rd
# Two failures are below failureThreshold: still ready.
sleep 6100ms
kubectl get pods
sleep 3s
kubectl get pods
kubectl get endpoints image-processor
kubectl describe pod image-processor-85bdf46cc4-cs4rd
podscape fix-readiness image-processor-85bdf46cc4-cs4rd
sleep 3100ms
kubectl get endpoints image-processor
