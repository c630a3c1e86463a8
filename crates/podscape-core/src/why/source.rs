//! Where a field came from: the learner's YAML read once into the manifest engine's positioned
//! tree, then a field path (`spec.template.spec.containers[0].image`) looked up in the document
//! of one object.

use crate::manifest::yaml::{parse_stream, Document, Node};

/// The learner's YAML, parsed (empty without text).
#[derive(Default)]
pub struct Source {
    documents: Vec<Document>,
}

impl Source {
    pub fn new(text: Option<&str>) -> Source {
        let documents = match text {
            // The engine's own budgets bound the parse (documents, depth, aliases).
            Some(t) if t.len() <= crate::budget::MAX_INPUT_BYTES => parse_stream(t).0,
            _ => Vec::new(),
        };
        Source { documents }
    }

    /// The line of `path` in the document of `kind` `name` (in `namespace`; a document without
    /// one is in any), or of the deepest part of the path the document has.
    pub fn line(&self, kind: &str, namespace: &str, name: &str, path: &str) -> Option<usize> {
        let doc = self.documents.iter().find(|d| {
            let root = &d.root;
            let meta = root.get("metadata");
            let ns = meta.and_then(|m| m.get("namespace")).and_then(Node::as_str);
            root.get("kind")
                .and_then(Node::as_str)
                .is_some_and(|k| k.eq_ignore_ascii_case(kind))
                && meta.and_then(|m| m.get("name")).and_then(Node::as_str) == Some(name)
                && ns.is_none_or(|ns| ns == namespace)
        })?;
        let mut node = &doc.root;
        let mut line = node.pos.line;
        for part in path.split('.').filter(|p| !p.is_empty()) {
            let (key, index) = match part.split_once('[') {
                Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (part, None),
            };
            let Some(entry) = node.entry(key) else {
                break;
            };
            line = entry.key_pos.line;
            node = &entry.value;
            if let Some(i) = index {
                let Some(item) = node.items().get(i) else {
                    break;
                };
                line = item.pos.line;
                node = item;
            }
        }
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_found_on_its_line_and_a_missing_one_at_its_deepest_parent() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n";
        let s = Source::new(Some(text));
        assert_eq!(s.line("Service", "default", "web", "spec.selector.app"), Some(7));
        assert_eq!(
            s.line("Service", "default", "web", "spec.ports[0].targetPort"),
            Some(10)
        );
        assert_eq!(s.line("Service", "default", "web", "spec.type"), Some(5));
        assert_eq!(s.line("Service", "default", "api", "spec"), None);
        assert_eq!(Source::new(None).line("Service", "default", "web", "spec"), None);
    }
}
