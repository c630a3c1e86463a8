# Sleeps that add up to exactly the 10-minute budget: every command runs
sleep 5m
sleep 4m59s
sleep 1000ms
kubectl get nodes
