//! Namespaces from kubectl's side: `create namespace`, and the kubeconfig's context
//! (`config current-context`, `get-contexts`, `set-context --current --namespace=X`), whose
//! namespace every command without `-n` uses.

use super::flags::Flags;
use super::Output;
use crate::cluster::Cluster;

/// kind names the context after its cluster: `kind-<cluster name>`.
const CONTEXT: &str = "kind-podscape";

/// `kubectl create namespace NAME`: the API server's AlreadyExists, or its validation of the
/// name (a DNS-1123 label), else `namespace/NAME created`.
pub(super) fn create(cluster: &mut Cluster, name: &str) -> Output {
    if cluster.namespace(name).is_some() {
        return Output::err(format!(
            "Error from server (AlreadyExists): namespaces \"{name}\" already exists"
        ));
    }
    let yaml = format!(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {}\n",
        super::mutate::quote_yaml(name)
    );
    super::mutate::created(
        cluster,
        &yaml,
        "Namespace",
        name,
        format!("namespace/{name} created\n"),
    )
}

/// `kubectl config current-context | get-contexts | set-context`.
pub(super) fn config(cluster: &mut Cluster, args: &[&str], flags: &Flags) -> Output {
    match args {
        ["current-context"] => Output::ok(format!("{CONTEXT}\n")),
        ["get-contexts"] | ["get-contexts", CONTEXT] => {
            // kind's kubeconfig sets no namespace (the column is empty) until set-context.
            let namespace = cluster.context_namespace_set();
            let rows = [
                ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"].map(String::from).to_vec(),
                ["*", CONTEXT, CONTEXT, CONTEXT, namespace].map(String::from).to_vec(),
            ];
            let table = crate::table::render(&rows);
            // tabwriter pads a cell that ends with a tab even when the last one is empty.
            let column = table.find("NAMESPACE").unwrap_or(0);
            let out: String = table
                .lines()
                .map(|l| format!("{l:<column$}\n"))
                .collect();
            Output::ok(out)
        }
        ["get-contexts", other] => Output::err(format!("error: context {other} not found")),
        ["set-context", rest @ ..] => {
            let name = match (rest, flags.current) {
                ([], true) | ([CONTEXT], _) => CONTEXT,
                ([], false) => return Output::err("error: you must specify a non-empty context name or --current"),
                ([_, ..], true) => return Output::err("error: you cannot specify both a context name and --current"),
                // Simplified: Podscape has one context.
                ([other, ..], false) => {
                    return Output::err(format!(
                        "error: only the context {CONTEXT} is simulated here, not \"{other}\""
                    ))
                }
            };
            if let Some(namespace) = &flags.namespace {
                cluster.set_context_namespace(namespace);
            }
            Output::ok(format!("Context \"{name}\" modified.\n"))
        }
        _ => Output::err(
            "error: this form of \"kubectl config\" is not simulated in Podscape\nSimulated: config current-context, config get-contexts, config set-context --current --namespace=NAME",
        ),
    }
}
