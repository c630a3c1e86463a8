# kubectl diff: what apply would change, as `diff -u -N` of the live and merged objects;
# exit code 1 with differences, 0 without, 2 on errors.
kubectl diff -f web.yaml
kubectl apply -f web.yaml
sleep 10s
kubectl diff -f web.yaml
kubectl diff -f web-v2.yaml
kubectl diff -f missing.yaml
kubectl apply -f web-v2.yaml
kubectl diff -f web-v2.yaml
