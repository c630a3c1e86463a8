# Scaling down picks its victims: two pods added 200 ms ago, not ready yet, go before the three
# ready ones.
kubectl apply -f app.yaml
sleep 15s
kubectl apply -f five.yaml
sleep 200ms
kubectl apply -f app.yaml
kubectl get pods
sleep 30s
# A RollingUpdate (maxSurge 1, maxUnavailable 0 for 3 replicas) scales the new ReplicaSet up and
# the old one down in turn, one pod at a time: its ScalingReplicaSet events in that order.
kubectl apply -f v2.yaml
sleep 60s
kubectl describe deployment image-processor
# A big scale-up: the ReplicaSet's SuccessfulCreate events are 9 single ones, then one
# "(combined from similar events)" counting the 10th to the 25th (x16); the recorder's spam filter
# drops the 15 after, but not the pods.
kubectl scale deployment image-processor --replicas=43
kubectl describe replicaset image-processor-7f84c88ff5
kubectl get deploy
