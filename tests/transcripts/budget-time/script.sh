# A script's budget: 10m of virtual time in all, whatever advances the clock.
# Exactly the budget passes:
sleep 9m
timeout 59s kubectl get pods -w
sleep 1s
# Commands that do not advance the clock still run:
kubectl get pods
# One millisecond more does not: the run ends here with the budget's error.
sleep 1ms
kubectl get pods
