//! Built-in scenarios: the starting YAML a learner sees. The texts live in `static/scenarios/`
//! as data; this module only lists them.

/// A scenario: an id for URLs (`?scenario=ID`), titles in English and Russian, and the YAML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub id: &'static str,
    pub title_en: &'static str,
    pub title_ru: &'static str,
    pub yaml: &'static str,
}

/// The default scenario: an image-processing backend with three replicas behind a Service.
pub const DEFAULT_YAML: &str = include_str!("../../../static/scenarios/default.yaml");

/// The default scenario without its client (`web`): the backend and its Service alone, where
/// the stand-in generator calls the Service (what the tests of the generator and of the
/// controllers start from).
pub fn backend_yaml() -> &'static str {
    DEFAULT_YAML
        .split_once("---\n# The frontend:")
        .map_or(DEFAULT_YAML, |(backend, _)| backend)
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        id: "default",
        title_en: "A backend behind a Service",
        title_ru: "Бэкенд за Service",
        yaml: DEFAULT_YAML,
    },
    Scenario {
        id: "rolling-update",
        title_en: "Rolling update without a failed request",
        title_ru: "Плавное обновление без единой ошибки",
        yaml: include_str!("../../../static/scenarios/rolling-update.yaml"),
    },
    Scenario {
        id: "service-types",
        title_en: "ClusterIP, NodePort, LoadBalancer",
        title_ru: "ClusterIP, NodePort, LoadBalancer",
        yaml: include_str!("../../../static/scenarios/service-types.yaml"),
    },
    Scenario {
        id: "headless-dns",
        title_en: "Headless Service and ExternalName (DNS)",
        title_ru: "Headless Service и ExternalName (DNS)",
        yaml: include_str!("../../../static/scenarios/headless-dns.yaml"),
    },
    Scenario {
        id: "crash-loop",
        title_en: "Crash loop and readiness",
        title_ru: "Crash loop и readiness",
        yaml: include_str!("../../../static/scenarios/crash-loop.yaml"),
    },
    Scenario {
        id: "ingress",
        title_en: "Two apps behind one Ingress",
        title_ru: "Два приложения за одним Ingress",
        yaml: include_str!("../../../static/scenarios/ingress.yaml"),
    },
    Scenario {
        id: "three-tier",
        title_en: "Three tiers: web, api, database",
        title_ru: "Три уровня: web, api, база данных",
        yaml: include_str!("../../../static/scenarios/three-tier.yaml"),
    },
];

/// The scenario with this id, if there is one.
pub fn find(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.id == id)
}

/// The seed the playground starts with unless the URL or a lesson says otherwise.
pub const DEFAULT_SEED: u64 = 20_261_125;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cluster;

    #[test]
    fn every_scenario_is_valid_and_comes_up() {
        for s in SCENARIOS {
            let parsed = crate::manifest::parse(s.yaml);
            assert!(!parsed.has_errors(), "{}: {:?}", s.id, parsed.diagnostics);
            let mut c = Cluster::new(1);
            assert!(c.apply(s.yaml).applied(), "{}", s.id);
            c.advance(20_000);
            assert!(
                c.pods().iter().any(|p| p.namespace == "default" && p.ready),
                "{}",
                s.id
            );
        }
        assert_eq!(find("default").map(|s| s.yaml), Some(DEFAULT_YAML));
    }
}
