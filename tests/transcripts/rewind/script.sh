# Rewind: a rollout stalls while nobody watches. `podscape timeline` lists what happened, and
# `podscape seek` goes back to a moment of the script's own time (0 at its first line): the
# same reads print what they printed then, and later commands branch from there.
kubectl create deployment web --image=nginx --replicas=2
kubectl expose deployment web --port=80
sleep 20s
kubectl get pods
podscape unpullable nginx:9.99
kubectl set image deployment/web nginx=nginx:9.99
sleep 40s
kubectl get pods
podscape timeline
podscape seek 20s
kubectl get pods
podscape seek 30s
podscape seek soon
kubectl scale deployment web --replicas=1
sleep 5s
kubectl get pods
podscape timeline -o json
