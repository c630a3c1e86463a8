# kubectl commands Podscape does not simulate say so; unknown words get cobra's error.
kubectl attach web
kubectl set env deployment/web A=B
kubectl top pods
kubectl top node
kubectl logz web
kubectl ps
kubectl frobnicate --all
kubectl help
