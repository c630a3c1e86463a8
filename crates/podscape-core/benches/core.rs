//! `cargo bench -p podscape-core`: wall-clock figures for the targets the issues set. A bench
//! binary, not a test: speed is measured and reported, never asserted.
#![allow(clippy::disallowed_methods)] // Benchmarks read the wall clock; the core never does.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use podscape_core::proxy::fast::{FastPacket, FastVerdict, Router};
use podscape_core::proxy::ipvs::IpvsState;
use podscape_core::proxy::{self, Endpoint, Protocol, ProxyInput, ProxyMode, ServicePort, TrafficPolicy};
use podscape_core::{manifest, scenario, Cluster};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The system allocator, counting: live bytes and their peak, for the memory figures.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only the counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live =
                    LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Runs `f` until a second has passed (at least 3 times) and returns the median run time.
fn measure(name: &str, mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < 3 || (started.elapsed() < Duration::from_secs(1) && times.len() < 1_000) {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name:<58} {:>10.3} ms  (median of {})",
        median.as_secs_f64() * 1e3,
        times.len()
    );
    median
}

/// A realistic stream of about a thousand lines: the default scenario, repeated with new names.
fn thousand_lines() -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.lines().count() < 1_000 {
        text.push_str("---\n");
        text.push_str(&scenario::DEFAULT_YAML.replace("image-processor", &format!("image-processor-{i}")));
        i += 1;
    }
    text
}

fn big_proxy_input(services: usize, endpoints: usize) -> ProxyInput {
    let service_ports = (0..services)
        .map(|s| ServicePort {
            namespace: "default".into(),
            service: format!("svc-{s}"),
            port_name: "http".into(),
            protocol: Protocol::Tcp,
            cluster_ip: Some(format!("10.96.{}.{}", 1 + s / 250, 1 + s % 250)),
            port: 80,
            node_port: None,
            load_balancer_ips: Vec::new(),
            external_ips: Vec::new(),
            session_affinity_timeout: None,
            external_traffic_policy: TrafficPolicy::Cluster,
            internal_traffic_policy: TrafficPolicy::Cluster,
            endpoints: (0..endpoints)
                .map(|e| Endpoint {
                    ip: format!("10.244.{}.{}", e % 100, 2 + s % 250),
                    port: 8080,
                    node_name: format!("node-{}", e % 100),
                    ready: true,
                    serving: true,
                    terminating: false,
                })
                .collect(),
        })
        .collect();
    ProxyInput {
        node_name: "node-0".into(),
        node_ip: "172.18.0.2".into(),
        cluster_cidr: "10.244.0.0/16".into(),
        service_ports,
    }
}

/// The browser's frame-time bench (tests/e2e): 6 Deployments x 36 replicas (what kind's two
/// workers run at maxPods 110), each behind a Service called 50 times a second. Every frame builds a scene.
fn frame_scene() {
    // Three workers: 300 pods do not fit kind's two (110 pods a node, maxPods).
    let mut cluster = Cluster::with_config(
        1,
        podscape_core::cluster::ClusterConfig {
            workers: 3,
            ..Default::default()
        },
    );
    let mut text = String::new();
    for i in 0..6 {
        text.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web-{i}}}\nspec:\n  replicas: 36\n  \
             selector: {{matchLabels: {{app: web-{i}}}}}\n  template:\n    metadata: {{labels: {{app: web-{i}}}}}\n    \
             spec:\n      containers:\n        - name: web\n          image: registry.k8s.io/e2e-test-images/agnhost:2.53\n          \
             ports: [{{containerPort: 9376}}]\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: web-{i}}}\nspec:\n  \
             selector: {{app: web-{i}}}\n  ports: [{{port: 80, targetPort: 9376}}]\n"
        ));
    }
    assert!(cluster.apply(&text).diagnostics.is_empty());
    cluster.set_request_rate(50.0);
    cluster.advance(60_000);
    let scene = podscape_core::Scene::of(&cluster);
    assert_eq!(scene.pods.iter().filter(|p| !p.system && p.ready).count(), 216);
    let in_flight = scene.packets.len();
    measure(
        &format!("Scene::of, 216 pods, 6 Services, {in_flight} requests in flight"),
        || {
            std::hint::black_box(podscape_core::Scene::of(&cluster));
        },
    );
    // A frame at 10x speed and 60 frames a second advances ~167 ms of virtual time; the page
    // makes each scene from the last one.
    let mut last = podscape_core::Scene::of(&cluster);
    measure(
        "one 167 ms frame of that cluster: advance, then Scene::next",
        || {
            cluster.advance(167);
            last = podscape_core::Scene::next(&last, &cluster, podscape_core::scene::Layout::Wide);
        },
    );
}

/// Issue 15: 50 Deployments whose pods run a client loop at 20 requests a second each (one
/// pod each, calling one of 10 agnhost Services): what one virtual second costs to simulate.
fn client_loops() {
    let mut cluster = Cluster::with_config(
        1,
        podscape_core::cluster::ClusterConfig {
            workers: 3,
            ..Default::default()
        },
    );
    let mut text = String::new();
    for i in 0..10 {
        text.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: api-{i}}}\nspec:\n  replicas: 2\n  \
             selector: {{matchLabels: {{app: api-{i}}}}}\n  template:\n    metadata: {{labels: {{app: api-{i}}}}}\n    \
             spec:\n      containers:\n        - name: api\n          image: registry.k8s.io/e2e-test-images/agnhost:2.53\n          \
             args: [netexec]\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: api-{i}}}\nspec:\n  \
             selector: {{app: api-{i}}}\n  ports: [{{port: 80, targetPort: 8080}}]\n"
        ));
    }
    for i in 0..50 {
        text.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: client-{i}}}\nspec:\n  replicas: 1\n  \
             selector: {{matchLabels: {{app: client-{i}}}}}\n  template:\n    metadata: {{labels: {{app: client-{i}}}}}\n    \
             spec:\n      containers:\n        - name: loop\n          image: busybox:1.36\n          \
             command: [sh, -c, 'while true; do wget -qO- http://api-{}/hostname; sleep 0.05; done']\n",
            i % 10
        ));
    }
    assert!(cluster.apply(&text).diagnostics.is_empty());
    cluster.set_request_rate(0.0);
    cluster.advance(30_000);
    let sent = |c: &Cluster| c.traffic().stats.values().map(|s| s.sent).sum::<u64>();
    let before = sent(&cluster);
    cluster.advance(1_000);
    let per_second = sent(&cluster) - before;
    // The page advances in frames: ten 100 ms steps make a virtual second.
    measure(
        &format!("one virtual second, 50 client loops at 20 req/s ({per_second} requests)"),
        || {
            for _ in 0..10 {
                cluster.advance(100);
            }
        },
    );
    // What the service map computes on each of its redraws (twice a second with the map open).
    let window = podscape_core::cluster::WINDOW_MS;
    measure(
        &format!(
            "the flows of the last 10 s ({} edges)",
            cluster.flows(window).len()
        ),
        || {
            std::hint::black_box(cluster.flows(window));
        },
    );
    measure("the service map of those flows (ServiceMap::of)", || {
        std::hint::black_box(podscape_core::scene::map::ServiceMap::of(&cluster, window));
    });
}

fn main() {
    // `cargo bench -p podscape-core --bench core -- frame`: only the frame's scene.
    if std::env::args().skip(1).any(|a| a == "frame") {
        frame_scene();
        return;
    }
    // `cargo bench -p podscape-core --bench core -- clients`: only the client loops.
    if std::env::args().skip(1).any(|a| a == "clients") {
        client_loops();
        return;
    }
    println!(
        "podscape-core benchmarks (native, {} build)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    let text = thousand_lines();
    let lines = text.lines().count();
    measure(&format!("manifest::parse, {lines} lines"), || {
        std::hint::black_box(manifest::parse(&text));
    });
    measure("manifest::parse, the default scenario (48 lines)", || {
        std::hint::black_box(manifest::parse(scenario::DEFAULT_YAML));
    });

    // The stored state is encoded whenever the editor's text changes (every keystroke).
    let state = |yaml: &str| podscape_core::share::Shared {
        yaml: Some(yaml.to_string()),
        ..Default::default()
    };
    let small = state(scenario::DEFAULT_YAML);
    measure("share::encode, the default scenario (stored state)", || {
        std::hint::black_box(podscape_core::share::encode(&small, podscape_core::share::STORAGE).ok());
    });
    let large = state(&text);
    let bytes = text.len() / 1024;
    measure(
        &format!("share::encode, {lines} lines ({bytes} KiB, stored state)"),
        || {
            std::hint::black_box(podscape_core::share::encode(&large, podscape_core::share::STORAGE).ok());
        },
    );
    let stored = podscape_core::share::encode(&large, podscape_core::share::STORAGE).unwrap_or_default();
    measure(
        &format!(
            "share::decode, {lines} lines ({} KiB of state)",
            stored.len() / 1024
        ),
        || {
            std::hint::black_box(podscape_core::share::decode(&stored, podscape_core::share::STORAGE).ok());
        },
    );

    let input = big_proxy_input(1_000, 10);
    measure("iptables-save, 1,000 Services x 10 endpoints", || {
        std::hint::black_box(proxy::render(ProxyMode::Iptables, &input));
    });
    measure("nft list table, 1,000 Services x 10 endpoints", || {
        std::hint::black_box(proxy::render(ProxyMode::Nftables, &input));
    });
    let ruleset = proxy::iptables::build_ruleset(&input);
    let mut n = 0u64;
    let packets = 10_000;
    let routed = measure("route 10,000 packets through iptables (1,000 Services)", || {
        for i in 0..packets {
            let packet = proxy::Packet {
                src_ip: "10.244.1.250".into(),
                dst_ip: format!("10.96.{}.{}", 1 + (i % 1000) / 250, 1 + (i % 1000) % 250),
                dst_port: 80,
                protocol: Protocol::Tcp,
                src_is_local: false,
                dst_is_local: false,
            };
            let mut draw = || {
                n = n
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (n >> 11) as f64 / (1u64 << 53) as f64
            };
            std::hint::black_box(proxy::iptables::evaluate(&ruleset, &packet, &mut draw, &|_| {
                false
            }));
        }
    });
    println!(
        "{:<58} {:>10.0} packets/s",
        "  evaluator (rule walk) throughput",
        packets as f64 / routed.as_secs_f64()
    );

    // The routing target: 1,000,000 requests through a 100-endpoint Service, decided
    // by the compiled router (proxy::fast) with the cluster's RNG, in each mode.
    let mut hundred = big_proxy_input(1, 100);
    hundred.service_ports[0].cluster_ip = Some("10.96.45.12".into());
    for mode in [ProxyMode::Iptables, ProxyMode::Ipvs, ProxyMode::Nftables] {
        let mut router = Router::new(mode, &hundred);
        let mut ipvs = IpvsState::default();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let packet = FastPacket::parse(&proxy::Packet {
            src_ip: "10.244.1.250".into(),
            dst_ip: "10.96.45.12".into(),
            dst_port: 80,
            protocol: Protocol::Tcp,
            src_is_local: false,
            dst_is_local: false,
        })
        .expect("valid addresses");
        let requests = 1_000_000;
        let took = measure(
            &format!("1,000,000 requests, 100-endpoint Service, {mode:?}"),
            || {
                let mut served = 0u32;
                for _ in 0..requests {
                    let mut draw = || f64::from(rng.next_u32()) / 4_294_967_296.0;
                    let mut oracle = proxy::DrawOracle {
                        draw: &mut draw,
                        affinity: &|_| false,
                    };
                    let d = router.route(packet, &mut oracle, &mut ipvs);
                    served += u32::from(matches!(d.verdict, FastVerdict::Dnat { .. }));
                }
                assert_eq!(served, requests);
            },
        );
        println!(
            "{:<58} {:>10.0} requests/s",
            format!("  compiled {mode:?} routing throughput"),
            f64::from(requests) / took.as_secs_f64()
        );
    }
    // The same 1,000 Services through the compiled router: the first pass fills the memo (one
    // evaluator walk per new branch), later passes only walk the diagrams.
    let mut router = Router::new(ProxyMode::Iptables, &input);
    let mut ipvs = IpvsState::default();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut route_all = |router: &mut Router, count: usize| {
        for i in 0..count {
            let packet = FastPacket {
                src: proxy::Ipv4(0x0af4_01fa),
                dst: proxy::Ipv4(
                    0x0a60_0000 | ((1 + (i % 1000) / 250) << 8) as u32 | (1 + (i % 1000) % 250) as u32,
                ),
                dst_port: 80,
                protocol: Protocol::Tcp,
                src_is_local: false,
                dst_is_local: false,
            };
            let mut draw = || f64::from(rng.next_u32()) / 4_294_967_296.0;
            let mut oracle = proxy::DrawOracle {
                draw: &mut draw,
                affinity: &|_| false,
            };
            std::hint::black_box(router.route(packet, &mut oracle, &mut ipvs));
        }
    };
    let started = Instant::now();
    route_all(&mut router, 100_000);
    println!(
        "{:<58} {:>10.3} ms",
        "compiled, iptables, 1,000 Services: first 100,000 (filling)",
        started.elapsed().as_secs_f64() * 1e3
    );
    let took = measure(
        "compiled, iptables, 1,000 Services: 100,000 packets, warm",
        || route_all(&mut router, 100_000),
    );
    println!(
        "{:<58} {:>10.0} packets/s",
        "  compiled throughput (1,000 Services, warm memo)",
        100_000.0 / took.as_secs_f64()
    );
    // The ingress controller: 100 Ingresses (one host each, 10 paths) in front of two Services.
    let mut cluster = Cluster::new(1);
    cluster.apply(scenario::find("ingress").map_or("", |s| s.yaml));
    let mut ingresses = String::new();
    for i in 0..100 {
        ingresses.push_str(&format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: site{i}\nspec:\n  rules:\n    - host: site{i}.example.com\n      http:\n        paths:\n"
        ));
        for p in 0..10 {
            let service = if p % 2 == 0 { "web" } else { "api" };
            ingresses.push_str(&format!(
                "          - path: /p{p}\n            pathType: Prefix\n            backend:\n              service:\n                name: {service}\n                port:\n                  number: 80\n"
            ));
        }
    }
    assert!(cluster.apply(&ingresses).applied());
    cluster.advance(20_000);
    let requests = 1_000;
    let ingress = measure(
        "1,000 requests through the ingress controller (100 Ingresses)",
        || {
            for i in 0..requests {
                let host = format!("site{}.example.com", i % 100);
                std::hint::black_box(cluster.ingress_request(&host, &format!("/p{}/x", i % 10)));
            }
        },
    );
    println!(
        "{:<58} {:>10.0} requests/s",
        "  ingress routing throughput",
        requests as f64 / ingress.as_secs_f64()
    );

    // Ten workers: a node holds 110 pods (maxPods), so kind's two hold 220 and the loop below
    // would wait for Ready forever.
    let mut cluster = Cluster::with_config(
        1,
        podscape_core::cluster::ClusterConfig {
            workers: 10,
            ..Default::default()
        },
    );
    cluster.apply(&scenario::DEFAULT_YAML.replace("replicas: 3", "replicas: 1000"));
    let started = Instant::now();
    while cluster
        .pods()
        .iter()
        .filter(|p| p.namespace == "default" && p.ready)
        .count()
        < 1000
    {
        cluster.advance(1_000);
    }
    println!(
        "{:<58} {:>10.3} ms  (virtual {} s)",
        "1,000-replica Deployment: apply to all Ready",
        started.elapsed().as_secs_f64() * 1e3,
        cluster.now_ms() / 1000
    );
    measure("one reconcile tick (50 ms virtual) with 1,000 pods", || {
        cluster.advance(50)
    });
    measure("Scene::of with 1,000 pods", || {
        std::hint::black_box(podscape_core::Scene::of(&cluster));
    });
    frame_scene();

    // Near the scale (1,000 Deployments x 10 replicas on 100 nodes), within the budgets.
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let mut big = Cluster::with_config(
        2,
        podscape_core::cluster::ClusterConfig {
            workers: 99,
            ..Default::default()
        },
    );
    let started = Instant::now();
    // In batches of 100: one text may not exceed the 1 MiB input limit. 900 Deployments of 5:
    // the budgets allow 1,000 Deployments (CoreDNS's included) and 5,000 pods.
    for batch in 0..9 {
        let mut yaml = String::new();
        for i in batch * 100..(batch + 1) * 100 {
            yaml.push_str("---\n");
            yaml.push_str(
                &scenario::DEFAULT_YAML
                    .replace("replicas: 3", "replicas: 5")
                    .replace("image-processor", &format!("app-{i}")),
            );
        }
        assert!(big.apply(&yaml).applied());
    }
    println!(
        "{:<58} {:>10.3} ms",
        "apply 900 Deployments + 900 Services",
        started.elapsed().as_secs_f64() * 1e3
    );
    let started = Instant::now();
    big.advance(20_000);
    println!(
        "{:<58} {:>10.3} ms",
        "  then 20 s of virtual time until all pods run",
        started.elapsed().as_secs_f64() * 1e3
    );
    let pods = big.pods().len();
    println!(
        "{:<58} {:>10.1} MiB  (peak {:.1} MiB while applying and settling)",
        format!("memory of the {pods}-pod cluster (live heap)"),
        mib(LIVE.load(Ordering::Relaxed).saturating_sub(before)),
        mib(PEAK.load(Ordering::Relaxed).saturating_sub(before)),
    );
    measure(
        &format!("one reconcile tick, {pods} pods / 900 Deployments / 100 nodes"),
        || big.advance(50),
    );
}
