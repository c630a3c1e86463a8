use super::*;
use crate::manifest::{IngressPath, IngressRule};

/// The examples table of the Kubernetes Ingress docs ("Examples" under "Path types").
#[test]
fn path_matching_follows_the_ingress_docs_table() {
    use PathType::{Exact, Prefix};
    // (type, paths, request, the path that should win or None)
    let cases: &[(PathType, &[&str], &str, Option<&str>)] = &[
        (Prefix, &["/"], "/anything/at/all", Some("/")),
        (Exact, &["/foo"], "/foo", Some("/foo")),
        (Exact, &["/foo"], "/bar", None),
        (Exact, &["/foo"], "/foo/", None),
        (Exact, &["/foo/"], "/foo", None),
        (Prefix, &["/foo"], "/foo", Some("/foo")),
        (Prefix, &["/foo"], "/foo/", Some("/foo")),
        (Prefix, &["/foo/"], "/foo", Some("/foo/")),
        (Prefix, &["/foo/"], "/foo/", Some("/foo/")),
        (Prefix, &["/aaa/bb"], "/aaa/bbb", None),
        (Prefix, &["/aaa/bbb"], "/aaa/bbb", Some("/aaa/bbb")),
        (Prefix, &["/aaa/bbb/"], "/aaa/bbb", Some("/aaa/bbb/")),
        (Prefix, &["/aaa/bbb"], "/aaa/bbb/", Some("/aaa/bbb")),
        (Prefix, &["/aaa/bbb"], "/aaa/bbb/ccc", Some("/aaa/bbb")),
        (Prefix, &["/aaa/bbb"], "/aaa/bbbxyz", None),
        (Prefix, &["/", "/aaa"], "/aaa/ccc", Some("/aaa")),
        (Prefix, &["/", "/aaa", "/aaa/bbb"], "/aaa/bbb", Some("/aaa/bbb")),
        (Prefix, &["/", "/aaa", "/aaa/bbb"], "/ccc", Some("/")),
        (Prefix, &["/aaa"], "/ccc", None),
    ];
    for (path_type, paths, request, want) in cases {
        let server = Server {
            host: CATCH_ALL.into(),
            locations: paths
                .iter()
                .map(|p| Location {
                    path: p.to_string(),
                    path_type: *path_type,
                    backend: None,
                    is_default: false,
                })
                .collect(),
        };
        let got = pick_location(&server, request).map(|l| l.path.as_str());
        assert_eq!(got, *want, "{path_type:?} {paths:?} {request}");
    }
    // Mixed: /foo (Prefix) and /foo (Exact) for /foo prefers Exact.
    let server = Server {
        host: CATCH_ALL.into(),
        locations: vec![
            Location {
                path: "/foo".into(),
                path_type: Prefix,
                backend: None,
                is_default: false,
            },
            Location {
                path: "/foo".into(),
                path_type: Exact,
                backend: None,
                is_default: false,
            },
        ],
    };
    assert_eq!(pick_location(&server, "/foo").map(|l| l.path_type), Some(Exact));
    assert_eq!(
        pick_location(&server, "/foo/x").map(|l| l.path_type),
        Some(Prefix)
    );
}

#[test]
fn implementation_specific_is_an_nginx_string_prefix() {
    assert!(path_matches(PathType::ImplementationSpecific, "/foo", "/foobar"));
    assert!(path_matches(PathType::ImplementationSpecific, "/foo", "/foo/x"));
    assert!(!path_matches(PathType::ImplementationSpecific, "/foo", "/fo"));
    assert!(!path_matches(PathType::Prefix, "/foo", "/foobar"));
}

#[test]
fn wildcard_hosts_stand_for_one_label() {
    assert!(host_matches("foo.bar.com", "foo.bar.com"));
    assert!(!host_matches("foo.bar.com", "bar.com"));
    assert!(host_matches("*.foo.com", "bar.foo.com"));
    assert!(!host_matches("*.foo.com", "baz.bar.foo.com"));
    assert!(!host_matches("*.foo.com", "foo.com"));
    assert!(!host_matches("*.foo.com", ".foo.com"));
}

fn backend(service: &str) -> IngressBackend {
    IngressBackend {
        service_name: service.into(),
        service_port: IntOrString::Int(80),
    }
}

/// A rule: its host and its (path, pathType, service) paths.
type Rule<'a> = (Option<&'a str>, &'a [(&'a str, &'a str, &'a str)]);

fn ingress(name: &str, default: Option<&str>, rules: &[Rule]) -> manifest::Ingress {
    manifest::Ingress {
        name: name.into(),
        namespace: "default".into(),
        ingress_class_name: Some("nginx".into()),
        default_backend: default.map(backend),
        rules: rules
            .iter()
            .map(|(host, paths)| IngressRule {
                host: host.map(str::to_string),
                paths: paths
                    .iter()
                    .map(|(path, path_type, service)| IngressPath {
                        path: path.to_string(),
                        path_type: path_type.to_string(),
                        backend: backend(service),
                    })
                    .collect(),
            })
            .collect(),
        line: 1,
        raw: serde_json::Value::Null,
    }
}

fn route(servers: &[Server], host: &str, path: &str) -> Option<String> {
    pick_server(servers, host)
        .and_then(|s| pick_location(s, path))
        .and_then(|l| l.backend.as_ref())
        .map(|b| b.service.clone())
}

#[test]
fn servers_follow_ingress_nginx() {
    // An exact host beats a wildcard; a wildcard beats the catch-all (rules without a host).
    let a = ingress(
        "a",
        None,
        &[
            (Some("shop.example.com"), &[("/api", "Prefix", "api")]),
            (Some("*.example.com"), &[("/", "Prefix", "wild")]),
            (None, &[("/", "Prefix", "any")]),
        ],
    );
    let s = servers(&[&a]);
    assert_eq!(route(&s, "shop.example.com", "/api/x"), Some("api".into()));
    // The exact host's server has no `/`: the controller's 404, not the wildcard.
    assert_eq!(route(&s, "shop.example.com", "/"), None);
    assert_eq!(route(&s, "eu.example.com", "/x"), Some("wild".into()));
    assert_eq!(route(&s, "other.org", "/x"), Some("any".into()));

    // A defaultBackend with rules is the default of the servers that Ingress creates only.
    let b = ingress(
        "b",
        Some("fallback"),
        &[(Some("b.example.com"), &[("/v1", "Prefix", "v1")])],
    );
    let s = servers(&[&b]);
    assert_eq!(route(&s, "b.example.com", "/v2"), Some("fallback".into()));
    assert_eq!(route(&s, "c.example.com", "/v2"), None);

    // Without rules it configures the catch-all server.
    let c = ingress("c", Some("catch"), &[]);
    let s = servers(&[&c, &b]);
    assert_eq!(route(&s, "c.example.com", "/v2"), Some("catch".into()));

    // The same host and path in two Ingresses: the oldest wins; an explicit `/` replaces
    // the default root.
    let d = ingress(
        "d",
        None,
        &[(
            Some("x.io"),
            &[("/p", "Prefix", "first"), ("/", "Prefix", "root")],
        )],
    );
    let e = ingress(
        "e",
        None,
        &[(Some("x.io"), &[("/p", "Prefix", "second"), ("/q", "Exact", "q")])],
    );
    let s = servers(&[&d, &e]);
    assert_eq!(route(&s, "x.io", "/p/1"), Some("first".into()));
    assert_eq!(route(&s, "x.io", "/q"), Some("q".into()));
    assert_eq!(route(&s, "x.io", "/q/"), Some("root".into()));
}

const APPS: &str = include_str!("../../../../../static/scenarios/ingress.yaml");

const SHOP: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  name: http
";

#[test]
fn the_controller_publishes_its_address_and_routes_to_real_pods() {
    let mut c = Cluster::new(7);
    assert!(c.apply(APPS).applied());
    c.advance(15_000);
    let out = c.apply(SHOP);
    assert_eq!(out.output, ["ingress.networking.k8s.io/shop created"]);
    let shop = c.ingress("default", "shop").unwrap();
    // DefaultIngressClass admission filled in the default class.
    assert_eq!(shop.spec.ingress_class_name.as_deref(), Some(INGRESS_CLASS));
    assert_eq!(shop.address, None);
    c.advance(INGRESS_STATUS_DELAY_MS);
    assert_eq!(
        c.ingress("default", "shop").unwrap().address.as_deref(),
        Some("172.18.255.200")
    );
    assert_eq!(c.ingress_address(), Some("172.18.255.200"));

    let api_pods: Vec<String> = c
        .pods()
        .iter()
        .filter(|p| p.name.starts_with("api-") && p.ready)
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(api_pods.len(), 2);
    for _ in 0..10 {
        match c.ingress_request("SHOP.example.com:80", "/api/orders?id=1") {
            IngressAnswer::Pod { pod, route } => {
                assert!(api_pods.contains(&pod), "{pod}");
                assert!(route.is_some_and(|r| r.node == "podscape-control-plane"));
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        c.ingress_request("shop.example.com", "/apix"),
        IngressAnswer::Status(404)
    );
    assert_eq!(
        c.ingress_request("other.example.com", "/api"),
        IngressAnswer::Status(404)
    );
    let last = c.ingress_log().last().unwrap();
    assert_eq!(
        (last.host.as_str(), last.status, last.service.as_deref()),
        ("other.example.com", 404, None)
    );

    // No endpoints: 503.
    c.scale_deployment("default", "api", 0);
    c.advance(3_000);
    assert_eq!(
        c.ingress_request("shop.example.com", "/api"),
        IngressAnswer::Status(503)
    );
    // A missing Service is a 503 too.
    c.apply(&SHOP.replace("name: api", "name: nothing"));
    assert_eq!(
        c.ingress_request("shop.example.com", "/api"),
        IngressAnswer::Status(503)
    );
}

#[test]
fn other_classes_are_ignored_and_a_load_balancer_skips_the_controllers_address() {
    let mut c = Cluster::new(8);
    c.apply(APPS);
    c.apply(&SHOP.replace("spec:\n", "spec:\n  ingressClassName: traefik\n"));
    c.advance(10_000);
    let shop = c.ingress("default", "shop").unwrap();
    assert_eq!((shop.address.clone(), c.ingress_address()), (None, None));
    assert_eq!(
        c.ingress_request("shop.example.com", "/api"),
        IngressAnswer::Status(404)
    );
    assert!(!c.events().iter().any(|e| e.object == "ingress/shop"));

    c.apply(&SHOP.replace("name: shop", "name: nginx-one"));
    c.advance(INGRESS_STATUS_DELAY_MS);
    assert_eq!(c.ingress_address(), Some("172.18.255.200"));
    c.apply(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\nspec:\n  type: LoadBalancer\n  selector:\n    app: web\n  ports:\n    - port: 80\n",
    );
    c.advance(5_000);
    assert_eq!(
        c.service("default", "lb")
            .and_then(|s| s.load_balancer_ip.as_deref()),
        Some("172.18.255.201")
    );
    assert!(c.delete_ingress("default", "nginx-one"));
    assert!(!c.delete_ingress("default", "nginx-one"));
}

#[test]
fn the_scene_labels_services_with_their_ingress_routes() {
    let mut c = Cluster::new(9);
    c.apply(APPS);
    c.apply(SHOP);
    let scene = crate::scene::Scene::of(&c);
    let routes = |name: &str| {
        scene
            .services
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.ingress_routes.clone())
    };
    assert_eq!(
        routes("api"),
        Some(vec!["shop: shop.example.com/api".to_string()])
    );
    assert_eq!(routes("web"), Some(vec![]));
}
