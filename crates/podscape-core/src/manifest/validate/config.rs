//! ConfigMaps and Secrets as the API server validates them (`ValidateConfigMap`,
//! `ValidateSecret`): keys, sizes, Secret types.
use super::*;

const CONFIG_KEY_MSG: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/// `core.MaxSecretSize`: a ConfigMap's or Secret's data, all values together.
pub const MAX_CONFIG_BYTES: usize = 1024 * 1024;

/// `validation.IsConfigMapKey`: the messages for a key of `data`/`binaryData`, also the rule
/// `kubectl create configmap|secret` applies to its keys.
pub fn config_key(key: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if key.len() > 253 {
        errs.push(max_len(253));
    }
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b))
    {
        errs.push(CONFIG_KEY_MSG.to_string());
    }
    // `hasChDirPrefix`.
    if key == "." {
        errs.push("must not be '.'".into());
    } else if key == ".." {
        errs.push("must not be '..'".into());
    } else if key.starts_with("..") {
        errs.push("must not start with '..'".into());
    }
    errs
}

/// The decoded length of a base64 value (validation ran the schema's byte check first).
fn decoded_len(v: &str) -> usize {
    data_encoding::BASE64.decode(v.as_bytes()).map_or(0, |b| b.len())
}

pub fn config_map(e: &mut Errors, root: &Node) {
    let data = get(Some(root), "data");
    let binary = get(Some(root), "binaryData");
    let mut total = 0;
    for (field, other, bag, other_name) in [
        ("data", binary, data, "binaryData"),
        ("binaryData", data, binary, "data"),
    ] {
        for entry in bag.map(Node::entries).unwrap_or(&[]) {
            let path = format!("{field}[{}]", entry.key);
            for msg in config_key(&entry.key) {
                e.invalid(&path, &quote(&entry.key), &msg).at(entry.key_pos);
            }
            if other.is_some_and(|o| o.get(&entry.key).is_some()) {
                let msg = format!("duplicate of key present in {other_name}");
                e.invalid(&path, &quote(&entry.key), &msg).at(entry.key_pos);
            }
            let value = entry.value.as_str().unwrap_or("");
            total += if field == "data" {
                value.len()
            } else {
                decoded_len(value)
            };
        }
    }
    if total > MAX_CONFIG_BYTES {
        e.push(
            "",
            format!(": Too long: must have at most {MAX_CONFIG_BYTES} bytes"),
            Anchor::Value,
        );
    }
}

pub fn secret(e: &mut Errors, root: &Node) {
    let mut keys: BTreeMap<&str, Pos> = BTreeMap::new();
    let mut total = 0;
    for entry in get(Some(root), "data").map(Node::entries).unwrap_or(&[]) {
        total += decoded_len(entry.value.as_str().unwrap_or(""));
        keys.insert(&entry.key, entry.key_pos);
    }
    // The API server converts stringData into data before validating.
    for entry in get(Some(root), "stringData").map(Node::entries).unwrap_or(&[]) {
        total += entry.value.as_str().map_or(0, str::len);
        keys.insert(&entry.key, entry.key_pos);
    }
    for (key, pos) in &keys {
        for msg in config_key(key) {
            e.invalid(&format!("data[{key}]"), &quote(key), &msg).at(*pos);
        }
    }
    let required: &[&str] = match text(Some(root), "type").unwrap_or("Opaque") {
        "kubernetes.io/tls" => &["tls.crt", "tls.key"],
        "kubernetes.io/ssh-auth" => &["ssh-privatekey"],
        "kubernetes.io/dockerconfigjson" => &[".dockerconfigjson"],
        "kubernetes.io/dockercfg" => &[".dockercfg"],
        "kubernetes.io/basic-auth" if !keys.contains_key("username") && !keys.contains_key("password") => {
            &["username", "password"]
        }
        _ => &[],
    };
    for key in required.iter().filter(|k| !keys.contains_key(*k)) {
        e.required(&format!("data[{key}]"), "");
    }
    if total > MAX_CONFIG_BYTES {
        e.push(
            "data",
            format!("data: Too long: must have at most {MAX_CONFIG_BYTES} bytes"),
            Anchor::Key,
        );
    }
}
