//! What a pod's container (or the host) runs to reach the network: `curl`, routed through the
//! data plane's rules (`network.rs`) or the ingress controller, and `nslookup`, answered by
//! CoreDNS. `kubectl exec` and the script's host `curl` only dispatch here.

use super::Cluster;

/// `curl [-s] http://HOST[:PORT][/PATH]` from `client` (a pod, or the host when `client.node`
/// is empty). Names resolve through the pod's resolv.conf (the host has no cluster DNS). A
/// connection to a node's address is routed by that node's rules as a packet arriving there
/// (`--dst-type LOCAL`: NodePorts); anything else by the client's node. agnhost
/// `serve-hostname` answers with the pod name; `netexec` answers `/clientip` with the address
/// the pod saw (the node's after SNAT) and other paths with its hostname.
/// Returns curl's exit code, stdout and stderr.
pub fn curl(cluster: &mut Cluster, client: &crate::cluster::Client, args: &[&str]) -> (i32, String, String) {
    curl_at(cluster, client, args, 0)
}

/// How many proxies deep a request may go (nginx to agnhost /dial to …): past it the proxy's
/// onward request fails, as a loop of proxies would end in timeouts.
const MAX_PROXY_DEPTH: usize = 4;

/// What `pod` answers to a request it received (see `images::answer`), making a proxy's
/// onward requests first, from the pod, synchronously. `None`: nothing listens.
#[allow(clippy::too_many_arguments)]
fn serve(
    cluster: &mut Cluster,
    pod: &str,
    port: Option<u16>,
    path: &str,
    peer: (&str, u16),
    host: &str,
    user_agent: &'static str,
    depth: usize,
) -> Option<(u16, String)> {
    let found = cluster
        .pods()
        .iter()
        .find(|p| p.name == pod && p.status() == "Running")
        .cloned()?;
    // `None`: a port the caller does not know (the Ingress's headless backends).
    let container = found.template.containers.first()?;
    if port.is_some_and(|port| !super::images::listens(container, port)) {
        return None;
    }
    let mut onward = Vec::new();
    for url in super::images::onward_urls(cluster, &found, path) {
        let client = crate::cluster::Client {
            node: found.node.clone().unwrap_or_default(),
            ip: found.ip.clone().unwrap_or_default(),
            namespace: found.namespace.clone(),
        };
        let host = url
            .trim_start_matches("http://")
            .split(['/', ':'])
            .next()
            .unwrap_or("")
            .to_string();
        let resolved = cluster
            .resolve(&host, &found.namespace)
            .and_then(|(_, ips)| ips.first().cloned());
        // agnhost resolves /dial's host before it dials (`net.ResolveTCPAddr`): 400 if not.
        if resolved.is_none()
            && crate::proxy::Ipv4::parse(&host).is_none()
            && matches!(super::images::app(container), super::images::App::Netexec(_))
        {
            let text = format!(
                "host and/or port param are invalid. lookup {host} on {}:53: no such host\n",
                super::DNS_IP
            );
            cluster.record_request(pod, peer.0, peer.1, path, user_agent, 400);
            return Some((400, text));
        }
        // Go's net/http client errors, as agnhost reports them (nginx only needs the failure).
        onward.push(match depth < MAX_PROXY_DEPTH {
            true => match curl_at(cluster, &client, &["-sS", &url], depth + 1) {
                (0, body, _) => Ok(body),
                (6, _, _) => Err(format!(
                    "Get \"{url}\": dial tcp: lookup {host} on {}:53: no such host",
                    super::DNS_IP
                )),
                (7, _, _) => {
                    let port = url
                        .trim_start_matches("http://")
                        .split('/')
                        .next()
                        .and_then(|hp| hp.split_once(':'))
                        .map_or("80", |(_, p)| p)
                        .to_string();
                    let ip = resolved.clone().unwrap_or(host.clone());
                    Err(format!(
                        "Get \"{url}\": dial tcp {ip}:{port}: connect: connection refused"
                    ))
                }
                _ => Err(format!(
                    "Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
                )),
            },
            false => Err(format!(
                "Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
            )),
        });
    }
    let answer = super::images::answer(
        &found,
        &super::images::Incoming {
            path,
            peer,
            host,
            user_agent,
        },
        &onward,
    )?;
    cluster.record_request(pod, peer.0, peer.1, path, user_agent, answer.0);
    Some(answer)
}

fn curl_at(
    cluster: &mut Cluster,
    client: &crate::cluster::Client,
    args: &[&str],
    depth: usize,
) -> (i32, String, String) {
    let request = CurlRequest::parse(args);
    let Some(url) = request.url else {
        return (
            2,
            String::new(),
            "curl: try 'curl --help' for more information\n".into(),
        );
    };
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or(url);
    let (host_port, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match host_port.split_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()),
        None => (host_port, None),
    };
    let from_host = client.node.is_empty();
    // The host's loopback: only a `kubectl port-forward` listens there.
    if from_host && matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
        let port = port.unwrap_or(80);
        let forward = cluster
            .port_forwards
            .iter()
            .find(|f| f.local_port == port)
            .cloned();
        let running = forward.as_ref().and_then(|f| {
            cluster
                .pods()
                .iter()
                .find(|p| p.namespace == f.namespace && p.name == f.pod && p.status() == "Running")
                .map(|p| p.name.clone())
        });
        // Through the kubelet into the pod's network namespace: the container sees a
        // connection from its own loopback.
        let sport = 32768 + (cluster.random_u32() % 28_232) as u16;
        let remote = forward.as_ref().map(|f| f.remote_port);
        let answer = running.and_then(|pod| {
            serve(
                cluster,
                &pod,
                remote,
                path,
                ("127.0.0.1", sport),
                host_port,
                "curl/8.5.0",
                depth,
            )
        });
        return match answer {
            Some((status, _)) if status >= 400 && request.fail => (
                22,
                String::new(),
                format!("curl: (22) The requested URL returned error: {status}\n"),
            ),
            Some((_, body)) => (0, body, String::new()),
            None => (
                7,
                String::new(),
                format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n"),
            ),
        };
    }
    let literal = crate::proxy::Ipv4::parse(host).is_some();
    let ip = if literal {
        host.to_string()
    } else {
        match (from_host, cluster.resolve(host, &client.namespace)) {
            (false, Some((_, ips))) if !ips.is_empty() => ips[0].clone(),
            _ => {
                return (
                    6,
                    String::new(),
                    format!("curl: (6) Could not resolve host: {host}\n"),
                )
            }
        }
    };
    let port = port.unwrap_or(80);
    if cluster.ingress_address() == Some(ip.as_str()) {
        if port != 80 {
            return (
                7,
                String::new(),
                format!("curl: (7) Failed to connect to {host} port {port} after 1 ms: Couldn't connect to server\n"),
            );
        }
        let virtual_host = request.host_header.unwrap_or(host_port);
        return match cluster.ingress_request(virtual_host, path) {
            // Simplified: the backend sees the request from the controller's node address.
            crate::cluster::IngressAnswer::Pod { pod, route } => {
                let peer = route.as_ref().map_or(0, |r| r.sport);
                let seen = cluster.ingress_address().unwrap_or("").to_string();
                let port = route.as_ref().and_then(|r| match r.verdict {
                    crate::proxy::Verdict::Dnat { port, .. } => Some(port),
                    _ => None,
                });
                match serve(
                    cluster,
                    &pod,
                    port,
                    path,
                    (&seen, peer),
                    virtual_host,
                    "curl/8.5.0",
                    depth,
                ) {
                    Some((status, _)) if status >= 400 && request.fail => (
                        22,
                        String::new(),
                        format!("curl: (22) The requested URL returned error: {status}\n"),
                    ),
                    Some((_, body)) => (0, body, String::new()),
                    None => (0, crate::cluster::nginx_status_page(502), String::new()),
                }
            }
            crate::cluster::IngressAnswer::Status(code) if request.fail => (
                22,
                String::new(),
                format!("curl: (22) The requested URL returned error: {code}\n"),
            ),
            crate::cluster::IngressAnswer::Status(code) => {
                (0, crate::cluster::nginx_status_page(code), String::new())
            }
        };
    }
    let protocol = if literal {
        crate::proxy::Protocol::Tcp
    } else {
        let service = host.split('.').next().unwrap_or(host);
        let svc_ns = host.split('.').nth(1).unwrap_or(&client.namespace).to_string();
        cluster
            .service_port(&svc_ns, service)
            .map_or(crate::proxy::Protocol::Tcp, |(_, p)| p)
    };
    let timeout = (
        28,
        String::new(),
        format!("curl: (28) Failed to connect to {host} port {port} after 130 s: Connection timed out\n"),
    );
    let target_node = cluster.node_with_ip(&ip).map(str::to_string);
    let (node, dst_is_local) = match target_node {
        Some(n) => (n, true),
        // The host reaches only the nodes' network: a ClusterIP is not routed to it.
        None if from_host => return timeout,
        None => (client.node.clone(), false),
    };
    let packet = crate::proxy::Packet {
        src_ip: client.ip.clone(),
        dst_ip: ip.clone(),
        dst_port: port,
        protocol,
        src_is_local: false,
        dst_is_local,
    };
    let route = cluster.route_packet(&node, &packet);
    // `-s` silences the error message (the exit code stays) unless `-S` asks for it back.
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-') && !a.starts_with("--"))
        .flat_map(|a| a.chars().skip(1))
        .collect();
    let silent = (flags.contains('s') || args.contains(&"--silent"))
        && !flags.contains('S')
        && !args.contains(&"--show-error");
    let fail =
        |code: i32, message: String| (code, String::new(), if silent { String::new() } else { message });
    match (&route.verdict, &route.pod) {
        (
            crate::proxy::Verdict::Dnat {
                masquerade,
                port: dport,
                ..
            },
            Some(pod),
        ) => {
            // MASQUERADE rewrites the source to the routing node's address.
            let seen = if *masquerade {
                cluster
                    .nodes()
                    .iter()
                    .find(|n| n.name == node)
                    .map(|n| n.internal_ip.clone())
                    .unwrap_or_default()
            } else {
                client.ip.clone()
            };
            let virtual_host = request.host_header.unwrap_or(host_port);
            // Simplified: every client's curl is the same build (Ubuntu 24.04's, kind's host).
            let pod = pod.clone();
            match serve(
                cluster,
                &pod,
                Some(*dport),
                path,
                (&seen, route.sport),
                virtual_host,
                "curl/8.5.0",
                depth,
            ) {
                Some((status, _)) if status >= 400 && request.fail => fail(
                    22,
                    format!("curl: (22) The requested URL returned error: {status}\n"),
                ),
                Some((_, body)) => (0, body, String::new()),
                None => fail(
                    7,
                    format!(
                        "curl: (7) Failed to connect to {host} port {port} after 1 ms: Couldn't connect to server\n"
                    ),
                ),
            }
        }
        (crate::proxy::Verdict::Drop, _) => fail(timeout.0, timeout.2),
        _ => fail(
            7,
            format!(
                "curl: (7) Failed to connect to {host} port {port} after 1 ms: Couldn't connect to server\n"
            ),
        ),
    }
}

/// A `kubectl port-forward` listening on the host's loopback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortForward {
    pub local_port: u16,
    pub namespace: String,
    pub pod: String,
    pub remote_port: u16,
}

impl Cluster {
    /// Starts listening on `local_port` for the pod; `false` if the port is taken.
    pub fn add_port_forward(&mut self, forward: PortForward) -> bool {
        if self
            .port_forwards
            .iter()
            .any(|f| f.local_port == forward.local_port)
        {
            return false;
        }
        // A handful of forwards at most: a terminal session cannot pile them up.
        if self.port_forwards.len() >= 16 {
            self.port_forwards.remove(0);
        }
        self.port_forwards.push(forward);
        true
    }

    /// Stops the forward on `local_port` (its `kubectl port-forward` ended).
    pub fn remove_port_forward(&mut self, local_port: u16) {
        self.port_forwards.retain(|f| f.local_port != local_port);
    }
}

/// The local port a host `curl` line reaches through a port-forward, if it does: what makes
/// the forward print `Handling connection for PORT`.
pub fn forwarded_port(cluster: &Cluster, args: &[&str]) -> Option<u16> {
    let url = CurlRequest::parse(args).url?;
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let host_port = rest.split('/').next().unwrap_or(rest);
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && !h.ends_with(':') => (h, p.parse::<u16>().ok()?),
        _ => (host_port, 80),
    };
    (matches!(host, "localhost" | "127.0.0.1" | "[::1]")
        && cluster.port_forwards.iter().any(|f| f.local_port == port))
    .then_some(port)
}

/// The parts of a curl command line that matter here.
#[derive(Debug, Default, PartialEq, Eq)]
struct CurlRequest<'a> {
    url: Option<&'a str>,
    /// The value of a `-H 'Host: …'` header.
    host_header: Option<&'a str>,
    /// `-f`/`--fail`: an HTTP error is exit code 22 and no body.
    fail: bool,
}

impl<'a> CurlRequest<'a> {
    fn parse(args: &[&'a str]) -> CurlRequest<'a> {
        let mut request = CurlRequest::default();
        let mut it = args.iter();
        let header = |h: &'a str, request: &mut CurlRequest<'a>| {
            if let Some((name, value)) = h.split_once(':') {
                if name.trim().eq_ignore_ascii_case("host") {
                    request.host_header = Some(value.trim());
                }
            }
        };
        while let Some(&arg) = it.next() {
            match arg {
                "-H" | "--header" => {
                    if let Some(&h) = it.next() {
                        header(h, &mut request);
                    }
                }
                // Options that take a value, so the value is not the URL.
                "-m" | "--max-time" | "--connect-timeout" | "-X" | "--request" | "-A" | "--user-agent" => {
                    it.next();
                }
                "--fail" | "--fail-with-body" => request.fail = true,
                a if a.starts_with("-H") && a.len() > 2 => header(&a[2..], &mut request),
                a if a.starts_with("--") => {}
                // Bundled short options: -s, -sS, -fsS, …
                a if a.starts_with('-') && a.len() > 1 => request.fail |= a.contains('f'),
                a => {
                    if request.url.is_none() {
                        request.url = Some(a);
                    }
                }
            }
        }
        request
    }
}

/// `nslookup NAME` in a pod of `namespace`: CoreDNS's answer as busybox prints it (an
/// ExternalName as a canonical name), or NXDOMAIN with exit code 1. Returns nslookup's exit
/// code, stdout and stderr.
pub fn nslookup(cluster: &Cluster, name: &str, namespace: &str) -> (i32, String, String) {
    use super::DNS_IP;
    match cluster.resolve(name, namespace) {
        Some((fqdn, ips)) => {
            let mut out = format!("Server:\t\t{DNS_IP}\nAddress:\t{DNS_IP}#53\n\n");
            for ip in ips {
                if let Some(cname) = ip.strip_suffix('.') {
                    out.push_str(&format!("{fqdn}\tcanonical name = {cname}.\n"));
                } else {
                    out.push_str(&format!("Name:\t{fqdn}\nAddress: {ip}\n"));
                }
            }
            out.push('\n');
            (0, out, String::new())
        }
        None => (
            1,
            format!(
                "Server:\t\t{DNS_IP}\nAddress:\t{DNS_IP}#53\n\n** server can't find {name}.{namespace}.svc.cluster.local: NXDOMAIN\n\n"
            ),
            String::new(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_reads_host_headers_and_fail() {
        let parsed =
            CurlRequest::parse(&["-sS", "-H", "Host: a.example.com", "-m", "5", "http://10.0.0.1/x"]);
        assert_eq!(
            parsed,
            CurlRequest {
                url: Some("http://10.0.0.1/x"),
                host_header: Some("a.example.com"),
                fail: false
            }
        );
        let parsed = CurlRequest::parse(&["-fs", "-HHOST:b.io", "--header", "X-Other: 1", "b"]);
        assert_eq!(
            (parsed.url, parsed.host_header, parsed.fail),
            (Some("b"), Some("b.io"), true)
        );
        assert_eq!(CurlRequest::parse(&["-H"]), CurlRequest::default());
    }
}
