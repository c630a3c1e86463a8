# Commands kubectl has but Podscape does not simulate, a typo, and the metrics API
kubectl logz web
kubectl logs web
kubectl top pods
kubectl get pods
