//! What `kubectl get` asks of a list beyond its table: the output format (`-o name|json|yaml|
//! jsonpath=|custom-columns=`), label and field selectors as the API server parses them, and
//! `--sort-by`'s path.

use serde_json::Value;

use super::flags::Resource;
use super::jsonpath::JsonPath;
use super::Output;

/// A printer `-o` chose.
pub(super) enum Format {
    Table,
    Wide,
    Name,
    Json,
    Yaml,
    /// `-o jsonpath=…` (or `-o jsonpath --template=…`); `as_json` for `-o jsonpath-as-json`.
    JsonPath {
        template: String,
        path: JsonPath,
        as_json: bool,
    },
    CustomColumns(Vec<(String, JsonPath)>),
}

/// `PrintFlags.AllowedFormats()` of `kubectl get`, sorted as kubectl prints them.
const ALLOWED_FORMATS: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

impl Format {
    pub(super) fn parse(output: Option<&str>, template_flag: Option<&str>) -> Result<Format, Output> {
        let output = output.unwrap_or("");
        let (name, argument) = match output.split_once('=') {
            Some((n, a)) => (n, Some(a)),
            None => (output, template_flag.filter(|t| !t.is_empty())),
        };
        Ok(match (name, argument) {
            ("", None) => Format::Table,
            ("wide", None) => Format::Wide,
            ("name", None) => Format::Name,
            ("json", None) => Format::Json,
            ("yaml", None) => Format::Yaml,
            ("jsonpath" | "jsonpath-as-json", None | Some("")) => {
                return Err(Output::err("error: template format specified but no template given"))
            }
            ("jsonpath" | "jsonpath-as-json", Some(template)) => match JsonPath::parse(template) {
                Ok(path) => Format::JsonPath {
                    template: template.to_string(),
                    path,
                    as_json: name == "jsonpath-as-json",
                },
                Err(e) if e.starts_with("podscape: ") => return Err(Output::err(e)),
                Err(e) => return Err(Output::err(format!("error: error parsing jsonpath {template}, {e}"))),
            },
            ("custom-columns", None | Some("")) => {
                return Err(Output::err(
                    "error: custom-columns format specified but no custom columns given",
                ))
            }
            ("custom-columns", Some(spec)) => Format::CustomColumns(custom_columns(spec)?),
            (
                "custom-columns-file" | "go-template" | "go-template-file" | "template" | "templatefile"
                | "jsonpath-file",
                _,
            ) => {
                return Err(Output::err(format!(
                    "error: -o {name} is not simulated in Podscape: use -o jsonpath=TEMPLATE or -o custom-columns=SPEC"
                )))
            }
            _ => {
                return Err(Output::err(format!(
                    "error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: {ALLOWED_FORMATS}"
                )))
            }
        })
    }

    /// Whether the printer reads the wire objects (the table and `name` do not).
    pub(super) fn needs_objects(&self) -> bool {
        !matches!(self, Format::Table | Format::Wide | Format::Name)
    }
}

/// `-o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image`.
fn custom_columns(spec: &str) -> Result<Vec<(String, JsonPath)>, Output> {
    let mut columns = Vec::new();
    for part in spec.split(',') {
        let Some((header, path)) = part.split_once(':') else {
            return Err(Output::err(format!(
                "error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )));
        };
        let expression = relaxed_jsonpath(path).map_err(Output::err)?;
        let parsed = JsonPath::parse(&expression).map_err(|e| Output::err(format!("error: {e}")))?;
        columns.push((header.to_string(), parsed));
    }
    Ok(columns)
}

/// `RelaxedJSONPathExpression`: `.a.b`, `a.b`, `{a.b}` and `{.a.b}` all become `{.a.b}`.
pub(super) fn relaxed_jsonpath(path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Ok(String::new());
    }
    let inner = match path.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        Some(inner) => inner,
        None => path,
    };
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    if inner.is_empty() || inner.contains(['{', '}']) {
        return Err("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    Ok(format!("{{.{inner}}}"))
}

/// One custom-columns cell: the values found (`%v` each, comma-joined), `<none>` for none.
pub(super) fn custom_cell(path: &JsonPath, object: &Value) -> String {
    match path.values(object) {
        Ok(values) if !values.is_empty() => values.iter().map(go_v).collect::<Vec<_>>().join(","),
        _ => "<none>".into(),
    }
}

/// Go's `%v` of an unstructured value (`map[k:v]`, `[a b]`).
fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => format!("[{}]", items.iter().map(go_v).collect::<Vec<_>>().join(" ")),
        Value::Object(map) => format!(
            "map[{}]",
            map.iter()
                .map(|(k, v)| format!("{k}:{}", go_v(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        other => other.to_string(),
    }
}

/// `schema.GroupVersionResource.String()` of a kind, as list errors name it.
fn gvr(resource: Resource) -> String {
    let plural = resource.plural();
    match plural.split_once('.') {
        Some((name, group)) => format!("{group}/v1, Resource={name}"),
        None => format!("/v1, Resource={plural}"),
    }
}

/// cli-runtime's `EnhanceListError` around an API server's BadRequest to a list.
fn list_error(resource: Resource, labels: &str, fields: &str, message: &str) -> Output {
    Output::err(format!(
        "Error from server (BadRequest): Unable to find \"{}\" that match label selector \"{labels}\", field selector \"{fields}\": {message}",
        gvr(resource)
    ))
}

/// A parsed `-l` selector, or the API server's answer to it.
pub(super) fn label_selector(
    resource: Resource,
    selector: Option<&str>,
    fields: Option<&str>,
) -> Result<Vec<crate::api::LabelSelectorRequirement>, Output> {
    let Some(selector) = selector else {
        return Ok(Vec::new());
    };
    parse_labels(selector).map_err(|e| list_error(resource, selector, fields.unwrap_or(""), &e))
}

/// `labels.Parse` with the API's label key and value rules.
pub(super) fn parse_labels(selector: &str) -> Result<Vec<crate::api::LabelSelectorRequirement>, String> {
    crate::api::label_parse::parse(
        selector,
        &crate::manifest::validate::qualified_name,
        &crate::manifest::validate::label_value,
    )
}

/// One term of a field selector: a field, `=`/`==` or `!=`, a value.
pub(super) struct FieldTerm {
    field: String,
    equal: bool,
    value: String,
}

/// The field labels each kind's API supports (`AddFieldLabelConversionFunc` in
/// `pkg/apis/*/v1/conversion.go`), and whether an unknown one is answered by that kind's own
/// conversion (`field label not supported: X`) or by `DefaultMetaV1FieldSelectorConversion`.
fn field_labels(resource: Resource) -> (&'static [&'static str], bool) {
    match resource {
        Resource::Pods => (
            &[
                "metadata.name",
                "metadata.namespace",
                "spec.nodeName",
                "spec.restartPolicy",
                "spec.schedulerName",
                "spec.serviceAccountName",
                "spec.hostNetwork",
                "status.phase",
                "status.podIP",
                "status.podIPs",
                "status.nominatedNodeName",
            ],
            true,
        ),
        Resource::Services => (
            &[
                "metadata.name",
                "metadata.namespace",
                "spec.clusterIP",
                "spec.type",
            ],
            true,
        ),
        Resource::Nodes => (&["metadata.name", "spec.unschedulable"], true),
        Resource::Namespaces => (&["metadata.name", "status.phase"], true),
        Resource::ReplicaSets => (&["metadata.name", "metadata.namespace", "status.replicas"], true),
        Resource::Events => (
            &[
                "metadata.name",
                "metadata.namespace",
                "involvedObject.kind",
                "involvedObject.namespace",
                "involvedObject.name",
                "involvedObject.uid",
                "involvedObject.apiVersion",
                "involvedObject.resourceVersion",
                "involvedObject.fieldPath",
                "reason",
                "reportingComponent",
                "source",
                "type",
            ],
            true,
        ),
        _ => (&["metadata.name", "metadata.namespace"], false),
    }
}

/// `fields.ParseSelector` and the kind's field label conversion, as the API server answers a
/// list with `fieldSelector`.
pub(super) fn field_selector(
    resource: Resource,
    selector: Option<&str>,
    labels: Option<&str>,
) -> Result<Vec<FieldTerm>, Output> {
    let Some(selector) = selector else {
        return Ok(Vec::new());
    };
    let fail = |message: String| list_error(resource, labels.unwrap_or(""), selector, &message);
    let mut terms = Vec::new();
    // `splitTerms`: commas split terms unless escaped (`\,`).
    let mut parts: Vec<&str> = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (i, c) in selector.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ',' => {
                parts.push(&selector[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&selector[start..]);
    parts.sort_unstable();
    let (supported, own_error) = field_labels(resource);
    // `fields.ParseSelector` reads every term first; the kind's conversion then checks the
    // fields in the selector's (sorted) order.
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        // `splitTerm` tries `!=`, `==` and `=` at each position, left to right.
        let split = (0..part.len())
            .filter(|i| part.is_char_boundary(*i))
            .find_map(|i| {
                ["!=", "==", "="]
                    .iter()
                    .find(|op| part[i..].starts_with(**op))
                    .map(|op| (&part[..i], *op, &part[i + op.len()..]))
            });
        let Some((field, op, value)) = split else {
            return Err(fail(format!(
                "invalid selector: '{selector}'; can't understand '{part}'"
            )));
        };
        terms.push(FieldTerm {
            field: field.to_string(),
            equal: op != "!=",
            value: value
                .replace("\\,", ",")
                .replace("\\=", "=")
                .replace("\\\\", "\\"),
        });
    }
    if let Some(t) = terms.iter().find(|t| !supported.contains(&t.field.as_str())) {
        return Err(fail(if own_error {
            format!("field label not supported: {}", t.field)
        } else {
            format!(
                "\"{}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
                t.field
            )
        }));
    }
    Ok(terms)
}

/// Whether an object's fields hold every term (a field the object lacks reads as empty, a
/// boolean as `true`/`false`, as the kinds' `ToSelectableFields` write them).
pub(super) fn fields_match(terms: &[FieldTerm], object: &Value) -> bool {
    terms.iter().all(|t| {
        let path = if t.field == "status.podIPs" {
            "status.podIP"
        } else {
            t.field.as_str()
        };
        let found = path.split('.').try_fold(object, |v, k| v.get(k));
        let text = match found {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ if matches!(path, "spec.unschedulable" | "spec.hostNetwork") => "false".into(),
            _ => String::new(),
        };
        (text == t.value) == t.equal
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn relaxed_paths_and_custom_cells() {
        assert_eq!(relaxed_jsonpath(".metadata.name").unwrap(), "{.metadata.name}");
        assert_eq!(relaxed_jsonpath("{metadata.name}").unwrap(), "{.metadata.name}");
        assert_eq!(relaxed_jsonpath("metadata.name").unwrap(), "{.metadata.name}");
        assert!(relaxed_jsonpath("{.a}{.b}").is_err());
        let pod = json!({"spec": {"containers": [{"image": "a"}, {"image": "b"}]}, "metadata": {"labels": {"x": "1"}}});
        let path = |p: &str| JsonPath::parse(&relaxed_jsonpath(p).unwrap()).unwrap();
        assert_eq!(custom_cell(&path(".spec.containers[*].image"), &pod), "a,b");
        assert_eq!(custom_cell(&path(".metadata.labels"), &pod), "map[x:1]");
        assert_eq!(custom_cell(&path(".status.phase"), &pod), "<none>");
    }

    #[test]
    fn field_selectors_read_like_the_api_server() {
        let pod = json!({"metadata": {"name": "a", "namespace": "default"}, "status": {"phase": "Running"}});
        let terms = field_selector(
            Resource::Pods,
            Some("status.phase=Running,metadata.name!=b"),
            None,
        )
        .ok()
        .unwrap();
        assert!(fields_match(&terms, &pod));
        let terms = field_selector(Resource::Pods, Some("spec.nodeName=="), None)
            .ok()
            .unwrap();
        assert!(fields_match(&terms, &pod));
        let err = |r, s| field_selector(r, Some(s), None).err().unwrap().stderr;
        assert_eq!(
            err(Resource::Pods, "spec.foo=x"),
            "Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"\", field selector \"spec.foo=x\": field label not supported: spec.foo\n"
        );
        assert_eq!(
            err(Resource::Deployments, "status.phase=x"),
            "Error from server (BadRequest): Unable to find \"apps/v1, Resource=deployments\" that match label selector \"\", field selector \"status.phase=x\": \"status.phase\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"\n"
        );
        assert!(err(Resource::Pods, "phase").contains("invalid selector: 'phase'; can't understand 'phase'"));
        // Every term is read before the fields are checked, in sorted order; `\,` escapes.
        assert!(err(Resource::Pods, "zzz,a.b=c").contains("can't understand 'zzz'"));
        let terms = field_selector(Resource::Pods, Some("metadata.name=a\\,b"), None)
            .ok()
            .unwrap();
        assert!(fields_match(&terms, &json!({"metadata": {"name": "a,b"}})));
    }
}
