# A readiness probe on a port nothing listens on: the pods run but never become Ready, so the
# Service has no ready endpoints. The kubelet's event quotes the prober's dial error.
kubectl apply -f web.yaml
sleep 30s
kubectl get pods
kubectl get endpointslices -l kubernetes.io/service-name=web
kubectl get events --field-selector reason=Unhealthy
podscape why service/web
kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/readinessProbe/httpGet/port","value":80}]'
sleep 40s
kubectl get pods
kubectl get endpointslices -l kubernetes.io/service-name=web
