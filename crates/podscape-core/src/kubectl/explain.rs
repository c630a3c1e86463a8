//! `kubectl explain RESOURCE[.field.path] [--recursive]`: kubectl v1.35's plaintext template
//! (`explain/v2/templates/plaintext.tmpl`) over the generated description table
//! (`explain_table.rs`, from `schema/explain.py`), with go-wordwrap's wrapping and sprig's
//! `indent`.
//!
//! Podscape's simplification: the schemas it is generated from carry no `enum` lists, so the
//! `ENUM:` lines kubectl prints for enumerated strings (a Service's `type`) are left out.

use super::explain_table::{ROOTS, TYPES};
use super::Output;

/// A type of the table: its description and its fields, sorted by name.
pub(super) struct Type {
    pub description: &'static str,
    pub fields: &'static [Field],
}

/// A field: its name, kubectl's type string, whether its parent requires it, the named type
/// behind it (through lists and maps, or [`NONE`]) and its description.
pub(super) struct Field {
    pub name: &'static str,
    pub ty: &'static str,
    pub required: bool,
    pub target: u16,
    pub description: &'static str,
}

pub(super) const NONE: u16 = u16::MAX;

fn ty(index: u16) -> Option<&'static Type> {
    TYPES.get(usize::from(index))
}

/// `kubectl explain`: `args` are the positional words after `explain`.
pub(super) fn explain(args: &[&str], recursive: bool) -> Output {
    let Some(target) = args.first() else {
        return Output::err(
            "error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.",
        );
    };
    if args.len() > 1 {
        return Output::err("error: We accept only this format: explain RESOURCE");
    }
    // `splitDotNotation`: the first word is the resource, the rest the field path (a trailing
    // period is ignored; a group is not read here, so `deployments.apps.spec` looks for a field
    // `apps`).
    let mut path = target.strip_suffix('.').unwrap_or(target).split('.');
    let resource = path.next().unwrap_or_default();
    let fields: Vec<&str> = path.collect();
    let Some(root) = find_root(&resource.to_ascii_lowercase()) else {
        return Output::err(format!(
            "error: the server doesn't have a resource type \"{resource}\""
        ));
    };
    let (_, group, kind, version, index) = root;
    let mut out = String::new();
    if !group.is_empty() {
        out.push_str(&format!("GROUP:      {group}\n"));
    }
    out.push_str(&format!("KIND:       {kind}\nVERSION:    {version}\n\n"));
    match output(*index, &fields, recursive) {
        Some(body) => {
            out.push_str(&body);
            out.push('\n');
            Output::ok(out)
        }
        None => Output::err(format!(
            "error: field \"{}\" does not exist",
            fields.last().copied().unwrap_or_default()
        )),
    }
}

type Root = (
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    u16,
);

fn find_root(name: &str) -> Option<&'static Root> {
    ROOTS.iter().find(|(names, ..)| names.contains(&name))
}

/// The template's `output`: follows the path, then prints the field line, the description and
/// the fields. `None` when the path leads nowhere.
fn output(root: u16, path: &[&str], recursive: bool) -> Option<String> {
    let mut out = String::new();
    let mut current = ty(root)?;
    // The description chain: the field's own, then the named type's behind it.
    let mut description = format!("{}\n", current.description);
    let mut fields_of = Some(root);
    for (i, name) in path.iter().enumerate() {
        let field = current.fields.iter().find(|f| f.name == *name)?;
        if i + 1 == path.len() {
            out.push_str(&format!("FIELD: {} <{}>\n\n\n", field.name, field.ty));
        }
        description = if field.description.is_empty() {
            String::new()
        } else {
            format!("{}\n", field.description)
        };
        if let Some(t) = ty(field.target) {
            if !t.description.is_empty() {
                description.push_str(t.description);
                description.push('\n');
            }
        }
        fields_of = (field.target != NONE).then_some(field.target);
        match ty(field.target) {
            Some(t) => current = t,
            None if i + 1 < path.len() => return None,
            None => {}
        }
    }
    out.push_str("DESCRIPTION:\n");
    let description = if description.is_empty() {
        "<empty>".to_string()
    } else {
        description
    };
    out.push_str(&indent(&wrap(&description, 76), 4));
    out.push('\n');
    if let Some(index) = fields_of {
        let mut list = String::new();
        field_list(index, 1, recursive, &mut vec![index], &mut list);
        if !list.is_empty() {
            out.push_str("FIELDS:\n");
            out.push_str(&list);
        }
    }
    Some(out)
}

/// The template's `fieldList`: each field's line (and, unless recursive, its description);
/// recursive lists descend into named types not already on the path.
fn field_list(index: u16, level: usize, recursive: bool, history: &mut Vec<u16>, out: &mut String) {
    let Some(t) = ty(index) else { return };
    let pad = level * 2;
    for field in t.fields {
        out.push_str(&" ".repeat(pad));
        out.push_str(field.name);
        out.push_str(&format!("\t<{}>", field.ty));
        if field.required {
            out.push_str(" -required-");
        }
        out.push('\n');
        if recursive {
            if field.target != NONE && !history.contains(&field.target) && history.len() < 64 {
                history.push(field.target);
                field_list(field.target, level + 1, true, history, out);
                history.pop();
            }
        } else {
            let text = if field.description.is_empty() {
                "<no description>"
            } else {
                field.description
            };
            out.push_str(&indent(&wrap(text, 78 - pad), pad + 2));
            out.push_str("\n\n");
        }
    }
}

/// sprig's `indent`: `n` spaces before the text and after every newline.
fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", text.replace('\n', &format!("\n{pad}")))
}

/// go-wordwrap v1.0.1's `WrapString`: breaks at white space so lines stay within `limit`
/// bytes where the words allow; a word longer than the limit stays whole.
pub(super) fn wrap(s: &str, limit: usize) -> String {
    let mut buf = String::with_capacity(s.len());
    let mut current = 0usize;
    let mut word = String::new();
    let mut space = String::new();
    for c in s.chars() {
        if c == '\n' {
            if word.is_empty() {
                if current + space.len() <= limit {
                    buf.push_str(&space);
                }
                space.clear();
            } else {
                buf.push_str(&space);
                space.clear();
                buf.push_str(&word);
                word.clear();
            }
            buf.push(c);
            current = 0;
        } else if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space.len() + word.len();
                buf.push_str(&space);
                space.clear();
                buf.push_str(&word);
                word.clear();
            }
            space.push(c);
        } else {
            word.push(c);
            if current + space.len() + word.len() > limit && word.len() < limit {
                buf.push('\n');
                current = 0;
                space.clear();
            }
        }
    }
    if word.is_empty() {
        if current + space.len() <= limit {
            buf.push_str(&space);
        }
    } else {
        buf.push_str(&space);
        buf.push_str(&word);
    }
    buf
}

/// Every field path of a kind, with its type string.
#[cfg(test)]
pub(super) fn field_paths(resource: &str) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    if let Some((_, _, _, _, index)) = find_root(resource) {
        collect(*index, String::new(), &mut vec![*index], &mut out);
    }
    out
}

#[cfg(test)]
fn collect(index: u16, prefix: String, history: &mut Vec<u16>, out: &mut Vec<(String, &'static str)>) {
    let Some(t) = ty(index) else { return };
    for field in t.fields {
        let path = if prefix.is_empty() {
            field.name.to_string()
        } else {
            format!("{prefix}.{}", field.name)
        };
        out.push((path.clone(), field.ty));
        if field.target != NONE && !history.contains(&field.target) {
            history.push(field.target);
            collect(field.target, path, history, out);
            history.pop();
        }
    }
}

/// Completion of `RESOURCE.field.pa`: the resource names, then the fields one level down.
pub(super) fn complete(partial: &str) -> Vec<String> {
    let Some((done, last)) = partial.rsplit_once('.') else {
        return resources()
            .filter(|r| r.starts_with(partial))
            .map(String::from)
            .collect();
    };
    let mut words = done.split('.');
    let Some((.., root)) = find_root(&words.next().unwrap_or_default().to_ascii_lowercase()) else {
        return Vec::new();
    };
    let mut current = *root;
    for word in words {
        let Some(field) = ty(current).and_then(|t| t.fields.iter().find(|f| f.name == word)) else {
            return Vec::new();
        };
        current = field.target;
    }
    ty(current)
        .map(|t| t.fields)
        .unwrap_or_default()
        .iter()
        .filter(|f| f.name.starts_with(last))
        .map(|f| format!("{done}.{}", f.name))
        .collect()
}

/// The resource names `explain` knows (completion).
pub(super) fn resources() -> impl Iterator<Item = &'static str> {
    ROOTS.iter().map(|(names, ..)| names[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explain_ok(target: &str) -> String {
        let out = explain(&[target], false);
        assert_eq!(out.exit_code, 0, "{target}: {}", out.stderr);
        out.stdout
    }

    #[test]
    fn a_field_prints_as_kubectl_v1_35_does() {
        // kubernetes-semantics.md 7.8, verified by running the real template.
        assert_eq!(
            explain_ok("deployment.spec.replicas"),
            "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n\n\nDESCRIPTION:\n    Number of desired pods. This is a pointer to distinguish between explicit\n    zero and not specified. Defaults to 1.\n    \n\n"
        );
    }

    #[test]
    fn a_kind_lists_its_fields_and_the_recursive_form_nests_them() {
        let out = explain_ok("svc");
        assert!(out.starts_with(
            "KIND:       Service\nVERSION:    v1\n\nDESCRIPTION:\n    Service is a named abstraction"
        ));
        assert!(out.contains("FIELDS:\n  apiVersion\t<string>\n    APIVersion defines"));
        assert!(out.contains("  spec\t<ServiceSpec>\n"));
        let out = explain(&["deployments.spec"], true).stdout;
        assert!(out.contains("FIELD: spec <DeploymentSpec>\n\n\nDESCRIPTION:\n    Specification of the desired behavior of the Deployment.\n    DeploymentSpec is"));
        assert!(out.contains("  selector\t<LabelSelector> -required-\n    matchExpressions\t<[]LabelSelectorRequirement>\n      key\t<string> -required-\n"));
        assert!(explain_ok("pod.spec.containers").contains("FIELD: containers <[]Container>\n"));
    }

    #[test]
    fn errors_read_like_kubectl() {
        assert_eq!(
            explain(&["deployment.spec.foo"], false).stderr,
            "error: field \"foo\" does not exist\n"
        );
        assert_eq!(
            explain(&["deployment.foo.bar"], false).stderr,
            "error: field \"bar\" does not exist\n"
        );
        assert_eq!(
            explain(&["deployment.spec.replicas.x"], false).stderr,
            "error: field \"x\" does not exist\n"
        );
        assert_eq!(
            explain(&["foo"], false).stderr,
            "error: the server doesn't have a resource type \"foo\"\n"
        );
    }

    #[test]
    fn every_field_path_of_deployment_and_service_explains_its_name_and_type() {
        for kind in ["deployment", "service"] {
            let paths = field_paths(kind);
            assert!(paths.len() > 50, "{kind}: {}", paths.len());
            for (path, ty) in paths {
                let out = explain(&[&format!("{kind}.{path}")], false);
                assert_eq!(out.exit_code, 0, "{kind}.{path}: {}", out.stderr);
                let name = path.rsplit('.').next().unwrap_or_default();
                assert!(
                    out.stdout.contains(&format!("FIELD: {name} <{ty}>\n")),
                    "{kind}.{path}: {}",
                    out.stdout
                );
                assert!(out.stdout.contains("\nDESCRIPTION:\n"), "{kind}.{path}");
            }
        }
    }

    #[test]
    fn wrapping_follows_go_wordwrap() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap("a verylongword b", 4), "a\nverylongword\nb");
        assert_eq!(wrap("one\n\ntwo  three\n", 80), "one\n\ntwo  three\n");
        assert_eq!(indent("a\nb\n", 4), "    a\n    b\n    ");
    }
}
