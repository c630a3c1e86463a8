# pod-deletion-cost: on scale-down the ReplicaSet deletes the cheapest pods first, before it
# looks at how many pods share a node (ActivePodsWithRanks).
kubectl apply -f app.yaml
sleep 15s
kubectl get pods -o wide
kubectl annotate pod image-processor-85bdf46cc4-jd4sw controller.kubernetes.io/pod-deletion-cost=100
kubectl annotate pod/image-processor-85bdf46cc4-cs4rd controller.kubernetes.io/pod-deletion-cost=+5
kubectl annotate pod image-processor-85bdf46cc4-cs4rd controller.kubernetes.io/pod-deletion-cost=7
kubectl annotate pod image-processor-85bdf46cc4-cs4rd controller.kubernetes.io/pod-deletion-cost=-5
kubectl annotate pod image-processor-85bdf46cc4-cs4rd controller.kubernetes.io/pod-deletion-cost=-5 --overwrite
kubectl scale deployment image-processor --replicas=1
kubectl get pods -o wide
