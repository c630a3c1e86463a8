//! What each known image answers over HTTP (the README's "Images" table): the one place that
//! says how a container's image and arguments behave as a server, a proxy or a client. Kept
//! compact: it is in the site's first load.

use super::{Cluster, Pod};
use crate::manifest::Container;

/// What a container runs, as far as the network sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum App {
    /// agnhost `serve-hostname [--port=N]` (9376): its hostname.
    ServeHostname(u16),
    /// agnhost `netexec [--http-port=N]` (8080): `/hostname`, `/clientip`, `/echo`, `/dial`.
    Netexec(u16),
    /// nginx on 80: the welcome page, 404 elsewhere; `proxy_pass` from a mounted config.
    Nginx,
    /// httpd on 80: "It works!".
    Httpd,
    /// hashicorp/http-echo `-text=… -listen=:N` (5678).
    HttpEcho { text: String, port: u16 },
    /// traefik/whoami `--port N` (80): the request as it arrived.
    Whoami(u16),
    /// busybox, alpine, curl images or any shell command: a client, nothing listens.
    Client,
    /// An image the table does not know: it answers on its declared ports with a placeholder.
    Unknown(String),
}

/// An image's name without registry, tag or digest: `registry.k8s.io/e2e-test-images/agnhost:2.53`
/// is `agnhost`.
pub fn image_name(image: &str) -> &str {
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split([':', '@']).next().unwrap_or(last)
}

/// Which [`App`] a container runs.
pub fn app(c: &Container) -> App {
    let words: Vec<&str> = c.command.iter().chain(&c.args).map(String::as_str).collect();
    // `--flag=V`, `-flag=V` or `--flag V`.
    let flag = |names: &[&str]| -> Option<&str> {
        words.iter().enumerate().find_map(|(i, w)| {
            names.iter().find_map(|n| match w.strip_prefix(n) {
                Some(v) if v.starts_with('=') => Some(&v[1..]),
                Some("") => words.get(i + 1).copied(),
                _ => None,
            })
        })
    };
    let port = |names: &[&str], default: u16| {
        flag(names)
            .and_then(|p| p.trim_start_matches(':').parse().ok())
            .unwrap_or(default)
    };
    let shell = words
        .first()
        .is_some_and(|w| matches!(w.rsplit('/').next(), Some("sh" | "bash" | "ash")));
    match image_name(&c.image) {
        _ if shell => App::Client,
        "agnhost" if words.contains(&"netexec") => App::Netexec(port(&["--http-port"], 8080)),
        "agnhost" | "serve_hostname" => App::ServeHostname(port(&["--port"], 9376)),
        "nginx" => App::Nginx,
        "httpd" => App::Httpd,
        "http-echo" => App::HttpEcho {
            text: flag(&["-text", "--text"]).unwrap_or("").to_string(),
            port: port(&["-listen", "--listen"], 5678),
        },
        "whoami" => App::Whoami(port(&["--port"], 80)),
        "busybox" | "alpine" | "curl" | "ubuntu" | "debian" => App::Client,
        other => App::Unknown(other.to_string()),
    }
}

/// Whether the container's server accepts connections on `port`: a known image on its port,
/// an unknown one on its declared containerPorts (on any, when it declares none).
pub fn listens(c: &Container, port: u16) -> bool {
    match app(c) {
        App::ServeHostname(p) | App::Netexec(p) | App::Whoami(p) | App::HttpEcho { port: p, .. } => p == port,
        App::Nginx | App::Httpd => port == 80,
        App::Client => false,
        App::Unknown(_) => {
            c.ports.is_empty() || c.ports.iter().any(|cp| cp.container_port == i32::from(port))
        }
    }
}

/// One HTTP request a server received, as it saw it.
pub struct Incoming<'a> {
    pub path: &'a str,
    /// The peer address and port the server saw (the node's after SNAT).
    pub peer: (&'a str, u16),
    /// The `Host` header.
    pub host: &'a str,
    pub user_agent: &'a str,
}

/// What a proxy's onward request(s) came to: the answers' bodies, or the failures.
pub type Onward = Vec<Result<String, String>>;

/// The URLs a proxying server calls for one request it received (nginx `proxy_pass`, agnhost
/// `/dial`), in order; empty for a server that answers by itself.
pub fn onward_urls(cluster: &Cluster, pod: &Pod, path: &str) -> Vec<String> {
    let Some(c) = pod.template.containers.first() else {
        return Vec::new();
    };
    match app(c) {
        App::Nginx => proxy_pass(cluster, pod)
            .map(|target| {
                // `proxy_pass http://api;` passes the request's path; with a URI, the URI and
                // the rest. Simplified: every location proxies (the config's first proxy_pass).
                match target.find('/') {
                    None => vec![format!("http://{target}{path}")],
                    Some(_) => vec![format!("http://{}{}", target.trim_end_matches('/'), path)],
                }
            })
            .unwrap_or_default(),
        App::Netexec(_) if path.split('?').next() == Some("/dial") => {
            let query = path.split_once('?').map_or("", |(_, q)| q);
            let param = |name: &str| {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
                    .unwrap_or("")
            };
            let (host, port) = (param("host"), param("port"));
            if host.is_empty() || port.parse::<u16>().is_err() {
                return Vec::new();
            }
            let tries = param("tries").parse::<usize>().unwrap_or(1).clamp(1, 5);
            let url = format!("http://{host}:{port}/{}", param("request"));
            vec![url; tries]
        }
        _ => Vec::new(),
    }
}

/// The upstream of the first `proxy_pass http://…;` in the nginx configs mounted into the pod.
fn proxy_pass(cluster: &Cluster, pod: &Pod) -> Option<String> {
    let c = pod.template.containers.first()?;
    c.volume_mounts.iter().find_map(|m| {
        cluster
            .list_dir(pod, &m.mount_path)?
            .into_iter()
            .find_map(|(_, text)| {
                let at = text.find("proxy_pass http://")? + "proxy_pass http://".len();
                let target = text[at..].split([';', ' ', '\n']).next()?.trim();
                (!target.is_empty()).then(|| target.chars().take(256).collect())
            })
    })
}

/// The answer of `pod`'s server to `req`: the HTTP status and body, or `None` when nothing
/// listens (a client image: the connection is refused). `onward` is what the proxy's onward
/// requests came to (see [`onward_urls`]), empty otherwise.
pub fn answer(pod: &Pod, req: &Incoming, onward: &Onward) -> Option<(u16, String)> {
    let c = pod.template.containers.first()?;
    let route = req.path.split('?').next().unwrap_or("/");
    let ok = |body: String| Some((200, body));
    match app(c) {
        App::ServeHostname(_) => ok(format!("{}\n", pod.name)),
        // Simplified: Podscape ends agnhost's bodies with a newline, so a terminal's prompt
        // starts on its own line.
        App::Netexec(_) => match route {
            "/clientip" => ok(format!("{}:{}\n", req.peer.0, req.peer.1)),
            "/echo" => {
                let msg = req.path.split_once("msg=").map_or("", |(_, m)| m);
                ok(format!("{}\n", msg.split('&').next().unwrap_or("")))
            }
            "/dial" if onward.is_empty() => Some((400, "host and port are required\n".into())),
            "/dial" => {
                // agnhost's JSON (`json.Marshal` of a map: keys sorted): `responses` when the
                // last try answered something, `errors` when any failed; 417 if the last did.
                let quote = |items: Vec<&String>| {
                    let quoted: Vec<String> = items.iter().map(|s| json_string(s.trim_end())).collect();
                    quoted.join(",")
                };
                let good: Vec<&String> = onward.iter().filter_map(|r| r.as_ref().ok()).collect();
                let bad: Vec<&String> = onward.iter().filter_map(|r| r.as_ref().err()).collect();
                let last_ok = onward
                    .last()
                    .is_some_and(|r| r.as_ref().is_ok_and(|b| !b.is_empty()));
                let mut fields = Vec::new();
                if !bad.is_empty() {
                    fields.push(format!("\"errors\":[{}]", quote(bad)));
                }
                if last_ok {
                    fields.push(format!("\"responses\":[{}]", quote(good)));
                }
                let status = if onward.last().is_some_and(Result::is_ok) {
                    200
                } else {
                    417
                };
                Some((status, format!("{{{}}}\n", fields.join(","))))
            }
            _ => ok(format!("{}\n", pod.name)),
        },
        App::Nginx if !onward.is_empty() => match &onward[0] {
            Ok(body) => ok(body.clone()),
            Err(_) => Some((502, status_page(502, &nginx_version(&c.image)))),
        },
        App::Nginx if matches!(route, "/" | "/index.html") => ok(NGINX_WELCOME.into()),
        App::Nginx => Some((404, status_page(404, &nginx_version(&c.image)))),
        App::Httpd if matches!(route, "/" | "/index.html") => {
            ok("<html><body><h1>It works!</h1></body></html>\n".into())
        }
        App::Httpd => Some((404, HTTPD_404.into())),
        App::HttpEcho { text, .. } => ok(format!("{text}\n")),
        App::Whoami(_) => {
            let ip = pod.ip.as_deref().unwrap_or("");
            ok(format!(
                "Hostname: {}\nIP: 127.0.0.1\nIP: ::1\nIP: {ip}\nRemoteAddr: {}:{}\nGET {} HTTP/1.1\nHost: {}\nUser-Agent: {}\nAccept: */*\n\n",
                pod.name, req.peer.0, req.peer.1, req.path, req.host, req.user_agent
            ))
        }
        App::Client => None,
        App::Unknown(image) => ok(format!(
            "podscape: {image} is not modelled; it answers on its declared ports\n"
        )),
    }
}

/// A JSON string as Go's encoder writes it (`<`, `>` and `&` escaped too).
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// nginx's page for an error status, with its version (`server_tokens on`, the image's default).
pub fn status_page(status: u16, version: &str) -> String {
    let title = match status {
        404 => "404 Not Found",
        _ => "502 Bad Gateway",
    };
    format!(
        "<html>\n<head><title>{title}</title></head>\n<body>\n<center><h1>{title}</h1></center>\n<hr><center>nginx/{version}</center>\n</body>\n</html>\n"
    )
}

/// The nginx release an image tag runs: a full version as written, a minor line as its latest
/// patch (as Docker Hub tagged it when Podscape was written), the mainline for `latest`.
pub fn nginx_version(image: &str) -> String {
    let tag = image.split_once(':').map_or("latest", |(_, t)| t);
    let tag = tag.split('-').next().unwrap_or(tag);
    match tag.split('.').count() {
        3 => tag.to_string(),
        2 => match tag {
            "1.25" => "1.25.5",
            "1.26" => "1.26.3",
            "1.27" => "1.27.5",
            "1.28" => "1.28.0",
            "1.29" => "1.29.3",
            other => return format!("{other}.0"),
        }
        .to_string(),
        _ => match tag {
            "stable" => "1.28.0".into(),
            _ => "1.29.3".into(),
        },
    }
}

/// The official image's `index.html` (615 bytes).
pub const NGINX_WELCOME: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

const HTTPD_404: &str = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n";

/// The workload that runs `pod`, as kubectl names it: `deployment/web`, `daemonset/agent`,
/// `pod/client` for a bare pod.
pub fn workload(cluster: &Cluster, pod: &Pod) -> String {
    match (&pod.owner, pod.owner_kind) {
        (Some(rs), super::OwnerKind::ReplicaSet) => cluster
            .replica_sets
            .iter()
            .find(|r| &r.name == rs && r.namespace == pod.namespace && !r.owner.is_empty())
            .map_or_else(
                || format!("replicaset/{rs}"),
                |r| format!("deployment/{}", r.owner),
            ),
        (Some(ds), super::OwnerKind::DaemonSet) => format!("daemonset/{ds}"),
        _ => format!("pod/{}", pod.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_welcome_page_is_nginx_s_615_bytes() {
        assert_eq!(NGINX_WELCOME.len(), 615);
    }

    #[test]
    fn images_and_arguments_name_their_app() {
        let c = |image: &str, args: &[&str]| Container {
            image: image.into(),
            args: args.iter().map(|s| s.to_string()).collect(),
            ..crate::manifest::Container::default()
        };
        let agnhost = "registry.k8s.io/e2e-test-images/agnhost:2.53";
        assert_eq!(
            app(&c(agnhost, &["netexec", "--http-port=9000"])),
            App::Netexec(9000)
        );
        assert_eq!(app(&c(agnhost, &["serve-hostname"])), App::ServeHostname(9376));
        assert_eq!(app(&c("nginx:1.27", &[])), App::Nginx);
        assert_eq!(
            app(&c("hashicorp/http-echo", &["-text=hi", "-listen=:8080"])),
            App::HttpEcho {
                text: "hi".into(),
                port: 8080
            }
        );
        assert_eq!(app(&c("traefik/whoami", &["--port", "8000"])), App::Whoami(8000));
        assert_eq!(app(&c("curlimages/curl", &[])), App::Client);
        assert_eq!(app(&c("redis:7", &[])), App::Unknown("redis".into()));
    }
}
