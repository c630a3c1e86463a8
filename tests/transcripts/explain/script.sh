# kubectl explain: the schema's descriptions for a kind, a field, a field's fields.
kubectl explain deployment.spec.replicas
kubectl explain deploy.spec.strategy
kubectl explain service.spec.ports.targetPort
kubectl explain pods.spec.containers.readinessProbe --recursive
kubectl explain ingress
kubectl explain deployment.spec.foo
kubectl explain deployment.metadata.labels.app
kubectl explain cj.spec.schedule
kubectl explain foo
kubectl explain
