//! The core as its own [`Engine`]: every call answered at once, natively (tests, benches, a
//! native front end). The browser's engine answers through its lazily loaded module instead
//! (crates/podscape-web/src/state.rs).

use std::rc::Rc;

use super::{lesson_act, Engine, LessonIntent, EDITOR_FILE};
use crate::cluster::{ApplyOutcome, Cluster, ClusterConfig};
use crate::kubectl::{self, Output};
use crate::lesson::{self, Lesson, Run};
use crate::proxy::ProxyMode;
use crate::script::{self, Step};
use crate::{manifest, Diagnostic};

/// A native engine booting clusters of this shape (`Default`: kind's three nodes).
#[derive(Clone, Debug, Default)]
pub struct Native {
    pub config: ClusterConfig,
}

impl Engine for Native {
    fn diagnose(&self, text: &str) -> Option<(Vec<Diagnostic>, bool)> {
        let parsed = manifest::parse(text);
        Some((parsed.diagnostics, parsed.over_budget))
    }
    fn apply(&self, cluster: &mut Cluster, text: &str) -> Option<Output> {
        Some(kubectl::apply_text(cluster, EDITOR_FILE, text))
    }
    fn run_line(
        &self,
        cluster: &mut Cluster,
        line: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Option<Step>> {
        Some(script::run_line(
            cluster,
            line,
            files,
            &mut script::Budget::default(),
        ))
    }
    fn run_script(
        &self,
        cluster: &mut Cluster,
        text: &str,
        files: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Vec<Step>> {
        Some(script::run_on(
            cluster,
            text,
            files,
            &mut script::Budget::default(),
        ))
    }
    fn boot(&self, seed: u64, mode: ProxyMode, text: &str) -> Option<(Cluster, ApplyOutcome)> {
        let mut cluster = Cluster::with_config(seed, self.config.clone());
        cluster.set_proxy_mode(mode);
        let outcome = cluster.apply(text);
        Some((cluster, outcome))
    }
    fn lessons(&self) -> Option<Rc<Vec<Rc<Lesson>>>> {
        Some(Rc::new(lesson::all().into_iter().map(Rc::new).collect()))
    }
    fn lesson_act(
        &self,
        run: &mut Run,
        intent: LessonIntent,
        cluster: &Cluster,
        history: &[String],
    ) -> Option<Option<String>> {
        Some(lesson_act(run, intent, cluster, history))
    }
    fn progress(&self, lesson: &Lesson, done: usize, cluster: &Cluster, history: &[String]) -> Option<usize> {
        Some(lesson::progress(lesson, done, cluster, history))
    }
    fn plug(&self, _: &mut Cluster) {}
}
