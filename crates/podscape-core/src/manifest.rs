//! Manifests: YAML text in, `(objects, diagnostics)` out. Parsing never panics and never fails:
//! whatever is wrong becomes a [`Diagnostic`] with a line, a column and a field path.
//!
//! Two layers, kept apart: the `wire` types mirror the YAML (serde), and the domain types below
//! are what the controllers use. Only this module sees the wire types.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;

/// Inputs larger than this are refused before parsing, so a hostile paste stays harmless.
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// The result of reading one text: every object that decoded, and every finding.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifests {
    pub objects: Vec<Object>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Manifests {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// An object the simulator understands, with the line its document starts on.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Deployment(Deployment),
    Service(Service),
}

impl Object {
    pub fn api_version(&self) -> &'static str {
        match self {
            Object::Deployment(_) => "apps/v1",
            Object::Service(_) => "v1",
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Object::Deployment(_) => "Deployment",
            Object::Service(_) => "Service",
        }
    }

    pub fn namespace(&self) -> &str {
        match self {
            Object::Deployment(d) => &d.namespace,
            Object::Service(s) => &s.namespace,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Object::Deployment(d) => &d.name,
            Object::Service(s) => &s.name,
        }
    }

    /// `deployment.apps/web`, the way kubectl names an object in its output.
    pub fn kubectl_name(&self) -> String {
        match self {
            Object::Deployment(d) => format!("deployment.apps/{}", d.name),
            Object::Service(s) => format!("service/{}", s.name),
        }
    }
}

/// A validated `apps/v1` Deployment, defaults applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    pub name: String,
    pub namespace: String,
    pub replicas: i32,
    pub selector: BTreeMap<String, String>,
    pub template: PodTemplate,
}

/// The pod template of a Deployment.
#[derive(Clone, Debug, PartialEq)]
pub struct PodTemplate {
    pub labels: BTreeMap<String, String>,
    pub containers: Vec<Container>,
    /// The template in canonical JSON (keys sorted): the input of `pod-template-hash`.
    pub canonical_json: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub ports: Vec<ContainerPort>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub container_port: i32,
    pub protocol: String,
}

/// A validated `v1` Service, defaults applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub name: String,
    pub namespace: String,
    pub service_type: String,
    pub selector: BTreeMap<String, String>,
    pub ports: Vec<ServicePort>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub protocol: String,
    pub port: i32,
    pub target_port: IntOrString,
}

/// `intstr.IntOrString`: a port number or a port name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i32),
    String(String),
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::String(s) => f.write_str(s),
        }
    }
}

mod wire {
    //! The YAML as written. Unknown fields are tolerated here; strictness is a validation rule.
    use super::IntOrString;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Default)]
    #[serde(rename_all = "camelCase")]
    pub struct ObjectMeta {
        pub name: Option<String>,
        pub namespace: Option<String>,
        #[serde(default)]
        pub labels: BTreeMap<String, String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Deployment {
        #[serde(default)]
        pub metadata: ObjectMeta,
        pub spec: DeploymentSpec,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct DeploymentSpec {
        pub replicas: Option<i32>,
        pub selector: Option<LabelSelector>,
        pub template: PodTemplateSpec,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct LabelSelector {
        #[serde(default)]
        pub match_labels: BTreeMap<String, String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PodTemplateSpec {
        #[serde(default)]
        pub metadata: ObjectMeta,
        pub spec: PodSpec,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PodSpec {
        pub containers: Vec<Container>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Container {
        pub name: String,
        pub image: Option<String>,
        #[serde(default)]
        pub ports: Vec<ContainerPort>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ContainerPort {
        pub name: Option<String>,
        pub container_port: i32,
        pub protocol: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Service {
        #[serde(default)]
        pub metadata: ObjectMeta,
        #[serde(default)]
        pub spec: ServiceSpec,
    }

    #[derive(Deserialize, Default)]
    #[serde(rename_all = "camelCase")]
    pub struct ServiceSpec {
        #[serde(rename = "type")]
        pub service_type: Option<String>,
        #[serde(default)]
        pub selector: BTreeMap<String, String>,
        #[serde(default)]
        pub ports: Vec<ServicePort>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ServicePort {
        pub name: Option<String>,
        pub protocol: Option<String>,
        pub port: i32,
        pub target_port: Option<IntOrString>,
    }
}

/// Reads every YAML document of `text`. Never panics; see the module docs.
pub fn parse(text: &str) -> Manifests {
    let mut out = Manifests::default();
    if text.len() > MAX_INPUT_BYTES {
        out.diagnostics.push(
            Diagnostic::error(
                1,
                1,
                "",
                format!("input is {} bytes; the limit is {MAX_INPUT_BYTES}", text.len()),
            )
            .with_hint("split the manifests into smaller files"),
        );
        return out;
    }
    // First pass: every document as a plain value, to learn its kind and catch syntax errors.
    let mut documents = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        match serde_yaml::Value::deserialize(document) {
            Ok(value) => documents.push(value),
            Err(err) => {
                out.diagnostics.push(from_yaml_error(&err, "").with_hint(
                    "check the indentation and the `key: value` shape of the line above the marker",
                ));
                return out;
            }
        }
    }
    // Second pass, per document of a known kind: decode the typed shape from the text itself,
    // so a type error keeps the line and column serde_yaml reports.
    for (index, value) in documents.iter().enumerate() {
        if value.is_null() {
            continue;
        }
        let api_version = value.get("apiVersion").and_then(|v| v.as_str()).unwrap_or("");
        let kind = value.get("kind").and_then(|v| v.as_str()).unwrap_or("");
        let Some(document) = serde_yaml::Deserializer::from_str(text).nth(index) else {
            continue;
        };
        match (api_version, kind) {
            ("apps/v1", "Deployment") => match wire::Deployment::deserialize(document) {
                Ok(d) => out
                    .objects
                    .push(Object::Deployment(deployment_from_wire(d, value))),
                Err(err) => out.diagnostics.push(from_yaml_error(&err, "")),
            },
            ("v1", "Service") => match wire::Service::deserialize(document) {
                Ok(s) => out.objects.push(Object::Service(service_from_wire(s))),
                Err(err) => out.diagnostics.push(from_yaml_error(&err, "")),
            },
            (_, "") => out.diagnostics.push(
                Diagnostic::error(1, 1, "kind", "Object 'Kind' is missing")
                    .with_hint("every document needs `apiVersion` and `kind`, e.g. `kind: Deployment`"),
            ),
            _ => out.diagnostics.push(Diagnostic::error(
                1,
                1,
                "kind",
                format!("no matches for kind \"{kind}\" in version \"{api_version}\""),
            )),
        }
    }
    out
}

fn deployment_from_wire(d: wire::Deployment, value: &serde_yaml::Value) -> Deployment {
    let template = value
        .get("spec")
        .and_then(|s| s.get("template"))
        .cloned()
        .unwrap_or(serde_yaml::Value::Null);
    Deployment {
        name: d.metadata.name.unwrap_or_default(),
        namespace: d.metadata.namespace.unwrap_or_else(|| "default".into()),
        replicas: d.spec.replicas.unwrap_or(1),
        selector: d.spec.selector.map(|s| s.match_labels).unwrap_or_default(),
        template: PodTemplate {
            labels: d.spec.template.metadata.labels,
            containers: d
                .spec
                .template
                .spec
                .containers
                .into_iter()
                .map(|c| Container {
                    name: c.name,
                    image: c.image.unwrap_or_default(),
                    ports: c
                        .ports
                        .into_iter()
                        .map(|p| ContainerPort {
                            name: p.name,
                            container_port: p.container_port,
                            protocol: p.protocol.unwrap_or_else(|| "TCP".into()),
                        })
                        .collect(),
                })
                .collect(),
            canonical_json: canonical_json(&template),
        },
    }
}

fn service_from_wire(s: wire::Service) -> Service {
    Service {
        name: s.metadata.name.unwrap_or_default(),
        namespace: s.metadata.namespace.unwrap_or_else(|| "default".into()),
        service_type: s.spec.service_type.unwrap_or_else(|| "ClusterIP".into()),
        selector: s.spec.selector,
        ports: s
            .spec
            .ports
            .into_iter()
            .map(|p| ServicePort {
                target_port: p.target_port.unwrap_or(IntOrString::Int(p.port)),
                name: p.name,
                protocol: p.protocol.unwrap_or_else(|| "TCP".into()),
                port: p.port,
            })
            .collect(),
    }
}

/// JSON with object keys sorted (serde_json's default map is ordered), so two templates that
/// differ only in key order hash the same, as they would in the API server's typed form.
fn canonical_json(value: &serde_yaml::Value) -> String {
    serde_json::to_value(value)
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// Turns a serde_yaml error into a diagnostic: the location becomes line and column, a leading
/// `spec.replicas: ` becomes the field path, and the rest is the message.
fn from_yaml_error(err: &serde_yaml::Error, fallback_path: &str) -> Diagnostic {
    let (line, column) = err.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    let mut message = err.to_string();
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    let mut path = fallback_path.to_string();
    if let Some((head, rest)) = message.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '[' | ']' | '_' | '-'));
        if looks_like_path {
            path = head.to_string();
            message = format!("{head}: {rest}");
        }
    }
    Diagnostic::error(line, column, path, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::DEFAULT_YAML;

    #[test]
    fn default_scenario_parses_into_a_deployment_and_a_service() {
        let m = parse(DEFAULT_YAML);
        assert_eq!(m.diagnostics, vec![]);
        let names: Vec<_> = m.objects.iter().map(Object::kubectl_name).collect();
        assert_eq!(
            names,
            ["deployment.apps/image-processor", "service/image-processor"]
        );
        let Object::Deployment(d) = &m.objects[0] else {
            panic!("not a deployment")
        };
        assert_eq!(d.replicas, 3);
        assert_eq!(d.template.containers[0].ports[0].container_port, 9376);
    }

    #[test]
    fn syntax_error_reports_line_and_column_and_no_path() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n   labels: x\n";
        let m = parse(text);
        assert!(m.objects.is_empty());
        let d = &m.diagnostics[0];
        assert!(d.is_error());
        assert_eq!((d.line, d.path.as_str()), (5, ""));
        assert!(
            d.message.contains("mapping values are not allowed"),
            "{}",
            d.message
        );
    }

    #[test]
    fn type_error_reports_the_field_path_and_position() {
        let text = DEFAULT_YAML.replace("replicas: 3", "replicas: three");
        let m = parse(&text);
        let d = &m.diagnostics[0];
        let line = text.lines().position(|l| l.contains("replicas: three")).unwrap() + 1;
        assert_eq!((d.line, d.column, d.path.as_str()), (line, 13, "spec.replicas"));
        assert!(
            d.message
                .starts_with("spec.replicas: invalid type: string \"three\""),
            "{}",
            d.message
        );
    }

    #[test]
    fn unknown_kind_is_reported_as_kubectl_does() {
        let m = parse("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: web}\n");
        assert_eq!(
            m.diagnostics[0].message,
            "no matches for kind \"Deployment\" in version \"extensions/v1beta1\""
        );
    }

    #[test]
    fn defaults_are_applied() {
        let m = parse("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n");
        let Object::Service(s) = &m.objects[0] else {
            panic!("not a service")
        };
        assert_eq!(s.service_type, "ClusterIP");
        assert_eq!(s.ports[0].protocol, "TCP");
        assert_eq!(s.ports[0].target_port, IntOrString::Int(80));
    }
}
