//! `kubectl patch`: a pure JSON patch engine (strategic merge as apimachinery's `strategicpatch`
//! does it for the kinds Podscape knows, RFC 7386 merge patch, RFC 6902 JSON patch), and the
//! command, whose result goes through `Cluster::apply` like any manifest so the API server's
//! validation messages appear.

use serde_json::{Map, Value};

use super::flags::{target, Flags, Resource};
use super::Output;
use crate::cluster::Cluster;

/// Depth bound for the recursive merges: deeper patches are refused (no stack exhaustion).
const MAX_DEPTH: usize = 64;
/// Bound on the operations of one JSON patch.
const MAX_OPERATIONS: usize = 1_000;
/// Bound on the values in a patched document: `copy` can double it with each operation.
const MAX_VALUES: usize = 100_000;

/// Whether `value` holds at most `budget` values (stops counting past it).
fn within(value: &Value, budget: &mut usize) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    match value {
        Value::Array(items) => items.iter().all(|v| within(v, budget)),
        Value::Object(map) => map.values().all(|v| within(v, budget)),
        _ => true,
    }
}

/// RFC 7386 JSON merge patch: objects merge key by key, `null` deletes a key, anything else
/// (arrays included) replaces.
pub(super) fn merge_patch(target: &Value, patch: &Value) -> Value {
    merge_patch_at(target, patch, 0)
}

fn merge_patch_at(target: &Value, patch: &Value, depth: usize) -> Value {
    let Value::Object(patch) = patch else {
        return patch.clone();
    };
    let mut out = match target {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    for (key, value) in patch {
        if value.is_null() {
            out.remove(key);
        } else if depth >= MAX_DEPTH {
            out.insert(key.clone(), value.clone());
        } else {
            let merged = merge_patch_at(out.get(key).unwrap_or(&Value::Null), value, depth + 1);
            out.insert(key.clone(), merged);
        }
    }
    Value::Object(out)
}

/// The patch merge key of a list field (`patchMergeKey` in k8s.io/api's struct tags), by the
/// field's name and the path above it; `None`: the list is replaced whole (no strategy).
/// Only the lists of the kinds Podscape simulates are listed.
fn merge_key(path: &[String], field: &str, kind: &str) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" | "ephemeralContainers" | "volumes" | "env" | "imagePullSecrets" => {
            "name"
        }
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "hostAliases" => "ip",
        "topologySpreadConstraints" => "topologyKey",
        "conditions" => "type",
        "ownerReferences" => "uid",
        // A Service's ports merge by port; a container's by containerPort.
        "ports" if kind == "Service" && path.len() == 1 && path[0] == "spec" => "port",
        "ports" if path.last().is_some_and(|p| p.ends_with("ontainers")) => "containerPort",
        _ => return None,
    })
}

/// Strategic merge patch of `patch` onto `original` (an object of `kind`), as
/// `strategicpatch.StrategicMergePatch` does for maps and lists with merge keys: `null`
/// deletes a key; `$patch: replace` replaces a map or (as an element) a list; `$patch: delete`
/// deletes a map or a list element; lists with a merge key merge element by element, others
/// are replaced. Simplified: `$retainKeys`, `$setElementOrder` and `$deleteFromPrimitiveList`
/// are dropped, not followed.
pub(super) fn strategic_merge(original: &Value, patch: &Value, kind: &str) -> Result<Value, String> {
    let mut path = Vec::new();
    merge_map_value(original, patch, kind, &mut path)
}

fn merge_map_value(
    original: &Value,
    patch: &Value,
    kind: &str,
    path: &mut Vec<String>,
) -> Result<Value, String> {
    let Value::Object(patch) = patch else {
        return Ok(patch.clone());
    };
    if path.len() >= MAX_DEPTH {
        return Err("patch is nested too deeply".into());
    }
    match patch.get("$patch").and_then(Value::as_str) {
        Some("replace") => {
            let mut replaced = patch.clone();
            replaced.remove("$patch");
            return Ok(Value::Object(strip_directives(replaced)));
        }
        Some("delete") => return Ok(Value::Null),
        Some("merge") | None => {}
        Some(other) => {
            return Err(format!(
                "Unknown patch type: {other} in map: {}",
                Value::Object(patch.clone())
            ))
        }
    }
    let mut out = match original {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    for (key, value) in patch {
        if key.starts_with('$') {
            continue;
        }
        if value.is_null() {
            out.remove(key);
            continue;
        }
        path.push(key.clone());
        let merged = match (out.get(key), value) {
            (Some(Value::Array(old)), Value::Array(new)) => {
                let parent = &path[..path.len() - 1];
                match merge_key(parent, key, kind) {
                    Some(mk) => merge_list(old, new, mk, kind, path)?,
                    None => Value::Array(replace_list(new)),
                }
            }
            (_, Value::Array(new)) => Value::Array(replace_list(new)),
            (old, Value::Object(_)) => merge_map_value(old.unwrap_or(&Value::Null), value, kind, path)?,
            (_, v) => v.clone(),
        };
        path.pop();
        if merged.is_null() {
            // `$patch: delete` of a map field removes it.
            out.remove(key);
        } else {
            out.insert(key.clone(), merged);
        }
    }
    Ok(Value::Object(out))
}

/// A list patch without a merge key, or `[{"$patch": "replace"}, …]`: the patch's elements,
/// without directives.
fn replace_list(new: &[Value]) -> Vec<Value> {
    new.iter()
        .filter(|v| v.get("$patch").is_none())
        .map(|v| match v {
            Value::Object(m) => Value::Object(strip_directives(m.clone())),
            other => other.clone(),
        })
        .collect()
}

fn strip_directives(mut map: Map<String, Value>) -> Map<String, Value> {
    map.retain(|k, _| !k.starts_with('$'));
    for value in map.values_mut() {
        if let Value::Object(inner) = value {
            *inner = strip_directives(std::mem::take(inner));
        }
    }
    map
}

/// A list with a merge key: each patch element merges into the element with the same key (or
/// is appended), `$patch: delete` removes it, a `{"$patch": "replace"}` element replaces the
/// whole list with the others.
fn merge_list(
    old: &[Value],
    new: &[Value],
    key: &str,
    kind: &str,
    path: &mut Vec<String>,
) -> Result<Value, String> {
    if new
        .iter()
        .any(|v| v.get("$patch").and_then(Value::as_str) == Some("replace"))
    {
        return Ok(Value::Array(replace_list(new)));
    }
    let mut out: Vec<Value> = old.to_vec();
    for element in new {
        let Some(id) = element.get(key) else {
            if element.is_object() {
                return Err(format!(
                    "map: {element} does not contain declared merge key: {key}"
                ));
            }
            // A primitive in a list of maps: appended as the patch has it.
            out.push(element.clone());
            continue;
        };
        let found = out.iter().position(|v| v.get(key) == Some(id));
        let delete = element.get("$patch").and_then(Value::as_str) == Some("delete");
        match (found, delete) {
            (Some(i), true) => {
                out.remove(i);
            }
            (None, true) => {}
            (Some(i), false) => {
                let merged = merge_map_value(&out[i], element, kind, path)?;
                out[i] = merged;
            }
            (None, false) => out.push(match element {
                Value::Object(m) => Value::Object(strip_directives(m.clone())),
                other => other.clone(),
            }),
        }
    }
    Ok(Value::Array(out))
}

/// RFC 6902 JSON patch, with evanphx/json-patch's (v4, the API server's) error words.
pub(super) fn json_patch(doc: &Value, operations: &Value) -> Result<Value, String> {
    let Value::Array(operations) = operations else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    if operations.len() > MAX_OPERATIONS {
        return Err(format!("patch has more than {MAX_OPERATIONS} operations"));
    }
    let mut doc = doc.clone();
    for op in operations {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str);
        let from = op.get("from").and_then(Value::as_str);
        let value = op.get("value");
        let missing = |what: &str, p: &str| {
            format!("{what} operation does not apply: doc is missing path: \"{p}\": missing value")
        };
        match kind {
            "add" | "replace" | "test" if value.is_none() => {
                return Err(format!("Unexpected kind: {kind}"));
            }
            "add" => {
                let p = path.ok_or_else(|| missing("add", ""))?;
                add(&mut doc, p, value.cloned().unwrap_or(Value::Null)).map_err(|_| missing("add", p))?;
            }
            "remove" => {
                let p = path.ok_or_else(|| missing("remove", ""))?;
                if parent_exists(&doc, p) {
                    let key = p.rsplit('/').next().unwrap_or("");
                    remove(&mut doc, p).ok_or_else(|| {
                        format!("error in remove for path: '{p}': Unable to remove nonexistent key: {key}: missing value")
                    })?;
                } else {
                    return Err(missing("remove", p));
                }
            }
            "replace" => {
                let p = path.ok_or_else(|| missing("replace", ""))?;
                let what = if parent_exists(&doc, p) { "key" } else { "path" };
                let slot = pointer_mut(&mut doc, p).ok_or_else(|| {
                    format!("replace operation does not apply: doc is missing {what}: {p}: missing value")
                })?;
                *slot = value.cloned().unwrap_or(Value::Null);
            }
            "move" | "copy" => {
                let (Some(p), Some(f)) = (path, from) else {
                    return Err(missing(kind, path.unwrap_or("")));
                };
                let moved = if kind == "move" {
                    remove(&mut doc, f)
                } else {
                    pointer(&doc, f).cloned()
                }
                .ok_or_else(|| {
                    format!("{kind} operation does not apply: doc is missing from path: {f}: missing value")
                })?;
                add(&mut doc, p, moved).map_err(|_| missing(kind, p))?;
                if kind == "copy" && !within(&doc, &mut MAX_VALUES.clone()) {
                    return Err(format!(
                        "copy operation makes the document larger than {MAX_VALUES} values"
                    ));
                }
            }
            "test" => {
                let p = path.unwrap_or("");
                if pointer(&doc, p) != value {
                    return Err(format!("testing value {p} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(doc)
}

/// A JSON pointer's tokens, `~1` and `~0` unescaped (in that order, as RFC 6901 says).
fn tokens(path: &str) -> Option<Vec<String>> {
    if path.is_empty() {
        return Some(Vec::new());
    }
    let rest = path.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

fn index(token: &str, len: usize) -> Option<usize> {
    let i: usize = token.parse().ok()?;
    (i < len && (token == "0" || !token.starts_with('0'))).then_some(i)
}

fn pointer<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    let mut at = doc;
    for t in tokens(path)? {
        at = match at {
            Value::Object(m) => m.get(&t)?,
            Value::Array(a) => a.get(index(&t, a.len())?)?,
            _ => return None,
        };
    }
    Some(at)
}

fn pointer_mut<'a>(doc: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut at = doc;
    for t in tokens(path)? {
        at = match at {
            Value::Object(m) => m.get_mut(&t)?,
            Value::Array(a) => {
                let i = index(&t, a.len())?;
                a.get_mut(i)?
            }
            _ => return None,
        };
    }
    Some(at)
}

/// Whether the container a pointer's last token would be looked up in exists.
fn parent_exists(doc: &Value, path: &str) -> bool {
    parent_and_last(path)
        .is_some_and(|(parent, _)| pointer(doc, &parent).is_some_and(|v| v.is_object() || v.is_array()))
}

/// Splits a pointer into its parent and last token.
fn parent_and_last(path: &str) -> Option<(String, String)> {
    let all = tokens(path)?;
    let (last, _) = all.split_last()?;
    let cut = path.rfind('/')?;
    Some((path[..cut].to_string(), last.clone()))
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), ()> {
    if path.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (parent, last) = parent_and_last(path).ok_or(())?;
    match pointer_mut(doc, &parent).ok_or(())? {
        Value::Object(m) => {
            m.insert(last, value);
            Ok(())
        }
        Value::Array(a) => {
            let at = if last == "-" {
                a.len()
            } else {
                let i: usize = last.parse().map_err(|_| ())?;
                if i > a.len() {
                    return Err(());
                }
                i
            };
            a.insert(at, value);
            Ok(())
        }
        _ => Err(()),
    }
}

fn remove(doc: &mut Value, path: &str) -> Option<Value> {
    let (parent, last) = parent_and_last(path)?;
    match pointer_mut(doc, &parent)? {
        Value::Object(m) => m.remove(&last),
        Value::Array(a) => {
            let i = index(&last, a.len())?;
            Some(a.remove(i))
        }
        _ => None,
    }
}

/// `kubectl patch KIND NAME -p PATCH [--type=strategic|merge|json]` (or `KIND/NAME`): the
/// live object is patched and sent back through `Cluster::apply`, so a template change starts
/// a rollout as apply's would, and invalid results get the API server's messages.
pub(super) fn patch(cluster: &mut Cluster, args: &[&str], flags: &Flags, namespace: &str) -> Output {
    let Some(text) = flags.patch.as_deref() else {
        return Output::err(
            "error: must specify --patch or --patch-file containing the contents of the patch",
        );
    };
    let patch_type = flags.service_type.as_deref().unwrap_or("strategic");
    if !["json", "merge", "strategic"].contains(&patch_type) {
        return Output::err(format!(
            "error: --type must be one of [json merge strategic], not \"{patch_type}\""
        ));
    }
    // Validate (the patch) comes before the resource builder (the target).
    let (resource, name) = match target(args) {
        Ok((r, Some(n), _)) => (r, n),
        Ok((_, None, _)) => {
            return Output::err("error: resource(s) were provided, but no name was specified")
        }
        Err(e) => return e,
    };
    // kubectl reads the patch as YAML (JSON is YAML) and sends it as JSON.
    let patch: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        // YAML through the manifests engine's reader (its alias and size budgets included);
        // its words for a syntax error are Podscape's, after go-yaml's `yaml: line N:`.
        Err(_) => match crate::manifest::yaml::parse_stream(text) {
            (documents, None) if !documents.is_empty() => documents[0].root.to_json(),
            (_, Some(e)) => {
                return Output::err(format!(
                    "error: unable to parse \"{text}\": yaml: line {}: {}",
                    e.pos.line, e.message
                ))
            }
            (_, None) => return Output::err(format!("error: unable to parse \"{text}\": empty patch")),
        },
    };
    let (live, kind) = match live_object(cluster, resource, namespace, name) {
        Ok(found) => found,
        Err(e) => return e,
    };
    let patched = match patch_type {
        // The API server's 422 (`NewGenericServerResponse`): a cause without a field, which
        // kubectl's `statusCausesToAggrError` prints after an empty field name.
        "json" => json_patch(&live, &patch).map_err(|e| format!("The request is invalid: : {e}")),
        "merge" => Ok(merge_patch(&live, &patch)),
        _ if !patch.is_object() => Err(
            "Error from server (BadRequest): json: cannot unmarshal array into Go value of type map[string]interface {}"
                .to_string(),
        ),
        _ => strategic_merge(&live, &patch, kind).map_err(|e| format!("Error from server: {e}")),
    };
    let patched = match patched {
        Ok(v) => v,
        Err(e) => return Output::err(e),
    };
    let prefix = resource.kind_prefix();
    if sendable(&patched) == sendable(&live) {
        return Output::ok(format!("{prefix}/{name} patched (no change)\n"));
    }
    match resource {
        Resource::Pods => patch_pod(cluster, namespace, name, &live, &patched),
        _ => {
            let mut sent = sendable(&patched);
            if let Some(meta) = sent.get_mut("metadata").and_then(Value::as_object_mut) {
                if meta.get("name") != Some(&Value::String(name.to_string())) {
                    return Output::err(format!(
                        "The {kind} \"{name}\" is invalid: metadata.name: Invalid value: {}: field is immutable",
                        meta.get("name").map(Value::to_string).unwrap_or_default()
                    ));
                }
                meta.insert("namespace".into(), Value::String(namespace.to_string()));
            }
            let outcome = cluster.apply(&crate::yaml_out::to_yaml(&sent));
            let errors: Vec<&str> = outcome
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.message.as_str())
                .collect();
            match errors.as_slice() {
                [] => Output::ok(format!("{prefix}/{name} patched\n")),
                [one] if one.contains(" is invalid: ") => Output::err(format!("The {one}")),
                [one] => Output::err(format!("The {kind} \"{name}\" is invalid: {one}")),
                many => Output::err(format!("The {kind} \"{name}\" is invalid: [{}]", many.join(", "))),
            }
        }
    }
}

/// The object as the API server returns it (what kubectl patches), and its kind.
fn live_object(
    cluster: &Cluster,
    resource: Resource,
    namespace: &str,
    name: &str,
) -> Result<(Value, &'static str), Output> {
    let not_found = || {
        Output::err(format!(
            "Error from server (NotFound): {} \"{name}\" not found",
            resource.plural()
        ))
    };
    match resource {
        Resource::Deployments => cluster
            .deployment(namespace, name)
            .map(|d| (super::wire::deployment_object(d), "Deployment"))
            .ok_or_else(not_found),
        Resource::Services => cluster
            .service(namespace, name)
            .map(|s| (super::wire::service_object(s), "Service"))
            .ok_or_else(not_found),
        Resource::Pods => cluster
            .pods()
            .iter()
            .find(|p| p.namespace == namespace && p.name == name)
            .map(|p| (super::wire::pod_object(p), "Pod"))
            .ok_or_else(not_found),
        other => Err(Output::err(format!(
            "error: patching {} is not simulated in Podscape; patch deployments, services or pods",
            other.plural()
        ))),
    }
}

/// What a client may change: the object without its status and the metadata the server sets
/// (a patch of those is ignored, as the API server ignores it).
fn sendable(object: &Value) -> Value {
    let mut out = object.clone();
    if let Some(o) = out.as_object_mut() {
        o.remove("status");
    }
    if let Some(meta) = out.get_mut("metadata").and_then(Value::as_object_mut) {
        for key in [
            "uid",
            "generation",
            "creationTimestamp",
            "resourceVersion",
            "managedFields",
            "deletionTimestamp",
            "generateName",
            "ownerReferences",
        ] {
            meta.remove(key);
        }
        if let Some(annotations) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
            annotations.remove("deployment.kubernetes.io/revision");
            if annotations.is_empty() {
                meta.remove("annotations");
            }
        }
    }
    out
}

/// A pod's labels and annotations change in place (the ReplicaSet and Services re-select);
/// its spec is all but immutable, and the API server says so.
fn patch_pod(cluster: &mut Cluster, namespace: &str, name: &str, live: &Value, patched: &Value) -> Output {
    let (old, new) = (sendable(live), sendable(patched));
    let without_images = |v: &Value| {
        let mut spec = v.get("spec").cloned().unwrap_or(Value::Null);
        for list in ["containers", "initContainers"] {
            if let Some(cs) = spec.get_mut(list).and_then(Value::as_array_mut) {
                for c in cs.iter_mut().filter_map(Value::as_object_mut) {
                    c.remove("image");
                }
            }
        }
        spec
    };
    if old.get("spec") != new.get("spec") && without_images(&old) == without_images(&new) {
        // Allowed by the API server (the kubelet restarts the container with the new image),
        // but not simulated: Podscape's pods keep the image they were created with.
        return Output::err(
            "error: Podscape does not simulate changing the image of a running pod; patch its Deployment instead (kubectl patch deployment …)",
        );
    }
    if old.get("spec") != new.get("spec") {
        // Simplified: the API server also prints a diff of the pod spec after this line.
        return Output::err(format!(
            "The Pod \"{name}\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
        ));
    }
    let strings = |v: &Value, field: &str| -> Vec<(String, Option<String>)> {
        let old_map = old["metadata"][field].as_object().cloned().unwrap_or_default();
        let new_map = v["metadata"][field].as_object().cloned().unwrap_or_default();
        let mut changes: Vec<(String, Option<String>)> = new_map
            .iter()
            .filter(|(k, v)| old_map.get(*k) != Some(v))
            .map(|(k, v)| {
                (
                    k.clone(),
                    Some(v.as_str().map_or_else(|| v.to_string(), str::to_string)),
                )
            })
            .collect();
        changes.extend(
            old_map
                .keys()
                .filter(|k| !new_map.contains_key(*k))
                .map(|k| (k.clone(), None)),
        );
        changes
    };
    let labels = strings(&new, "labels");
    let annotations = strings(&new, "annotations");
    if !labels.is_empty() {
        if let Err(e) = cluster.label_pod(namespace, name, &labels, true) {
            return Output::err(e);
        }
    }
    if !annotations.is_empty() {
        if let Err(e) = cluster.annotate_pod(namespace, name, &annotations, true) {
            return Output::err(e);
        }
    }
    Output::ok(format!("pod/{name} patched\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_the_rfc_7386_examples() {
        // RFC 7386 appendix A, each (target, patch, result).
        let cases = [
            (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
            (json!({"a":"b"}), json!({"a":null}), json!({})),
            (json!({"a":"b","b":"c"}), json!({"a":null}), json!({"b":"c"})),
            (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"c"}), json!({"a":["b"]}), json!({"a":["b"]})),
            (
                json!({"a":{"b":"c"}}),
                json!({"a":{"b":"d","c":null}}),
                json!({"a":{"b":"d"}}),
            ),
            (json!({"a":[{"b":"c"}]}), json!({"a":[1]}), json!({"a":[1]})),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a":"b"}), json!(["c"]), json!(["c"])),
            (json!({"a":"foo"}), json!(null), json!(null)),
            (json!({"a":"foo"}), json!("bar"), json!("bar")),
            (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
            (json!([1, 2]), json!({"a":"b","c":null}), json!({"a":"b"})),
            (
                json!({}),
                json!({"a":{"bb":{"ccc":null}}}),
                json!({"a":{"bb":{}}}),
            ),
        ];
        for (target, patch, result) in cases {
            assert_eq!(merge_patch(&target, &patch), result, "{target} + {patch}");
        }
    }

    fn deployment() -> Value {
        json!({"kind": "Deployment", "spec": {"replicas": 1, "template": {"spec": {"containers": [
            {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}], "env": [{"name": "A", "value": "1"}]},
            {"name": "side", "image": "busybox"}]}}}})
    }

    #[test]
    fn strategic_merge_merges_containers_by_name_and_replaces_other_lists() {
        let patch = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "web", "image": "nginx:1.28", "env": [{"name": "B", "value": "2"}]}]}}}});
        let out = strategic_merge(&deployment(), &patch, "Deployment").unwrap();
        let containers = &out["spec"]["template"]["spec"]["containers"];
        assert_eq!(containers.as_array().unwrap().len(), 2);
        assert_eq!(containers[0]["image"], "nginx:1.28");
        assert_eq!(
            containers[0]["env"],
            json!([{"name": "A", "value": "1"}, {"name": "B", "value": "2"}])
        );
        assert_eq!(containers[0]["ports"], json!([{"containerPort": 80}]));
        assert_eq!(containers[1], json!({"name": "side", "image": "busybox"}));
        // `args` has no merge key: replaced.
        let patch =
            json!({"spec": {"template": {"spec": {"containers": [{"name": "side", "args": ["x"]}]}}}});
        let out = strategic_merge(&out, &patch, "Deployment").unwrap();
        assert_eq!(
            out["spec"]["template"]["spec"]["containers"][1]["args"],
            json!(["x"])
        );
    }

    #[test]
    fn strategic_merge_directives_delete_and_replace() {
        let patch =
            json!({"spec": {"template": {"spec": {"containers": [{"name": "side", "$patch": "delete"}]}}}});
        let out = strategic_merge(&deployment(), &patch, "Deployment").unwrap();
        assert_eq!(
            out["spec"]["template"]["spec"]["containers"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let patch = json!({"spec": {"template": {"spec": {"containers": [{"$patch": "replace"}, {"name": "only", "image": "x"}]}}}});
        let out = strategic_merge(&deployment(), &patch, "Deployment").unwrap();
        assert_eq!(
            out["spec"]["template"]["spec"]["containers"],
            json!([{"name": "only", "image": "x"}])
        );
        let patch = json!({"spec": {"template": {"$patch": "replace", "spec": {"containers": []}}}});
        let out = strategic_merge(&deployment(), &patch, "Deployment").unwrap();
        assert_eq!(out["spec"]["template"], json!({"spec": {"containers": []}}));
        let patch = json!({"spec": {"replicas": null}});
        let out = strategic_merge(&deployment(), &patch, "Deployment").unwrap();
        assert!(out["spec"].get("replicas").is_none());
    }

    #[test]
    fn service_ports_merge_by_port() {
        let svc = json!({"spec": {"ports": [{"port": 80, "targetPort": 8080}, {"port": 443}]}});
        let patch = json!({"spec": {"ports": [{"port": 80, "targetPort": 9090}]}});
        let out = strategic_merge(&svc, &patch, "Service").unwrap();
        assert_eq!(
            out["spec"]["ports"],
            json!([{"port": 80, "targetPort": 9090}, {"port": 443}])
        );
    }

    #[test]
    fn copies_cannot_grow_a_document_without_bound() {
        // Each copy of the root into one of two keys doubles the document.
        let ops: Vec<Value> = (0..64)
            .map(|i| json!({"op": "copy", "from": "", "path": if i % 2 == 0 { "/a" } else { "/b" }}))
            .collect();
        assert!(json_patch(&json!({"a": 1, "b": [1, 2, 3]}), &Value::Array(ops)).is_err());
    }

    #[test]
    fn json_patch_operations_and_pointer_escapes() {
        let doc = json!({"metadata": {"labels": {"a/b": "1", "c~d": "2"}}, "list": [1, 2]});
        let ops = json!([
            {"op": "replace", "path": "/metadata/labels/a~1b", "value": "x"},
            {"op": "remove", "path": "/metadata/labels/c~0d"},
            {"op": "add", "path": "/list/-", "value": 3},
            {"op": "add", "path": "/list/0", "value": 0},
            {"op": "copy", "from": "/list/3", "path": "/copied"},
            {"op": "move", "from": "/copied", "path": "/moved"},
            {"op": "test", "path": "/moved", "value": 3},
        ]);
        let out = json_patch(&doc, &ops).unwrap();
        assert_eq!(
            out,
            json!({"metadata": {"labels": {"a/b": "x"}}, "list": [0, 1, 2, 3], "moved": 3})
        );
        let err = json_patch(&doc, &json!([{"op": "replace", "path": "/nope", "value": 1}])).unwrap_err();
        assert_eq!(
            err,
            "replace operation does not apply: doc is missing key: /nope: missing value"
        );
        assert!(json_patch(&doc, &json!([{"op": "test", "path": "/list/0", "value": 9}])).is_err());
        assert!(json_patch(&doc, &json!([{"op": "remove", "path": "/list/01"}])).is_err());
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-5i64..5).prop_map(|n| json!(n)),
            "[a-c]{0,2}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-d]{1,2}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Objects without nulls (a null in a patch means delete).
    fn no_nulls(v: &Value) -> bool {
        match v {
            Value::Null => false,
            Value::Array(a) => a.iter().all(no_nulls),
            Value::Object(m) => m.values().all(no_nulls),
            _ => true,
        }
    }

    proptest! {
        #[test]
        fn a_patch_of_an_object_onto_itself_changes_nothing(v in arb_json()) {
            prop_assume!(v.is_object() && no_nulls(&v));
            prop_assert_eq!(&merge_patch(&v, &v), &v);
            prop_assert_eq!(&strategic_merge(&v, &v, "Deployment").unwrap(), &v);
        }

        #[test]
        fn a_container_patch_updates_exactly_the_container_it_names(
            images in prop::collection::vec("[a-z]{1,6}", 1..6), pick in 0usize..6, image in "[a-z]{1,6}"
        ) {
            let containers: Vec<Value> = images.iter().enumerate()
                .map(|(i, im)| json!({"name": format!("c{i}"), "image": im})).collect();
            let doc = json!({"spec": {"template": {"spec": {"containers": containers}}}});
            let name = format!("c{}", pick % images.len());
            let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": name, "image": image}]}}}});
            let out = strategic_merge(&doc, &patch, "Deployment").unwrap();
            let after = out["spec"]["template"]["spec"]["containers"].as_array().unwrap();
            prop_assert_eq!(after.len(), images.len());
            for (i, c) in after.iter().enumerate() {
                let expected = if i == pick % images.len() { &image } else { &images[i] };
                prop_assert_eq!(c["image"].as_str().unwrap(), expected.as_str());
                prop_assert_eq!(c["name"].as_str().unwrap(), format!("c{i}"));
            }
        }

        #[test]
        fn engines_never_panic(doc in arb_json(), patch in arb_json()) {
            let _ = merge_patch(&doc, &patch);
            let _ = strategic_merge(&doc, &patch, "Service");
            let _ = json_patch(&doc, &patch);
        }
    }
}
