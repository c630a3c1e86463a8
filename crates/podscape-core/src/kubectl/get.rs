//! `kubectl get`: lists of each kind as tables (`-o wide`, `--show-labels`, `-A`), names or
//! wire objects (`-o json|yaml`), filtered by `-l` and sorted by `--sort-by`.

use serde_json::{json, Value};

use super::flags::{target, Flags, Resource};
use super::jsonpath::JsonPath;
use super::query::{self, Format};
use super::wire::{daemon_set_object, DaemonSetStatus};
use super::wire::{
    deployment_object, endpoint_slice_object, endpoints_object, event_object, ingress_class_object,
    ingress_object, namespace_object, node_object, pod_object, replica_set_object, service_object,
};
use super::Output;
use crate::cluster::{Cluster, Pod};
use crate::sort::SmallSort;
use crate::table::{self, human_duration};

/// One listed object: its namespace, name, table cells and machine-readable form.
struct Item {
    namespace: String,
    name: String,
    cells: Vec<String>,
    wide: Vec<String>,
    object: Value,
}

pub(super) fn get(cluster: &Cluster, args: &[&str], flags: &Flags, namespace: &str) -> Output {
    let Some(first) = args.first() else {
        return target(args).err().unwrap_or_default();
    };
    let resources: Vec<Resource> = if *first == "all" {
        vec![
            Resource::Pods,
            Resource::Services,
            Resource::DaemonSets,
            Resource::Deployments,
            Resource::ReplicaSets,
        ]
    } else if first.contains(',') && !first.contains('/') {
        match first
            .split(',')
            .map(|k| Resource::parse(k).ok_or(k))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(r) => r,
            Err(k) => return Output::err(format!("error: the server doesn't have a resource type \"{k}\"")),
        }
    } else {
        match target(args) {
            Ok((r, _, _)) => vec![r],
            Err(e) => return e,
        }
    };
    let names: Vec<&str> = match first.split_once('/') {
        Some((_, n)) => std::iter::once(n).chain(args[1..].iter().copied()).collect(),
        None => args[1..].to_vec(),
    };
    let format = match Format::parse(flags.output.as_deref(), flags.template.as_deref()) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let wide = matches!(format, Format::Wide);
    let machine = matches!(format, Format::Json | Format::Yaml | Format::JsonPath { .. });
    let sort_path = match flags.sort_by.as_deref().map(query::relaxed_jsonpath).transpose() {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let prefix_kind = resources.len() > 1 || flags.show_kind;
    let mut out = Output::default();
    let mut json_items = Vec::new();
    let mut custom_rows: Vec<Vec<String>> = Vec::new();
    let mut printed_any = false;
    for resource in resources {
        let labels = match query::label_selector(
            resource,
            flags.selector.as_deref(),
            flags.field_selector.as_deref(),
        ) {
            Ok(l) => l,
            Err(e) => return e,
        };
        let fields = match query::field_selector(
            resource,
            flags.field_selector.as_deref(),
            flags.selector.as_deref(),
        ) {
            Ok(f) => f,
            Err(e) => return e,
        };
        let need = format.needs_objects()
            || flags.selector.is_some()
            || flags.field_selector.is_some()
            || flags.sort_by.is_some()
            || flags.show_labels
            || !flags.label_columns.is_empty();
        let mut items = list(cluster, resource, need);
        // The API server lists in key order: namespace, then name. kubectl does not re-sort
        // events (kubernetes#29838): they come grouped by object name, each `<object>.<hex
        // nanoseconds>`, so pods' events come before their ReplicaSet's and Deployment's.
        items.small_sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        if resource.namespaced() && !flags.all_namespaces {
            items.retain(|i| i.namespace == namespace);
        }
        if let Some(path) = &sort_path {
            if let Err(e) = sort_by_field(&mut items, path) {
                return e;
            }
        }
        if flags.selector.is_some() {
            items.retain(|i| {
                crate::api::selector::matches(&Default::default(), &labels, &object_labels(&i.object))
            });
        }
        if !fields.is_empty() {
            items.retain(|i| query::fields_match(&fields, &i.object));
        }
        if !names.is_empty() {
            for name in &names {
                if !items.iter().any(|i| i.name == *name) {
                    out.stderr.push_str(&format!(
                        "Error from server (NotFound): {} \"{name}\" not found\n",
                        resource.plural()
                    ));
                    out.exit_code = 1;
                }
            }
            items.retain(|i| names.contains(&i.name.as_str()));
        }
        if resource == Resource::Endpoints && !items.is_empty() {
            out.stderr.push_str(
                "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n",
            );
        }
        if items.is_empty() {
            continue;
        }
        match &format {
            _ if machine => json_items.extend(items.into_iter().map(|i| i.object)),
            Format::CustomColumns(columns) => {
                for i in items {
                    custom_rows.push(
                        columns
                            .iter()
                            .map(|(_, path)| query::custom_cell(path, &i.object))
                            .collect(),
                    );
                }
            }
            Format::Name => {
                for i in items {
                    out.stdout
                        .push_str(&format!("{}/{}\n", resource.kind_prefix(), i.name));
                }
            }
            _ => {
                if printed_any {
                    out.stdout.push('\n');
                }
                printed_any = true;
                let mut rows = vec![header(resource, wide)];
                for i in items {
                    let mut row = i.cells;
                    if prefix_kind {
                        // As kubectl prints several kinds: `deployment.apps/web`, `service/web`.
                        row[0] = format!("{}/{}", resource.kind_prefix(), row[0]);
                    }
                    if wide {
                        if resource == Resource::Events {
                            row = i.wide;
                        } else {
                            row.extend(i.wide);
                        }
                    }
                    let item_labels = object_labels(&i.object);
                    // `-L`: one column per key, empty where the object lacks the label.
                    for key in &flags.label_columns {
                        row.push(item_labels.get(key).cloned().unwrap_or_default());
                    }
                    if flags.show_labels {
                        // kubectl's LABELS column: key=value pairs sorted by key, comma-joined.
                        let labels = if item_labels.is_empty() {
                            "<none>".to_string()
                        } else {
                            item_labels
                                .iter()
                                .map(|(k, v)| format!("{k}={v}"))
                                .collect::<Vec<_>>()
                                .join(",")
                        };
                        row.push(labels);
                    }
                    if flags.all_namespaces && resource.namespaced() {
                        row.insert(0, i.namespace);
                    }
                    rows.push(row);
                }
                // `formatLabelHeaders`: the key's last path segment, upper-cased.
                for key in &flags.label_columns {
                    rows[0].push(key.rsplit('/').next().unwrap_or_default().to_uppercase());
                }
                if flags.show_labels {
                    rows[0].push("LABELS".into());
                }
                if flags.all_namespaces && resource.namespaced() {
                    rows[0].insert(0, "NAMESPACE".into());
                }
                if flags.no_headers {
                    rows.remove(0);
                }
                out.stdout.push_str(&table::render(&rows));
            }
        }
    }
    if let Format::CustomColumns(columns) = &format {
        // The header comes even over no rows (`CustomColumnsPrinter` prints it per type).
        if !flags.no_headers {
            custom_rows.insert(0, columns.iter().map(|(h, _)| h.clone()).collect());
        }
        if !custom_rows.is_empty() {
            out.stdout.push_str(&table::render(&custom_rows));
        }
    }
    if machine && json_items.is_empty() && !names.is_empty() {
        // Every name was missing: kubectl prints the errors and no empty List.
        out.stdout.clear();
    } else if machine {
        let value = if json_items.len() == 1 && !names.is_empty() {
            json_items.remove(0)
        } else {
            json!({"apiVersion": "v1", "items": json_items, "kind": "List", "metadata": {"resourceVersion": ""}})
        };
        match &format {
            Format::Json => out.stdout = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n",
            Format::JsonPath {
                template,
                path,
                as_json,
            } => {
                let allow_missing = flags.allow_missing_template_keys.as_deref() != Some("false");
                let printed = if *as_json {
                    path.execute_as_json(&value, allow_missing)
                } else {
                    path.execute(&value, allow_missing)
                };
                match printed {
                    Ok(text) => out.stdout = text,
                    // Podscape's own budget (`budget::JSONPATH_*`) speaks for itself.
                    Err(e) if e.starts_with("podscape: ") => {
                        out.stdout.clear();
                        out.stderr.push_str(&format!("{e}\n"));
                        out.exit_code = 1;
                    }
                    Err(e) => {
                        // cli-runtime's JSONPathPrinter: the error, the template and the object
                        // as Go's `%#v` prints it.
                        out.stdout.clear();
                        out.stderr.push_str(&format!(
                            "error: error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
                            go_quote(template),
                            super::jsonpath::go_sharp_v(&value)
                        ));
                        out.exit_code = 1;
                    }
                }
            }
            _ => out.stdout = crate::yaml_out::to_yaml(&value),
        }
    } else if matches!(format, Format::Table | Format::Wide) && out.stdout.is_empty() && out.exit_code == 0 {
        // Only the human-readable printers say so; `-o name` and custom columns print nothing.
        out.stderr.push_str(&if flags.all_namespaces {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {namespace} namespace.\n")
        });
    }
    out
}

/// The names of the objects of `resource` in `namespace` that `-l` and `--field-selector`
/// select (`kubectl delete -l …`), or the API server's answer to a bad selector. Objects
/// already being deleted are left out.
pub(super) fn selected_names(
    cluster: &Cluster,
    resource: Resource,
    flags: &Flags,
    namespace: &str,
) -> Result<Vec<String>, Output> {
    let labels = query::label_selector(
        resource,
        flags.selector.as_deref(),
        flags.field_selector.as_deref(),
    )?;
    let fields = query::field_selector(
        resource,
        flags.field_selector.as_deref(),
        flags.selector.as_deref(),
    )?;
    let mut items = list(cluster, resource, true);
    items.small_sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    Ok(items
        .into_iter()
        .filter(|i| !resource.namespaced() || i.namespace == namespace)
        .filter(|i| i.object["metadata"].get("deletionTimestamp").is_none())
        .filter(|i| crate::api::selector::matches(&Default::default(), &labels, &object_labels(&i.object)))
        .filter(|i| query::fields_match(&fields, &i.object))
        .map(|i| i.name)
        .collect())
}

/// Go's `%q` of a template.
fn go_quote(s: &str) -> String {
    format!("{s:?}")
}

/// An object's labels, from its wire form.
fn object_labels(object: &Value) -> std::collections::BTreeMap<String, String> {
    object["metadata"]["labels"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect()
}

/// `--sort-by=.lastTimestamp` (or `{.metadata.name}`, relaxed to `{.…}`): a stable sort on the
/// JSONPath's first value in each object; objects without it come first, and a field none has
/// is kubectl's error.
fn sort_by_field(items: &mut [Item], expression: &str) -> Result<(), Output> {
    let path = JsonPath::parse(expression).map_err(|e| Output::err(format!("error: {e}")))?;
    let field = |item: &Item| path.values(&item.object).ok().and_then(|v| v.into_iter().next());
    if !items.is_empty() && items.iter().all(|i| field(i).is_none()) {
        return Err(Output::err(format!(
            "error: couldn't find any field with path \"{expression}\" in the list of objects"
        )));
    }
    let rank = |v: &Option<Value>| match v {
        None | Some(Value::Null) => (0, 0.0, String::new()),
        Some(Value::Bool(b)) => (1, f64::from(u8::from(*b)), String::new()),
        Some(Value::Number(n)) => (2, n.as_f64().unwrap_or(0.0), String::new()),
        Some(Value::String(s)) => (3, 0.0, s.clone()),
        Some(other) => (4, 0.0, other.to_string()),
    };
    items.small_sort_by(|a, b| {
        let (a, b) = (rank(&field(a)), rank(&field(b)));
        a.0.cmp(&b.0)
            .then(a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
            .then_with(|| a.2.cmp(&b.2))
    });
    Ok(())
}

/// `-l` against a label map (the same selector syntax as for `get`; a selector the API server
/// rejects matches nothing), for the commands that filter their own objects by `-l`.
#[allow(dead_code)]
pub(super) fn labels_match(selector: &str, labels: &std::collections::BTreeMap<String, String>) -> bool {
    query::parse_labels(selector)
        .is_ok_and(|requirements| crate::api::selector::matches(&Default::default(), &requirements, labels))
}

fn header(resource: Resource, wide: bool) -> Vec<String> {
    let (base, extra): (&[&str], &[&str]) = match resource {
        Resource::Pods => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        Resource::Deployments => (
            &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::ReplicaSets => (
            &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::Services => (
            &["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
            &["SELECTOR"],
        ),
        Resource::Endpoints => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        Resource::EndpointSlices => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        Resource::Nodes => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
        Resource::Events if wide => (
            &[
                "LAST SEEN",
                "TYPE",
                "REASON",
                "OBJECT",
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ],
            &[],
        ),
        Resource::Events => (&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], &[]),
        Resource::Namespaces => (&["NAME", "STATUS", "AGE"], &[]),
        Resource::DaemonSets => (
            &[
                "NAME",
                "DESIRED",
                "CURRENT",
                "READY",
                "UP-TO-DATE",
                "AVAILABLE",
                "NODE SELECTOR",
                "AGE",
            ],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::Ingresses => (&["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], &[]),
        Resource::IngressClasses => (&["NAME", "CONTROLLER", "PARAMETERS", "AGE"], &[]),
        Resource::ConfigMaps => (&["NAME", "DATA", "AGE"], &[]),
        Resource::Secrets => (&["NAME", "TYPE", "DATA", "AGE"], &[]),
    };
    let mut h: Vec<String> = base.iter().map(|s| s.to_string()).collect();
    if wide {
        h.extend(extra.iter().map(|s| s.to_string()));
    }
    h
}

pub(super) fn selector_text(selector: &std::collections::BTreeMap<String, String>) -> String {
    if selector.is_empty() {
        return "<none>".into();
    }
    selector
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `make()` if it is needed, `null` if not.
fn object(need: bool, make: impl FnOnce() -> Value) -> Value {
    if need {
        make()
    } else {
        Value::Null
    }
}

/// The listed objects of `resource`, their machine-readable form built only when `need`s it
/// (`-o json|yaml`, `-l`, `--sort-by`, `--show-labels`): a table does without it, and a watch
/// lists every half second of virtual time.
fn list(cluster: &Cluster, resource: Resource, need: bool) -> Vec<Item> {
    let now = cluster.now_ms();
    let age = |t: u64| human_duration(now.saturating_sub(t));
    match resource {
        Resource::Pods => cluster
            .pods()
            .iter()
            .map(|p| Item {
                namespace: p.namespace.clone(),
                name: p.name.clone(),
                cells: vec![
                    p.name.clone(),
                    format!("{}/1", u8::from(p.ready)),
                    p.status().into(),
                    p.restarts.to_string(),
                    age(p.created_ms),
                ],
                wide: vec![
                    p.ip.clone().unwrap_or_else(|| "<none>".into()),
                    p.node.clone().unwrap_or_else(|| "<none>".into()),
                    "<none>".into(),
                    "<none>".into(),
                ],
                object: object(need, || pod_object(p)),
            })
            .collect(),
        Resource::Deployments => cluster
            .deployments()
            .map(|d| {
                let s = &d.status;
                let spec = &d.spec;
                Item {
                    namespace: spec.namespace.clone(),
                    name: spec.name.clone(),
                    cells: vec![
                        spec.name.clone(),
                        format!("{}/{}", s.ready_replicas, spec.replicas),
                        s.updated_replicas.to_string(),
                        s.available_replicas.to_string(),
                        age(d.created_ms),
                    ],
                    wide: vec![
                        spec.template
                            .containers
                            .iter()
                            .map(|c| c.name.clone())
                            .collect::<Vec<_>>()
                            .join(","),
                        spec.template
                            .containers
                            .iter()
                            .map(|c| c.image.clone())
                            .collect::<Vec<_>>()
                            .join(","),
                        selector_text(&spec.selector),
                    ],
                    object: object(need, || deployment_object(d)),
                }
            })
            .collect(),
        Resource::ReplicaSets => cluster
            .replica_sets()
            .iter()
            .map(|rs| {
                let pods: Vec<&Pod> = cluster
                    .pods()
                    .iter()
                    .filter(|p| p.owner.as_ref() == Some(&rs.name) && p.is_active())
                    .map(|p| &**p)
                    .collect();
                let ready = pods.iter().filter(|p| p.ready).count();
                let mut selector = std::collections::BTreeMap::new();
                if let Some(d) = cluster.deployment(&rs.namespace, &rs.owner) {
                    selector = d.spec.selector.clone();
                }
                selector.insert("pod-template-hash".to_string(), rs.template_hash.clone());
                Item {
                    namespace: rs.namespace.clone(),
                    name: rs.name.clone(),
                    cells: vec![
                        rs.name.clone(),
                        rs.replicas.to_string(),
                        pods.len().to_string(),
                        ready.to_string(),
                        age(rs.created_ms),
                    ],
                    wide: vec![
                        rs.template
                            .containers
                            .iter()
                            .map(|c| c.name.clone())
                            .collect::<Vec<_>>()
                            .join(","),
                        rs.template
                            .containers
                            .iter()
                            .map(|c| c.image.clone())
                            .collect::<Vec<_>>()
                            .join(","),
                        selector_text(&selector),
                    ],
                    object: object(need, || replica_set_object(rs, &selector, &pods, ready)),
                }
            })
            .collect(),
        Resource::Services => cluster
            .services()
            .map(|s| {
                let spec = &s.spec;
                let ports = spec
                    .ports
                    .iter()
                    .enumerate()
                    .map(|(i, p)| match s.node_ports.get(i).copied().flatten() {
                        Some(node_port) => format!("{}:{node_port}/{}", p.port, p.protocol),
                        None => format!("{}/{}", p.port, p.protocol),
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                let external_ip = match spec.service_type.as_str() {
                    "LoadBalancer" => s.load_balancer_ip.clone().unwrap_or_else(|| "<pending>".into()),
                    "ExternalName" => spec.external_name.clone().unwrap_or_else(|| "<none>".into()),
                    _ if !spec.external_ips.is_empty() => spec.external_ips.join(","),
                    _ => "<none>".into(),
                };
                Item {
                    namespace: spec.namespace.clone(),
                    name: spec.name.clone(),
                    cells: vec![
                        spec.name.clone(),
                        spec.service_type.clone(),
                        s.cluster_ip.clone(),
                        external_ip,
                        if ports.is_empty() { "<none>".into() } else { ports },
                        age(s.created_ms),
                    ],
                    wide: vec![selector_text(&spec.selector)],
                    object: object(need, || service_object(s)),
                }
            })
            .collect(),
        Resource::Endpoints => cluster
            .services()
            .map(|s| {
                let slice = cluster.endpoint_slice(s);
                let addresses: Vec<String> = slice
                    .iter()
                    .flat_map(|sl| {
                        sl.endpoints
                            .iter()
                            .filter(|e| e.conditions.ready)
                            .flat_map(move |e| {
                                sl.ports.iter().map(move |p| format!("{}:{}", e.address, p.port))
                            })
                    })
                    .collect();
                let shown = if addresses.is_empty() {
                    "<none>".to_string()
                } else if addresses.len() > 3 {
                    format!("{} + {} more...", addresses[..3].join(","), addresses.len() - 3)
                } else {
                    addresses.join(",")
                };
                Item {
                    namespace: s.spec.namespace.clone(),
                    name: s.spec.name.clone(),
                    cells: vec![s.spec.name.clone(), shown, age(s.created_ms)],
                    wide: vec![],
                    object: object(need, || endpoints_object(s, &addresses)),
                }
            })
            .collect(),
        Resource::EndpointSlices => cluster
            .services()
            .filter_map(|s| cluster.endpoint_slice(s).map(|slice| (s, slice)))
            .map(|(s, slice)| {
                let ports = if slice.ports.is_empty() {
                    "<unset>".to_string()
                } else {
                    slice
                        .ports
                        .iter()
                        .map(|p| p.port.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                };
                let addresses: Vec<&str> = slice.endpoints.iter().map(|e| e.address.as_str()).collect();
                let shown = match addresses.len() {
                    0 => "<none>".to_string(),
                    n if n > 3 => format!("{} + {} more...", addresses[..3].join(","), n - 3),
                    _ => addresses.join(","),
                };
                Item {
                    namespace: slice.namespace.clone(),
                    name: slice.name.clone(),
                    cells: vec![slice.name.clone(), "IPv4".into(), ports, shown, age(s.created_ms)],
                    wide: vec![],
                    object: object(need, || endpoint_slice_object(&slice)),
                }
            })
            .collect(),
        Resource::Nodes => cluster
            .nodes()
            .iter()
            .map(|n| Item {
                namespace: String::new(),
                name: n.name.clone(),
                cells: vec![
                    n.name.clone(),
                    match (n.ready_at(now), n.unschedulable) {
                        (true, false) => "Ready".into(),
                        (true, true) => "Ready,SchedulingDisabled".into(),
                        (false, false) => "NotReady".into(),
                        (false, true) => "NotReady,SchedulingDisabled".into(),
                    },
                    if n.taint().is_some() {
                        "control-plane".into()
                    } else {
                        "<none>".into()
                    },
                    age(n.created_ms),
                    "v1.35.0".into(),
                ],
                wide: vec![
                    n.internal_ip.clone(),
                    "<none>".into(),
                    "Debian GNU/Linux 12 (bookworm)".into(),
                    "6.8.0-podscape".into(),
                    "containerd://2.1.1".into(),
                ],
                object: object(need, || node_object(n)),
            })
            .collect(),
        Resource::Events => cluster
            .events()
            .iter()
            .map(|e| {
                let message = e.message.trim().to_string();
                Item {
                    namespace: e.namespace.clone(),
                    name: e.name.clone(),
                    cells: vec![
                        age(e.last_timestamp_ms()),
                        e.event_type.into(),
                        e.reason.into(),
                        e.object.clone(),
                        message.clone(),
                    ],
                    // printEvent's wide row is a row of its own: SUBOBJECT and SOURCE sit before MESSAGE.
                    wide: vec![
                        age(e.last_timestamp_ms()),
                        e.event_type.into(),
                        e.reason.into(),
                        e.object.clone(),
                        e.field_path.clone(),
                        e.source_text(),
                        message,
                        age(e.first_timestamp_ms()),
                        e.count.to_string(),
                        e.name.clone(),
                    ],
                    object: object(need, || event_object(e)),
                }
            })
            .collect(),
        Resource::Namespaces => cluster
            .namespaces()
            .map(|n| Item {
                namespace: String::new(),
                name: n.name.clone(),
                cells: vec![n.name.clone(), n.phase().into(), age(n.created_ms)],
                wide: vec![],
                object: object(need, || namespace_object(n)),
            })
            .collect(),
        Resource::DaemonSets => cluster
            .daemon_sets()
            .iter()
            .map(|d| {
                let s = DaemonSetStatus::of(cluster, d);
                let containers = &d.template.containers;
                Item {
                    namespace: d.namespace.clone(),
                    name: d.name.clone(),
                    cells: vec![
                        d.name.clone(),
                        s.desired.to_string(),
                        s.current.to_string(),
                        s.ready.to_string(),
                        s.current.to_string(),
                        s.available.to_string(),
                        selector_text(&d.template.node_selector),
                        age(d.created_ms),
                    ],
                    wide: vec![
                        containers
                            .iter()
                            .map(|c| c.name.clone())
                            .collect::<Vec<_>>()
                            .join(","),
                        containers
                            .iter()
                            .map(|c| c.image.clone())
                            .collect::<Vec<_>>()
                            .join(","),
                        selector_text(&d.selector),
                    ],
                    object: object(need, || daemon_set_object(d, &s)),
                }
            })
            .collect(),
        Resource::Ingresses => cluster
            .ingresses()
            .map(|i| Item {
                namespace: i.spec.namespace.clone(),
                name: i.spec.name.clone(),
                cells: ingress_cells(i, age(i.created_ms)),
                wide: vec![],
                object: object(need, || ingress_object(i)),
            })
            .collect(),
        Resource::IngressClasses => vec![Item {
            namespace: String::new(),
            name: crate::cluster::INGRESS_CLASS.into(),
            cells: vec![
                crate::cluster::INGRESS_CLASS.into(),
                crate::cluster::INGRESS_CONTROLLER.into(),
                "<none>".into(),
                age(0),
            ],
            wide: vec![],
            object: object(need, ingress_class_object),
        }],
        Resource::ConfigMaps => cluster
            .config_maps()
            .iter()
            .map(|(c, created)| Item {
                namespace: c.namespace.clone(),
                name: c.name.clone(),
                cells: super::config::config_map_cells(c, age(*created)),
                wide: vec![],
                object: object(need, || super::config::config_map_object(c, *created)),
            })
            .collect(),
        Resource::Secrets => cluster
            .secrets()
            .map(|(s, created)| Item {
                namespace: s.namespace.clone(),
                name: s.name.clone(),
                cells: super::config::secret_cells(s, age(*created)),
                wide: vec![],
                object: object(need, || super::config::secret_object(s, *created)),
            })
            .collect(),
    }
}

/// The cells of `kubectl get ingress` (printIngress): hosts as formatHosts prints them, the
/// address clipped to 16 bytes (wide shows it whole; one address always fits).
fn ingress_cells(i: &crate::cluster::Ingress, age: String) -> Vec<String> {
    let spec = &i.spec;
    let max = 3;
    let mut list = Vec::new();
    let mut more = false;
    for rule in &spec.rules {
        if list.len() == max {
            more = true;
        }
        if !more {
            if let Some(h) = rule.host.as_deref() {
                list.push(h);
            }
        }
    }
    let hosts = if list.is_empty() {
        "*".to_string()
    } else if more {
        format!("{} + {} more...", list.join(","), spec.rules.len() - max)
    } else {
        list.join(",")
    };
    let tls = spec.raw["spec"]["tls"].as_array().is_some_and(|t| !t.is_empty());
    vec![
        spec.name.clone(),
        spec.ingress_class_name.clone().unwrap_or_else(|| "<none>".into()),
        hosts,
        i.address.clone().unwrap_or_default(),
        if tls { "80, 443".into() } else { "80".into() },
        age,
    ]
}
