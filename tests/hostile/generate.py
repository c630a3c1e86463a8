#!/usr/bin/env python3
"""Writes the corpus cases too large or too regular to keep by hand (run from this folder).

The small cases are written by hand; the links (`*.link`) are made with the app's own encoder:
`cargo run -q -p podscape-core --example share_fragment < FILE`.
"""

MIB = 1 << 20


def write(name, text):
    with open(name, "w") as f:
        f.write(text)


def deployment(name, replicas, extra=""):
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
{extra}  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: web
          image: registry.k8s.io/e2e-test-images/agnhost:2.53
          args: ["serve-hostname"]
"""


# 1. A 60 KB manifest whose aliases nest references to one 60 KB string: 30 x 30 x 30 x 3 =
# 81,000 references, ~4.7 GB once expanded; under go-yaml's alias ratio, so only the expanded-size
# budget stops it.
big = "x" * 58_000
refs = lambda anchor, n: "[" + ", ".join([f"*{anchor}"] * n) + "]"
write(
    "alias-nested-60k.yaml",
    "# One 58 KB string referenced 81,000 times through nested aliases (~4.7 GB expanded)\n"
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n"
    f"s: &s \"{big}\"\n"
    f"l1: &l1 {refs('s', 30)}\n"
    f"l2: &l2 {refs('l1', 30)}\n"
    f"l3: &l3 {refs('l2', 30)}\n"
    f"l4: {refs('l3', 3)}\n",
)

# 2. The classic billion laughs: nine levels of nine references.
lines = ["# Billion laughs: nine levels of nine aliases (9^9 scalars once expanded)",
         'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
prev = "a"
for level in "bcdefghi":
    lines.append(f"{level}: &{level} {refs(prev, 9)}")
    prev = level
write("billion-laughs.yaml", "\n".join(lines) + "\n")

# Nesting: exactly at the depth budget (100 levels) and one past it.
for depth, name in [(100, "depth-at-limit"), (101, "depth-past-limit")]:
    body = "".join("  " * i + f"k{i}:\n" for i in range(depth - 1)) + "  " * (depth - 1) + "k: v\n"
    write(f"{name}.yaml", f"# YAML nested {depth} levels deep (the budget is 100)\n" + body)

# Documents: exactly the budget (1,000) and one past it.
for count, name in [(1000, "documents-at-limit"), (1001, "documents-past-limit")]:
    docs = "".join(
        f"---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-{i}\n" for i in range(count)
    )
    write(f"{name}.yaml", f"# {count} YAML documents in one text (the budget is 1,000)\n" + docs)

# Input size: exactly 1 MiB, and one byte more.
for size, name in [(MIB, "input-at-limit"), (MIB + 1, "input-past-limit")]:
    head = f"# A text of {size} bytes (the budget is 1 MiB)\n" + deployment("big", 1) + "# "
    write(f"{name}.yaml", head + "p" * (size - len(head) - 1) + "\n")

# Scripts. A Service whose NodePorts cannot all be allocated: the range 30000-32767 holds 2,768.
ports = "".join(f"    - name: p{i}\n      port: {i + 1}\n" for i in range(2769))
write(
    "nodeport-exhaustion.sh",
    "# A NodePort Service with 2,769 ports: more than the node-port range holds\n"
    "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: many\n"
    "spec:\n  type: NodePort\n  selector:\n    app: many\n  ports:\n" + ports + "EOF\n"
    "kubectl get services\n",
)

# Output: more than the 1 MiB a run may print.
write(
    "output-past-budget.sh",
    "# Prints more than the 1 MiB of output a script may print\n"
    + "kubectl get pods -A -o yaml\n" * 400
    + "kubectl get pods -A\n",
)

# Commands: exactly the budget (10,000) and one past it.
for count, name in [(10_000, "commands-at-limit"), (10_001, "commands-past-limit")]:
    write(
        f"{name}.sh",
        f"# {count} commands (the budget is 10,000)\n" + "sleep 0\n" * (count - 1) + "kubectl get nodes\n",
    )
