//! The walks: what Kubernetes looks at, layer by layer, for each kind of subject. Each returns
//! the causes from symptom to root; the first layer that fails ends the walk (the layers below
//! it cannot be reached by the traffic).

use super::{Cause, Diagnosis, Index, ObjectRef};
use crate::cluster::images::{app, App};
use crate::cluster::{resolve_target_port, Ending, OwnerKind, Pod, PodPhase, Service, INGRESS_CLASS};
use crate::manifest::{Container, IntOrString, ProbeHandler};
use std::collections::BTreeMap;

/// `app=web,tier=front`.
fn labels_text(m: &BTreeMap<String, String>) -> String {
    if m.is_empty() {
        return "<none>".into();
    }
    m.iter()
        // The ReplicaSet's own label says nothing the learner wrote.
        .filter(|(k, _)| *k != "pod-template-hash")
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The port a container's server accepts connections on, as `images.rs` decides it.
fn listening_port(c: &Container) -> Option<i32> {
    match app(c) {
        App::ServeHostname(p) | App::Netexec(p) | App::Whoami(p) | App::HttpEcho { port: p, .. } => {
            Some(i32::from(p))
        }
        App::Nginx | App::Httpd => Some(80),
        App::Client => None,
        App::Unknown(_) => c.ports.first().map(|p| p.container_port),
    }
}

fn listens_on(pod: &Pod, port: i32) -> bool {
    let Ok(port) = u16::try_from(port) else {
        return false;
    };
    pod.template
        .containers
        .iter()
        .any(|c| crate::cluster::images::listens(c, port))
}

/// Levenshtein distance as `names::edit_distance` computes it, without allocating for the short
/// ASCII strings labels are (the "did you mean" scoring runs for every workload of a namespace).
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    const MAX: usize = 64;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() >= MAX || b.len() >= MAX || !a.is_ascii() || !b.is_ascii() {
        return crate::names::edit_distance(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
    }
    let mut row = [0usize; MAX];
    for (j, r) in row.iter_mut().enumerate().take(b.len() + 1) {
        *r = j;
    }
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Images Podscape's registry serves, to suggest in place of one that does not pull.
const KNOWN_IMAGES: &[(&str, &str)] = &[
    ("nginx", "nginx:1.27"),
    ("httpd", "httpd:2.4"),
    ("agnhost", "registry.k8s.io/e2e-test-images/agnhost:2.53"),
    ("busybox", "busybox:1.36"),
];

impl<'a> Index<'a> {
    /// The pod's workload as kubectl names it: (`deployment`, `web`), or (`pod`, name).
    pub(crate) fn workload(&self, pod: &Pod) -> (&'static str, String) {
        match (&pod.owner, pod.owner_kind) {
            (Some(rs), OwnerKind::ReplicaSet) => match self.owner_of(&pod.namespace, rs) {
                Some(d) => ("deployment", d.to_string()),
                None => ("replicaset", rs.clone()),
            },
            (Some(ds), OwnerKind::DaemonSet) => ("daemonset", ds.clone()),
            _ => ("pod", pod.name.clone()),
        }
    }

    /// A field of the pod's template, named in the object the learner wrote (the Deployment's
    /// `spec.template.spec…`, a bare pod's `spec…`), with its line.
    fn template_field(&self, pod: &Pod, field: &str) -> ObjectRef {
        let (kind, name) = self.workload(pod);
        let path = match kind {
            "deployment" | "replicaset" | "daemonset" => format!("spec.template.spec.{field}"),
            _ => format!("spec.{field}"),
        };
        self.located(kind, &pod.namespace, &name, &path)
    }

    fn located(&self, kind: &str, namespace: &str, name: &str, path: &str) -> ObjectRef {
        let mut o = ObjectRef::new(kind, namespace, name).field(path);
        o.line = self.source.line(kind, namespace, name, path);
        o
    }

    /// A patch of the pod's template as the command that applies it.
    fn template_patch(&self, pod: &Pod, json_ops: &str) -> String {
        let (kind, name) = self.workload(pod);
        let ns = namespace_flag(&pod.namespace);
        match kind {
            "deployment" => format!("kubectl patch deployment {name}{ns} --type=json -p '{json_ops}'"),
            _ => format!("kubectl delete pod {}{ns}", pod.name),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Services.

    pub fn service(&self, namespace: &str, name: &str) -> Diagnosis {
        let subject = format!("service/{name}");
        let causes = match self.cluster.service(namespace, name) {
            None => self.missing_service(namespace, name),
            Some(s) => self.service_causes(s),
        };
        Diagnosis::of(subject, causes)
    }

    /// A name that does not resolve: the Service does not exist here (elsewhere, perhaps).
    fn missing_service(&self, namespace: &str, name: &str) -> Vec<Cause> {
        let fqdn = format!("{name}.{namespace}.svc.cluster.local");
        let mut dns = Cause::new(
            "dns-name-not-found",
            format!("{fqdn} does not resolve: there is no Service {name:?} in namespace {namespace}"),
            format!("{fqdn} не разрешается: в пространстве имён {namespace} нет Service {name:?}"),
        )
        .object(ObjectRef::new("service", namespace, name))
        .evidence(format!(
            "Error from server (NotFound): services \"{name}\" not found"
        ))
        .evidence(format!("** server can't find {fqdn}: NXDOMAIN"));
        let elsewhere: Vec<&Service> = self
            .cluster
            .services()
            .filter(|s| s.spec.name == name && s.spec.namespace != namespace)
            .collect();
        if let Some(other) = elsewhere.first() {
            let ons = &other.spec.namespace;
            let wrong = Cause::new(
                "wrong-namespace",
                format!(
                    "service/{name} exists in namespace {ons}, not {namespace}: from {namespace} its name is {name}.{ons}"
                ),
                format!(
                    "service/{name} есть в пространстве имён {ons}, а не в {namespace}: из {namespace} его имя {name}.{ons}"
                ),
            )
            .object(ObjectRef::new("service", ons, name))
            .evidence(format!("{name}.{ons}.svc.cluster.local -> {}", other.cluster_ip))
            .fix(format!("podscape why service/{name} -n {ons}"));
            return vec![dns, wrong];
        }
        let near = self
            .cluster
            .services()
            .filter(|s| s.spec.namespace == namespace)
            .map(|s| (edit_distance(&s.spec.name, name), s.spec.name.as_str()))
            .filter(|(d, n)| *d <= 2.max(n.len() / 4))
            .min();
        if let Some((_, n)) = near {
            dns.message.push_str(&format!(": did you mean {n:?}?"));
            dns.message_ru.push_str(&format!(": может быть, {n:?}?"));
            dns.fix = Some(format!("podscape why service/{n}{}", namespace_flag(namespace)));
        }
        vec![dns]
    }

    fn service_causes(&self, s: &Service) -> Vec<Cause> {
        let spec = &s.spec;
        let (ns, name) = (spec.namespace.as_str(), spec.name.as_str());
        // ExternalName and selector-less Services: the controller manages no endpoints, so
        // there is nothing of Kubernetes' own to walk (Podscape does not simulate hand-written
        // EndpointSlices).
        if spec.selector.is_empty()
            || spec.service_type == "ExternalName"
            || (ns == "default" && name == "kubernetes")
        {
            return Vec::new();
        }
        let selector = labels_text(&spec.selector);
        let pods = self.selected(ns, &spec.selector);
        if pods.is_empty() {
            return self.no_matching_pods(s, &selector);
        }
        // A named targetPort no matched pod declares: the pods are left out of the slice.
        for (i, port) in spec.ports.iter().enumerate() {
            if let IntOrString::String(port_name) = &port.target_port {
                if pods
                    .iter()
                    .all(|p| resolve_target_port(&port.target_port, p).is_none())
                {
                    let declared: Vec<String> = pods[0]
                        .template
                        .containers
                        .iter()
                        .flat_map(|c| &c.ports)
                        .map(|p| {
                            format!(
                                "{}:{}",
                                p.name.as_deref().unwrap_or("<unnamed>"),
                                p.container_port
                            )
                        })
                        .collect();
                    let no_endpoints = self.no_endpoints_symptom(s, &selector);
                    let mut root = Cause::new(
                        "target-port-mismatch",
                        format!(
                            "targetPort {port_name:?} names no containerPort of the selected pods: they are left out of the EndpointSlice"
                        ),
                        format!(
                            "targetPort {port_name:?} не называет ни один containerPort выбранных подов: их нет в EndpointSlice"
                        ),
                    )
                    .object(self.located("service", ns, name, &format!("spec.ports[{i}].targetPort")))
                    .object(self.template_field(pods[0], "containers[0].ports"))
                    .evidence(format!("targetPort: {port_name}"))
                    .evidence(format!("containerPorts: {}", if declared.is_empty() { "<none>".into() } else { declared.join(", ") }));
                    if let Some(number) = pods[0].template.containers.first().and_then(listening_port) {
                        root = root.fix(service_port_patch(s, port.port, number));
                    }
                    return vec![no_endpoints, root];
                }
            }
        }
        let ready: Vec<&Pod> = pods
            .iter()
            .filter(|p| p.ready && p.ip.is_some())
            .copied()
            .collect();
        let stuck = pods.iter().find_map(|p| self.pod_problem(p).map(|c| (*p, c)));
        if ready.is_empty() || stuck.is_some() {
            let not_ready = pods.len() - ready.len();
            let mut symptom = Cause::new(
                "pods-not-ready",
                if ready.is_empty() {
                    format!(
                        "service/{name} has no ready endpoints: {} pod(s) match {selector}, none is Ready",
                        pods.len()
                    )
                } else {
                    format!("{not_ready} of {} pod(s) behind service/{name} are not Ready", pods.len())
                },
                if ready.is_empty() {
                    format!(
                        "у service/{name} нет готовых конечных точек: {selector} выбирает подов: {}, ни один не Ready",
                        pods.len()
                    )
                } else {
                    format!("{not_ready} из {} подов за service/{name} не Ready", pods.len())
                },
            )
            .object(self.located("service", ns, name, "spec.selector"));
            for p in pods.iter().filter(|p| !p.ready).take(3) {
                symptom = symptom.evidence(format!("pod/{}  READY 0/1  STATUS {}", p.name, p.status()));
            }
            let mut chain = vec![symptom];
            match stuck {
                Some((_, causes)) => chain.extend(causes),
                None => {
                    chain[0].message.push_str(" (they are still starting)");
                    chain[0].message_ru.push_str(" (они ещё запускаются)");
                }
            }
            return chain;
        }
        // Ports: does a container of the ready pods listen where the Service sends?
        for (i, port) in spec.ports.iter().enumerate() {
            let Some(pod) = ready.first() else { break };
            let Some(target) = resolve_target_port(&port.target_port, pod) else {
                continue;
            };
            if !listens_on(pod, target) {
                let listening = pod.template.containers.first().and_then(listening_port);
                let what = match listening {
                    Some(p) => format!("its container listens on {p}"),
                    None => "its container runs a client and listens on no port".into(),
                };
                let what_ru = match listening {
                    Some(p) => format!("его контейнер слушает порт {p}"),
                    None => "его контейнер — клиент и не слушает никакой порт".into(),
                };
                let mut c = Cause::new(
                    "target-port-mismatch",
                    format!(
                        "service/{name} sends port {} to targetPort {target} of pod/{}, but {what}: connection refused",
                        port.port, pod.name
                    ),
                    format!(
                        "service/{name} направляет порт {} на targetPort {target} пода pod/{}, но {what_ru}: соединение отклонено",
                        port.port, pod.name
                    ),
                )
                .object(self.located("service", ns, name, &format!("spec.ports[{i}].targetPort")))
                .object(self.template_field(pod, "containers[0].ports"))
                .evidence(format!("targetPort: {target}"))
                .evidence(match listening {
                    Some(p) => format!("{} listens on: {p}", pod.image),
                    None => format!("{} listens on: <nothing>", pod.image),
                });
                if let Some(p) = listening {
                    c = c.fix(service_port_patch(s, port.port, p));
                }
                return vec![c];
            }
        }
        let mut chain = Vec::new();
        // Overlap: pods of more than one workload behind one selector.
        let mut workloads: Vec<(&'static str, String)> = Vec::new();
        for p in &pods {
            let w = self.workload(p);
            if !workloads.contains(&w) {
                workloads.push(w);
            }
        }
        if workloads.len() > 1 {
            let names: Vec<String> = workloads.iter().map(|(k, n)| format!("{k}/{n}")).collect();
            let mut c = Cause::new(
                "selector-overlap",
                format!(
                    "the selector {selector} of service/{name} matches pods of {}: traffic is split between them",
                    names.join(" and ")
                ),
                format!(
                    "селектор {selector} у service/{name} выбирает поды {}: трафик делится между ними",
                    names.join(" и ")
                ),
            )
            .object(self.located("service", ns, name, "spec.selector"))
            .fix(format!("kubectl get pods{} -l {selector} --show-labels", namespace_flag(ns)));
            for (k, n) in &workloads {
                let labels = pods
                    .iter()
                    .find(|p| self.workload(p) == (*k, n.clone()))
                    .map(|p| labels_text(&p.labels))
                    .unwrap_or_default();
                c = c.evidence(format!("{k}/{n}: {labels}"));
            }
            chain.push(c);
            return chain;
        }
        // Traffic policy Local: nodes without a ready endpoint drop what arrives there.
        let external_local = spec.external_traffic_policy.as_deref() == Some("Local")
            && matches!(spec.service_type.as_str(), "NodePort" | "LoadBalancer");
        let internal_local = spec.internal_traffic_policy == "Local";
        if external_local || internal_local {
            let without: Vec<&str> = self
                .cluster
                .nodes()
                .iter()
                .filter(|n| !ready.iter().any(|p| p.node.as_deref() == Some(n.name.as_str())))
                .map(|n| n.name.as_str())
                .collect();
            if !without.is_empty() {
                let (field, policy) = if external_local {
                    ("spec.externalTrafficPolicy", "externalTrafficPolicy")
                } else {
                    ("spec.internalTrafficPolicy", "internalTrafficPolicy")
                };
                let port_name = spec
                    .ports
                    .first()
                    .and_then(|p| p.name.clone())
                    .unwrap_or_default();
                let comment = if port_name.is_empty() {
                    format!("{ns}/{name}")
                } else {
                    format!("{ns}/{name}:{port_name}")
                };
                chain.push(
                    Cause::new(
                        "no-local-endpoints",
                        format!(
                            "{policy}: Local: {} have no ready endpoint of service/{name}: requests arriving there are dropped",
                            without.join(", ")
                        ),
                        format!(
                            "{policy}: Local: на узлах {} нет готовых конечных точек service/{name}: пришедшие туда запросы отбрасываются",
                            without.join(", ")
                        ),
                    )
                    .object(self.located("service", ns, name, field))
                    .evidence(format!("-m comment --comment \"{comment} has no local endpoints\" -j DROP"))
                    .fix(format!(
                        "kubectl patch service {name}{} -p '{{\"spec\":{{\"{policy}\":\"Cluster\"}}}}'",
                        namespace_flag(ns)
                    )),
                );
                return chain;
            }
        }
        if let Some(timeout) = spec.session_affinity_timeout {
            if ready.len() > 1 {
                chain.push(
                    Cause::new(
                        "affinity-pinned",
                        format!(
                            "sessionAffinity: ClientIP: each client's requests all go to one of the {} pods for {timeout}s, by design",
                            ready.len()
                        ),
                        format!(
                            "sessionAffinity: ClientIP: все запросы одного клиента {timeout} с идут в один из {} подов, так задумано",
                            ready.len()
                        ),
                    )
                    .object(self.located("service", ns, name, "spec.sessionAffinity"))
                    .evidence(format!("-m recent --name KUBE-SEP-… --rcheck --seconds {timeout} --reap"))
                    .fix(format!(
                        "kubectl patch service {name}{} -p '{{\"spec\":{{\"sessionAffinity\":\"None\"}}}}'",
                        namespace_flag(ns)
                    )),
                );
            }
        }
        chain
    }

    fn no_endpoints_symptom(&self, s: &Service, selector: &str) -> Cause {
        let (ns, name) = (s.spec.namespace.as_str(), s.spec.name.as_str());
        Cause::new(
            "no-matching-pods",
            format!("service/{name} has no endpoints: connections to it are refused (selector {selector})"),
            format!(
                "у service/{name} нет конечных точек: соединения с ним отклоняются (селектор {selector})"
            ),
        )
        .object(self.located("service", ns, name, "spec.selector"))
        .evidence("Endpoints: <none>")
        .evidence(format!(
            "-m comment --comment \"{ns}/{name} has no endpoints\" -j REJECT"
        ))
    }

    /// No pod matches: the labels nearest the selector ("did you mean"), or the same pods in
    /// another namespace.
    fn no_matching_pods(&self, s: &Service, selector: &str) -> Vec<Cause> {
        let spec = &s.spec;
        let (ns, name) = (spec.namespace.as_str(), spec.name.as_str());
        let mut chain = vec![self.no_endpoints_symptom(s, selector)];
        let elsewhere = self
            .cluster
            .namespaces()
            .filter(|n| n.name != ns)
            .find_map(|n| self.selected(&n.name, &spec.selector).first().copied());
        if let Some(p) = elsewhere {
            let (kind, wname) = self.workload(p);
            chain.push(
                Cause::new(
                    "wrong-namespace",
                    format!(
                        "pods labelled {selector} run in namespace {}, but service/{name} is in {ns}: a Service selects pods of its own namespace only",
                        p.namespace
                    ),
                    format!(
                        "поды с метками {selector} работают в пространстве имён {}, а service/{name} — в {ns}: Service выбирает поды только своего пространства имён",
                        p.namespace
                    ),
                )
                .object(ObjectRef::new("service", ns, name).field("metadata.namespace"))
                .object(ObjectRef::new(kind, &p.namespace, &wname))
                .evidence(format!("service/{name} -n {ns}: selector {selector}"))
                .evidence(format!("{kind}/{wname} -n {}: {}", p.namespace, labels_text(&p.labels)))
                .fix(format!("kubectl get pods -A -l {selector}")),
            );
            return chain;
        }
        // A Deployment whose pods would match, scaled to zero: nothing to correct in the labels.
        let scaled = self.cluster.deployments().find(|d| {
            d.spec.namespace == ns
                && d.spec.replicas == 0
                && spec
                    .selector
                    .iter()
                    .all(|(k, v)| d.spec.template.labels.get(k) == Some(v))
        });
        if let Some(d) = scaled {
            let deployment = &d.spec.name;
            chain.push(
                Cause::new(
                    "scaled-to-zero",
                    format!("deployment/{deployment} is scaled to 0 replicas: its pods would match {selector}, but it runs none"),
                    format!("deployment/{deployment} масштабирован до 0 реплик: его поды подошли бы под {selector}, но их нет"),
                )
                .object(self.located("deployment", ns, deployment, "spec.replicas"))
                .evidence(format!(
                    "deployment/{deployment}: replicas 0, template labels {}",
                    labels_text(&d.spec.template.labels)
                ))
                .fix(format!(
                    "kubectl scale deployment {deployment}{} --replicas=1",
                    namespace_flag(ns)
                )),
            );
            return chain;
        }
        // Candidate label sets: each workload's pods' labels (one per workload).
        let candidates: &[(String, &Pod)] = self.workloads.get(ns).map(Vec::as_slice).unwrap_or(&[]);
        let score = |labels: &BTreeMap<String, String>| -> usize {
            spec.selector
                .iter()
                .map(|(k, v)| match labels.get(k) {
                    Some(have) => edit_distance(v, have),
                    None => labels
                        .iter()
                        .map(|(k2, v2)| edit_distance(k, k2) + edit_distance(v, v2))
                        .min()
                        .unwrap_or(k.len() + v.len()),
                })
                .sum()
        };
        let best = candidates
            .iter()
            .map(|(w, p)| (score(&p.labels), w, *p))
            .min_by_key(|(d, _, _)| *d);
        let Some((_, workload, pod)) = best else {
            chain[0]
                .message
                .push_str(&format!(": no pod runs in namespace {ns}"));
            chain[0]
                .message_ru
                .push_str(&format!(": в пространстве имён {ns} нет подов"));
            return chain;
        };
        // The selector's pairs the pods lack, and what they carry instead.
        let mut wrong: Vec<(String, Option<(String, String)>)> = Vec::new();
        for (k, v) in &spec.selector {
            if pod.labels.get(k) == Some(v) {
                continue;
            }
            let instead = match pod.labels.get(k) {
                Some(have) => Some((k.clone(), have.clone())),
                None => pod
                    .labels
                    .iter()
                    .filter(|(k2, _)| !spec.selector.contains_key(*k2) && *k2 != "pod-template-hash")
                    .min_by_key(|(k2, v2)| edit_distance(k, k2) + edit_distance(v, v2))
                    .map(|(k2, v2)| (k2.clone(), v2.clone())),
            };
            wrong.push((k.clone(), instead));
        }
        let Some((key, instead)) = wrong.first().cloned() else {
            return chain;
        };
        let meant = match &instead {
            Some((k2, v2)) => format!("{k2}={v2}"),
            None => "(no such label)".into(),
        };
        let said = format!("{key}={}", spec.selector.get(&key).cloned().unwrap_or_default());
        let mut root = Cause::new(
            "selector-mismatch",
            format!("the selector says {said}, but the pods of {workload} are labelled {meant}: did you mean {meant}?"),
            format!("в селекторе {said}, а у подов {workload} метка {meant}: может быть, имелось в виду {meant}?"),
        )
        .object(self.located("service", ns, name, &format!("spec.selector.{key}")))
        .object(self.template_field(pod, "").field(match self.workload(pod).0 {
            "pod" => "metadata.labels".to_string(),
            _ => "spec.template.metadata.labels".to_string(),
        }))
        .evidence(format!("selector:  {selector}"))
        .evidence(format!("{workload}: {}", labels_text(&pod.labels)));
        // The line of the pods' labels.
        if let Some(o) = root.objects.last_mut() {
            let path = o.field.clone().unwrap_or_default();
            o.line = self.source.line(&o.kind, &o.namespace, &o.name, &path);
        }
        // The fix: the Service's selector as the pods' labels have it, every wrong pair.
        let mut patch = serde_json::Map::new();
        for (k, instead) in &wrong {
            match instead {
                Some((k2, v2)) => {
                    if k2 != k {
                        patch.insert(k.clone(), serde_json::Value::Null);
                    }
                    patch.insert(k2.clone(), serde_json::Value::String(v2.clone()));
                }
                None => {
                    patch.insert(k.clone(), serde_json::Value::Null);
                }
            }
        }
        let body = serde_json::json!({ "spec": { "selector": patch } });
        root = root.fix(format!(
            "kubectl patch service {name}{} -p '{body}'",
            namespace_flag(ns)
        ));
        chain.push(root);
        chain
    }

    // -----------------------------------------------------------------------------------------
    // Pods.

    pub fn pod(&self, namespace: &str, name: &str) -> Diagnosis {
        let subject = format!("pod/{name}");
        let Some(pod) = self.cluster.pod(namespace, name) else {
            return Diagnosis::of(subject.clone(), vec![not_found("pod", namespace, name)]);
        };
        let causes = match self.pod_problem(pod) {
            Some(c) => c,
            None if pod.phase == PodPhase::Running && !pod.ready && pod.deletion_ms.is_none() => {
                vec![Cause::new(
                    "pods-not-ready",
                    format!(
                        "pod/{name} is Running but not Ready yet (STATUS {})",
                        pod.status()
                    ),
                    format!(
                        "pod/{name} в состоянии Running, но ещё не Ready (STATUS {})",
                        pod.status()
                    ),
                )
                .object(ObjectRef::new("pod", namespace, name).field("status.conditions"))]
            }
            None => Vec::new(),
        };
        Diagnosis::of(subject, causes)
    }

    /// Why a pod is stuck (not merely starting): `None` when it is fine or on its way.
    pub(crate) fn pod_problem(&self, pod: &Pod) -> Option<Vec<Cause>> {
        if pod.deletion_ms.is_some() {
            return None;
        }
        let (ns, name) = (pod.namespace.as_str(), pod.name.as_str());
        let events = self.events_of(ns, name);
        let last = |reason: &str| events.iter().rev().find(|e| e.reason == reason);
        if pod.node.is_none() {
            let event = last("FailedScheduling")?;
            return Some(vec![self.pending(pod, &event.message)]);
        }
        match pod.status() {
            "ErrImagePull" | "ImagePullBackOff" => {
                let image = &pod.image;
                let mut c = Cause::new(
                    "image-pull-failing",
                    format!(
                        "pod/{name} is {}: the kubelet cannot pull image {image:?}",
                        pod.status()
                    ),
                    format!(
                        "pod/{name} в состоянии {}: kubelet не может скачать образ {image:?}",
                        pod.status()
                    ),
                )
                .object(self.template_field(pod, "containers[0].image"));
                if let Some(e) = events
                    .iter()
                    .rev()
                    .find(|e| e.reason == "Failed" && e.message.starts_with("Failed to pull"))
                {
                    c = c.evidence(e.message.clone());
                }
                let known = KNOWN_IMAGES
                    .iter()
                    .find(|(n, _)| *n == crate::cluster::images::image_name(image))
                    .map(|(_, i)| *i);
                let container = &pod.container_name;
                c = c.fix(match (known, self.workload(pod)) {
                    (Some(good), ("deployment", d)) if good != image => {
                        format!(
                            "kubectl set image deployment/{d} {container}={good}{}",
                            namespace_flag(ns)
                        )
                    }
                    // The registry lacks it because a fault said so (`podscape unpullable`).
                    _ => format!("podscape pullable {image}"),
                });
                Some(vec![c])
            }
            "CrashLoopBackOff" | "Error" => {
                let c = self.crash(pod, events);
                Some(vec![c])
            }
            _ if pod.phase == PodPhase::Running && !pod.ready && pod.readiness_failing => Some(vec![
                self.readiness(pod, last("Unhealthy").map(|e| e.message.clone()))
            ]),
            _ if pod.phase == PodPhase::Running && !pod.ready => {
                // A probe that cannot pass: on a port no container listens on.
                let c = pod.template.containers.first()?;
                let probe = c.readiness_probe.as_ref()?;
                let port = match &probe.handler {
                    ProbeHandler::HttpGet { port, .. } | ProbeHandler::TcpSocket { port } => port,
                    _ => return None,
                };
                let number = resolve_target_port(port, pod)?;
                (!listens_on(pod, number))
                    .then(|| vec![self.readiness(pod, last("Unhealthy").map(|e| e.message.clone()))])
            }
            _ => None,
        }
    }

    fn pending(&self, pod: &Pod, message: &str) -> Cause {
        let (ns, name) = (pod.namespace.as_str(), pod.name.as_str());
        let t = &pod.template;
        let (field, fix): (&str, String) =
            if message.contains("didn't match Pod's node affinity/selector") && !t.node_selector.is_empty() {
                (
                    "nodeSelector",
                    self.template_patch(
                        pod,
                        r#"[{"op":"remove","path":"/spec/template/spec/nodeSelector"}]"#,
                    ),
                )
            } else if message.contains("Insufficient cpu") || message.contains("Insufficient memory") {
                (
                    "containers[0].resources.requests",
                    self.template_patch(
                        pod,
                        r#"[{"op":"remove","path":"/spec/template/spec/containers/0/resources"}]"#,
                    ),
                )
            } else if message.contains("were unschedulable") {
                let cordoned: Vec<&str> = self
                    .cluster
                    .nodes()
                    .iter()
                    .filter(|n| n.unschedulable)
                    .map(|n| n.name.as_str())
                    .collect();
                (
                    "nodeName",
                    format!("kubectl uncordon {}", cordoned.first().copied().unwrap_or("NODE")),
                )
            } else if message.contains("Too many pods") {
                let (_, d) = self.workload(pod);
                (
                    "replicas",
                    format!("kubectl scale deployment {d} --replicas=1{}", namespace_flag(ns)),
                )
            } else {
                (
                    "tolerations",
                    format!("kubectl describe pod {name}{}", namespace_flag(ns)),
                )
            };
        let mut o = self.template_field(pod, field);
        let fix = match (field, self.workload(pod).0) {
            // A pod's spec is immutable there: the learner edits the YAML and applies it again.
            ("nodeSelector" | "containers[0].resources.requests", "pod") => {
                "kubectl get nodes --show-labels".to_string()
            }
            _ => fix,
        };
        if field == "replicas" {
            let (kind, w) = self.workload(pod);
            o = self.located(kind, ns, &w, "spec.replicas");
        } else if field == "nodeName" {
            let node = self
                .cluster
                .nodes()
                .iter()
                .find(|n| n.unschedulable)
                .map(|n| n.name.as_str())
                .unwrap_or("");
            o = ObjectRef::new("node", "", node).field("spec.unschedulable");
        }
        Cause::new(
            "pods-pending",
            format!("pod/{name} is Pending: the scheduler finds no node for it ({field})"),
            format!("pod/{name} в состоянии Pending: планировщик не находит для него узел ({field})"),
        )
        .object(o)
        .evidence(format!("Warning  FailedScheduling  default-scheduler  {message}"))
        .fix(fix)
    }

    fn crash(&self, pod: &Pod, events: &[&crate::cluster::Event]) -> Cause {
        let name = &pod.name;
        let killed = events
            .iter()
            .any(|e| e.reason == "Killing" && e.message.contains("liveness"));
        let field = if killed {
            "containers[0].livenessProbe"
        } else {
            "containers[0].command"
        };
        let mut c = Cause::new(
            "crash-looping",
            format!(
                "pod/{name} is {}: its container exited with code {} and restarted {} time(s)",
                pod.status(),
                pod.exit_code(),
                pod.restarts
            ),
            format!(
                "pod/{name} в состоянии {}: контейнер завершился с кодом {} и перезапускался {} раз(а)",
                pod.status(),
                pod.exit_code(),
                pod.restarts
            ),
        )
        .object(self.template_field(pod, field));
        for e in events
            .iter()
            .rev()
            .filter(|e| e.reason == "BackOff" || e.reason == "Killing")
            .take(2)
        {
            c = c.evidence(e.message.clone());
        }
        c = c.evidence(format!("Last State: Terminated, Exit Code: {}", pod.exit_code()));
        c.fix(format!(
            "kubectl logs {name} --previous{}",
            namespace_flag(&pod.namespace)
        ))
    }

    fn readiness(&self, pod: &Pod, event: Option<String>) -> Cause {
        let name = &pod.name;
        let probe_port = pod
            .template
            .containers
            .first()
            .and_then(|c| c.readiness_probe.as_ref())
            .and_then(|p| match &p.handler {
                ProbeHandler::HttpGet { port, .. } | ProbeHandler::TcpSocket { port } => {
                    resolve_target_port(port, pod)
                }
                _ => None,
            });
        let listening = pod.template.containers.first().and_then(listening_port);
        let mut c = Cause::new(
            "readiness-failing",
            format!("pod/{name} runs, but its readiness probe fails: the kubelet keeps it out of the Service's endpoints"),
            format!("pod/{name} работает, но его readiness-проба не проходит: kubelet не включает его в конечные точки Service"),
        )
        .object(self.template_field(pod, "containers[0].readinessProbe"));
        if let Some(e) = event {
            c = c.evidence(e);
        }
        match (probe_port, listening) {
            (Some(probe), Some(l)) if probe != l && !listens_on(pod, probe) => {
                c.message.push_str(&format!(
                    " (it probes port {probe}, the container listens on {l})"
                ));
                c.message_ru
                    .push_str(&format!(" (проба идёт на порт {probe}, а контейнер слушает {l})"));
                let field = if matches!(
                    pod.template
                        .containers
                        .first()
                        .and_then(|c| c.readiness_probe.as_ref())
                        .map(|p| &p.handler),
                    Some(ProbeHandler::TcpSocket { .. })
                ) {
                    "tcpSocket"
                } else {
                    "httpGet"
                };
                let ops = format!(
                    r#"[{{"op":"replace","path":"/spec/template/spec/containers/0/readinessProbe/{field}/port","value":{l}}}]"#
                );
                c.fix(self.template_patch(pod, &ops))
            }
            _ => c.fix(format!("podscape fix-readiness {name}")),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Deployments.

    pub fn deployment(&self, namespace: &str, name: &str) -> Diagnosis {
        let subject = format!("deployment/{name}");
        let Some(d) = self.cluster.deployment(namespace, name) else {
            return Diagnosis::of(subject, vec![not_found("deployment", namespace, name)]);
        };
        let newest = self
            .cluster
            .replica_sets()
            .iter()
            .filter(|r| r.namespace == namespace && r.owner == name)
            .max_by_key(|r| r.revision);
        let pods: Vec<&Pod> = self
            .cluster
            .pods()
            .iter()
            .filter(|p| p.namespace == namespace && p.deletion_ms.is_none())
            .filter(|p| newest.is_some_and(|r| p.owner.as_deref() == Some(r.name.as_str())))
            .map(|p| &**p)
            .collect();
        let stuck = pods.iter().find_map(|p| self.pod_problem(p));
        let deadline = d
            .condition("Progressing")
            .is_some_and(|c| c.reason == "ProgressDeadlineExceeded");
        let status = &d.status;
        let mut chain = Vec::new();
        let rolling = status.updated_replicas < d.spec.replicas || status.replicas > status.updated_replicas;
        if deadline || (stuck.is_some() && rolling && status.revision > 1) {
            let mut c = Cause::new(
                "rollout-stuck",
                if deadline {
                    format!("error: deployment \"{name}\" exceeded its progress deadline")
                } else {
                    format!(
                        "Waiting for deployment \"{name}\" rollout to finish: {} out of {} new replicas have been updated...",
                        status.updated_replicas, d.spec.replicas
                    )
                },
                format!("выкатка deployment/{name} застряла: новые поды не становятся доступными"),
            )
            .object(self.located("deployment", namespace, name, "spec.template"))
            .fix(format!("kubectl rollout undo deployment/{name}{}", namespace_flag(namespace)));
            if let Some(p) = d.condition("Progressing") {
                c = c.evidence(format!("Progressing  {}  {}", p.status, p.reason));
            }
            chain.push(c);
        }
        if let Some(causes) = stuck {
            if chain.is_empty() {
                chain.push(
                    Cause::new(
                        "pods-not-ready",
                        format!(
                            "deployment/{name}: {} of {} replicas available",
                            status.available_replicas, d.spec.replicas
                        ),
                        format!(
                            "deployment/{name}: доступно реплик: {} из {}",
                            status.available_replicas, d.spec.replicas
                        ),
                    )
                    .object(ObjectRef::new("deployment", namespace, name).field("status.availableReplicas")),
                );
            }
            chain.extend(causes);
        }
        Diagnosis::of(subject, chain)
    }

    // -----------------------------------------------------------------------------------------
    // Ingresses.

    pub fn ingress(&self, namespace: &str, name: &str) -> Diagnosis {
        let subject = format!("ingress/{name}");
        let Some(ing) = self.cluster.ingress(namespace, name) else {
            return Diagnosis::of(subject, vec![not_found("ingress", namespace, name)]);
        };
        let spec = &ing.spec;
        if !ing.served() {
            let class = spec.ingress_class_name.clone().unwrap_or_default();
            let c = Cause::new(
                "ingress-no-rule",
                format!("ingressClassName {class:?}: no controller serves this Ingress, so none of its rules is configured (the controller's class is {INGRESS_CLASS:?})"),
                format!("ingressClassName {class:?}: этот Ingress не обслуживает ни один контроллер, и ни одно его правило не настроено (класс контроллера {INGRESS_CLASS:?})"),
            )
            .object(self.located("ingress", namespace, name, "spec.ingressClassName"))
            // Podscape does not patch Ingresses: the fix is an edit of the YAML.
            .evidence(format!("ingressClassName: {class}  (served: {INGRESS_CLASS})"));
            return Diagnosis::of(subject, vec![c]);
        }
        if spec.rules.is_empty() && spec.default_backend.is_none() {
            let c = Cause::new(
                "ingress-no-rule",
                "the Ingress has no rule and no defaultBackend: every request gets 404 Not Found".to_string(),
                "у Ingress нет ни правил, ни defaultBackend: на каждый запрос ответ 404 Not Found"
                    .to_string(),
            )
            .object(self.located("ingress", namespace, name, "spec"));
            return Diagnosis::of(subject, vec![c]);
        }
        // Each backend: its Service, its port, its endpoints.
        let mut backends: Vec<(String, &crate::manifest::IngressBackend)> = Vec::new();
        if let Some(b) = &spec.default_backend {
            backends.push(("spec.defaultBackend.service".into(), b));
        }
        for (i, rule) in spec.rules.iter().enumerate() {
            for (j, p) in rule.paths.iter().enumerate() {
                backends.push((
                    format!("spec.rules[{i}].http.paths[{j}].backend.service"),
                    &p.backend,
                ));
            }
        }
        for (path, b) in backends {
            let service = &b.service_name;
            let inner = self.service(namespace, service);
            let port_ok = self.cluster.service(namespace, service).is_none_or(|s| {
                s.spec.ports.iter().any(|p| match &b.service_port {
                    IntOrString::Int(n) => p.port == *n,
                    IntOrString::String(n) => p.name.as_deref() == Some(n.as_str()),
                })
            });
            if inner.healthy && port_ok {
                continue;
            }
            let port = match &b.service_port {
                IntOrString::Int(n) => n.to_string(),
                IntOrString::String(s) => s.clone(),
            };
            let mut chain = vec![Cause::new(
                "ingress-no-endpoints",
                format!("requests the Ingress sends to service/{service}:{port} get 503 Service Temporarily Unavailable"),
                format!("запросы, которые Ingress направляет в service/{service}:{port}, получают 503 Service Temporarily Unavailable"),
            )
            .object(self.located("ingress", namespace, name, &format!("{path}.name")))
            .evidence("<head><title>503 Service Temporarily Unavailable</title></head>")];
            if !port_ok {
                let ports: Vec<String> = self
                    .cluster
                    .service(namespace, service)
                    .map(|s| s.spec.ports.iter().map(|p| p.port.to_string()).collect())
                    .unwrap_or_default();
                chain.push(
                    Cause::new(
                        "target-port-mismatch",
                        format!(
                            "service/{service} has no port {port} (its ports: {})",
                            ports.join(", ")
                        ),
                        format!(
                            "у service/{service} нет порта {port} (его порты: {})",
                            ports.join(", ")
                        ),
                    )
                    .object(self.located("ingress", namespace, name, &format!("{path}.port")))
                    .object(self.located("service", namespace, service, "spec.ports")),
                );
            } else {
                chain.extend(inner.causes);
            }
            return Diagnosis::of(subject, chain);
        }
        // 404s in the controller's access log: requests no rule matched.
        let now = self.cluster.now_ms();
        if let Some(e) = self
            .cluster
            .ingress_log()
            .iter()
            .rev()
            .find(|e| e.status == 404 && e.at_ms.saturating_add(60_000) > now)
        {
            let hosts: Vec<String> = spec
                .rules
                .iter()
                .map(|r| r.host.clone().unwrap_or_else(|| "*".into()))
                .collect();
            let c = Cause::new(
                "ingress-no-rule",
                format!("GET {}{} got 404 Not Found: no rule of the Ingress matches that host and path", e.host, e.path),
                format!("GET {}{} получил 404 Not Found: ни одно правило Ingress не подходит к этому хосту и пути", e.host, e.path),
            )
            .object(self.located("ingress", namespace, name, "spec.rules"))
            .evidence(format!("rules' hosts: {}", hosts.join(", ")))
            .evidence(format!("\"GET {} HTTP/1.1\" 404 (Host: {})", e.path, e.host));
            return Diagnosis::of(subject, vec![c]);
        }
        Diagnosis::of(subject, Vec::new())
    }

    // -----------------------------------------------------------------------------------------
    // Requests.

    /// The newest request that failed, from the flow log, explained.
    pub fn request(&self) -> Diagnosis {
        let edges = self.cluster.flows(crate::cluster::MAX_FLOW_WINDOW_MS);
        // A failure older than a later answer from the same Service is history, not a symptom.
        let mut answered: BTreeMap<&str, u64> = BTreeMap::new();
        for e in edges.iter().filter(|e| e.served > 0) {
            let id = e.last_request.unwrap_or(0);
            let served =
                self.cluster.request(id).and_then(|r| self.cluster.ending(r)) == Some(Ending::Answered);
            if served {
                let newest = answered.entry(e.service.as_str()).or_default();
                *newest = (*newest).max(id);
            }
        }
        let newest = edges
            .iter()
            .filter(|e| e.failed() > 0)
            .filter(|e| e.last_request.unwrap_or(0) > answered.get(e.service.as_str()).copied().unwrap_or(0))
            .filter_map(|e| e.last_request.map(|id| (id, e)))
            .filter_map(|(id, e)| {
                let r = self.cluster.request(id)?;
                let ending = self.cluster.ending(r)?;
                (ending != Ending::Answered).then_some((id, e, r, ending))
            })
            .max_by_key(|(id, ..)| *id);
        let Some((id, edge, r, ending)) = newest else {
            return Diagnosis::of("request".into(), Vec::new());
        };
        self.request_chain(id, &edge.from, &r.namespace, &r.service, ending)
    }

    /// The chain of request `id` from `from` to `service` in `namespace`, which ended so.
    pub fn request_chain(
        &self,
        id: u64,
        from: &str,
        namespace: &str,
        service: &str,
        ending: Ending,
    ) -> Diagnosis {
        let (what, what_ru) = match &ending {
            Ending::Refused => (
                "was refused: connection refused".to_string(),
                "отклонён: connection refused".to_string(),
            ),
            Ending::NotListening(p) => (
                format!("reached pod/{p}, which refused the connection"),
                format!("дошёл до pod/{p}, который отклонил соединение"),
            ),
            Ending::TimedOut => (
                "timed out: dropped on its way".to_string(),
                "не дождался ответа: отброшен по пути".to_string(),
            ),
            Ending::NoDns => (
                format!("never left: {service} does not resolve"),
                format!("не отправлен: имя {service} не разрешается"),
            ),
            Ending::BadGateway(p) => (
                format!("got 502 Bad Gateway from pod/{p}"),
                format!("получил 502 Bad Gateway от pod/{p}"),
            ),
            Ending::Answered => ("was answered".to_string(), "получил ответ".to_string()),
        };
        let symptom = Cause::new(
            "request-failed",
            format!("request #{id} from {from} to service/{service} {what}"),
            format!("запрос #{id} от {from} к service/{service} {what_ru}"),
        )
        .object(ObjectRef::new("service", namespace, service));
        let mut chain = vec![symptom];
        match ending {
            Ending::BadGateway(_) => {
                // Follow the proxy's failed onward request down.
                let below = self.cluster.failure_chain(id);
                if let Some(deepest) = below.last() {
                    let (ns, svc) = deepest
                        .service
                        .split_once('/')
                        .unwrap_or((namespace, &deepest.service));
                    chain.extend(
                        self.service(ns, svc)
                            .causes
                            .into_iter()
                            .filter(|c| c.code != "healthy"),
                    );
                }
            }
            _ => chain.extend(
                self.service(namespace, service)
                    .causes
                    .into_iter()
                    .filter(|c| c.code != "healthy"),
            ),
        }
        Diagnosis::of("request".into(), chain)
    }
}

fn namespace_flag(ns: &str) -> String {
    if ns == "default" {
        String::new()
    } else {
        format!(" -n {ns}")
    }
}

fn not_found(kind: &str, namespace: &str, name: &str) -> Cause {
    let plural = match kind {
        "ingress" => "ingresses.networking.k8s.io".to_string(),
        "deployment" => "deployments.apps".to_string(),
        k => format!("{k}s"),
    };
    Cause::new(
        "not-found",
        format!("Error from server (NotFound): {plural} \"{name}\" not found"),
        format!("{kind}/{name} нет в пространстве имён {namespace}"),
    )
    .object(ObjectRef::new(kind, namespace, name))
}

/// `kubectl patch service NAME -p …` setting the targetPort of the port numbered `port`
/// (strategic merge keys Service ports by `port`).
fn service_port_patch(s: &Service, port: i32, target: i32) -> String {
    format!(
        "kubectl patch service {}{} -p '{{\"spec\":{{\"ports\":[{{\"port\":{port},\"targetPort\":{target}}}]}}}}'",
        s.spec.name,
        namespace_flag(&s.spec.namespace)
    )
}
