// What the e2e benches and tests/e2e/prof-map.mjs set up alike.

/** The 50-client-loop bench's manifests: an api of 3 agnhost serve-hostname replicas behind a
 * Service, and 50 Deployments whose pod runs `while true; do wget -qO- http://api; sleep 0.05;
 * done` (20 requests a second each). */
export function fiftyClientLoops() {
  const docs = [`apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.k8s.io/e2e-test-images/agnhost:2.53
          args: ["serve-hostname"]
          ports: [{containerPort: 9376}]
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 9376}]`];
  for (let i = 0; i < 50; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: client-${String(i).padStart(2, '0')}
spec:
  replicas: 1
  selector:
    matchLabels: {app: client-${i}}
  template:
    metadata:
      labels: {app: client-${i}}
    spec:
      containers:
        - name: loop
          image: busybox:1.36
          command: ["sh", "-c", "while true; do wget -qO- http://api; sleep 0.05; done"]`);
  }
  return docs.join('\n---\n');
}
