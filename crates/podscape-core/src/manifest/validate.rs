//! Validation as the API server does it (`pkg/apis/{apps,core,networking}/validation`), on the
//! positioned tree, after strict decoding succeeded and with the defaults in mind.
//!
//! Each rule produces a field error rendered like `field/errors.go` does:
//! `<path>: <Type>[: <value>][: <detail>]`, values as Go prints them (strings quoted, numbers bare,
//! maps and structs as JSON, as from v1.34). Rules run in the order the Go code runs them, so a
//! list of errors reads like kubectl's.

use std::collections::{BTreeMap, BTreeSet};

use super::yaml::{Node, Pos, Value};
use crate::api::addr::{in_service_cidr, Ipv4};
use crate::api::{LabelSelector, LabelSelectorRequirement, SERVICE_CIDR};

/// What a field error is anchored to when the validator does not give a position itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The value at the path (or the deepest parent that exists).
    Value,
    /// The key of the field at the path.
    Key,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub path: String,
    pub message: String,
    pub pos: Option<Pos>,
    pub anchor: Anchor,
    pub hint: Option<String>,
    pub warning: bool,
}

#[derive(Default)]
pub struct Errors {
    pub list: Vec<FieldError>,
}

impl Errors {
    fn push(&mut self, path: &str, message: String, anchor: Anchor) -> &mut FieldError {
        self.list.push(FieldError {
            path: path.to_string(),
            message,
            pos: None,
            anchor,
            hint: None,
            warning: false,
        });
        self.list.last_mut().expect("just pushed")
    }

    pub fn invalid(&mut self, path: &str, value: &str, detail: &str) -> &mut FieldError {
        self.push(
            path,
            format!("{path}: Invalid value: {value}: {detail}"),
            Anchor::Value,
        )
    }

    pub fn required(&mut self, path: &str, detail: &str) -> &mut FieldError {
        let message = if detail.is_empty() {
            format!("{path}: Required value")
        } else {
            format!("{path}: Required value: {detail}")
        };
        self.push(path, message, Anchor::Key)
    }

    pub fn duplicate(&mut self, path: &str, value: &str) -> &mut FieldError {
        self.push(path, format!("{path}: Duplicate value: {value}"), Anchor::Value)
    }

    pub fn unsupported(&mut self, path: &str, value: &str, supported: &[&str]) -> &mut FieldError {
        let list: Vec<String> = supported.iter().map(|s| format!("\"{s}\"")).collect();
        self.push(
            path,
            format!(
                "{path}: Unsupported value: {value}: supported values: {}",
                list.join(", ")
            ),
            Anchor::Value,
        )
    }

    pub fn forbidden(&mut self, path: &str, detail: &str) -> &mut FieldError {
        self.push(path, format!("{path}: Forbidden: {detail}"), Anchor::Key)
    }

    pub fn not_found(&mut self, path: &str, value: &str) -> &mut FieldError {
        self.push(path, format!("{path}: Not found: {value}"), Anchor::Value)
    }

    pub fn warn(&mut self, path: &str, message: String) -> &mut FieldError {
        let e = self.push(path, message, Anchor::Value);
        e.warning = true;
        e
    }
}

impl FieldError {
    pub fn at(&mut self, pos: Pos) -> &mut Self {
        self.pos = Some(pos);
        self
    }

    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Values as Go prints them.

pub use crate::api::quote;

/// A string map as JSON with sorted keys (`{"app":"web"}`), `null` when absent.
pub fn json_map(map: Option<&BTreeMap<String, String>>) -> String {
    match map {
        None => "null".into(),
        Some(m) => serde_json::to_string(m).unwrap_or_default(),
    }
}

fn render(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => quote(s),
        Value::Int(i) => i.to_string(),
        _ => node.to_json().to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Name and label rules (`apimachinery/pkg/util/validation`).

const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
pub const PORT_RANGE_MSG: &str = "must be between 1 and 65535, inclusive";

fn max_len(n: usize) -> String {
    format!("must be no more than {n} characters")
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn matches_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && is_lower_alnum(b[0])
        && is_lower_alnum(b[b.len() - 1])
        && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
}

fn matches_dns1123_subdomain(s: &str) -> bool {
    s.split('.').all(matches_dns1123_label)
}

pub fn dns1123_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len(63));
    }
    if !matches_dns1123_label(s) {
        if matches_dns1123_subdomain(s) {
            errs.push("must not contain dots".into());
        } else {
            errs.push(DNS1123_LABEL_MSG.into());
        }
    }
    errs
}

pub fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push(max_len(253));
    }
    if !matches_dns1123_subdomain(s) {
        errs.push(DNS1123_SUBDOMAIN_MSG.into());
    }
    errs
}

pub fn dns1035_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len(63));
    }
    let b = s.as_bytes();
    let ok = !b.is_empty()
        && b[0].is_ascii_lowercase()
        && is_lower_alnum(b[b.len() - 1])
        && b.iter().all(|&c| is_lower_alnum(c) || c == b'-');
    if !ok {
        errs.push(DNS1035_LABEL_MSG.into());
    }
    errs
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn matches_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

pub fn qualified_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = s.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".into());
            } else {
                for msg in dns1123_subdomain(prefix) {
                    errs.push(format!("prefix part {msg}"));
                }
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a qualified name {QUALIFIED_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".into());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len(63)));
    }
    if !name.is_empty() && !matches_qualified_name_part(name) {
        errs.push(format!("name part {QUALIFIED_NAME_MSG}"));
    }
    errs
}

pub fn label_value(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len(63));
    }
    if !s.is_empty() && !matches_qualified_name_part(s) {
        errs.push(LABEL_VALUE_MSG.into());
    }
    errs
}

/// `IsValidPortName`: an IANA_SVC_NAME.
pub fn port_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 15 {
        errs.push(max_len(15));
    }
    if !s.bytes().all(|c| is_lower_alnum(c) || c == b'-') || s.is_empty() {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if !s.bytes().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".into());
    }
    if s.contains("--") {
        errs.push("must not contain consecutive hyphens".into());
    }
    if s.starts_with('-') || s.ends_with('-') {
        errs.push("must not begin or end with a hyphen".into());
    }
    errs
}

fn port_num(n: i64) -> Option<&'static str> {
    (!(1..=65535).contains(&n)).then_some(PORT_RANGE_MSG)
}

fn is_ip(s: &str) -> bool {
    Ipv4::parse(s).is_some() || (s.contains(':') && s.parse::<std::net::Ipv6Addr>().is_ok())
}

// ---------------------------------------------------------------------------------------------
// Reading the tree.

fn get<'a>(node: Option<&'a Node>, key: &str) -> Option<&'a Node> {
    node.and_then(|n| n.get(key)).filter(|n| !n.is_null())
}

fn text<'a>(node: Option<&'a Node>, key: &str) -> Option<&'a str> {
    get(node, key).and_then(Node::as_str)
}

fn int(node: Option<&Node>, key: &str) -> Option<i64> {
    get(node, key).and_then(Node::as_i64)
}

/// A string map (labels, selectors), keeping only string values (decoding reported the rest).
pub fn string_map(node: Option<&Node>) -> BTreeMap<String, String> {
    node.map(|n| {
        n.entries()
            .iter()
            .filter_map(|e| e.value.as_str().map(|v| (e.key.clone(), v.to_string())))
            .collect()
    })
    .unwrap_or_default()
}

fn items(node: Option<&Node>) -> &[Node] {
    node.map(Node::items).unwrap_or(&[])
}

/// Applies `check` to a name and reports each message as an invalid value at `path`.
fn name_rule(e: &mut Errors, path: &str, node: &Node, check: fn(&str) -> Vec<String>) {
    if let Some(s) = node.as_str() {
        for msg in check(s) {
            e.invalid(path, &quote(s), &msg).at(node.pos);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Metadata, labels, selectors.

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    Dns1123Subdomain,
    Dns1035Label,
    Dns1123Label,
}

pub fn object_meta(e: &mut Errors, root: &Node, rule: NameRule, namespaced: bool) {
    let meta = get(Some(root), "metadata");
    match get(meta, "name") {
        Some(name) if name.as_str().is_some_and(|s| !s.is_empty()) => {
            let check = match rule {
                NameRule::Dns1123Subdomain => dns1123_subdomain,
                NameRule::Dns1035Label => dns1035_label,
                NameRule::Dns1123Label => dns1123_label,
            };
            name_rule(e, "metadata.name", name, check);
            if rule == NameRule::Dns1035Label {
                if let Some(s) = name.as_str() {
                    if !dns1035_label(s).is_empty() && dns1035_label(&s.to_ascii_lowercase()).is_empty() {
                        e.list.last_mut().expect("reported").hint = Some(format!(
                            "Service names are lower case: \"{}\"",
                            s.to_ascii_lowercase()
                        ));
                    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
                        e.list.last_mut().expect("reported").hint =
                            Some("a Service name must start with a letter (it becomes a DNS label)".into());
                    }
                }
            }
        }
        _ => {
            if text(meta, "generateName").is_none() {
                e.required("metadata.name", "name or generateName is required")
                    .hint("add `metadata:` with `name: my-app`");
            }
        }
    }
    if let Some(ns) = get(meta, "namespace") {
        if namespaced {
            name_rule(e, "metadata.namespace", ns, dns1123_label);
        } else if ns.as_str().is_some_and(|s| !s.is_empty()) {
            e.forbidden("metadata.namespace", "not allowed on this type");
        }
    }
    labels(e, get(meta, "labels"), "metadata.labels");
    annotations(e, get(meta, "annotations"), "metadata.annotations");
}

pub fn labels(e: &mut Errors, node: Option<&Node>, path: &str) {
    let Some(node) = node else { return };
    for entry in node.entries() {
        for msg in qualified_name(&entry.key) {
            e.invalid(path, &quote(&entry.key), &msg).at(entry.key_pos);
        }
        if let Some(v) = entry.value.as_str() {
            for msg in label_value(v) {
                e.invalid(path, &quote(v), &msg).at(entry.value.pos);
            }
        }
    }
}

fn annotations(e: &mut Errors, node: Option<&Node>, path: &str) {
    let Some(node) = node else { return };
    let mut total = 0;
    for entry in node.entries() {
        for msg in qualified_name(&entry.key.to_ascii_lowercase()) {
            e.invalid(path, &quote(&entry.key), &msg).at(entry.key_pos);
        }
        total += entry.key.len() + entry.value.as_str().map_or(0, str::len);
    }
    if total > 256 * 1024 {
        e.push(
            path,
            format!("{path}: Too long: must have at most 262144 bytes"),
            Anchor::Key,
        );
    }
}

/// A `LabelSelector` as written, for matching (see [`crate::api::selector`]).
pub fn read_selector(node: &Node) -> LabelSelector {
    LabelSelector {
        match_labels: string_map(get(Some(node), "matchLabels")),
        match_expressions: items(get(Some(node), "matchExpressions"))
            .iter()
            .map(|r| LabelSelectorRequirement {
                key: text(Some(r), "key").unwrap_or("").to_string(),
                operator: text(Some(r), "operator").unwrap_or("").to_string(),
                values: items(get(Some(r), "values"))
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
            })
            .collect(),
    }
}

pub fn label_selector(e: &mut Errors, node: &Node, path: &str) {
    labels(e, get(Some(node), "matchLabels"), &format!("{path}.matchLabels"));
    for (i, req) in items(get(Some(node), "matchExpressions")).iter().enumerate() {
        let p = format!("{path}.matchExpressions[{i}]");
        let values = items(get(Some(req), "values"));
        match text(Some(req), "operator").unwrap_or("") {
            "In" | "NotIn" => {
                if values.is_empty() {
                    e.required(
                        &format!("{p}.values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    );
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    e.forbidden(
                        &format!("{p}.values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    );
                }
            }
            op => {
                e.invalid(
                    &format!("{p}.operator"),
                    &quote(op),
                    "not a valid selector operator",
                )
                .hint("operators are In, NotIn, Exists and DoesNotExist (case matters)");
            }
        }
        if let Some(key) = get(Some(req), "key") {
            name_rule(e, &format!("{p}.key"), key, qualified_name);
        }
        for (j, value) in values.iter().enumerate() {
            name_rule(e, &format!("{p}.values[{j}]"), value, label_value);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pods.

pub fn pod_template(e: &mut Errors, template: Option<&Node>, path: &str) {
    let meta = get(template, "metadata");
    labels(e, get(meta, "labels"), &format!("{path}.metadata.labels"));
    annotations(
        e,
        get(meta, "annotations"),
        &format!("{path}.metadata.annotations"),
    );
    // ValidatePodSpecificAnnotations: pod-deletion-cost must parse as the controller reads it.
    let cost_key = crate::api::POD_DELETION_COST;
    if let Some(entry) = get(meta, "annotations")
        .into_iter()
        .flat_map(|n| n.entries())
        .find(|entry| entry.key == cost_key)
    {
        // A non-string value is strict decoding's error already.
        let value = entry.value.as_str().unwrap_or("0");
        let map = BTreeMap::from([(cost_key.to_string(), value.to_string())]);
        if crate::api::deletion_cost(&map).is_none() {
            e.invalid(
                &format!("{path}.metadata.annotations[{cost_key}]"),
                &quote(value),
                "must be a 32bit integer",
            )
            .at(entry.value.pos);
        }
    }
    let spec_path = format!("{path}.spec");
    pod_spec(e, get(template, "spec"), &spec_path);
    let spec = get(template, "spec");
    if let Some(policy) = get(spec, "restartPolicy") {
        if policy.as_str().is_some_and(|p| p != "Always") {
            e.unsupported(
                &format!("{spec_path}.restartPolicy"),
                &render(policy),
                &["Always"],
            )
            .hint("a Deployment's pods always restart: remove `restartPolicy` or set it to Always");
        }
    }
    if get(spec, "activeDeadlineSeconds").is_some() {
        e.forbidden(
            &format!("{spec_path}.activeDeadlineSeconds"),
            "activeDeadlineSeconds in ReplicaSet is not Supported",
        );
    }
}

const RESTART_POLICIES: &[&str] = &["Always", "Never", "OnFailure"];

pub fn pod_spec(e: &mut Errors, spec: Option<&Node>, path: &str) {
    // Volumes first: containers refer to them.
    let mut volume_names = BTreeSet::new();
    for (i, volume) in items(get(spec, "volumes")).iter().enumerate() {
        let p = format!("{path}.volumes[{i}]");
        match get(Some(volume), "name") {
            Some(name) if name.as_str().is_some_and(|s| !s.is_empty()) => {
                name_rule(e, &format!("{p}.name"), name, dns1123_label);
                let s = name.as_str().unwrap_or_default();
                if !volume_names.insert(s.to_string()) {
                    e.duplicate(&format!("{p}.name"), &quote(s)).at(name.pos);
                }
            }
            _ => {
                e.required(&format!("{p}.name"), "");
            }
        }
        let sources: Vec<_> = volume
            .entries()
            .iter()
            .filter(|en| en.key != "name" && !en.value.is_null())
            .collect();
        if sources.is_empty() {
            e.required(&p, "must specify a volume type")
                .hint("add a source such as `emptyDir: {}` or `configMap: {name: ...}`");
        }
        for extra in sources.iter().skip(1) {
            e.forbidden(
                &format!("{p}.{}", extra.key),
                "may not specify more than 1 volume type",
            )
            .at(extra.key_pos);
        }
    }
    let containers = items(get(spec, "containers"));
    if containers.is_empty() {
        e.required(&format!("{path}.containers"), "")
            .hint("a pod needs at least one container with a `name` and an `image`");
    }
    let mut names = BTreeSet::new();
    for (i, c) in items(get(spec, "initContainers")).iter().enumerate() {
        container(
            e,
            c,
            &format!("{path}.initContainers[{i}]"),
            &volume_names,
            &mut names,
            false,
        );
    }
    for (i, c) in containers.iter().enumerate() {
        container(
            e,
            c,
            &format!("{path}.containers[{i}]"),
            &volume_names,
            &mut names,
            true,
        );
    }
    if let Some(policy) = get(spec, "restartPolicy") {
        if policy.as_str().is_some_and(|p| !RESTART_POLICIES.contains(&p)) {
            e.unsupported(
                &format!("{path}.restartPolicy"),
                &render(policy),
                RESTART_POLICIES,
            );
        }
    }
    if let Some(policy) = get(spec, "dnsPolicy") {
        const DNS: &[&str] = &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];
        if policy.as_str().is_some_and(|p| !DNS.contains(&p)) {
            e.unsupported(&format!("{path}.dnsPolicy"), &render(policy), DNS);
        }
    }
    labels(e, get(spec, "nodeSelector"), &format!("{path}.nodeSelector"));
    if let Some(sa) = get(spec, "serviceAccountName") {
        name_rule(e, &format!("{path}.serviceAccountName"), sa, dns1123_subdomain);
    }
    for (i, t) in items(get(spec, "tolerations")).iter().enumerate() {
        let p = format!("{path}.tolerations[{i}]");
        let operator = text(Some(t), "operator").unwrap_or("Equal");
        if !["Equal", "Exists"].contains(&operator) {
            e.unsupported(&format!("{p}.operator"), &quote(operator), &["Equal", "Exists"]);
        }
        if operator == "Exists" && text(Some(t), "value").is_some_and(|v| !v.is_empty()) {
            e.invalid(
                &format!("{p}.operator"),
                &quote(operator),
                "value must be empty when `operator` is 'Exists'",
            );
        }
        if let Some(effect) = text(Some(t), "effect") {
            const EFFECTS: &[&str] = &["NoExecute", "NoSchedule", "PreferNoSchedule"];
            if !effect.is_empty() && !EFFECTS.contains(&effect) {
                e.unsupported(&format!("{p}.effect"), &quote(effect), EFFECTS);
            }
        }
    }
}

fn container(
    e: &mut Errors,
    c: &Node,
    path: &str,
    volumes: &BTreeSet<String>,
    names: &mut BTreeSet<String>,
    regular: bool,
) {
    match get(Some(c), "name") {
        Some(name) if name.as_str().is_some_and(|s| !s.is_empty()) => {
            let s = name.as_str().unwrap_or_default();
            name_rule(e, &format!("{path}.name"), name, dns1123_label);
            if !names.insert(s.to_string()) {
                e.duplicate(&format!("{path}.name"), &quote(s)).at(name.pos);
            }
        }
        _ => {
            e.required(&format!("{path}.name"), "");
        }
    }
    match get(Some(c), "image").and_then(Node::as_str) {
        None | Some("") => {
            e.required(&format!("{path}.image"), "")
                .hint("add `image: nginx:1.27` (any image reference)");
        }
        Some(image) if image.trim() != image => {
            let node = get(Some(c), "image").expect("present");
            e.invalid(
                &format!("{path}.image"),
                &quote(image),
                "must not have leading or trailing whitespace",
            )
            .at(node.pos);
        }
        Some(_) => {}
    }
    if let Some(policy) = get(Some(c), "imagePullPolicy") {
        const POLICIES: &[&str] = &["Always", "IfNotPresent", "Never"];
        if policy.as_str().is_some_and(|p| !POLICIES.contains(&p)) {
            e.unsupported(&format!("{path}.imagePullPolicy"), &render(policy), POLICIES);
        }
    }
    let mut port_names = BTreeSet::new();
    for (i, port) in items(get(Some(c), "ports")).iter().enumerate() {
        let p = format!("{path}.ports[{i}]");
        if let Some(name) = get(Some(port), "name") {
            let s = name.as_str().unwrap_or_default();
            if !s.is_empty() {
                let msgs = port_name(s);
                for msg in &msgs {
                    e.invalid(&format!("{p}.name"), &quote(s), msg).at(name.pos);
                }
                if msgs.is_empty() && !port_names.insert(s.to_string()) {
                    e.duplicate(&format!("{p}.name"), &quote(s)).at(name.pos);
                }
            }
        }
        match get(Some(port), "containerPort") {
            Some(n) if n.as_i64().is_some_and(|v| v != 0) => {
                if let Some(msg) = port_num(n.as_i64().unwrap_or(0)) {
                    e.invalid(&format!("{p}.containerPort"), &render(n), msg)
                        .at(n.pos);
                }
            }
            _ => {
                e.required(&format!("{p}.containerPort"), "");
            }
        }
        if let Some(n) = get(Some(port), "hostPort") {
            if let Some(msg) = n.as_i64().filter(|v| *v != 0).and_then(port_num) {
                e.invalid(&format!("{p}.hostPort"), &render(n), msg).at(n.pos);
            }
        }
        protocol(e, get(Some(port), "protocol"), &format!("{p}.protocol"));
    }
    for (i, env) in items(get(Some(c), "env")).iter().enumerate() {
        if text(Some(env), "name").is_none_or(str::is_empty) {
            e.required(&format!("{path}.env[{i}].name"), "");
        }
    }
    for (i, mount) in items(get(Some(c), "volumeMounts")).iter().enumerate() {
        let p = format!("{path}.volumeMounts[{i}]");
        match get(Some(mount), "name") {
            Some(name) if name.as_str().is_some_and(|s| !s.is_empty()) => {
                let s = name.as_str().unwrap_or_default();
                if !volumes.contains(s) {
                    e.not_found(&format!("{p}.name"), &quote(s))
                        .at(name.pos)
                        .hint("every volumeMount needs a volume of the same name under the pod's `volumes:`");
                }
            }
            _ => {
                e.required(&format!("{p}.name"), "");
            }
        }
        if text(Some(mount), "mountPath").is_none_or(str::is_empty) {
            e.required(&format!("{p}.mountPath"), "");
        }
    }
    resources(e, get(Some(c), "resources"), &format!("{path}.resources"));
    if regular {
        for probe_name in ["livenessProbe", "readinessProbe", "startupProbe"] {
            if let Some(p) = get(Some(c), probe_name) {
                probe(
                    e,
                    p,
                    &format!("{path}.{probe_name}"),
                    probe_name != "readinessProbe",
                );
            }
        }
    }
}

fn protocol(e: &mut Errors, node: Option<&Node>, path: &str) {
    const PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];
    if let Some(node) = node {
        if let Some(p) = node.as_str() {
            if p.is_empty() {
                e.required(path, "");
            } else if !PROTOCOLS.contains(&p) {
                let hint = if PROTOCOLS.contains(&p.to_ascii_uppercase().as_str()) {
                    format!("protocols are upper case: \"{}\"", p.to_ascii_uppercase())
                } else {
                    "HTTP is not a transport protocol: use TCP (and `appProtocol: http` if you like)".into()
                };
                e.unsupported(path, &quote(p), PROTOCOLS).at(node.pos).hint(hint);
            }
        }
    }
}

fn resources(e: &mut Errors, node: Option<&Node>, path: &str) {
    let requests = get(node, "requests");
    let limits = get(node, "limits");
    for entry in requests.map(Node::entries).unwrap_or(&[]) {
        let Some(limit) = get(limits, &entry.key) else {
            continue;
        };
        let (Some(request_value), Some(limit_value)) = (quantity(&entry.value), quantity(limit)) else {
            continue;
        };
        if request_value > limit_value {
            e.invalid(
                &format!("{path}.requests[{}]", entry.key),
                &quote(&quantity_text(&entry.value)),
                &format!(
                    "must be less than or equal to {} limit of {}",
                    entry.key,
                    quantity_text(limit)
                ),
            )
            .at(entry.value.pos);
        }
    }
}

pub fn quantity(node: &Node) -> Option<f64> {
    match &node.value {
        Value::Str(s) => super::schema::parse_quantity(s),
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn quantity_text(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.clone(),
        _ => node.to_json().to_string(),
    }
}

fn probe(e: &mut Errors, p: &Node, path: &str, success_must_be_one: bool) {
    let handlers: Vec<_> = ["exec", "httpGet", "tcpSocket", "grpc"]
        .into_iter()
        .filter(|h| get(Some(p), h).is_some())
        .collect();
    if handlers.is_empty() {
        e.required(path, "must specify a handler type")
            .hint("add one of `httpGet`, `tcpSocket`, `exec` or `grpc`");
    }
    for extra in handlers.iter().skip(1) {
        e.forbidden(
            &format!("{path}.{extra}"),
            "may not specify more than 1 handler type",
        );
    }
    for field in [
        "initialDelaySeconds",
        "timeoutSeconds",
        "periodSeconds",
        "successThreshold",
        "failureThreshold",
    ] {
        if let Some(n) = get(Some(p), field) {
            if n.as_i64().is_some_and(|v| v < 0) {
                e.invalid(
                    &format!("{path}.{field}"),
                    &render(n),
                    "must be greater than or equal to 0",
                )
                .at(n.pos);
            }
        }
    }
    if success_must_be_one {
        if let Some(n) = get(Some(p), "successThreshold") {
            if n.as_i64().is_some_and(|v| v != 1) {
                e.invalid(&format!("{path}.successThreshold"), &render(n), "must be 1")
                    .at(n.pos);
            }
        }
    }
    for handler in ["httpGet", "tcpSocket"] {
        let h = get(Some(p), handler);
        if h.is_none() {
            continue;
        }
        let port_path = format!("{path}.{handler}.port");
        match get(h, "port") {
            None => {
                e.required(&port_path, "");
            }
            Some(port) => port_num_or_name(e, port, &port_path),
        }
        if handler == "httpGet" {
            if let Some(scheme) = get(h, "scheme") {
                if scheme.as_str().is_some_and(|s| !["HTTP", "HTTPS"].contains(&s)) {
                    e.unsupported(
                        &format!("{path}.httpGet.scheme"),
                        &render(scheme),
                        &["HTTP", "HTTPS"],
                    );
                }
            }
        }
    }
    if let Some(port) = get(get(Some(p), "grpc"), "port") {
        if let Some(msg) = port.as_i64().and_then(port_num) {
            e.invalid(&format!("{path}.grpc.port"), &render(port), msg)
                .at(port.pos);
        }
    }
}

/// `ValidatePortNumOrName`.
pub fn port_num_or_name(e: &mut Errors, port: &Node, path: &str) {
    match &port.value {
        Value::Str(s) => {
            let msgs = port_name(s);
            let numeric = s.parse::<i64>().is_ok();
            for msg in msgs {
                let err = e.invalid(path, &quote(s), &msg).at(port.pos);
                if numeric {
                    err.hint(format!(
                        "a quoted number is a port *name*: write {s} without quotes"
                    ));
                }
            }
        }
        _ => {
            if let Some(n) = port.as_i64() {
                if let Some(msg) = port_num(n) {
                    e.invalid(path, &n.to_string(), msg).at(port.pos);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Workloads.

/// `ValidateDeploymentSpec` / `ValidateReplicaSetSpec`.
pub fn workload_spec(e: &mut Errors, root: &Node, deployment: bool) {
    let spec = get(Some(root), "spec");
    if spec.is_none() {
        e.required("spec", "");
    }
    nonnegative(e, get(spec, "replicas"), "spec.replicas");
    let selector_node = get(spec, "selector");
    let template = get(spec, "template");
    let template_labels = get(get(template, "metadata"), "labels").map(|n| string_map(Some(n)));
    match selector_node {
        None => {
            e.required("spec.selector", "").hint(
                "apps/v1 needs `selector: {matchLabels: ...}` equal to (a subset of) the template's labels",
            );
        }
        Some(node) => {
            label_selector(e, node, "spec.selector");
            if read_selector(node).is_empty() {
                e.invalid("spec.selector", "{}", "empty selector is invalid for deployment");
            }
        }
    }
    let selector = selector_node.map(read_selector);
    // A missing selector matches nothing; an empty one matches everything (and is reported above).
    let matches = match &selector {
        None => false,
        Some(s) if s.is_empty() => true,
        Some(s) => s.matches(template_labels.as_ref().unwrap_or(&BTreeMap::new())),
    };
    if template.is_none() {
        e.required("spec.template", "");
    } else if !matches {
        let shown = json_map(template_labels.as_ref());
        let err = e.invalid(
            "spec.template.metadata.labels",
            &shown,
            "`selector` does not match template `labels`",
        );
        if let Some(s) = &selector {
            err.hint(format!(
                "selector matchLabels {} vs template labels {shown}: every selector label must appear in the template",
                json_map(Some(&s.match_labels))
            ));
        }
    }
    if template.is_some() {
        pod_template(e, template, "spec.template");
    }
    if deployment {
        strategy(e, get(spec, "strategy"));
    }
    nonnegative(e, get(spec, "minReadySeconds"), "spec.minReadySeconds");
    if deployment {
        nonnegative(e, get(spec, "revisionHistoryLimit"), "spec.revisionHistoryLimit");
        if let Some(deadline) = get(spec, "progressDeadlineSeconds") {
            nonnegative(e, Some(deadline), "spec.progressDeadlineSeconds");
            let min_ready = int(spec, "minReadySeconds").unwrap_or(0);
            if deadline.as_i64().is_some_and(|d| d <= min_ready) {
                e.invalid(
                    "spec.progressDeadlineSeconds",
                    &render(deadline),
                    "must be greater than minReadySeconds",
                )
                .at(deadline.pos);
            }
        }
    }
}

fn nonnegative(e: &mut Errors, node: Option<&Node>, path: &str) {
    if let Some(n) = node {
        if n.as_i64().is_some_and(|v| v < 0) {
            e.invalid(path, &render(n), "must be greater than or equal to 0")
                .at(n.pos);
        }
    }
}

fn strategy(e: &mut Errors, node: Option<&Node>) {
    let kind = text(node, "type").unwrap_or("RollingUpdate");
    let rolling = get(node, "rollingUpdate");
    match kind {
        "Recreate" => {
            if rolling.is_some() {
                e.forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                )
                .hint("remove `rollingUpdate`, or use `type: RollingUpdate`");
            }
        }
        "RollingUpdate" => {
            let path = "spec.strategy.rollingUpdate";
            let unavailable = get(rolling, "maxUnavailable");
            let surge = get(rolling, "maxSurge");
            for (node, p) in [(unavailable, "maxUnavailable"), (surge, "maxSurge")] {
                let Some(node) = node else { continue };
                let p = format!("{path}.{p}");
                match &node.value {
                    Value::Str(s) => {
                        if !is_percent(s) {
                            let err = e.invalid(&p, &quote(s), PERCENT_MSG).at(node.pos);
                            if s.parse::<i64>().is_ok() {
                                err.hint(format!("write {s} without quotes for a count, or \"{s}%\""));
                            }
                        }
                    }
                    _ => nonnegative(e, Some(node), &p),
                }
            }
            // Defaults are 25% each, so a missing one is never 0.
            let value = |n: Option<&Node>| n.map_or(25, int_or_percent_value);
            if value(unavailable) == 0 && value(surge) == 0 {
                let shown = unavailable.map_or_else(|| "0".into(), render);
                let err = e.invalid(
                    &format!("{path}.maxUnavailable"),
                    &shown,
                    "may not be 0 when `maxSurge` is 0",
                );
                err.hint(
                    "with both 0 a rollout could never replace a pod; allow a surge or an unavailable pod",
                );
            }
            if let Some(node) = unavailable {
                if let Some(pct) = node.as_str().filter(|s| is_percent(s)) {
                    if pct.trim_end_matches('%').parse::<u64>().is_ok_and(|v| v > 100) {
                        e.invalid(
                            &format!("{path}.maxUnavailable"),
                            &quote(pct),
                            "must not be greater than 100%",
                        )
                        .at(node.pos);
                    }
                }
            }
        }
        other => {
            e.unsupported("spec.strategy", &quote(other), &["Recreate", "RollingUpdate"])
                .at(get(node, "type").map_or(Pos::default(), |n| n.pos))
                .hint("the strategy `type` is Recreate or RollingUpdate");
        }
    }
}

fn is_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// `getIntOrPercentValue`: the number of a percent, else the integer (a bad string counts 0).
fn int_or_percent_value(node: &Node) -> i64 {
    match &node.value {
        Value::Str(s) => match s.strip_suffix('%') {
            Some(d) if is_percent(s) => d.parse().unwrap_or(0),
            _ => s.parse().unwrap_or(0),
        },
        _ => node.as_i64().unwrap_or(0),
    }
}

// ---------------------------------------------------------------------------------------------
// Services.

pub const SERVICE_TYPES: &[&str] = &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

/// `ValidateService` (create), plus the NodePort and ClusterIP allocators' range checks.
pub fn service(e: &mut Errors, root: &Node) {
    let spec = get(Some(root), "spec");
    let kind = text(spec, "type").unwrap_or("ClusterIP");
    let cluster_ip_node = get(spec, "clusterIP");
    let cluster_ip = cluster_ip_node.and_then(Node::as_str).unwrap_or("");
    let headless = cluster_ip == "None";
    let ports = items(get(spec, "ports"));
    if ports.is_empty() && !headless && kind != "ExternalName" {
        e.required("spec.ports", "")
            .hint("add `ports: [{port: 80, targetPort: 8080}]` (a headless Service may omit them)");
    }
    match kind {
        "LoadBalancer" | "NodePort" if headless => {
            e.invalid(
                "spec.clusterIPs[0]",
                "\"None\"",
                &format!("may not be set to 'None' for {kind} services"),
            )
            .at(cluster_ip_node.map_or(Pos::default(), |n| n.pos));
        }
        "ExternalName" => {
            if !cluster_ip.is_empty() {
                e.forbidden("spec.clusterIPs", "may not be set for ExternalName services")
                    .at(cluster_ip_node.map_or(Pos::default(), |n| n.pos));
            }
            match get(spec, "externalName") {
                Some(name) if name.as_str().is_some_and(|s| !s.trim_end_matches('.').is_empty()) => {
                    let cname = name.as_str().unwrap_or_default().trim_end_matches('.');
                    for msg in dns1123_subdomain(cname) {
                        e.invalid("spec.externalName", &quote(cname), &msg).at(name.pos);
                    }
                }
                _ => {
                    e.required("spec.externalName", "")
                        .hint("an ExternalName Service is a DNS alias: add `externalName: db.example.com`");
                }
            }
        }
        _ => {}
    }
    let mut port_names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        service_port(
            e,
            port,
            &format!("spec.ports[{i}]"),
            ports.len() > 1,
            &mut port_names,
        );
    }
    labels(e, get(spec, "selector"), "spec.selector");
    let affinity = text(spec, "sessionAffinity").unwrap_or("None");
    if !["ClientIP", "None"].contains(&affinity) {
        e.unsupported("spec.sessionAffinity", &quote(affinity), &["ClientIP", "None"]);
    }
    if affinity == "ClientIP" {
        let timeout = get(
            get(get(spec, "sessionAffinityConfig"), "clientIP"),
            "timeoutSeconds",
        );
        if let Some(t) = timeout {
            if t.as_i64().is_some_and(|v| v <= 0 || v > 86400) {
                e.invalid(
                    "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                    &render(t),
                    "must be greater than 0 and less than 86400",
                )
                .at(t.pos);
            }
        }
    }
    if let Some(node) = cluster_ip_node {
        if !cluster_ip.is_empty() && !headless && kind != "ExternalName" {
            if !is_ip(cluster_ip) {
                e.invalid(
                    "spec.clusterIPs[0]",
                    &quote(cluster_ip),
                    "must be empty, 'None', or a valid IP address",
                )
                .at(node.pos);
            } else if !in_service_cidr(cluster_ip) {
                e.invalid(
                    "spec.clusterIPs",
                    &format!("[{}]", quote(cluster_ip)),
                    &format!(
                        "failed to allocate IP {cluster_ip}: the provided IP ({cluster_ip}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"
                    ),
                )
                .at(node.pos)
                .hint("leave `clusterIP` out and the cluster picks a free address");
            }
        }
    }
    for (i, ip) in items(get(spec, "externalIPs")).iter().enumerate() {
        if let Some(s) = ip.as_str() {
            if !is_ip(s) {
                e.invalid(
                    &format!("spec.externalIPs[{i}]"),
                    &quote(s),
                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                )
                .at(ip.pos);
            }
        }
    }
    if !SERVICE_TYPES.contains(&kind) {
        let node = get(spec, "type").expect("a type other than the default was written");
        let err = e
            .unsupported("spec.type", &quote(kind), SERVICE_TYPES)
            .at(node.pos);
        if let Some(right) = SERVICE_TYPES.iter().find(|t| t.eq_ignore_ascii_case(kind)) {
            err.hint(format!("did you mean \"{right}\"? (case matters)"));
        }
    }
    if kind == "ClusterIP" {
        for (i, port) in ports.iter().enumerate() {
            if int(Some(port), "nodePort").is_some_and(|n| n != 0) {
                e.forbidden(
                    &format!("spec.ports[{i}].nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                )
                .hint("set `type: NodePort` to expose the port on every node");
            }
        }
    }
    let mut node_ports = BTreeSet::new();
    let mut port_keys = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let proto = text(Some(port), "protocol").unwrap_or("TCP");
        if let Some(n) = int(Some(port), "nodePort").filter(|n| *n != 0) {
            if !node_ports.insert((proto, n)) {
                e.duplicate(&format!("spec.ports[{i}].nodePort"), &n.to_string());
            }
        }
        let number = int(Some(port), "port").unwrap_or(0);
        if !port_keys.insert((proto, number)) {
            e.duplicate(
                &format!("spec.ports[{i}]"),
                &format!("{{\"protocol\":\"{proto}\",\"port\":{number}}}"),
            )
            .hint("two entries expose the same port and protocol");
        }
    }
    if get(spec, "loadBalancerSourceRanges").is_some() && kind != "LoadBalancer" {
        e.forbidden(
            "spec.loadBalancerSourceRanges",
            "may only be used when `type` is 'LoadBalancer'",
        );
    }
    let externally_accessible = matches!(kind, "NodePort" | "LoadBalancer")
        || (kind == "ClusterIP" && !items(get(spec, "externalIPs")).is_empty());
    if let Some(policy) = get(spec, "externalTrafficPolicy") {
        let value = policy.as_str().unwrap_or("");
        if !externally_accessible && !value.is_empty() {
            e.invalid(
                "spec.externalTrafficPolicy",
                &quote(value),
                "may only be set for externally-accessible services",
            )
            .at(policy.pos)
            .hint("externalTrafficPolicy applies to NodePort and LoadBalancer Services");
        } else if !value.is_empty() && !["Cluster", "Local"].contains(&value) {
            e.unsupported("spec.externalTrafficPolicy", &quote(value), &["Cluster", "Local"]);
        }
    }
    if let Some(policy) = get(spec, "internalTrafficPolicy") {
        if let Some(value) = policy.as_str().filter(|v| !["Cluster", "Local"].contains(v)) {
            e.unsupported("spec.internalTrafficPolicy", &quote(value), &["Cluster", "Local"]);
        }
    }
    // The NodePort allocator runs after validation; its error reads like a validation error.
    if matches!(kind, "NodePort" | "LoadBalancer") {
        for (i, port) in ports.iter().enumerate() {
            if let Some(n) = get(Some(port), "nodePort") {
                if n.as_i64()
                    .is_some_and(|v| v != 0 && !(30000..=32767).contains(&v))
                {
                    e.invalid(
                        &format!("spec.ports[{i}].nodePort"),
                        &render(n),
                        "provided port is not in the valid range. The range of valid ports is 30000-32767",
                    )
                    .at(n.pos)
                    .hint("pick a nodePort between 30000 and 32767, or leave it out to get one assigned");
                }
            }
        }
    }
}

fn service_port(e: &mut Errors, port: &Node, path: &str, require_name: bool, names: &mut BTreeSet<String>) {
    let name = get(Some(port), "name");
    let name_text = name.and_then(Node::as_str).unwrap_or("");
    if require_name && name_text.is_empty() {
        e.required(&format!("{path}.name"), "")
            .hint("a Service with several ports must name each one (`name: http`)");
    } else if !name_text.is_empty() {
        let node = name.expect("present");
        name_rule(e, &format!("{path}.name"), node, dns1123_label);
        if !names.insert(name_text.to_string()) {
            e.duplicate(&format!("{path}.name"), &quote(name_text))
                .at(node.pos);
        }
    }
    match get(Some(port), "port") {
        Some(n) => {
            if let Some(msg) = n.as_i64().and_then(port_num) {
                e.invalid(&format!("{path}.port"), &render(n), msg).at(n.pos);
            }
        }
        None => {
            e.invalid(&format!("{path}.port"), "0", PORT_RANGE_MSG)
                .hint("every Service port needs `port:` (the port clients connect to)");
        }
    }
    protocol(e, get(Some(port), "protocol"), &format!("{path}.protocol"));
    if let Some(target) = get(Some(port), "targetPort") {
        // 0 and "" are defaulted to `port` before validation.
        let defaulted = matches!(&target.value, Value::Str(s) if s.is_empty()) || target.as_i64() == Some(0);
        if !defaulted {
            port_num_or_name(e, target, &format!("{path}.targetPort"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Ingress (networking.k8s.io/v1).

pub fn ingress(e: &mut Errors, root: &Node) {
    let spec = get(Some(root), "spec");
    let rules = items(get(spec, "rules"));
    let default_backend = get(spec, "defaultBackend");
    if rules.is_empty() && default_backend.is_none() {
        e.invalid(
            "spec",
            "null",
            "either `defaultBackend` or `rules` must be specified",
        );
    }
    if let Some(b) = default_backend {
        ingress_backend(e, b, "spec.defaultBackend");
    }
    for (i, rule) in rules.iter().enumerate() {
        let p = format!("spec.rules[{i}]");
        if let Some(host) = get(Some(rule), "host") {
            if let Some(h) = host.as_str() {
                let bare = h.strip_prefix("*.").unwrap_or(h);
                if is_ip(h) {
                    e.invalid(
                        &format!("{p}.host"),
                        &quote(h),
                        "must be a DNS name, not an IP address",
                    )
                    .at(host.pos);
                } else {
                    for msg in dns1123_subdomain(bare) {
                        e.invalid(&format!("{p}.host"), &quote(h), &msg).at(host.pos);
                    }
                }
            }
        }
        let Some(http) = get(Some(rule), "http") else {
            continue;
        };
        let paths = items(get(Some(http), "paths"));
        if paths.is_empty() {
            e.required(&format!("{p}.http.paths"), "");
        }
        for (j, path) in paths.iter().enumerate() {
            let pp = format!("{p}.http.paths[{j}]");
            const PATH_TYPES: &[&str] = &["Exact", "ImplementationSpecific", "Prefix"];
            match text(Some(path), "pathType") {
                None => {
                    e.required(&format!("{pp}.pathType"), "pathType must be specified")
                        .hint("add `pathType: Prefix` (or Exact)");
                }
                Some(t) if !PATH_TYPES.contains(&t) => {
                    e.unsupported(&format!("{pp}.pathType"), &quote(t), PATH_TYPES);
                }
                Some(t) => {
                    if let Some(value) = text(Some(path), "path") {
                        if t != "ImplementationSpecific" && !value.starts_with('/') {
                            e.invalid(&format!("{pp}.path"), &quote(value), "must be an absolute path");
                        }
                    }
                }
            }
            match get(Some(path), "backend") {
                Some(b) => ingress_backend(e, b, &format!("{pp}.backend")),
                None => {
                    e.required(&format!("{pp}.backend"), "");
                }
            }
        }
    }
}

fn ingress_backend(e: &mut Errors, backend: &Node, path: &str) {
    let service = get(Some(backend), "service");
    let resource = get(Some(backend), "resource");
    match (service, resource) {
        (Some(_), Some(_)) => {
            e.invalid(path, "{}", "cannot set both resource and service backends");
        }
        (None, None) => {
            e.invalid(path, "{}", "resource or service backend is required");
        }
        _ => {}
    }
    let Some(service) = service else { return };
    match get(Some(service), "name") {
        Some(name) => name_rule(e, &format!("{path}.service.name"), name, dns1035_label),
        None => {
            e.required(&format!("{path}.service.name"), "");
        }
    }
    let port = get(Some(service), "port");
    let number = get(port, "number");
    let name = get(port, "name");
    let port_path = format!("{path}.service.port");
    match (name, number) {
        (Some(_), Some(_)) => {
            e.invalid(&port_path, "{}", "cannot set both port name & port number");
        }
        (None, None) => {
            e.required(&port_path, "port name or number is required");
        }
        (Some(n), None) => name_rule(e, &format!("{port_path}.name"), n, port_name),
        (None, Some(n)) => {
            if let Some(msg) = n.as_i64().and_then(port_num) {
                e.invalid(&format!("{port_path}.number"), &render(n), msg)
                    .at(n.pos);
            }
        }
    }
}

// ConfigMaps and Secrets: `validate/config.rs`.
mod config;
pub use config::{config_key, config_map, secret, MAX_CONFIG_BYTES};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_apimachinery() {
        assert!(dns1123_subdomain("web.example").is_empty());
        assert_eq!(dns1123_label("a.b"), ["must not contain dots"]);
        assert_eq!(dns1035_label("1web").len(), 1);
        assert!(dns1035_label("web-1").is_empty());
        assert_eq!(port_name("8080"), ["must contain at least one letter (a-z)"]);
        assert_eq!(
            port_name("http--x"),
            ["must contain consecutive hyphens".replace("must", "must not")]
        );
        assert_eq!(qualified_name("app.kubernetes.io/name"), Vec::<String>::new());
        assert_eq!(qualified_name("/x"), ["prefix part must be non-empty"]);
        assert_eq!(label_value("-x").len(), 1);
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
    }
}
