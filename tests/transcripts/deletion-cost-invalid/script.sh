# controller.kubernetes.io/pod-deletion-cost must be a 32-bit integer as the API server reads it
# (no sign but -, no leading zeros): a rejected update changes nothing. An existing annotation is
# replaced only with --overwrite. The same rule holds in a pod template.
kubectl apply -f app.yaml
sleep 15s
kubectl annotate pod image-processor-85bdf46cc4-cs4rd controller.kubernetes.io/pod-deletion-cost=+3
kubectl describe pod image-processor-85bdf46cc4-cs4rd
kubectl annotate pod image-processor-85bdf46cc4-cs4rd controller.kubernetes.io/pod-deletion-cost=3
kubectl annotate pod image-processor-85bdf46cc4-cs4rd controller.kubernetes.io/pod-deletion-cost=4
kubectl annotate pod image-processor-85bdf46cc4-cs4rd controller.kubernetes.io/pod-deletion-cost=4 --overwrite
kubectl describe pod image-processor-85bdf46cc4-cs4rd
kubectl apply -f template-cost.yaml
