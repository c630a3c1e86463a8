# Commands kubectl has but Podscape does not simulate, a typo, and the metrics API
kubectl logz web
kubectl attach web
kubectl top pods
kubectl get pods
