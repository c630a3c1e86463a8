# kubectl's JSONPath dialect: fields, lists, ranges, filters, literals and its errors.
kubectl apply -f app.yaml
sleep 20s
kubectl get pods -o jsonpath='{.items[*].metadata.name}{"\n"}'
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\t"}{.spec.nodeName}{"\n"}{end}'
kubectl get pods -o=jsonpath='{.items[?(@.metadata.labels.app=="cache")].metadata.name}{"\n"}'
kubectl get pods -o jsonpath='{.items[0].metadata.labels}{"\n"}'
kubectl get pods -o jsonpath='{.items[-1:].spec.containers[0].image}{"\n"}'
kubectl get deploy web -o jsonpath='{.spec.replicas} replicas of {.spec.template.spec.containers[*].image}{"\n"}'
kubectl get deploy -o jsonpath='{range .items[*]}{.metadata.name}: {.status.readyReplicas}/{.spec.replicas}{"\n"}{end}'
kubectl get svc web -o jsonpath='{.spec.ports[0].nodePort}{"\n"}'
kubectl get svc web -o jsonpath="{.spec.clusterIP}{'\n'}"
kubectl get nodes -o jsonpath='{..address}{"\n"}'
kubectl get nodes -o jsonpath='{.items[*].metadata.labels.kubernetes\.io/hostname}{"\n"}'
kubectl get pods -o jsonpath='{.items[*].metadata.missing}{"\n"}'
kubectl get svc web -o jsonpath="{.spec.ports[0]['port','protocol']}{'\n'}"
kubectl get svc web -o jsonpath='{.spec.ports[0]['port','protocol']}'
kubectl get pods -o jsonpath='{.items[0].metadata.name'
kubectl get pods -o jsonpath='{.items[abc]}'
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[3]}'
kubectl get deploy web -o jsonpath='{.nope}' --allow-missing-template-keys=false
kubectl get pods -o jsonpath=
kubectl get deploy -o jsonpath-as-json='{.items[*].metadata.name}'
kubectl get svc web -o jsonpath --template='{.spec.type}{"\n"}'
kubectl get pods --sort-by='.status.containerStatuses[0].restartCount' -o custom-columns=NAME:.metadata.name,RESTARTS:.status.containerStatuses[0].restartCount,IMAGE:.status.containerStatuses[*].image
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{" ready="}{.status.containerStatuses[0].ready}{"\n"}{end}'
