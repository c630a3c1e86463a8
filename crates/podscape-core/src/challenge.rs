//! Break-fix challenges: a cluster with one or two things broken, in the style of the CKA/CKAD
//! troubleshooting tasks. They live in `static/challenges/` as YAML data: the manifests the
//! cluster starts from, commands that break it further (faults, a bad rollout), a task
//! statement, the symptoms a check looks for, hints given one per failed check, and a solution
//! that CI replays.
//!
//! A symptom is a command run against a copy of the cluster (the learner's cluster is not
//! touched): usually a request sent from a pod (`kubectl exec deploy/client -- curl -sf …`), so
//! what is checked is what the learner would see, not one field of one object.

use crate::cluster::Cluster;
use crate::manifest::yaml::{self, Node};
use crate::script::{self, Budget};

/// The built-in challenges, in order.
pub const SOURCES: &[&str] = &[
    include_str!("../../../static/challenges/01-selector-typo.yaml"),
    include_str!("../../../static/challenges/02-target-port.yaml"),
    include_str!("../../../static/challenges/03-named-port.yaml"),
    include_str!("../../../static/challenges/04-image-tag.yaml"),
    include_str!("../../../static/challenges/05-crash-loop.yaml"),
    include_str!("../../../static/challenges/06-scaled-to-zero.yaml"),
    include_str!("../../../static/challenges/07-wrong-namespace.yaml"),
    include_str!("../../../static/challenges/08-local-policy.yaml"),
    include_str!("../../../static/challenges/09-ingress-backend.yaml"),
    include_str!("../../../static/challenges/10-stuck-rollout.yaml"),
    include_str!("../../../static/challenges/11-label-overlap.yaml"),
    include_str!("../../../static/challenges/12-pending-pods.yaml"),
    include_str!("../../../static/challenges/13-readiness-port.yaml"),
];

/// How long a started challenge's cluster runs before the learner sees it: the pods have
/// started, crashed or failed to pull by then, so every symptom shows.
pub const SETTLE: &str = "30s";

/// A check runs one command at most this many times (`repeat`).
const MAX_REPEAT: usize = 20;

/// An English text and its Russian one.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Text {
    pub en: String,
    pub ru: String,
}

impl Text {
    /// The text in `lang` (`"ru"` or anything else for English).
    pub fn get(&self, ru: bool) -> &str {
        if ru {
            &self.ru
        } else {
            &self.en
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub id: String,
    pub title: Text,
    /// What the learner is asked to do ("the shop answers 502: make it answer").
    pub task: Text,
    /// The manifests the cluster starts from (and the editor shows).
    pub manifests: String,
    /// Commands run after the manifests are applied, not shown to the learner: faults
    /// (`podscape unpullable IMAGE`), a bad rollout, a scale to zero.
    pub setup: Vec<String>,
    pub symptoms: Vec<Symptom>,
    /// Given one per failed check, in order.
    pub hints: Vec<Text>,
    /// Commands that fix it: CI replays them, "Show solution" runs them in the terminal. A
    /// command may carry a here-document (`kubectl apply -f - <<EOF`) for a fixed object.
    pub solution: Vec<String>,
}

/// Something wrong the learner can observe, and the command that shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symptom {
    /// Says the symptom is still there ("the shop still answers 502").
    pub message: Text,
    /// The check: a command run on a copy of the cluster. The symptom is gone when the command
    /// exits 0 and its output passes `expect` / `contains` / `absent`, every one of `repeat` times.
    pub run: String,
    /// The output, trimmed, equals this.
    pub expect: Option<String>,
    /// The output contains this.
    pub contains: Option<String>,
    /// The output does not contain this.
    pub absent: Option<String>,
    /// How many times the command runs (several requests through a Service reach several pods).
    pub repeat: usize,
    /// Not a symptom but a rule of the task ("keep `targetPort` a name"): it holds at the
    /// start, and a check reports it when a fix broke it.
    pub keep: bool,
}

/// What one check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The symptoms still present (indices into `Challenge::symptoms`); empty: solved.
    pub present: Vec<usize>,
    /// How many hints the learner has now (one more per failed check, at most all).
    pub hints: usize,
}

impl Verdict {
    pub fn solved(&self) -> bool {
        self.present.is_empty()
    }
}

impl Challenge {
    /// What `-f NAME` reads in this challenge: `playground.yaml` is the manifests (as the
    /// editor holds them in the playground).
    pub fn file(&self, name: &str) -> Option<String> {
        (name == crate::session::EDITOR_FILE).then(|| self.manifests.clone())
    }

    /// The commands that bring a cluster with the manifests applied to the challenge's
    /// starting state: the setup, then [`SETTLE`] of time.
    pub fn setup_script(&self) -> String {
        let mut script = self.setup.join("\n");
        if !script.is_empty() {
            script.push('\n');
        }
        script.push_str("sleep ");
        script.push_str(SETTLE);
        script.push('\n');
        script
    }

    /// Whether this symptom shows in `cluster` now (checked on a copy).
    pub fn present(&self, symptom: &Symptom, cluster: &Cluster) -> bool {
        let mut copy = cluster.clone();
        let files = |name: &str| self.file(name);
        let mut budget = Budget::default();
        for _ in 0..symptom.repeat.clamp(1, MAX_REPEAT) {
            let Some(step) = script::run_line(&mut copy, &symptom.run, &files, &mut budget) else {
                return true;
            };
            let out = step.stdout.trim();
            let fine = step.exit_code == 0
                && symptom.expect.as_deref().is_none_or(|e| out == e.trim())
                && symptom.contains.as_deref().is_none_or(|c| out.contains(c))
                && symptom.absent.as_deref().is_none_or(|a| !out.contains(a));
            if !fine {
                return true;
            }
        }
        false
    }

    /// Checks every symptom; `failed` is how many checks failed before this one. A failed
    /// check earns the next hint; a passing one gives none more.
    pub fn check(&self, cluster: &Cluster, failed: usize) -> Verdict {
        let present: Vec<usize> = (0..self.symptoms.len())
            .filter(|&i| self.present(&self.symptoms[i], cluster))
            .collect();
        let earned = if present.is_empty() { failed } else { failed + 1 };
        Verdict {
            present,
            hints: earned.min(self.hints.len()),
        }
    }
}

/// A fresh cluster at the challenge's starting state: the manifests applied, the setup run,
/// [`SETTLE`] passed. What the web's start and CI begin from.
pub fn start(challenge: &Challenge, seed: u64) -> Cluster {
    let mut cluster = Cluster::new(seed);
    cluster.apply(&challenge.manifests);
    let files = |name: &str| challenge.file(name);
    script::run_on(
        &mut cluster,
        &challenge.setup_script(),
        &files,
        &mut Budget::default(),
    );
    cluster
}

/// Runs the solution on `cluster`, each command's step (what the terminal echoes).
pub fn solve(challenge: &Challenge, cluster: &mut Cluster) -> Vec<script::Step> {
    let files = |name: &str| challenge.file(name);
    script::run_on(
        cluster,
        &challenge.solution.join("\n"),
        &files,
        &mut Budget::default(),
    )
}

fn text(node: Option<&Node>) -> Text {
    let get = |lang: &str| {
        node.and_then(|n| n.get(lang))
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Text {
        en: get("en"),
        ru: get("ru"),
    }
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect()
}

fn symptom(node: &Node) -> Result<Symptom, String> {
    let field = |key: &str| node.get(key).and_then(Node::as_str).map(str::to_string);
    let run = field("run").ok_or("a symptom needs `run`")?;
    let repeat = match node.get("repeat") {
        None => 1,
        Some(r) => r
            .as_i64()
            .and_then(|r| usize::try_from(r).ok())
            .filter(|r| (1..=MAX_REPEAT).contains(r))
            .ok_or(format!("`repeat` must be 1 to {MAX_REPEAT}"))?,
    };
    let message = text(node.get("message"));
    if message.en.is_empty() {
        return Err(format!("symptom `{run}` needs a `message`"));
    }
    Ok(Symptom {
        message,
        run,
        expect: field("expect"),
        contains: field("contains"),
        absent: field("absent"),
        repeat,
        keep: node.get("keep").and_then(Node::as_bool).unwrap_or(false),
    })
}

/// Reads one challenge; a message says what is wrong otherwise.
pub fn parse(source: &str) -> Result<Challenge, String> {
    let (documents, error) = yaml::parse_stream(source);
    if let Some(e) = error {
        return Err(format!("{}:{}: {}", e.pos.line, e.pos.column, e.message));
    }
    let root = &documents.first().ok_or("empty challenge")?.root;
    let id = root
        .get("id")
        .and_then(Node::as_str)
        .ok_or("a challenge needs an `id`")?
        .to_string();
    let manifests = root
        .get("manifests")
        .and_then(Node::as_str)
        .ok_or(format!("{id}: a challenge needs `manifests`"))?
        .to_string();
    let symptoms = root
        .get("symptoms")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .map(symptom)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{id}: {e}"))?;
    if symptoms.iter().all(|s| s.keep) {
        return Err(format!("{id}: a challenge needs `symptoms`"));
    }
    let hints: Vec<Text> = root
        .get("hints")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .map(|h| text(Some(h)))
        .collect();
    Ok(Challenge {
        title: text(root.get("title")),
        task: text(root.get("task")),
        manifests,
        setup: strings(root.get("setup")),
        symptoms,
        hints,
        solution: strings(root.get("solution")),
        id,
    })
}

/// Every built-in challenge (those that do not parse are left out; a test keeps them parsing).
pub fn all() -> Vec<Challenge> {
    SOURCES.iter().filter_map(|s| parse(s).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::DEFAULT_SEED;

    fn texts(c: &Challenge) -> Vec<(&str, &Text)> {
        let mut all = vec![("title", &c.title), ("task", &c.task)];
        all.extend(c.symptoms.iter().map(|s| ("symptom", &s.message)));
        all.extend(c.hints.iter().map(|h| ("hint", h)));
        all
    }

    #[test]
    fn every_challenge_parses_and_has_every_text_in_english_and_russian() {
        assert_eq!(all().len(), SOURCES.len());
        assert!(SOURCES.len() >= 10);
        let mut ids = Vec::new();
        for source in SOURCES {
            let c = parse(source).unwrap_or_else(|e| panic!("{e}"));
            for (what, t) in texts(&c) {
                assert!(!t.en.trim().is_empty(), "{}: a {what} has no English text", c.id);
                assert!(
                    !t.ru.trim().is_empty(),
                    "{}: {what} {:?} has no Russian text",
                    c.id,
                    t.en
                );
                assert_ne!(t.en, t.ru, "{}: {what} is not translated", c.id);
            }
            assert!(c.hints.len() >= 2, "{}: give hints one at a time", c.id);
            assert!(!c.solution.is_empty(), "{}", c.id);
            assert!(!ids.contains(&c.id), "{}: two challenges with one id", c.id);
            ids.push(c.id.clone());
        }
    }

    /// The contract of every challenge: each symptom shows at the start (and stays while
    /// nothing is done), the solution makes every one go away, and it stays gone.
    #[test]
    fn every_symptom_shows_at_the_start_and_the_solution_clears_them_all() {
        // The playground's seed, and others a link may carry: no challenge depends on luck.
        for (c, seed) in all()
            .into_iter()
            .flat_map(|c| [DEFAULT_SEED, 1, 7].map(|s| (c.clone(), s)))
        {
            let mut cluster = start(&c, seed);
            let broken: Vec<usize> = (0..c.symptoms.len()).filter(|&i| !c.symptoms[i].keep).collect();
            for s in &c.symptoms {
                let what = if s.keep {
                    "rule is broken"
                } else {
                    "symptom is absent"
                };
                assert_eq!(
                    c.present(s, &cluster),
                    !s.keep,
                    "{} (seed {seed}): {what} at the start: {}",
                    c.id,
                    s.run
                );
            }
            // Waiting fixes nothing.
            cluster.advance(60_000);
            let waited = c.check(&cluster, 0);
            assert_eq!(waited.present, broken, "{}: changed on its own", c.id);
            assert_eq!(waited.hints, 1, "{}", c.id);
            let steps = solve(&c, &mut cluster);
            assert_eq!(
                steps.len(),
                c.solution.len(),
                "{}: the solution's budget ran out",
                c.id
            );
            let verdict = c.check(&cluster, 1);
            let left: Vec<&str> = verdict
                .present
                .iter()
                .map(|&i| c.symptoms[i].run.as_str())
                .collect();
            assert!(
                verdict.solved(),
                "{}: still present after the solution: {left:?}",
                c.id
            );
            assert_eq!(verdict.hints, 1, "{}: a passing check earns no hint", c.id);
            cluster.advance(30_000);
            assert!(c.check(&cluster, 1).solved(), "{}: broke again", c.id);
        }
    }

    /// A fix that breaks a rule of the task, or treats the symptom elsewhere, does not pass.
    #[test]
    fn wrong_fixes_are_not_accepted() {
        let cases: &[(&str, &str, &[usize])] = &[
            // A numbered targetPort makes requests work but breaks the rule.
            (
                "named-port",
                r#"kubectl patch service api --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":8080}]'"#,
                &[1],
            ),
            // Moving api back to default "works" but is not the task.
            (
                "wrong-namespace",
                "kubectl create deployment api --image=registry.k8s.io/e2e-test-images/agnhost:2.53 -- /agnhost netexec --http-port=8080\nkubectl expose deployment api --port=8080\nkubectl rollout status deployment/api",
                &[2],
            ),
            // More replicas, pinned to the same node, give the others no local endpoint.
            ("local-policy", "kubectl scale deployment shop --replicas=3\nsleep 20s", &[0, 1]),
            // Deleting the other Deployment is not allowed.
            ("label-overlap", "kubectl delete deployment api\nsleep 40s", &[1]),
        ];
        for (id, fix, left) in cases {
            let c = all().into_iter().find(|c| c.id == *id).unwrap();
            let mut cluster = start(&c, DEFAULT_SEED);
            let files = |name: &str| c.file(name);
            script::run_on(&mut cluster, fix, &files, &mut Budget::default());
            assert_eq!(c.check(&cluster, 0).present, left.to_vec(), "{id}");
        }
    }

    #[test]
    fn a_check_leaves_the_cluster_alone_and_hints_come_one_at_a_time() {
        let c = all().into_iter().next().unwrap();
        let cluster = start(&c, DEFAULT_SEED);
        let (now, events) = (cluster.now_ms(), cluster.events().len());
        let mut shown = 0;
        for failed in 0..c.hints.len() + 3 {
            let v = c.check(&cluster, failed);
            assert!(!v.solved());
            assert_eq!(v.hints, (failed + 1).min(c.hints.len()));
            assert!(v.hints <= shown + 1, "more than one hint at once");
            shown = v.hints;
        }
        assert_eq!((cluster.now_ms(), cluster.events().len()), (now, events));
    }

    #[test]
    fn bad_challenges_say_what_is_wrong() {
        assert!(parse("title: {en: x}\n").unwrap_err().contains("needs an `id`"));
        assert!(parse("id: x\nsymptoms: []\n")
            .unwrap_err()
            .contains("needs `manifests`"));
        assert!(parse("id: x\nmanifests: ''\nsymptoms: []\n")
            .unwrap_err()
            .contains("needs `symptoms`"));
        assert!(parse("id: x\nmanifests: ''\nsymptoms: [{message: {en: a}}]\n")
            .unwrap_err()
            .contains("needs `run`"));
        assert!(
            parse("id: x\nmanifests: ''\nsymptoms: [{run: ls, repeat: 99, message: {en: a}}]\n")
                .unwrap_err()
                .contains("`repeat`")
        );
        assert!(parse("id: x\nmanifests: ''\nsymptoms: [{run: ls}]\n")
            .unwrap_err()
            .contains("needs a `message`"));
        assert!(parse("id: [\n").is_err());
    }
}
