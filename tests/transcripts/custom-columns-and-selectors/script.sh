# Custom columns, field and set-based label selectors, label columns, headers and kinds.
kubectl apply -f app.yaml
sleep 20s
kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IMAGES:.spec.containers[*].image
kubectl get deploy -o custom-columns='NAME:{.metadata.name},READY:.status.readyReplicas,LABELS:.metadata.labels' --no-headers
kubectl get pods -o custom-columns=NAME
kubectl get pods --field-selector status.phase=Running -l 'app in (cache)'
kubectl get pods --field-selector=metadata.name!=nothing,status.phase==Running -L app,tier --sort-by=.metadata.labels.app
kubectl get pods -A --field-selector spec.nodeName=podscape-worker2 --no-headers -o name
kubectl get pods -l 'tier notin (frontend)' --show-labels
kubectl get pods -l '!tier'
kubectl get pods -l 'app,tier!=backend' --show-kind --no-headers
kubectl get deploy -l 'app in (web,cache)' -L app --show-kind
kubectl get pods --field-selector spec.restartPolicy=Always --sort-by='{.metadata.name}' -o name
kubectl get pods --field-selector status.podIPx=1
kubectl get deploy --field-selector status.replicas=3
kubectl get pods -l 'app in (web'
kubectl get pods -l 'app=we b'
kubectl get pods -l 'app in (web!)'
kubectl get pods --sort-by=.spec.missing
kubectl get pods -o table
kubectl delete pods --field-selector status.phase=Running -l 'app notin (web)'
kubectl delete pods --field-selector spec.nodeName=nowhere
kubectl get pods -l 'app in (cache)' --field-selector status.phase!=Running
kubectl get pods -l app=none -o custom-columns=NAME:.metadata.name
kubectl get pods -l app=none -o name
kubectl get pods -l app=none -o jsonpath='{.items[*].metadata.name}{"\n"}'
