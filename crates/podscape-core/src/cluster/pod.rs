//! Pods on their own and what their containers see: bare pods (a Pod manifest, `kubectl run`:
//! no owner, never replaced), ConfigMaps and Secrets, the environment the kubelet gives a
//! container (`makeEnvironmentVariables`, the Service links of `envvars.FromServices`), the
//! files a `configMap`/`secret` volume shows, and how long a container's command runs before it
//! exits (containers behave as their images do).

use std::rc::Rc;

use super::*;
use crate::manifest::{ConfigMap, EnvSource, Secret};
use crate::sort::SmallSort;

/// How long a short command (`echo`, `env`, `curl …`) runs before its container exits, as
/// Podscape draws it.
const QUICK_EXIT_MS: u64 = 1_500;

/// How many neighbouring pods a new pod's template or environment is compared with to share
/// theirs (a ReplicaSet's pods sit together).
const SHARE_LOOKBACK: usize = 16;

impl Cluster {
    pub fn pod(&self, namespace: &str, name: &str) -> Option<&Pod> {
        self.pods
            .iter()
            .find(|p| p.namespace == namespace && p.name == name)
            .map(|p| &**p)
    }

    /// `template` as a pod holds it: shared with a recent pod that has the same (its siblings),
    /// else a new copy. Sharing is only about memory (a rewind snapshot shares it too).
    fn shared_template(&self, template: &PodTemplate) -> Rc<PodTemplate> {
        self.pods
            .iter()
            .rev()
            .take(SHARE_LOOKBACK)
            .find(|p| *p.template == *template)
            .map_or_else(|| Rc::new(template.clone()), |p| Rc::clone(&p.template))
    }

    /// Labels or annotations (`field`) as a new pod holds them: shared with a recent pod's
    /// that are the same.
    fn shared_map(
        &self,
        map: BTreeMap<String, String>,
        field: fn(&Pod) -> &Rc<BTreeMap<String, String>>,
    ) -> Rc<BTreeMap<String, String>> {
        match self
            .pods
            .iter()
            .rev()
            .take(SHARE_LOOKBACK)
            .find(|p| **field(p) == map)
        {
            Some(p) => Rc::clone(field(p)),
            None => Rc::new(map),
        }
    }

    /// Pod `p`'s environment as it holds it: shared with a recent pod's that is the same.
    pub(super) fn shared_env(&self, p: usize, env: Vec<(String, String)>) -> Rc<[(String, String)]> {
        let recent = self.pods.iter().take(p).rev().chain(self.pods.iter().skip(p + 1));
        match recent.take(SHARE_LOOKBACK).find(|o| *o.env == *env) {
            Some(o) => Rc::clone(&o.env),
            None => env.into(),
        }
    }

    /// A new Pending pod, not yet scheduled. `owner` is its ReplicaSet, if any.
    pub(super) fn new_pod(
        &mut self,
        name: String,
        namespace: &str,
        owner: Option<String>,
        labels: BTreeMap<String, String>,
        template: &PodTemplate,
    ) -> Pod {
        let delay = self.between(self.timings.schedule);
        let next = self.now_ms + delay;
        self.pod_record(
            name,
            namespace,
            (OwnerKind::ReplicaSet, owner),
            labels,
            template,
            next,
        )
    }

    /// A Pending pod's record, its first step due at `next_transition_ms` (the one constructor
    /// of [`Pod`]: a ReplicaSet's, a bare one, a node-level workload's).
    pub(super) fn pod_record(
        &mut self,
        name: String,
        namespace: &str,
        (owner_kind, owner): (OwnerKind, Option<String>),
        labels: BTreeMap<String, String>,
        template: &PodTemplate,
        next_transition_ms: u64,
    ) -> Pod {
        let uid = self.uid();
        let container = template.containers.first();
        Pod {
            name,
            namespace: namespace.to_string(),
            uid,
            serial: self.next_uid,
            owner,
            owner_kind,
            labels: self.shared_map(labels, |p| &p.labels),
            node: None,
            ip: None,
            phase: PodPhase::Pending,
            ready: false,
            ready_since_ms: None,
            started_ms: None,
            readiness_failing: false,
            liveness_failing: false,
            liveness_failures: 0,
            next_liveness_ms: 0,
            probe_successes: 0,
            probe_failures: 0,
            next_probe_ms: 0,
            restarts: 0,
            last_run_ms: None,
            created_ms: self.now_ms,
            deletion_ms: None,
            slot: 0,
            container_name: container.map(|c| c.name.clone()).unwrap_or_default(),
            image: container.map(|c| c.image.clone()).unwrap_or_default(),
            annotations: self.shared_map(template.annotations.clone(), |p| &p.annotations),
            template: self.shared_template(template),
            env: Rc::from([]),
            transition_started_ms: self.now_ms,
            next_transition_ms,
            waiting_reason: None,
            crash_at_ms: None,
            exit_code: 0,
            restart_backoff_ms: 0,
            pull_backoff_ms: 0,
            failed_scheduling_reported: false,
        }
    }

    /// `kubectl apply` of a Pod: a bare pod, which no controller replaces. A Pod's spec is
    /// mostly immutable; Podscape takes the new labels, annotations and image of an existing
    /// pod (the fields a real update may change) and ignores the rest.
    pub(super) fn apply_pod(&mut self, spec: &manifest::Pod) -> &'static str {
        // A terminating pod still holds its name until it is gone.
        let found = self
            .pods
            .iter()
            .position(|p| p.namespace == spec.namespace && p.name == spec.name);
        match found {
            Some(p) => {
                let pod = Rc::make_mut(&mut self.pods[p]);
                if *pod.template == spec.spec {
                    return "unchanged";
                }
                pod.labels = Rc::new(spec.spec.labels.clone());
                pod.annotations = Rc::new(spec.spec.annotations.clone());
                pod.template = Rc::new(spec.spec.clone());
                "configured"
            }
            None => {
                let pod = self.new_pod(
                    spec.name.clone(),
                    &spec.namespace,
                    None,
                    spec.spec.labels.clone(),
                    &spec.spec,
                );
                self.pods.push(Rc::new(pod));
                "created"
            }
        }
    }

    /// `ValidateConfigMapUpdate`/`ValidateSecretUpdate`: an immutable ConfigMap or Secret keeps
    /// its data, and stays immutable.
    pub(super) fn check_immutable(&self, extra: &[manifest::ExtraObject]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for e in extra {
            let (kind, name, line, fields): (&str, &str, usize, Vec<&str>) = match e {
                manifest::ExtraObject::ConfigMap(c) => {
                    match self.config_maps.get(&(c.namespace.clone(), c.name.clone())) {
                        Some((old, _)) if old.immutable => {
                            let mut f = Vec::new();
                            if !c.immutable {
                                f.push("immutable");
                            }
                            if c.data != old.data {
                                f.push("data");
                            }
                            if c.binary_data != old.binary_data {
                                f.push("binaryData");
                            }
                            ("ConfigMap", &c.name, c.line, f)
                        }
                        _ => continue,
                    }
                }
                manifest::ExtraObject::Secret(s) => {
                    match self.secrets.get(&(s.namespace.clone(), s.name.clone())) {
                        Some((old, _)) if old.immutable => {
                            let mut f = Vec::new();
                            if !s.immutable {
                                f.push("immutable");
                            }
                            if s.data != old.data {
                                f.push("data");
                            }
                            ("Secret", &s.name, s.line, f)
                        }
                        _ => continue,
                    }
                }
                _ => continue,
            };
            let causes: Vec<String> = fields
                .iter()
                .map(|f| format!("{f}: Forbidden: field is immutable when `immutable` is set"))
                .collect();
            let message = match causes.as_slice() {
                [] => continue,
                [one] => format!("{kind} \"{name}\" is invalid: {one}"),
                many => format!("{kind} \"{name}\" is invalid: [{}]", many.join(", ")),
            };
            out.push(Diagnostic::error(line, 1, fields[0], message));
        }
        out
    }

    pub(super) fn apply_config_map(&mut self, c: &ConfigMap) -> &'static str {
        let key = (c.namespace.clone(), c.name.clone());
        match self.config_maps.get_mut(&key) {
            Some((old, _))
                if old.data == c.data
                    && old.binary_data == c.binary_data
                    && old.labels == c.labels
                    && old.immutable == c.immutable =>
            {
                "unchanged"
            }
            Some((old, _)) => {
                *old = c.clone();
                "configured"
            }
            None => {
                self.config_maps.insert(key, (c.clone(), self.now_ms));
                "created"
            }
        }
    }

    pub(super) fn apply_secret(&mut self, s: &Secret) -> &'static str {
        let key = (s.namespace.clone(), s.name.clone());
        match self.secrets.get_mut(&key) {
            Some((old, _))
                if old.data == s.data
                    && old.labels == s.labels
                    && old.secret_type == s.secret_type
                    && old.immutable == s.immutable =>
            {
                "unchanged"
            }
            Some((old, _)) => {
                *old = s.clone();
                "configured"
            }
            None => {
                self.secrets.insert(key, (s.clone(), self.now_ms));
                "created"
            }
        }
    }

    /// Every ConfigMap with when it was created: the learner's, and the `kube-root-ca.crt` that
    /// the root CA publisher (kube-controller-manager) puts in every namespace.
    pub fn config_maps(&self) -> Vec<(ConfigMap, u64)> {
        let mut all: Vec<(ConfigMap, u64)> = self
            .namespaces()
            .map(|ns| (root_ca_config_map(&ns.name), ns.created_ms))
            .collect();
        all.extend(self.config_maps.values().cloned());
        all.small_sort_by_key(|(c, _)| (c.namespace.clone(), c.name.clone()));
        all
    }

    pub fn config_map(&self, namespace: &str, name: &str) -> Option<(ConfigMap, u64)> {
        if name == ROOT_CA_NAME {
            if let Some(ns) = self.namespace(namespace) {
                return Some((root_ca_config_map(namespace), ns.created_ms));
            }
        }
        self.config_maps
            .get(&(namespace.to_string(), name.to_string()))
            .cloned()
    }

    pub fn secrets(&self) -> impl Iterator<Item = &(Secret, u64)> {
        self.secrets.values()
    }

    pub fn secret(&self, namespace: &str, name: &str) -> Option<&(Secret, u64)> {
        self.secrets.get(&(namespace.to_string(), name.to_string()))
    }

    /// `kubectl delete configmap`. The root CA publisher puts `kube-root-ca.crt` back at once.
    pub fn delete_config_map(&mut self, namespace: &str, name: &str) -> bool {
        self.epoch += 1;
        self.config_maps
            .remove(&(namespace.to_string(), name.to_string()))
            .is_some()
            || (name == ROOT_CA_NAME && self.namespace(namespace).is_some())
    }

    pub fn delete_secret(&mut self, namespace: &str, name: &str) -> bool {
        self.epoch += 1;
        self.secrets
            .remove(&(namespace.to_string(), name.to_string()))
            .is_some()
    }

    /// The environment of pod `p`'s container as the kubelet and the runtime build it when the
    /// container starts, or the error that keeps it from starting (CreateContainerConfigError).
    ///
    /// The order is the one `env` prints in a real container: containerd starts from its
    /// default `PATH` (the image's, here the same), adds `HOSTNAME`, then the image's own
    /// variables (left out: Podscape models no image's), then the variables the kubelet hands
    /// it in its order; runc adds `HOME` last for root. The kubelet's order is the pod's
    /// variables, then the Service links it has no variable of its own for; both come out of Go
    /// maps (`tmpEnv`, `serviceEnv`), so a real container shows them shuffled: Podscape keeps
    /// `envFrom`'s keys (sorted) then `env` in declaration order, and the Services by name,
    /// each in `FromServices`' order.
    pub(super) fn environment(&self, p: usize) -> Result<Vec<(String, String)>, String> {
        let pod = &self.pods[p];
        let ns = &pod.namespace;
        let mut vars: Vec<(String, String)> = Vec::new();
        let set = |vars: &mut Vec<(String, String)>, name: String, value: String| match vars
            .iter_mut()
            .find(|(n, _)| *n == name)
        {
            Some(slot) => slot.1 = value,
            None => vars.push((name, value)),
        };
        let Some(container) = pod.template.containers.first() else {
            return Ok(Vec::new());
        };
        for from in &container.env_from {
            match self.key_values(ns, from.secret, &from.name) {
                Some(values) => {
                    for (k, v) in values {
                        set(&mut vars, format!("{}{k}", from.prefix), v);
                    }
                }
                None if from.optional => {}
                None => return Err(not_found(from.secret, &from.name)),
            }
        }
        let links = self.service_links(ns, pod.template.enable_service_links);
        for var in &container.env {
            let value = match &var.source {
                // `$(NAME)` refers to a variable declared before it, or to a Service link.
                EnvSource::Value(v) => expand_refs(v, |name| {
                    vars.iter()
                        .chain(&links)
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                }),
                EnvSource::KeyRef {
                    secret,
                    name,
                    key,
                    optional,
                } => match self.key_values(ns, *secret, name) {
                    None if *optional => continue,
                    None => return Err(not_found(*secret, name)),
                    Some(values) => match values.into_iter().find(|(k, _)| k == key) {
                        Some((_, v)) => v,
                        None if *optional => continue,
                        None => {
                            let kind = if *secret { "Secret" } else { "ConfigMap" };
                            return Err(format!("couldn't find key {key} in {kind} {ns}/{name}"));
                        }
                    },
                },
                EnvSource::Field(path) => field_value(pod, path),
                EnvSource::Other => continue,
            };
            set(&mut vars, var.name.clone(), value);
        }
        let mut env = vec![
            (
                "PATH".to_string(),
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
            ),
            ("HOSTNAME".to_string(), pod.name.clone()),
        ];
        let own: Vec<(String, String)> = links
            .into_iter()
            .filter(|(n, _)| !vars.iter().any(|(v, _)| v == n))
            .collect();
        env.extend(vars);
        env.extend(own);
        if !env.iter().any(|(n, _)| n == "HOME") {
            env.push(("HOME".into(), "/root".into()));
        }
        Ok(env)
    }

    /// Why the kubelet cannot mount pod `p`'s volumes yet: a ConfigMap or Secret a volume
    /// projects is missing (and the volume is not optional).
    pub(super) fn mount_error(&self, p: usize) -> Option<String> {
        let pod = &self.pods[p];
        pod.template.volumes.iter().find_map(|v| {
            let source = v.source.as_ref().filter(|s| !s.optional)?;
            let found = if source.secret {
                self.secret(&pod.namespace, &source.name).is_some()
            } else {
                self.config_map(&pod.namespace, &source.name).is_some()
            };
            (!found).then(|| {
                format!(
                    "MountVolume.SetUp failed for volume \"{}\" : {}",
                    v.name,
                    not_found(source.secret, &source.name)
                )
            })
        })
    }

    /// `getServiceEnvVarMap` + `envvars.FromServices`: the Services of `namespace` that have a
    /// ClusterIP (with `enableServiceLinks`), and `kubernetes` in `default` always.
    fn service_links(&self, namespace: &str, enable_service_links: bool) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let chosen = self.services.values().filter(|s| {
            let has_ip = !s.cluster_ip.is_empty() && s.cluster_ip != "None";
            let master = s.spec.namespace == "default" && s.spec.name == "kubernetes";
            has_ip && (master || (enable_service_links && s.spec.namespace == namespace))
        });
        let mut seen: Vec<&str> = Vec::new();
        for s in chosen {
            // A Service of the pod's namespace named `kubernetes` loses to the master's.
            if seen.contains(&s.spec.name.as_str()) {
                continue;
            }
            seen.push(&s.spec.name);
            let prefix = s.spec.name.to_ascii_uppercase().replace('-', "_");
            let ip = &s.cluster_ip;
            let Some(first) = s.spec.ports.first() else {
                continue;
            };
            out.push((format!("{prefix}_SERVICE_HOST"), ip.clone()));
            out.push((format!("{prefix}_SERVICE_PORT"), first.port.to_string()));
            for port in &s.spec.ports {
                if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
                    let name = name.to_ascii_uppercase().replace('-', "_");
                    out.push((format!("{prefix}_SERVICE_PORT_{name}"), port.port.to_string()));
                }
            }
            for (i, port) in s.spec.ports.iter().enumerate() {
                let proto = port.protocol.to_ascii_lowercase();
                let url = format!("{proto}://{ip}:{}", port.port);
                if i == 0 {
                    out.push((format!("{prefix}_PORT"), url.clone()));
                }
                let base = format!(
                    "{prefix}_PORT_{}_{}",
                    port.port,
                    port.protocol.to_ascii_uppercase()
                );
                out.push((base.clone(), url));
                out.push((format!("{base}_PROTO"), proto));
                out.push((format!("{base}_PORT"), port.port.to_string()));
                out.push((format!("{base}_ADDR"), ip.clone()));
            }
        }
        out
    }

    /// The keys and values of a ConfigMap (`data`, then `binaryData`) or a Secret, as text.
    fn key_values(&self, namespace: &str, secret: bool, name: &str) -> Option<Vec<(String, String)>> {
        let text = |b: &Vec<u8>| String::from_utf8_lossy(b).into_owned();
        if secret {
            let (s, _) = self.secret(namespace, name)?;
            Some(s.data.iter().map(|(k, v)| (k.clone(), text(v))).collect())
        } else {
            let (c, _) = self.config_map(namespace, name)?;
            let mut values: Vec<(String, String)> = c.data.into_iter().collect();
            values.extend(c.binary_data.iter().map(|(k, v)| (k.clone(), text(v))));
            Some(values)
        }
    }

    /// What `cat PATH` reads in pod `pod`'s container: a key of a ConfigMap or Secret volume
    /// mounted above PATH. The kubelet refreshes such files within a minute of a change;
    /// Podscape shows the current data at once.
    pub fn read_file(&self, pod: &Pod, path: &str) -> Option<String> {
        let (dir, key) = path.rsplit_once('/')?;
        self.list_dir(pod, dir)?
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The files of a ConfigMap or Secret volume mounted at `dir`: each key and its value.
    pub fn list_dir(&self, pod: &Pod, dir: &str) -> Option<Vec<(String, String)>> {
        let container = pod.template.containers.first()?;
        let dir = dir.trim_end_matches('/');
        let mount = container
            .volume_mounts
            .iter()
            .find(|m| m.mount_path.trim_end_matches('/') == dir)?;
        let volume = pod.template.volumes.iter().find(|v| v.name == mount.name)?;
        let source = volume.source.as_ref()?;
        let values = self.key_values(&pod.namespace, source.secret, &source.name)?;
        if volume.items.is_empty() {
            return Some(values);
        }
        // Only the listed keys, each at its path.
        Some(
            volume
                .items
                .iter()
                .filter_map(|(key, path)| {
                    let (_, value) = values.iter().find(|(k, _)| k == key)?;
                    Some((path.clone(), value.clone()))
                })
                .collect(),
        )
    }
}

/// `expansion.Expand`: `$(NAME)` becomes the variable's value when `lookup` knows it and stays
/// as written otherwise; `$$` is a literal `$`.
fn expand_refs(text: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some((name, tail)) = after.strip_prefix('(').and_then(|a| a.split_once(')')) {
            match lookup(name) {
                Some(value) => out.push_str(&value),
                None => out.push_str(&format!("$({name})")),
            }
            rest = tail;
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The kubelet's configmap and secret managers return the API's NotFound error.
fn not_found(secret: bool, name: &str) -> String {
    let resource = if secret { "secret" } else { "configmap" };
    format!("{resource} \"{name}\" not found")
}

/// `fieldRef`'s paths (`podFieldSelectorRuntimeValue`).
fn field_value(pod: &Pod, path: &str) -> String {
    let label = |map: &BTreeMap<String, String>, prefix: &str| {
        path.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix("']"))
            .and_then(|k| map.get(k).cloned())
            .unwrap_or_default()
    };
    match path {
        "metadata.name" => pod.name.clone(),
        "metadata.namespace" => pod.namespace.clone(),
        "metadata.uid" => pod.uid.clone(),
        "spec.nodeName" => pod.node.clone().unwrap_or_default(),
        "spec.serviceAccountName" => "default".into(),
        "status.podIP" | "status.podIPs" => pod.ip.clone().unwrap_or_default(),
        p if p.starts_with("metadata.labels['") => label(&pod.labels, "metadata.labels['"),
        p if p.starts_with("metadata.annotations['") => label(&pod.annotations, "metadata.annotations['"),
        _ => String::new(),
    }
}

const ROOT_CA_NAME: &str = "kube-root-ca.crt";

/// `kube-root-ca.crt` of `namespace`: the cluster's CA certificate (a stand-in: kind makes a
/// new one per cluster).
fn root_ca_config_map(namespace: &str) -> ConfigMap {
    let mut data = BTreeMap::new();
    data.insert(
        "ca.crt".to_string(),
        "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIPodscapeSimulatedRootCAwDQYJKoZIhvcNAQELBQAw\nFTETMBEGA1UEAxMKa3ViZXJuZXRlczAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEw\n-----END CERTIFICATE-----\n"
            .to_string(),
    );
    ConfigMap {
        name: ROOT_CA_NAME.into(),
        namespace: namespace.into(),
        labels: BTreeMap::new(),
        data,
        binary_data: BTreeMap::new(),
        immutable: false,
        line: 0,
        raw: serde_json::Value::Null,
    }
}

/// When and how a container's command ends, as its image and command would: `None` for a
/// server (nginx, agnhost, `sleep infinity`, a shell loop), else the exit code and how long it
/// runs. With no command, busybox-like images run `sh`, which exits at once without a
/// terminal, and curlimages/curl runs `curl`, which exits 2 without a URL.
pub(super) fn exit_plan(pod: &Pod) -> Option<(i32, u64)> {
    let c = pod.template.containers.first()?;
    let image = c.image.rsplit('/').next().unwrap_or("");
    let image = image.split([':', '@']).next().unwrap_or("");
    let shell_image = matches!(image, "busybox" | "alpine" | "ubuntu" | "debian");
    let argv: Vec<&str> = if !c.command.is_empty() {
        c.command.iter().chain(&c.args).map(String::as_str).collect()
    } else if image == "curl" && c.image.contains("curlimages/") {
        // entrypoint.sh runs `curl` with the arguments unless they name a program.
        let named = c
            .args
            .first()
            .is_some_and(|a| !a.starts_with('-') && !a.contains("://"));
        if named {
            c.args.iter().map(String::as_str).collect()
        } else {
            std::iter::once("curl")
                .chain(c.args.iter().map(String::as_str))
                .collect()
        }
    } else if shell_image {
        if c.args.is_empty() {
            vec!["sh"]
        } else {
            c.args.iter().map(String::as_str).collect()
        }
    } else {
        // A server image; its arguments select what it serves.
        return match c.args.first().map(String::as_str) {
            Some("false") => Some((1, QUICK_EXIT_MS)),
            _ => None,
        };
    };
    let program = argv
        .first()
        .map(|p| p.rsplit('/').next().unwrap_or(p))
        .unwrap_or("");
    match program {
        "sh" | "bash" | "ash" => match argv.iter().position(|a| *a == "-c") {
            Some(i) => script_plan(argv.get(i + 1).copied().unwrap_or("")),
            None => Some((0, QUICK_EXIT_MS)),
        },
        "sleep" => sleep_plan(argv.get(1).copied().unwrap_or("")),
        "false" => Some((1, QUICK_EXIT_MS)),
        "curl" if argv.len() == 1 => Some((2, QUICK_EXIT_MS)),
        "true" | "echo" | "env" | "printenv" | "cat" | "date" | "hostname" | "nslookup" | "wget" | "curl"
        | "ls" | "id" | "whoami" | "uname" => Some((0, QUICK_EXIT_MS)),
        _ => None,
    }
}

/// `sleep N`: exits 0 after N seconds (`s`, `m`, `h` suffixes); `infinity` never does.
fn sleep_plan(arg: &str) -> Option<(i32, u64)> {
    let (number, unit) = match arg.char_indices().last() {
        Some((i, 's')) => (&arg[..i], 1_000),
        Some((i, 'm')) => (&arg[..i], 60_000),
        Some((i, 'h')) => (&arg[..i], 3_600_000),
        _ => (arg, 1_000),
    };
    let seconds: f64 = number.parse().ok().filter(|s: &f64| s.is_finite() && *s >= 0.0)?;
    Some((0, (seconds * unit as f64).min(u64::MAX as f64 / 2.0) as u64))
}

/// A `sh -c` script: a loop (or `sleep infinity`, `tail -f`) runs on; `exit N` or `false`
/// ends it with N; otherwise it ends with 0 after its `sleep`s.
fn script_plan(script: &str) -> Option<(i32, u64)> {
    if script.contains("while ") || script.contains("tail -f") || script.contains("sleep infinity") {
        return None;
    }
    let code = script
        .split("exit ")
        .skip(1)
        .find_map(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<i32>()
                .ok()
        })
        .or_else(|| {
            script
                .split([';', '&', '|'])
                .any(|s| s.trim() == "false")
                .then_some(1)
        })
        .unwrap_or(0);
    let slept: u64 = script
        .split("sleep ")
        .skip(1)
        .filter_map(|rest| sleep_plan(rest.split_whitespace().next()?.trim_end_matches(';')))
        .map(|(_, ms)| ms)
        .fold(0, u64::saturating_add);
    Some((code, slept.max(QUICK_EXIT_MS)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_end_as_a_shell_would() {
        assert_eq!(script_plan("exit 1"), Some((1, QUICK_EXIT_MS)));
        assert_eq!(script_plan("echo hi; sleep 5"), Some((0, 5_000)));
        assert_eq!(script_plan("while true; do echo hi; sleep 1; done"), None);
        assert_eq!(script_plan("false"), Some((1, QUICK_EXIT_MS)));
        assert_eq!(sleep_plan("infinity"), None);
        assert_eq!(sleep_plan("2m"), Some((0, 120_000)));
    }

    #[test]
    fn references_expand_as_the_kubelet_expands_them() {
        let lookup = |n: &str| (n == "A").then(|| "1".to_string());
        assert_eq!(expand_refs("x$(A)y $(B) $$(A) $", lookup), "x1y $(B) $(A) $");
    }
}
