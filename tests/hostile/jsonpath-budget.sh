# JSONPath templates that walk every object many times or nest ranges 40 deep: each stops at
# its budget with Podscape's message, and the next command runs.
kubectl create deployment web --image=nginx --replicas=30
sleep 10s
kubectl get pods -o jsonpath='{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}{..}'
kubectl get pods -o jsonpath='{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}{range .items[*]}x{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}{end}'
kubectl get deploy -o jsonpath='{.items[*].metadata.name}{"\n"}'
