#!/usr/bin/env python3
"""Generates `src/kubectl/explain_table.rs`, the descriptions behind `kubectl explain`.

Source: the same Kubernetes v1.35 OpenAPI schemas as `generate.py` (PyPI's
`kubernetes-validate`, `kubernetes-json-schema/v1.35.0-local/_definitions.json`). For each type
reachable from the kinds below: its description and, per field, the type string kubectl's
`typeGuess` prints (`integer`, `[]Container`, `map[string]string`, `ObjectMeta`), whether the
parent requires it, its description, and the named type behind it (through lists and maps).
Run from the repository root:

    pip install kubernetes-validate==1.37.0
    python3 crates/podscape-core/schema/explain.py > crates/podscape-core/src/kubectl/explain_table.rs

or pass the path of a `_definitions.json` as the first argument. The output is deterministic;
`.ci/test` diffs it against the file, so edit this script, not the output. Kept apart from
`generate.py` (the decoding table of the first load): these descriptions are only in the lazily
loaded module, with kubectl.
"""
import json
import os
import sys

VERSION = "v1.35.0"

# (resource names kubectl resolves, group, kind, version, OpenAPI definition). Order fixes
# `ROOTS` and `kubectl explain`'s resolution.
ROOTS = [
    (["deployments", "deployment", "deploy"], "apps", "Deployment", "v1", "io.k8s.api.apps.v1.Deployment"),
    (["services", "service", "svc"], "", "Service", "v1", "io.k8s.api.core.v1.Service"),
    (["pods", "pod", "po"], "", "Pod", "v1", "io.k8s.api.core.v1.Pod"),
    (["replicasets", "replicaset", "rs"], "apps", "ReplicaSet", "v1", "io.k8s.api.apps.v1.ReplicaSet"),
    (["namespaces", "namespace", "ns"], "", "Namespace", "v1", "io.k8s.api.core.v1.Namespace"),
    (["ingresses", "ingress", "ing"], "networking.k8s.io", "Ingress", "v1", "io.k8s.api.networking.v1.Ingress"),
    (["configmaps", "configmap", "cm"], "", "ConfigMap", "v1", "io.k8s.api.core.v1.ConfigMap"),
    (["secrets", "secret"], "", "Secret", "v1", "io.k8s.api.core.v1.Secret"),
    (["endpointslices", "endpointslice"], "discovery.k8s.io", "EndpointSlice", "v1", "io.k8s.api.discovery.v1.EndpointSlice"),
    (["daemonsets", "daemonset", "ds"], "apps", "DaemonSet", "v1", "io.k8s.api.apps.v1.DaemonSet"),
    (["statefulsets", "statefulset", "sts"], "apps", "StatefulSet", "v1", "io.k8s.api.apps.v1.StatefulSet"),
    (["jobs", "job"], "batch", "Job", "v1", "io.k8s.api.batch.v1.Job"),
    (["cronjobs", "cronjob", "cj"], "batch", "CronJob", "v1", "io.k8s.api.batch.v1.CronJob"),
    (["nodes", "node", "no"], "", "Node", "v1", "io.k8s.api.core.v1.Node"),
    (["endpoints", "ep"], "", "Endpoints", "v1", "io.k8s.api.core.v1.Endpoints"),
    (["events", "event", "ev"], "", "Event", "v1", "io.k8s.api.core.v1.Event"),
    (["serviceaccounts", "serviceaccount", "sa"], "", "ServiceAccount", "v1", "io.k8s.api.core.v1.ServiceAccount"),
    (["persistentvolumeclaims", "persistentvolumeclaim", "pvc"], "", "PersistentVolumeClaim", "v1", "io.k8s.api.core.v1.PersistentVolumeClaim"),
    (["ingressclasses", "ingressclass"], "networking.k8s.io", "IngressClass", "v1", "io.k8s.api.networking.v1.IngressClass"),
    (["networkpolicies", "networkpolicy", "netpol"], "networking.k8s.io", "NetworkPolicy", "v1", "io.k8s.api.networking.v1.NetworkPolicy"),
    (["horizontalpodautoscalers", "horizontalpodautoscaler", "hpa"], "autoscaling", "HorizontalPodAutoscaler", "v2", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler"),
]


def definitions_path():
    if len(sys.argv) > 1:
        return sys.argv[1]
    import kubernetes_validate  # noqa: the package that ships the schemas

    base = os.path.dirname(kubernetes_validate.__file__)
    return os.path.join(base, "kubernetes-json-schema", f"{VERSION}-local", "_definitions.json")


def rust_str(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    defs = json.load(open(definitions_path()))["$defs"]
    order = []
    index = {}

    def ref_name(prop):
        ref = prop.get("$ref") or (prop.get("allOf") or [{}])[0].get("$ref")
        return ref.split("/")[-1] if ref else None

    def first_type(schema):
        t = schema.get("type")
        if isinstance(t, list):
            t = [x for x in t if x != "null"]
            t = t[0] if t else None
        return t

    def visit(name):
        if name in index:
            return
        index[name] = len(order)
        order.append(name)
        for _, prop in sorted(defs[name].get("properties", {}).items()):
            for sub in (prop, prop.get("items") or {}, prop.get("additionalProperties") or {}):
                if isinstance(sub, dict) and ref_name(sub):
                    visit(ref_name(sub))

    for *_, root in ROOTS:
        visit(root)

    def type_guess(schema):
        """kubectl's `typeGuess` template on the OpenAPI v3 form of this schema."""
        if isinstance(schema.get("items"), dict):
            return "[]" + type_guess(schema["items"])
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return "map[string]" + type_guess(extra)
        name = ref_name(schema)
        if name:
            target = first_type(defs.get(name, {}))
            if not target or target == "object":
                return name.split(".")[-1] or "Object"
            return target
        t = first_type(schema)
        if t == "object" or not t:
            return "Object"
        return t

    def target(schema):
        """The named type behind a field, through lists and maps."""
        while True:
            name = ref_name(schema)
            if name:
                return index[name]
            if isinstance(schema.get("items"), dict):
                schema = schema["items"]
            elif isinstance(schema.get("additionalProperties"), dict) and schema["additionalProperties"]:
                schema = schema["additionalProperties"]
            else:
                return None

    out = []
    out.append("//! Generated by `schema/explain.py` from the Kubernetes " + VERSION + " OpenAPI schemas; do not edit.")
    out.append("// Field lists are sorted by name, as kubectl's template ranges over them.")
    out.append("#![cfg_attr(rustfmt, rustfmt_skip)]")
    out.append("use super::explain::{Field, Type, NONE};")
    out.append("")
    out.append("pub static TYPES: &[Type] = &[")
    for name in order:
        schema = defs[name]
        required = set(schema.get("required", []))
        out.append(f"    // {name}")
        out.append(f"    Type {{ description: {rust_str(schema.get('description', ''))}, fields: &[")
        for field, prop in sorted(schema.get("properties", {}).items()):
            t = target(prop)
            out.append(
                "        Field {{ name: {}, ty: {}, required: {}, target: {}, description: {} }},".format(
                    rust_str(field),
                    rust_str(type_guess(prop)),
                    "true" if field in required else "false",
                    "NONE" if t is None else t,
                    rust_str(prop.get("description", "")),
                )
            )
        out.append("    ] },")
    out.append("];")
    out.append("")
    out.append("/// `(resource names, group, kind, version, index into TYPES)` of every kind explained.")
    out.append("pub static ROOTS: &[(&[&str], &str, &str, &str, u16)] = &[")
    for names, group, kind, version, name in ROOTS:
        names_rs = ", ".join(rust_str(n) for n in names)
        out.append(f"    (&[{names_rs}], {rust_str(group)}, {rust_str(kind)}, {rust_str(version)}, {index[name]}),")
    out.append("];")
    print("\n".join(out))


main()
