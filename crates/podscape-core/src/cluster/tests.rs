//! The simulated cluster's internals and properties: bounds checked at every tick, property
//! tests, the traffic generator's counters, the proxy epoch. What a learner observes through
//! kubectl is shown by the transcripts in `tests/transcripts/` (fresh-cluster, scheduling,
//! scaling, proportional-scaling, readiness, image-pull, deletion-cost, deletion-cost-invalid,
//! node-down), replayed natively and in the browser.

use super::deployment::Strategy;
use super::*;
use crate::manifest::Object;
use crate::scenario::backend_yaml;

const NS: &str = "default";

fn applied(seed: u64) -> Cluster {
    let mut c = Cluster::new(seed);
    let out = c.apply(backend_yaml());
    assert!(out.applied(), "{:?}", out.diagnostics);
    c
}

fn backend_pods(c: &Cluster) -> Vec<&Pod> {
    c.pods()
        .iter()
        .filter(|p| p.namespace == NS)
        .map(|p| &**p)
        .collect()
}

fn deployment_with_replicas(replicas: i32) -> manifest::Deployment {
    let text = backend_yaml().replace("replicas: 3", &format!("replicas: {replicas}"));
    match manifest::parse(&text).objects.remove(0) {
        Object::Deployment(d) => d,
        other => panic!("{other:?}"),
    }
}

#[test]
fn pod_ips_are_unique_and_inside_their_node_cidr() {
    let mut c = applied(4);
    c.apply(&backend_yaml().replace("replicas: 3", "replicas: 12"));
    c.advance(10_000);
    // Pods on the pod network; kind's node pods share their node's address.
    let pods: Vec<_> = c
        .pods()
        .iter()
        .filter(|p| p.owner_kind == OwnerKind::ReplicaSet)
        .collect();
    let mut ips: Vec<_> = pods.iter().filter_map(|p| p.ip.clone()).collect();
    ips.sort();
    ips.dedup();
    assert_eq!(ips.len(), pods.len());
    for p in c.pods().iter().filter(|p| p.owner_kind != OwnerKind::ReplicaSet) {
        let node = c
            .nodes()
            .iter()
            .find(|n| Some(&n.name) == p.node.as_ref())
            .unwrap();
        assert_eq!(p.ip.as_ref(), Some(&node.internal_ip), "{}", p.name);
    }
}

#[test]
fn same_seed_same_run_other_seed_other_names() {
    let run = |seed| {
        let mut c = applied(seed);
        c.advance(7_000);
        c.pods()
            .iter()
            .map(|p| format!("{} {:?} {:?}", p.name, p.node, p.ip))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(9), run(9));
    assert_ne!(run(9), run(10));
}

#[test]
fn fenceposts_match_the_reference_table() {
    // kubernetes-semantics.md §1.2 (25%/25%): (replicas, maxSurge, maxUnavailable).
    for (replicas, surge, unavailable) in [(1, 1, 0), (2, 1, 0), (3, 1, 0), (4, 1, 1), (10, 3, 2)] {
        let s = Strategy::of(&deployment_with_replicas(replicas));
        assert_eq!(
            (s.max_surge, s.max_unavailable),
            (surge, unavailable),
            "replicas {replicas}"
        );
    }
    assert_eq!(Strategy::of(&deployment_with_replicas(0)).max_unavailable, 0);
}

/// Rolls the default Deployment to a new image and checks the RollingUpdate bounds at every
/// tick: never more than replicas + maxSurge pods, never fewer than replicas - maxUnavailable
/// available; and at the end only the new ReplicaSet has pods.
fn roll_out_and_check_bounds(seed: u64, replicas: i32) {
    roll_out_with_strategy(seed, replicas, "");
}

/// As above, with `strategy` (a `rollingUpdate:` block, say) written into the Deployment.
fn roll_out_with_strategy(seed: u64, replicas: i32, strategy: &str) {
    let yaml = backend_yaml().replace("replicas: 3\n", &format!("replicas: {replicas}\n{strategy}"));
    let mut c = Cluster::new(seed);
    assert!(c.apply(&yaml).applied(), "{yaml}");
    c.advance(15_000);
    let parsed = crate::manifest::parse(&yaml);
    let Some(Object::Deployment(d)) = parsed.objects.first() else {
        panic!("no Deployment in {yaml}");
    };
    let s = Strategy::of(d);
    let out = c.apply(&yaml.replace("agnhost:2.53", "agnhost:2.54"));
    assert_eq!(out.output[0], "deployment.apps/image-processor configured");
    for _ in 0..1_200 {
        c.advance(TICK_MS);
        let active = backend_pods(&c).iter().filter(|p| p.is_active()).count() as i32;
        let available = backend_pods(&c)
            .iter()
            .filter(|p| p.is_active() && p.ready)
            .count() as i32;
        assert!(
            active <= replicas + s.max_surge,
            "{active} pods at t={}",
            c.now_ms()
        );
        assert!(
            available >= replicas - s.max_unavailable,
            "{available} available at t={}",
            c.now_ms()
        );
    }
    let rs: Vec<_> = c.replica_sets().iter().filter(|r| r.namespace == NS).collect();
    assert_eq!(rs.len(), 2);
    let new = rs.iter().find(|r| r.revision == 2).unwrap();
    assert_eq!(new.replicas, replicas);
    assert!(backend_pods(&c)
        .iter()
        .all(|p| p.owner.as_ref() == Some(&new.name) && p.ready));
    let d = c.deployment(NS, "image-processor").unwrap();
    assert_eq!(d.status.updated_replicas, replicas);
    assert_eq!(d.status.revision, 2);
}

#[test]
fn rolling_update_respects_surge_and_unavailability() {
    roll_out_and_check_bounds(11, 3);
    roll_out_and_check_bounds(12, 10);
}

mod written_strategies {
    use super::roll_out_with_strategy;
    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
        /// Any written maxSurge/maxUnavailable (numbers or percentages, not both zero): at every
        /// tick of the rollout, at most replicas + maxSurge pods and at least replicas -
        /// maxUnavailable available, as the controller resolves them.
        #[test]
        fn rolling_update_respects_any_written_strategy(
            seed in 0u64..1_000,
            replicas in 1i32..9,
            surge in proptest::prop_oneof![(0i32..4).prop_map(|n| n.to_string()), (0i32..=100).prop_map(|p| format!("\"{p}%\""))],
            unavailable in proptest::prop_oneof![(0i32..4).prop_map(|n| n.to_string()), (0i32..=100).prop_map(|p| format!("\"{p}%\""))],
        ) {
            proptest::prop_assume!(!(surge.trim_matches('"').trim_end_matches('%') == "0" && unavailable.trim_matches('"').trim_end_matches('%') == "0"));
            let strategy = format!("  strategy:\n    rollingUpdate:\n      maxSurge: {surge}\n      maxUnavailable: {unavailable}\n");
            roll_out_with_strategy(seed, replicas, &strategy);
        }
    }
}

#[test]
fn traffic_is_spread_over_ready_pods_and_refused_without_endpoints() {
    let mut c = applied(21);
    c.advance(10_000);
    c.set_request_rate(10.0);
    c.advance(30_000);
    let stats = &c.traffic().stats[&(NS.to_string(), "image-processor".to_string())];
    assert!(stats.sent >= 290, "{stats:?}");
    assert_eq!(stats.refused, 0);
    assert_eq!(stats.served.len(), 3);
    for (_, n) in &stats.served {
        assert!((60..=140).contains(n), "roughly a third each: {stats:?}");
    }
    c.scale_deployment(NS, "image-processor", 0);
    c.advance(5_000);
    let refused_before = c.traffic().stats[&(NS.to_string(), "image-processor".to_string())].refused;
    c.advance(5_000);
    let stats = &c.traffic().stats[&(NS.to_string(), "image-processor".to_string())];
    assert!(stats.refused >= refused_before + 45, "{stats:?}");
}

/// The gate itself, tick by tick (what follows it, a failing probe, is the `readiness`
/// transcript).
#[test]
fn readiness_waits_for_the_initial_delay() {
    let mut c = Cluster::new(31);
    // The default scenario probes `/` on port http every 3 s after 2 s (failureThreshold 3).
    let out = c.apply(backend_yaml());
    assert!(out.applied(), "{:?}", out.diagnostics);
    // Until initialDelaySeconds has passed since the container started, no pod is ready.
    for _ in 0..300 {
        c.advance(TICK_MS);
        for p in backend_pods(&c) {
            if let Some(started) = p.started_ms {
                assert_eq!(
                    p.ready,
                    c.now_ms() >= started + 2_000,
                    "{} at {}",
                    p.name,
                    c.now_ms()
                );
            }
        }
    }
    assert!(backend_pods(&c).iter().all(|p| p.ready));
}

#[test]
fn every_rule_that_routed_a_request_is_in_the_rules_the_node_prints() {
    for mode in [
        crate::proxy::ProxyMode::Iptables,
        crate::proxy::ProxyMode::Ipvs,
        crate::proxy::ProxyMode::Nftables,
    ] {
        let mut c = applied(41);
        c.set_proxy_mode(mode);
        c.advance(15_000);
        c.set_request_rate(5.0);
        c.advance(5_000);
        let last = c.traffic().last.clone().expect("a request was routed");
        let route = last.route.expect("with its route");
        assert!(route.pod.is_some(), "{mode:?}: {route:?}");
        let printed = c.render_rules(&route.node);
        assert!(!route.steps.is_empty());
        for step in route.steps.iter() {
            // iptables prints `-A CHAIN …` lines; ipvsadm and nft print the rule text itself.
            assert!(
                printed.contains(step.rule.trim()),
                "{mode:?}: {:?} not in\n{printed}",
                step.rule
            );
        }
    }
}

#[test]
fn ipvs_round_robin_spreads_requests_exactly_evenly() {
    let mut c = applied(42);
    c.set_proxy_mode(crate::proxy::ProxyMode::Ipvs);
    c.advance(15_000);
    c.set_request_rate(3.0);
    c.advance(30_000);
    let stats = &c.traffic().stats[&(NS.to_string(), "image-processor".to_string())];
    let counts: Vec<u64> = stats.served.iter().map(|(_, n)| *n).collect();
    assert_eq!(counts.len(), 3);
    assert!(
        counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1,
        "{counts:?}"
    );
}

#[test]
fn a_crashing_command_backs_off_10s_20s_40s() {
    let mut c = Cluster::new(51);
    let yaml = backend_yaml().replace("replicas: 3", "replicas: 1").replace(
        "          args: [\"serve-hostname\"]",
        "          command: [\"sh\", \"-c\", \"exit 1\"]",
    );
    assert!(c.apply(&yaml).applied());
    // Record when each restart happens.
    let mut restarts_at = Vec::new();
    let mut last = 0;
    for _ in 0..2_400 {
        c.advance(TICK_MS);
        let pod = backend_pods(&c)[0];
        if pod.restarts != last {
            last = pod.restarts;
            restarts_at.push(c.now_ms());
        }
    }
    assert!(restarts_at.len() >= 4, "{restarts_at:?}");
    // Each container runs 1.5 s before it exits; the waits between exit and restart are
    // 0 (the first restart is immediate), then 10 s, 20 s, 40 s.
    let waits: Vec<u64> = restarts_at.windows(2).map(|w| w[1] - w[0] - 1_500).collect();
    assert_eq!(&waits[..3], &[10_000, 20_000, 40_000], "{restarts_at:?}");
    let event = c.events().iter().rev().find(|e| e.reason == "BackOff").unwrap();
    assert!(event
        .message
        .starts_with("Back-off restarting failed container worker in pod image-processor-"));
}

#[test]
fn a_failing_liveness_probe_restarts_the_container() {
    let mut c = Cluster::new(61);
    let yaml = backend_yaml().replace(
        "          readinessProbe:",
        "          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n            periodSeconds: 2\n            failureThreshold: 2\n          readinessProbe:",
    );
    assert!(c.apply(&yaml).applied());
    c.advance(15_000);
    let victim = backend_pods(&c)[0].name.clone();
    assert!(c.set_liveness_failing(NS, &victim, true));
    c.advance(4_100);
    let pod = c.pods().iter().find(|p| p.name == victim).unwrap();
    assert_eq!(pod.restarts, 1, "killed after two failures, restarted at once");
    let killing = c
        .events()
        .iter()
        .find(|e| e.reason == "Killing" && e.object == format!("pod/{victim}"))
        .unwrap();
    assert_eq!(
        killing.message,
        "Container worker failed liveness probe, will be restarted"
    );
    let unhealthy = c.events().iter().rev().find(|e| e.reason == "Unhealthy").unwrap();
    assert_eq!(
        unhealthy.message,
        "Liveness probe failed: HTTP probe failed with statuscode: 500"
    );
    c.set_liveness_failing(NS, &victim, false);
    c.advance(20_000);
    let pod = c.pods().iter().find(|p| p.name == victim).unwrap();
    assert!(
        pod.ready && pod.restarts == 1,
        "{} restarts, ready {}",
        pod.restarts,
        pod.ready
    );
}

#[test]
fn a_dead_node_goes_not_ready_then_its_pods_are_evicted_and_replaced() {
    let mut c = applied(71);
    c.advance(15_000);
    let on_worker: Vec<String> = backend_pods(&c)
        .iter()
        .filter(|p| p.node.as_deref() == Some("podscape-worker"))
        .map(|p| p.name.clone())
        .collect();
    assert!(!on_worker.is_empty());
    c.set_node_down("podscape-worker", true);
    c.advance(39_000);
    assert!(
        c.nodes()[1].ready_at(c.now_ms()),
        "still Ready inside the grace period"
    );
    c.advance(2_000);
    assert!(!c.nodes()[1].ready_at(c.now_ms()));
    let svc = c.service(NS, "image-processor").unwrap().clone();
    assert!(c
        .endpoints(&svc)
        .iter()
        .all(|p| p.node.as_deref() != Some("podscape-worker")));
    c.advance(300_000);
    // Evicted at 40 s + 300 s; the replacements need a few seconds to become ready.
    c.advance(15_000);
    let pods = backend_pods(&c);
    for name in &on_worker {
        let p = pods.iter().find(|p| &p.name == name).unwrap();
        assert_eq!(
            p.status(),
            "Terminating",
            "evicted, but nobody on the node can confirm"
        );
    }
    assert_eq!(
        pods.iter().filter(|p| p.is_active() && p.ready).count(),
        3,
        "replaced elsewhere"
    );
    assert!(c.events().iter().any(|e| e.reason == "TaintManagerEviction"));
    c.set_node_down("podscape-worker", false);
    c.advance(5_000);
    assert!(
        !c.pods().iter().any(|p| on_worker.contains(&p.name)),
        "gone once the node is back"
    );
}

mod event_properties {
    use super::{applied, backend_pods, NS};
    use crate::cluster::{EVENT_CAP, EVENT_TTL_MS};
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Scale(i32),
        Delete(usize),
        Crash(usize),
        FailReadiness(usize),
        Advance(u64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..30i32).prop_map(Op::Scale),
            any::<usize>().prop_map(Op::Delete),
            any::<usize>().prop_map(Op::Crash),
            any::<usize>().prop_map(Op::FailReadiness),
            (0..400_000u64).prop_map(Op::Advance),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever happens, the events stay bounded, consistent, and one per identity.
        #[test]
        fn events_stay_bounded_and_aggregated(seed in 0..1_000u64, ops in prop::collection::vec(op(), 1..8)) {
            let mut c = applied(seed);
            for op in ops {
                let pods: Vec<String> = backend_pods(&c).iter().map(|p| p.name.clone()).collect();
                let pick = |i: usize| pods.get(i % pods.len().max(1)).cloned().unwrap_or_default();
                match op {
                    Op::Scale(n) => { c.scale_deployment(NS, "image-processor", n); }
                    Op::Delete(i) => { c.delete_pod(NS, &pick(i)); }
                    Op::Crash(i) => { c.crash_container(NS, &pick(i)); }
                    Op::FailReadiness(i) => { c.set_readiness_failing(NS, &pick(i), true); }
                    Op::Advance(ms) => c.advance(ms),
                }
                let now = c.now_ms();
                let events = c.events();
                prop_assert!(events.len() <= EVENT_CAP);
                let mut names = std::collections::BTreeSet::new();
                let mut identities = std::collections::BTreeSet::new();
                for e in events {
                    prop_assert!(e.count >= 1);
                    prop_assert!(e.first_ms <= e.last_ms && e.last_ms <= now);
                    prop_assert!(e.last_ms + EVENT_TTL_MS > now, "expired: {e:?}");
                    prop_assert!(names.insert(e.name.clone()), "duplicate name {}", e.name);
                    let identity = (e.source, e.host.clone(), e.object.clone(), e.field_path.clone(), e.event_type, e.reason, e.message.clone());
                    prop_assert!(identities.insert(identity), "not aggregated: {e:?}");
                }
            }
        }
    }
}

mod owner_index {
    use super::super::OwnerIndex;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Kept from pass to pass and pruned as owners go, the index answers like a fresh map.
        #[test]
        fn answers_like_a_fresh_map_pass_after_pass(
            passes in prop::collection::vec(prop::collection::vec((0..3u8, 0..120u8), 0..200), 1..8),
        ) {
            let mut index = OwnerIndex::default();
            for pass in passes {
                index.clear();
                let mut naive: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
                for (i, (ns, name)) in pass.iter().enumerate() {
                    let (ns, name) = (format!("ns{ns}"), format!("rs{name}"));
                    index.push(&ns, &name, i);
                    naive.entry((ns, name)).or_default().push(i);
                }
                for ns in 0..3u8 {
                    for name in 0..120u8 {
                        let (ns, name) = (format!("ns{ns}"), format!("rs{name}"));
                        let expected = naive.get(&(ns.clone(), name.clone())).map_or(&[][..], Vec::as_slice);
                        prop_assert_eq!(index.get(&ns, &name), expected);
                    }
                }
            }
        }
    }
}

#[test]
fn traffic_counts_outcomes_over_a_sliding_window() {
    let mut c = Cluster::new(7);
    assert!(c.apply(crate::scenario::backend_yaml()).applied());
    c.set_request_rate(10.0);
    c.advance(30_000);
    let key = ("default".to_string(), "image-processor".to_string());
    let w = c.traffic().stats[&key].window();
    // 10 requests a second, decided over the last 10 s of virtual time.
    assert!((95..=105).contains(&w.sent), "{w:?}");
    assert_eq!(
        w.served.iter().map(|(_, n)| n).sum::<u64>() + w.refused + w.timed_out + w.no_dns,
        w.sent
    );
    assert_eq!(w.served.len(), 3, "{w:?}");

    // No endpoints: the window fills with refusals and the pods fall out of it.
    let out = crate::kubectl::run(
        &mut c,
        "kubectl scale deployment/image-processor --replicas=0",
        &|_| None,
    );
    assert_eq!(out.exit_code, 0);
    c.advance(45_000);
    let w = c.traffic().stats[&key].window();
    assert!(w.served.is_empty() && w.refused == w.sent && w.sent > 90, "{w:?}");
    let totals = &c.traffic().stats[&key];
    assert_eq!(totals.served.len(), 3, "totals keep every pod that ever answered");

    // A Service deleted while requests are on their way: they find no DNS record.
    c.advance(150);
    assert!(c.delete_service("default", "image-processor"));
    c.advance(1_000);
    assert!(c.traffic().stats[&key].no_dns > 0);
}

#[test]
fn external_traffic_through_nodeports_shows_the_local_policy() {
    let yaml = backend_yaml().replace("replicas: 3", "replicas: 1").replace(
        "  selector:\n    app: image-processor",
        "  type: NodePort\n  externalTrafficPolicy: Local\n  selector:\n    app: image-processor",
    );
    let mut c = Cluster::new(5);
    assert!(c.apply(&yaml).applied(), "{:?}", c.apply(&yaml).diagnostics);
    c.set_traffic_source(Source::External);
    c.set_request_rate(9.0);
    c.advance(30_000);
    let key = ("default".to_string(), "image-processor".to_string());
    let w = c.traffic().stats[&key].window();
    // Requests go to each of the 3 nodes in turn; only the node with the one pod serves them
    // (client IP kept), the other two drop them (KUBE-EXT has no local endpoint: timeout).
    assert!(w.sent > 80, "{w:?}");
    let served: u64 = w.served.iter().map(|(_, n)| n).sum();
    assert!(served > 0 && w.timed_out > 0, "{w:?}");
    assert!((served as f64 / w.sent as f64 - 1.0 / 3.0).abs() < 0.05, "{w:?}");
    assert_eq!(w.refused + w.no_dns, 0, "{w:?}");
    assert!(c
        .connections()
        .iter()
        .any(|s| s.verdict == crate::proxy::Verdict::Drop));

    // Cluster policy: every node forwards (SNAT, an extra hop), nothing is dropped.
    let cluster_policy = yaml.replace("externalTrafficPolicy: Local", "externalTrafficPolicy: Cluster");
    assert!(c.apply(&cluster_policy).applied());
    c.advance(15_000);
    let w = c.traffic().stats[&key].window();
    assert_eq!(w.timed_out, 0, "{w:?}");
    assert_eq!(w.served.iter().map(|(_, n)| n).sum::<u64>(), w.sent, "{w:?}");
}

/// A reconcile that changed nothing kube-proxy sees keeps the nodes' compiled rules (the epoch
/// stands still); one that did (a pod turning unready after its probes fail) moves it, and the
/// next request is routed by rules without that pod.
#[test]
fn only_a_reconcile_that_changes_kube_proxys_view_recompiles_the_rules() {
    let mut c = applied(9);
    c.advance(30_000);
    let steady = c.epoch;
    c.advance(5_000);
    assert_eq!(c.epoch, steady, "nothing changed, yet the epoch moved");
    let victim = c
        .pods()
        .iter()
        .find(|p| p.namespace == NS && p.ready)
        .map(|p| p.name.clone())
        .unwrap();
    c.set_readiness_failing(NS, &victim, true);
    let failing = c.epoch;
    assert!(failing > steady);
    c.advance(30_000);
    assert!(!c.pods().iter().find(|p| p.name == victim).unwrap().ready);
    assert!(
        c.epoch > failing,
        "the pod turned unready, yet the epoch stood still"
    );
    // The last 10 s of requests all went to the other pods.
    c.set_request_rate(20.0);
    c.advance(12_000);
    let window = c.traffic().stats[&(NS.to_string(), "image-processor".to_string())].window();
    assert!(window.sent > 100, "{}", window.sent);
    assert!(
        window.served.iter().all(|(pod, _)| *pod != victim),
        "{:?}",
        window.served
    );
    assert_eq!(window.served.iter().map(|(_, n)| n).sum::<u64>(), window.sent);
}

#[test]
fn a_bare_cluster_has_its_nodes_and_nothing_else() {
    let bare = Cluster::bare(7);
    let full = Cluster::new(7);
    let names = |c: &Cluster| {
        c.nodes()
            .iter()
            .map(|n| (n.name.clone(), n.internal_ip.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&bare), names(&full));
    assert_eq!(bare.now_ms(), 0);
    assert!(bare.pods().is_empty() && bare.services().next().is_none());
    assert!(!full.pods().is_empty(), "CoreDNS runs in a booted cluster");
}

/// A data plane that refuses everything, so a test can tell it was the one called.
fn refusing(_: &mut Cluster, _: &str, _: &str, _: Option<&str>) -> (Outcome, Option<Route>) {
    (Outcome::Refused, None)
}

#[test]
fn the_traffic_generator_routes_through_the_plugged_data_plane() {
    let key = ("default".to_string(), "image-processor".to_string());
    let run = |plug: Option<DataPlane>| {
        let mut c = Cluster::new(7);
        assert!(c.apply(crate::scenario::backend_yaml()).applied());
        if let Some(plug) = plug {
            c.set_data_plane(plug);
        }
        c.set_request_rate(10.0);
        c.advance(30_000);
        c.traffic().stats[&key].window()
    };
    // The built-in one serves from the three ready pods; the plugged one refuses all.
    let built_in = run(None);
    assert_eq!(built_in.served.len(), 3, "{built_in:?}");
    let plugged = run(Some(DataPlane {
        route: refusing,
        ..BUILT_IN
    }));
    assert!(
        plugged.sent > 90 && plugged.refused == plugged.sent,
        "{plugged:?}"
    );
    // The built-in one is an ordinary function an embedder can plug in again.
    assert_eq!(run(Some(BUILT_IN)), built_in);
}

// Capacity: burstReplicas, maxPods, Podscape's ceilings, the allocators' ranges.

fn web(replicas: &str, strategy: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n{strategy}  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: registry.k8s.io/e2e-test-images/agnhost:2.53\n"
    )
}

fn web_pods(c: &Cluster) -> Vec<&Pod> {
    c.pods()
        .iter()
        .filter(|p| p.namespace == NS && p.name.starts_with("web-"))
        .map(|p| &**p)
        .collect()
}

#[test]
fn the_replicaset_creates_at_most_500_pods_a_sync_in_slow_start_batches() {
    let mut c = Cluster::new(1);
    assert!(c.apply(&web("900", "")).applied());
    // The apply's sync: batches 1, 2, 4, … 256, then the 245 left of the burst.
    assert_eq!(web_pods(&c).len(), replicaset::BURST_REPLICAS);
    c.advance(TICK_MS);
    assert_eq!(web_pods(&c).len(), 900);
    let created = c
        .events()
        .iter()
        .filter(|e| e.reason == "SuccessfulCreate" && e.object.starts_with("replicaset/web-"))
        .count();
    assert!(created > 0);
    // Scaling down deletes at most 500 a sync too.
    assert!(c.scale_deployment(NS, "web", 0));
    let active = |c: &Cluster| web_pods(c).iter().filter(|p| p.is_active()).count();
    assert_eq!(active(&c), 400);
    c.advance(TICK_MS);
    assert_eq!(active(&c), 0);
}

#[test]
fn a_billion_replicas_stop_at_podscapes_ceiling_with_a_failed_create() {
    let mut c = Cluster::new(1);
    assert!(c.apply(&web("1000000000", "")).applied());
    c.advance(60_000);
    assert_eq!(c.pods().len(), crate::budget::MAX_PODS);
    let rs = c
        .replica_sets()
        .iter()
        .find(|rs| rs.owner == "web")
        .unwrap()
        .name
        .clone();
    let max = crate::budget::MAX_PODS;
    let denial = |rs: &str| {
        format!(
            "pods \"{rs}-\" is forbidden: exceeded quota: podscape-simulation-ceiling, \
             requested: pods=1, used: pods={max}, limited: pods={max}"
        )
    };
    // 1,000 SuccessfulCreate events spent the ReplicaSet's spam-filter burst, so its
    // FailedCreate events are dropped, as the real recorder drops them: the Deployment's
    // ReplicaFailure condition carries the error.
    let condition = c
        .deployment(NS, "web")
        .unwrap()
        .condition("ReplicaFailure")
        .unwrap();
    assert_eq!((condition.status, condition.reason), ("True", "FailedCreate"));
    assert_eq!(condition.message, denial(&rs));
    // The work queue backs off: a few dozen retries a minute, not one a tick.
    let retries = c
        .replica_sets()
        .iter()
        .find(|rs| rs.owner == "web")
        .unwrap()
        .create_failures;
    assert!(retries > 1 && retries < 40, "{retries}");
    // Another Deployment's first create is denied with the event in Kubernetes' form.
    assert!(c.apply(&web("1", "").replace("web", "api")).applied());
    let api = c
        .replica_sets()
        .iter()
        .find(|rs| rs.owner == "api")
        .unwrap()
        .name
        .clone();
    let e = c
        .events()
        .iter()
        .find(|e| e.reason == "FailedCreate" && e.object == format!("replicaset/{api}"))
        .unwrap();
    assert_eq!(e.event_type, "Warning");
    assert_eq!(e.message, format!("Error creating: {}", denial(&api)));
    // Scaling down below the ceiling frees room at once.
    assert!(c.scale_deployment(NS, "web", 10));
    c.advance(5_000);
    assert_eq!(web_pods(&c).iter().filter(|p| p.is_active()).count(), 10);
}

#[test]
fn each_node_holds_at_most_110_pods_and_the_rest_stay_pending() {
    let mut c = Cluster::new(1);
    assert!(c.apply(&web("400", "")).applied());
    c.advance(30_000);
    for n in c.nodes() {
        let bound = c
            .pods()
            .iter()
            .filter(|p| p.node.as_deref() == Some(n.name.as_str()))
            .count();
        assert!(bound <= scheduler::MAX_PODS_PER_NODE, "{}: {bound}", n.name);
    }
    let workers_room: usize = c
        .nodes()
        .iter()
        .filter(|n| n.role == NodeRole::Worker)
        .map(|n| {
            let system = c
                .pods()
                .iter()
                .filter(|p| p.namespace != NS && p.node.as_deref() == Some(n.name.as_str()))
                .count();
            scheduler::MAX_PODS_PER_NODE - system
        })
        .sum();
    let pods = web_pods(&c);
    let bound = pods.iter().filter(|p| p.node.is_some()).count();
    assert_eq!(bound, workers_room);
    assert_eq!(
        pods.iter().filter(|p| p.node.is_none()).count(),
        400 - workers_room
    );
    let d = c.deployment(NS, "web").unwrap();
    assert_eq!(d.status.replicas, 400);
    assert_eq!(d.status.ready_replicas as usize, workers_room);
    let pending = pods.iter().find(|p| p.node.is_none()).unwrap();
    let event = c
        .events()
        .iter()
        .find(|e| e.reason == "FailedScheduling" && e.object == format!("pod/{}", pending.name))
        .unwrap();
    assert_eq!(
        event.message,
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Too many pods. preemption: \
         0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims \
         found for incoming pod."
    );
    // Room on a node lets the scheduler bind a Pending pod.
    let running = pods.iter().find(|p| p.node.is_some()).unwrap().name.clone();
    let _ = pods;
    assert!(c.scale_deployment(NS, "web", 399));
    assert!(c.delete_pod(NS, &running));
    c.advance(10_000);
    assert_eq!(
        web_pods(&c)
            .iter()
            .filter(|p| p.is_active() && p.node.is_some())
            .count(),
        workers_room
    );
}

#[test]
fn the_histogram_is_sorted_as_strings_and_preemption_says_where_it_cannot_help() {
    let m = scheduler::Misfits {
        nodes: 12,
        taints: 1,
        cordoned: 1,
        too_many_pods: 10,
        resolvable: 10,
        ..Default::default()
    }
    .message();
    assert_eq!(
        m,
        "0/12 nodes are available: 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable, \
         10 Too many pods. preemption: 0/12 nodes are available: 10 No preemption victims found for \
         incoming pod, 2 Preemption is not helpful for scheduling."
    );
}

fn node_port_service(name: &str, ports: usize) -> String {
    let mut text = format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n"
    );
    for i in 0..ports {
        text.push_str(&format!("    - name: p{i}\n      port: {}\n", 1000 + i));
    }
    text
}

#[test]
fn a_full_node_port_range_is_the_api_servers_internal_error() {
    let mut c = Cluster::new(1);
    assert!(c.apply(&node_port_service("a", 2000)).applied());
    // 2,768 ports in 30000-32767: the static band is used once the upper one is full.
    let full = c.apply(&node_port_service("b", 769));
    assert!(!full.applied());
    assert_eq!(full.diagnostics[0].message, service::NODE_PORT_RANGE_FULL);
    assert!(c.service(NS, "b").is_none());
    assert!(c.apply(&node_port_service("b", 768)).applied());
    let mut ports: Vec<i32> = c
        .services()
        .flat_map(|s| s.node_ports.iter().flatten().copied())
        .collect();
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports, (30000..=32767).collect::<Vec<_>>());
    // A single Service asking for more than the range, as the 2,683 ports did once
    // the range was full.
    let mut c = Cluster::new(1);
    let out = c.apply(&node_port_service("big", 2769));
    assert_eq!(out.diagnostics[0].message, service::NODE_PORT_RANGE_FULL);
    let out = crate::kubectl::apply_text(&mut c, "svc.yaml", &node_port_service("big", 2769));
    assert_eq!(
        out.stderr,
        "Error from server (InternalError): error when creating \"svc.yaml\": Internal error occurred: \
         failed to allocate a nodePort: range is full\n"
    );
}

#[test]
fn objects_past_the_ceiling_are_forbidden() {
    let mut c = Cluster::new(1);
    let services = |from: usize, to: usize| {
        (from..to)
            .map(|i| format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\nspec:\n  ports:\n    - port: 80\n"))
            .collect::<Vec<_>>()
            .join("---\n")
    };
    let existing = c.services().count();
    let limit = crate::budget::MAX_OBJECTS_PER_KIND;
    assert!(c.apply(&services(0, 500)).applied());
    assert!(c.apply(&services(500, limit - existing)).applied());
    let out = c.apply(&services(limit - existing, limit - existing + 1));
    let name = format!("s{}", limit - existing);
    assert_eq!(
        out.diagnostics[0].message,
        format!(
            "services \"{name}\" is forbidden: exceeded quota: podscape-simulation-ceiling, requested: \
             services=1, used: services={limit}, limited: services={limit}"
        )
    );
    // Re-applying what exists is still fine.
    assert!(c.apply(&services(0, 10)).applied());
}

#[test]
fn int32_max_replicas_and_surge_do_not_overflow() {
    for strategy in [
        "",
        "  strategy:\n    rollingUpdate:\n      maxSurge: 2147483647\n      maxUnavailable: 0\n",
        "  strategy:\n    rollingUpdate:\n      maxSurge: 2147483647%\n      maxUnavailable: 100%\n",
        "  strategy:\n    type: Recreate\n",
    ] {
        let mut c = Cluster::new(1);
        let out = c.apply(&web("2147483647", strategy));
        assert!(out.applied(), "{:?}", out.diagnostics);
        c.advance(2_000);
        assert!(c
            .set_image(NS, "web", "web", "registry.k8s.io/e2e-test-images/agnhost:2.52")
            .is_ok());
        c.advance(2_000);
        assert!(c.scale_deployment(NS, "web", 1));
        c.advance(2_000);
        assert!(c.pods().len() <= crate::budget::MAX_PODS);
    }
}

mod capacity_props {
    use super::{scheduler, web, Cluster, NS};
    use proptest::prelude::*;

    fn extreme() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("0".to_string()),
            Just("1".to_string()),
            Just("2147483647".to_string()),
            (0..700i32).prop_map(|n| n.to_string()),
        ]
    }

    fn int_or_percent() -> impl Strategy<Value = String> {
        prop_oneof![
            extreme(),
            Just("0%".to_string()),
            Just("1%".to_string()),
            Just("100%".to_string()),
            Just("2147483647%".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any replicas, maxSurge and maxUnavailable (valid or not), applied, rolled and
        /// rescaled: no panic, and never more pods than Podscape's ceiling.
        #[test]
        fn extreme_numbers_keep_the_cluster_bounded(
            replicas in extreme(),
            surge in int_or_percent(),
            unavailable in int_or_percent(),
            rescale in prop_oneof![Just(0), Just(1), Just(i32::MAX), 0..700i32],
        ) {
            let strategy = format!(
                "  strategy:\n    rollingUpdate:\n      maxSurge: {surge}\n      maxUnavailable: {unavailable}\n  minReadySeconds: 2147483647\n  progressDeadlineSeconds: 2147483647\n"
            );
            let mut c = Cluster::new(1);
            c.apply(&web(&replicas, &strategy));
            c.advance(1_000);
            let _ = c.set_image(NS, "web", "web", "registry.k8s.io/e2e-test-images/agnhost:2.52");
            c.advance(1_000);
            c.scale_deployment(NS, "web", rescale);
            c.advance(1_000);
            prop_assert!(c.pods().len() <= crate::budget::MAX_PODS);
            for n in c.nodes() {
                let bound = c.pods().iter().filter(|p| p.node.as_deref() == Some(n.name.as_str())).count();
                prop_assert!(bound <= scheduler::MAX_PODS_PER_NODE);
            }
        }
    }
}

#[test]
fn kinds_node_pods_run_on_every_node_and_a_deleted_one_is_replaced() {
    let mut c = Cluster::new(5);
    assert_eq!(c.pods().len(), 13);
    assert_eq!(c.namespaces().count(), 5);
    for ds in ["kube-proxy", "kindnet"] {
        for node in c.nodes() {
            let on_node = c
                .pods()
                .iter()
                .filter(|p| p.owner.as_deref() == Some(ds) && p.node.as_ref() == Some(&node.name))
                .count();
            assert_eq!(on_node, 1, "{ds} on {}", node.name);
        }
    }
    let victim = c
        .pods()
        .iter()
        .find(|p| p.owner.as_deref() == Some("kube-proxy") && p.node.as_deref() == Some("podscape-worker"))
        .map(|p| p.name.clone())
        .unwrap();
    assert!(c.delete_pod("kube-system", &victim));
    let replacement = c
        .pods()
        .iter()
        .find(|p| {
            p.owner.as_deref() == Some("kube-proxy")
                && p.is_active()
                && p.node.as_deref() == Some("podscape-worker")
        })
        .unwrap();
    assert_ne!(replacement.name, victim);
    assert_eq!(replacement.ip.as_deref(), Some("172.18.0.3"));
    assert_eq!(replacement.labels["pod-template-generation"], "1");
    c.advance(5_000);
    assert_eq!(c.pods().len(), 13);
    // A cordoned or down node keeps its DaemonSet pods, which are never evicted.
    c.set_node_down("podscape-worker2", true);
    c.advance(400_000);
    let ds_pods = |c: &Cluster| {
        c.pods()
            .iter()
            .filter(|p| p.owner_kind == OwnerKind::DaemonSet && p.is_active())
            .count()
    };
    assert_eq!(ds_pods(&c), 6);
}

#[test]
fn a_deleted_namespace_terminates_with_its_content_then_goes() {
    let mut c = Cluster::new(2);
    assert!(c
        .apply_in(backend_yaml(), "shop")
        .diagnostics
        .iter()
        .any(|d| d.message == "namespaces \"shop\" not found"));
    assert_eq!(c.put_namespace("shop", &Default::default()), Ok("created"));
    assert!(c.apply_in(backend_yaml(), "shop").applied());
    c.advance(10_000);
    assert_eq!(
        c.delete_namespace("default"),
        Err("namespaces \"default\" is forbidden: this namespace may not be deleted".into())
    );
    assert_eq!(c.delete_namespace("nowhere"), Ok(false));
    assert_eq!(c.delete_namespace("shop"), Ok(true));
    assert_eq!(c.namespace("shop").map(|n| n.phase()), Some("Terminating"));
    assert!(c.deployments().all(|d| d.spec.namespace != "shop"));
    assert!(c.services().all(|s| s.spec.namespace != "shop"));
    assert!(c
        .pods()
        .iter()
        .filter(|p| p.namespace == "shop")
        .all(|p| !p.is_active()));
    let refused = c.apply_in(backend_yaml(), "shop");
    assert!(
        refused.diagnostics[0]
            .message
            .ends_with("because it is being terminated"),
        "{:?}",
        refused.diagnostics
    );
    c.advance(5_000);
    assert!(c.namespace("shop").is_none());
    assert!(c.pods().iter().all(|p| p.namespace != "shop"));
}

#[test]
fn namespaces_stop_at_podscapes_ceiling() {
    let mut c = Cluster::bare(1);
    let limit = crate::budget::MAX_OBJECTS_PER_KIND;
    for i in c.namespaces().count()..limit {
        assert_eq!(
            c.put_namespace(&format!("ns-{i}"), &Default::default()),
            Ok("created")
        );
    }
    let refused = c.put_namespace("one-more", &Default::default()).unwrap_err();
    assert!(
        refused.starts_with("namespaces \"one-more\" is forbidden: exceeded quota"),
        "{refused}"
    );
    // An existing one is still updated.
    assert_eq!(c.put_namespace("default", &Default::default()), Ok("unchanged"));
}

mod bare_pods {
    use super::super::*;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  restartPolicy: RESTART\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"SCRIPT\"]\n";

    fn pod(restart: &str, script: &str) -> String {
        POD.replace("RESTART", restart).replace("SCRIPT", script)
    }

    #[test]
    fn a_bare_pod_has_no_owner_and_is_not_replaced_when_deleted() {
        let mut c = Cluster::new(1);
        let out = c.apply(&pod("Always", "sleep infinity"));
        assert_eq!(out.output, ["pod/solo created"]);
        c.advance(10_000);
        let solo = c.pod("default", "solo").unwrap();
        assert!(solo.owner.is_none() && solo.status() == "Running");
        assert!(c.delete_pod("default", "solo"));
        c.advance(10_000);
        assert!(c.pod("default", "solo").is_none());
    }

    #[test]
    fn restart_policy_decides_what_an_exited_container_becomes() {
        for (restart, script, status) in [
            ("Never", "echo hi", "Completed"),
            ("OnFailure", "echo hi", "Completed"),
            ("Never", "exit 2", "Error"),
            ("OnFailure", "exit 2", "CrashLoopBackOff"),
            ("Always", "echo hi", "CrashLoopBackOff"),
        ] {
            let mut c = Cluster::new(1);
            c.apply(&pod(restart, script));
            c.advance(20_000);
            let p = c.pod("default", "solo").unwrap();
            assert_eq!(p.status(), status, "{restart} {script}");
            assert!(!p.ready);
        }
    }

    #[test]
    fn a_missing_config_map_holds_the_container_until_it_exists() {
        let mut c = Cluster::new(1);
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [sleep, infinity]\n    envFrom:\n    - configMapRef:\n        name: cfg\n";
        c.apply(text);
        c.advance(10_000);
        assert_eq!(
            c.pod("default", "p").unwrap().status(),
            "CreateContainerConfigError"
        );
        assert!(c
            .events()
            .iter()
            .any(|e| e.message == "Error: configmap \"cfg\" not found"));
        c.apply("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  A: \"1\"\n");
        c.advance(15_000);
        let p = c.pod("default", "p").unwrap();
        assert_eq!(p.status(), "Running");
        assert!(p.env.contains(&("A".to_string(), "1".to_string())));
        // Changing the ConfigMap later does not change the running container's environment.
        c.apply("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  A: \"2\"\n");
        c.advance(1_000);
        assert!(c
            .pod("default", "p")
            .unwrap()
            .env
            .contains(&("A".to_string(), "1".to_string())));
    }

    #[test]
    fn every_namespace_has_the_root_ca_config_map() {
        let c = Cluster::new(1);
        for ns in ["default", "kube-system", "kube-public"] {
            assert!(c.config_map(ns, "kube-root-ca.crt").is_some(), "{ns}");
        }
    }
}

#[test]
fn a_new_namespace_gets_the_root_ca_config_map_and_loses_it_with_the_namespace() {
    let mut c = Cluster::new(1);
    assert!(c.config_map("shop", "kube-root-ca.crt").is_none());
    c.put_namespace("shop", &Default::default()).unwrap();
    assert!(c.config_map("shop", "kube-root-ca.crt").is_some());
    assert!(c.config_maps().iter().any(|(m, _)| m.namespace == "shop"));
    c.delete_namespace("shop").unwrap();
    c.advance(30_000);
    assert!(c.config_map("shop", "kube-root-ca.crt").is_none());
}

/// Rewind's snapshots share every pod that did not change (`Rc`): the controllers and kubelets
/// write a pod only when they have something to change in it. A loop that wrote every pod each
/// tick would make each snapshot copy them all, and this fails.
#[test]
fn a_snapshot_shares_the_pods_that_did_not_change() {
    const APP: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 12\n  \
        selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      \
        containers: [{name: web, image: nginx}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  \
        selector: {app: web}\n  ports: [{port: 80}]\n";
    let mut c = Cluster::new(8);
    assert!(c.apply(APP).applied());
    c.set_request_rate(20.0);
    c.advance(60_000);
    assert_eq!(
        c.pods().iter().filter(|p| p.namespace == NS && p.ready).count(),
        12
    );
    let sent = |c: &Cluster| c.traffic().stats.values().map(|s| s.sent).sum::<u64>();
    // Probes write the pods that have them (CoreDNS's), at each period; every other pod is
    // the snapshot's own until something changes in it.
    let probed = |p: &Pod| {
        p.template
            .containers
            .iter()
            .any(|k| k.readiness_probe.is_some() || k.liveness_probe.is_some())
    };
    let copied = |now: &Cluster, before: &Cluster| -> Vec<String> {
        now.pods()
            .iter()
            .filter(|p| !probed(p) && !before.pods().iter().any(|q| Rc::ptr_eq(p, q)))
            .map(|p| p.name.clone())
            .collect()
    };
    let snapshot = c.clone();
    c.advance(5_000);
    assert!(
        sent(&c) - sent(&snapshot) >= 90,
        "{} requests in 5 s",
        sent(&c) - sent(&snapshot)
    );
    assert_eq!(
        copied(&c, &snapshot),
        Vec::<String>::new(),
        "pods copied without a change"
    );
    // A scale down writes the pod it terminates, and no other.
    let snapshot = c.clone();
    c.scale_deployment(NS, "web", 11);
    c.advance(100);
    let terminating: Vec<String> = c
        .pods()
        .iter()
        .filter(|p| p.namespace == NS && p.deletion_ms.is_some())
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(terminating.len(), 1);
    assert_eq!(copied(&c, &snapshot), terminating);
}
