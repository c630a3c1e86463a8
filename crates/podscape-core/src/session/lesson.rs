//! The learner's moves in the Lesson tab and what each does to the lesson's run.

use crate::cluster::Cluster;
use crate::lesson::Run;

/// What the learner does in the Lesson tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonIntent {
    /// Check the current step: what does not hold yet is listed.
    Check,
    /// The current step's next hint.
    Hint,
    /// Run the current step's solution in the terminal.
    ShowMe,
    /// Skip the current step (its solution runs, so later steps find the cluster they expect);
    /// the lesson is then marked skipped, not done.
    Skip,
    /// A prediction: step, choice.
    Predict(usize, usize),
    /// Whether Share links carry the course's progress.
    ShareProgress(bool),
}

/// What a lesson intent does to the run (an [`super::Engine`] calls it, so that it comes with the
/// lazily loaded code): Check records the goals that do not hold, Hint shows one more, Predict
/// records a choice, Show me and Skip give the step's solution to run (Skip also moves on).
pub fn lesson_act(
    run: &mut Run,
    intent: LessonIntent,
    cluster: &Cluster,
    history: &[String],
) -> Option<String> {
    let solution = run.current().map(|s| s.solution.join("\n"));
    match intent {
        LessonIntent::Check => {
            run.missing = run
                .current()
                .map(|step| crate::lesson::missing(step, cluster, history));
            None
        }
        LessonIntent::Hint => {
            run.hint();
            None
        }
        LessonIntent::Predict(step, choice) => {
            run.pick(step, choice);
            None
        }
        LessonIntent::ShowMe => solution,
        LessonIntent::Skip => {
            run.skip();
            solution
        }
        LessonIntent::ShareProgress(_) => None,
    }
}
