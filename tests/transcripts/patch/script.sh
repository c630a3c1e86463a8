# kubectl patch, the three kinds: strategic merge (the default: containers merge by name),
# JSON merge patch and JSON patch. A template change starts a rollout, as apply's would.
kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80
kubectl expose deployment web --port=80
sleep 20s
kubectl patch deployment web -p '{"spec":{"replicas":3}}'
kubectl patch deployment web -p '{"spec":{"replicas":3}}'
kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}'
kubectl rollout status deployment/web
kubectl get deploy web -o wide
kubectl patch svc web --type=merge -p '{"spec":{"type":"NodePort"}}'
kubectl get svc web
kubectl patch deploy/web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'
kubectl patch deploy/web --type=json -p '[{"op":"replace","path":"/spec/nope/x","value":1}]'
kubectl patch deploy web -p '{"spec":{"replicas":-1}}'
kubectl patch deploy web --type=yaml -p '{}'
kubectl patch deploy nothing -p '{"spec":{"replicas":1}}'
sleep 5s
kubectl get deploy web
kubectl get rs
kubectl get pods -l app=web
# A pod takes new labels (and leaves its ReplicaSet); its spec is immutable but for a few fields.
kubectl patch pod web-9c98d9b6-gtr9q -p '{"metadata":{"labels":{"app":"debug"}}}'
kubectl patch pod web-9c98d9b6-gtr9q --type=json -p '[{"op":"replace","path":"/spec/restartPolicy","value":"Never"}]'
kubectl patch pod web-9c98d9b6-gtr9q --type=json -p '[{"op":"remove","path":"/metadata/labels/nope"}]'
sleep 2s
kubectl get pods --show-labels
