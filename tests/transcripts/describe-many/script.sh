# kubectl describe without a name describes every object of the kind; a name that is not
# found describes every object it prefixes (DescribeOptions.DescribeMatchingResources).
kubectl apply -f app.yaml
sleep 20s
kubectl describe deployments
kubectl describe pod web
kubectl describe svc image-processor nothere
kubectl describe ingress
kubectl describe nodes/podscape-worker deploy/web
kubectl describe
