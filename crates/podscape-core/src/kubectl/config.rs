//! ConfigMaps and Secrets in kubectl: `create configmap|secret generic` (`--from-literal`,
//! `--from-file`), the rows `get` lists, `describe` and the wire objects of `-o json|yaml`.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::flags::Flags;
use super::Output;
use crate::cluster::Cluster;
use crate::manifest::{ConfigMap, Secret};
use crate::table;

/// `kubectl create configmap NAME` or `kubectl create secret generic NAME`: the data from
/// `--from-literal=KEY=VALUE` and `--from-file=[KEY=]PATH`, checked as kubectl checks keys.
pub(super) fn create(
    cluster: &mut Cluster,
    secret: bool,
    name: &str,
    flags: &Flags,
    namespace: &str,
    files: &dyn Fn(&str) -> Option<String>,
) -> Output {
    let (kind, plural) = if secret {
        ("Secret", "secrets")
    } else {
        ("ConfigMap", "configmaps")
    };
    let exists = if secret {
        cluster.secret(namespace, name).is_some()
    } else {
        cluster.config_map(namespace, name).is_some()
    };
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    let mut add = |key: &str, value: String| -> Result<(), String> {
        let errs = crate::manifest::validate::config_key(key);
        if !errs.is_empty() {
            return Err(if secret {
                format!(
                    "error: {key:?} is not valid key name for a Secret {}",
                    errs.join(";")
                )
            } else {
                format!(
                    "error: {key:?} is not a valid key name for a ConfigMap: {}",
                    errs.join(",")
                )
            });
        }
        if data.contains_key(key) {
            return Err(format!(
                "error: cannot add key \"{key}\", another key by that name already exists in Data for {kind} \"{name}\""
            ));
        }
        data.insert(key.to_string(), value);
        Ok(())
    };
    for literal in &flags.from_literal {
        let Some((key, value)) = literal.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Output::err(format!(
                "error: invalid literal source {literal}, expected key=value"
            ));
        };
        if let Err(e) = add(key, value.to_string()) {
            return Output::err(e);
        }
    }
    for source in &flags.from_file {
        let (key, path) = match source.split_once('=') {
            Some((k, p)) => (k.to_string(), p),
            None => (
                source.rsplit('/').next().unwrap_or(source).to_string(),
                source.as_str(),
            ),
        };
        let Some(text) = files(path) else {
            return Output::err(format!("error: error reading {path}: no such file or directory"));
        };
        if let Err(e) = add(&key, text) {
            return Output::err(e);
        }
    }
    if exists {
        let what = if secret { "secret" } else { "configmap" };
        return Output::err(format!(
            "error: failed to create {what}: {plural} \"{name}\" already exists"
        ));
    }
    let object = if secret {
        let encoded: serde_json::Map<String, Value> = data
            .iter()
            .map(|(k, v)| (k.clone(), json!(data_encoding::BASE64.encode(v.as_bytes()))))
            .collect();
        let secret_type = flags.service_type.clone().unwrap_or_else(|| "Opaque".into());
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": namespace},
               "data": encoded, "type": secret_type})
    } else {
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": namespace},
               "data": data})
    };
    let printed = if secret { "secret" } else { "configmap" };
    super::mutate::created(
        cluster,
        &object.to_string(),
        kind,
        name,
        format!("{printed}/{name} created\n"),
    )
}

/// `kubectl get configmaps`: NAME, DATA (keys of `data` and `binaryData`), AGE.
pub(super) fn config_map_cells(c: &ConfigMap, age: String) -> Vec<String> {
    vec![
        c.name.clone(),
        (c.data.len() + c.binary_data.len()).to_string(),
        age,
    ]
}

/// `kubectl get secrets`: NAME, TYPE, DATA, AGE.
pub(super) fn secret_cells(s: &Secret, age: String) -> Vec<String> {
    vec![
        s.name.clone(),
        s.secret_type.clone(),
        s.data.len().to_string(),
        age,
    ]
}

pub(super) fn config_map_object(c: &ConfigMap, created_ms: u64) -> Value {
    let mut object = json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": c.name, "namespace": c.namespace, "creationTimestamp": table::timestamp(created_ms)}});
    if !c.data.is_empty() {
        object["data"] = json!(c.data);
    }
    if !c.binary_data.is_empty() {
        let binary: BTreeMap<&String, String> = c
            .binary_data
            .iter()
            .map(|(k, v)| (k, data_encoding::BASE64.encode(v)))
            .collect();
        object["binaryData"] = json!(binary);
    }
    if !c.labels.is_empty() {
        object["metadata"]["labels"] = json!(c.labels);
    }
    object
}

/// A Secret as the API server returns it: `data` in base64 (`stringData` was merged into it).
pub(super) fn secret_object(s: &Secret, created_ms: u64) -> Value {
    let data: BTreeMap<&String, String> = s
        .data
        .iter()
        .map(|(k, v)| (k, data_encoding::BASE64.encode(v)))
        .collect();
    let mut object = json!({"apiVersion": "v1", "kind": "Secret", "type": s.secret_type,
        "metadata": {"name": s.name, "namespace": s.namespace, "creationTimestamp": table::timestamp(created_ms)}});
    if !data.is_empty() {
        object["data"] = json!(data);
    }
    if !s.labels.is_empty() {
        object["metadata"]["labels"] = json!(s.labels);
    }
    object
}

fn labels_line(labels: &BTreeMap<String, String>) -> Vec<String> {
    if labels.is_empty() {
        vec!["<none>".into()]
    } else {
        labels.iter().map(|(k, v)| format!("{k}={v}")).collect()
    }
}

fn head(name: &str, namespace: &str, labels: &BTreeMap<String, String>) -> String {
    let mut out = format!("Name:\t{name}\nNamespace:\t{namespace}\n");
    for (i, l) in labels_line(labels).iter().enumerate() {
        out.push_str(if i == 0 { "Labels:\t" } else { "\t" });
        out.push_str(l);
        out.push('\n');
    }
    out.push_str("Annotations:\t<none>\n");
    out
}

/// `describeConfigMap`: each key of `data` with its value under a `----` rule, the sizes of
/// `binaryData`, then the events.
pub(super) fn describe_config_map(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some((c, _)) = cluster.config_map(namespace, name) else {
        return Output::err(format!(
            "Error from server (NotFound): configmaps \"{name}\" not found"
        ));
    };
    let mut out = table::tabwrite(&head(&c.name, &c.namespace, &c.labels), 0, 2);
    out.push_str("\nData\n====\n");
    for (k, v) in &c.data {
        out.push_str(&format!("{k}:\n----\n{v}\n"));
    }
    out.push_str("\nBinaryData\n====\n");
    for (k, v) in &c.binary_data {
        out.push_str(&format!("{k}: {} bytes\n", v.len()));
    }
    out.push_str("\nEvents:  <none>\n");
    Output::ok(out)
}

/// `describeSecret`: the type and each key's size, never the values.
pub(super) fn describe_secret(cluster: &Cluster, namespace: &str, name: &str) -> Output {
    let Some((s, _)) = cluster.secret(namespace, name) else {
        return Output::err(format!(
            "Error from server (NotFound): secrets \"{name}\" not found"
        ));
    };
    let mut out = table::tabwrite(&head(&s.name, &s.namespace, &s.labels), 0, 2);
    out.push_str(&table::tabwrite(&format!("\nType:\t{}\n", s.secret_type), 0, 2));
    out.push_str("\nData\n====\n");
    let sizes: String = s
        .data
        .iter()
        .map(|(k, v)| format!("{k}:\t{} bytes\n", v.len()))
        .collect();
    out.push_str(&table::tabwrite(&sizes, 0, 2));
    Output::ok(out)
}
