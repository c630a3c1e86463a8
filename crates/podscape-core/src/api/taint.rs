//! Taints and tolerations: which taints a pod's tolerations let it past (the scheduler's
//! TaintToleration filter asks this of each node's NoSchedule taints).

/// A pod's `spec.tolerations[i]` as written; an absent string is empty, as in the API's Go type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Toleration {
    /// Empty matches every key (validation then requires `operator: Exists`).
    pub key: String,
    /// `Equal` (the default, also when empty) or `Exists`.
    pub operator: String,
    pub value: String,
    /// Empty matches every effect.
    pub effect: String,
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    /// `Toleration.ToleratesTaint` (k8s.io/api/core/v1/toleration.go): the effect and the key
    /// must match unless empty; `Exists` takes any value, `Equal` (or none) the same value.
    pub fn tolerates(&self, key: &str, value: &str, effect: &str) -> bool {
        if !self.effect.is_empty() && self.effect != effect {
            return false;
        }
        if !self.key.is_empty() && self.key != key {
            return false;
        }
        match self.operator.as_str() {
            "" | "Equal" => self.value == value,
            "Exists" => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Toleration;

    const CONTROL_PLANE: &str = "node-role.kubernetes.io/control-plane";

    fn toleration(key: &str, operator: &str, value: &str, effect: &str) -> Toleration {
        Toleration {
            key: key.into(),
            operator: operator.into(),
            value: value.into(),
            effect: effect.into(),
            toleration_seconds: None,
        }
    }

    #[test]
    fn the_key_the_value_and_the_effect_must_match_unless_left_empty() {
        let taint = |t: &Toleration| t.tolerates(CONTROL_PLANE, "", "NoSchedule");
        // kind's CoreDNS: the key and the effect, operator Equal by default, no value.
        assert!(taint(&toleration(CONTROL_PLANE, "", "", "NoSchedule")));
        assert!(taint(&toleration(CONTROL_PLANE, "Exists", "", "")));
        assert!(
            taint(&toleration("", "Exists", "", "")),
            "an empty key with Exists tolerates all"
        );
        assert!(
            !taint(&toleration(CONTROL_PLANE, "Equal", "true", "NoSchedule")),
            "values differ"
        );
        assert!(
            !taint(&toleration(CONTROL_PLANE, "", "", "NoExecute")),
            "effects differ"
        );
        assert!(!taint(&toleration("dedicated", "Exists", "", "")), "keys differ");
        assert!(
            !taint(&toleration(CONTROL_PLANE, "Lt", "", "")),
            "an operator it does not know"
        );
        assert!(toleration("dedicated", "Equal", "web", "").tolerates("dedicated", "web", "NoSchedule"));
    }
}
