// What the e2e benches and tests/e2e/prof-map.mjs set up alike.

/** A Deployment of `replicas` agnhost serve-hostname pods named `name`, behind a Service of
 * the same name on port 80. */
export function agnhostBehindService(name, replicas) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: registry.k8s.io/e2e-test-images/agnhost:2.53
          args: ["serve-hostname"]
          ports: [{containerPort: 9376}]
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 9376}]`;
}

/** The 50-client-loop bench's manifests: an api of 3 agnhost serve-hostname replicas behind a
 * Service, and 50 Deployments whose pod runs `while true; do wget -qO- http://api; sleep 0.05;
 * done` (20 requests a second each). */
export function fiftyClientLoops() {
  const docs = [agnhostBehindService('api', 3)];
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
