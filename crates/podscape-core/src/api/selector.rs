//! Label selectors: `matchLabels` and `matchExpressions` as `labels.Selector` matches them, and
//! the equality-based query kubectl's `-l` takes (`app=web,tier!=db,canary`).

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelSelectorRequirement {
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    pub operator: String,
    pub values: Vec<String>,
}

/// A `metav1.LabelSelector`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub match_labels: BTreeMap<String, String>,
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

impl LabelSelector {
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        matches(&self.match_labels, &self.match_expressions, labels)
    }

    /// kubectl's `-l` query, equality-based: `k=v` (or `k==v`), `k!=v` (also true when the
    /// label is absent) and a bare `k` (the label exists), joined by commas, each term required.
    pub fn parse_query(query: &str) -> LabelSelector {
        let requirement = |key: &str, operator: &str, values: Vec<String>| LabelSelectorRequirement {
            key: key.trim().to_string(),
            operator: operator.to_string(),
            values,
        };
        let match_expressions = query
            .split(',')
            .map(|term| match term.split_once("!=") {
                Some((k, v)) => requirement(k, "NotIn", vec![v.trim().to_string()]),
                None => match term.split_once('=') {
                    Some((k, v)) => requirement(k, "In", vec![v.trim_start_matches('=').trim().to_string()]),
                    None => requirement(term, "Exists", Vec::new()),
                },
            })
            .collect();
        LabelSelector {
            match_labels: BTreeMap::new(),
            match_expressions,
        }
    }
}

/// Whether every pair of `match_labels` is among `labels` and every requirement holds (an
/// unknown operator never does). The one place selectors are matched.
pub fn matches(
    match_labels: &BTreeMap<String, String>,
    match_expressions: &[LabelSelectorRequirement],
    labels: &BTreeMap<String, String>,
) -> bool {
    match_labels.iter().all(|(k, v)| labels.get(k) == Some(v))
        && match_expressions.iter().all(|r| {
            let got = labels.get(&r.key);
            match r.operator.as_str() {
                "In" => got.is_some_and(|v| r.values.contains(v)),
                "NotIn" => got.is_none_or(|v| !r.values.contains(v)),
                "Exists" => got.is_some(),
                "DoesNotExist" => got.is_none(),
                // `k>1`, `k<1` of a query: the label exists and is an integer on that side.
                "Gt" | "Lt" => {
                    let number = |v: Option<&String>| v.and_then(|v| v.parse::<i64>().ok());
                    match (number(got), number(r.values.first())) {
                        (Some(l), Some(v)) if r.operator == "Gt" => l > v,
                        (Some(l), Some(v)) => l < v,
                        _ => false,
                    }
                }
                _ => false,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn req(key: &str, operator: &str, values: &[&str]) -> LabelSelectorRequirement {
        LabelSelectorRequirement {
            key: key.into(),
            operator: operator.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn match_labels_and_expressions_all_hold() {
        let pod = labels(&[("app", "web"), ("tier", "front")]);
        let mut s = LabelSelector {
            match_labels: labels(&[("app", "web")]),
            match_expressions: vec![req("tier", "In", &["front", "back"])],
        };
        assert!(s.matches(&pod));
        s.match_expressions.push(req("canary", "DoesNotExist", &[]));
        assert!(s.matches(&pod));
        s.match_expressions.push(req("tier", "NotIn", &["front"]));
        assert!(!s.matches(&pod));
        assert!(!matches(&labels(&[("app", "db")]), &[], &pod));
        assert!(!matches(
            &BTreeMap::new(),
            &[req("app", "Between", &["web"])],
            &pod
        ));
        assert!(!matches(&BTreeMap::new(), &[req("zone", "Exists", &[])], &pod));
        assert!(LabelSelector::default().is_empty() && LabelSelector::default().matches(&pod));
    }

    #[test]
    fn kubectl_queries_read_like_kubectl() {
        let pod = labels(&[("app", "web"), ("tier", "front")]);
        let q = |s: &str| LabelSelector::parse_query(s).matches(&pod);
        assert!(q("app=web"));
        assert!(q("app==web"));
        assert!(q(" app = web , tier"));
        assert!(q("tier!=back"));
        assert!(q("zone!=a"), "!= holds when the label is absent");
        assert!(!q("app=db"));
        assert!(!q("app=web,zone"));
        assert!(!q("tier!=front"));
        assert!(!q(""), "an empty term asks for a label with an empty key");
    }
}
