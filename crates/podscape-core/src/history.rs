//! The editor's undo history: whole-text snapshots, with typing coalesced into words the way
//! code editors group it. It is the app's own (the textarea's native undo cannot see the
//! programmatic edits: Tab indentation, "reset to scenario", a lesson's starting YAML, a
//! postMessage `load`), and it is pure so it is tested natively.
//!
//! One undo step is one of: a run of characters typed one after another (broken at a newline
//! or at the first character of a new word), a run of Backspace/Delete presses, any other edit
//! (paste, cut, a replaced selection), or a whole-text replacement.

/// Undo steps kept at most; the oldest are forgotten first.
pub const MAX_STEPS: usize = 200;
/// Bytes of snapshots kept at most (a pasted 1 MiB manifest must not pin 200 MiB).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Run {
    /// Typing; the byte offset just after the last inserted character.
    Typing(usize),
    /// Deleting; the byte offset of the deletion point.
    Deleting(usize),
}

#[derive(Clone, Debug, Default)]
pub struct EditHistory {
    undo: Vec<String>,
    redo: Vec<String>,
    run: Option<Run>,
    bytes: usize,
}

/// Where a restored text differs from the current one: the byte offset of the first
/// difference, for putting the caret back where the change was.
pub fn first_difference(a: &str, b: &str) -> usize {
    let mut at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(at) || !b.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl EditHistory {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Records that the learner changed `before` into `after` in the editor.
    pub fn edit(&mut self, before: &str, after: &str) {
        if before == after {
            return;
        }
        let run = classify(before, after);
        let continues = match (self.run, run) {
            (Some(Run::Typing(end)), Some((Run::Typing(new_end), inserted))) => {
                let start = new_end - inserted.len();
                let new_word = inserted.starts_with(|c: char| !c.is_whitespace())
                    && before[..start].ends_with(char::is_whitespace);
                start == end && !inserted.contains('\n') && !new_word
            }
            (Some(Run::Deleting(at)), Some((Run::Deleting(new_at), removed))) => {
                // Backspace moves the point left by what it removed; Delete keeps it.
                !removed.contains('\n') && (new_at + removed.len() == at || new_at == at)
            }
            _ => false,
        };
        if !continues {
            self.push_undo(before.to_string());
        }
        self.redo.clear();
        self.run = run.map(|(r, _)| r);
    }

    /// Records a whole-text replacement (reset, a lesson, a loaded file): always its own step.
    pub fn replace(&mut self, before: &str, after: &str) {
        if before != after {
            self.push_undo(before.to_string());
            self.redo.clear();
        }
        self.run = None;
    }

    /// The text before the last step, if any; `current` becomes redoable.
    pub fn undo(&mut self, current: &str) -> Option<String> {
        let previous = self.undo.pop()?;
        self.bytes -= previous.len();
        self.redo.push(current.to_string());
        self.run = None;
        Some(previous)
    }

    /// The text the last undo left, if any.
    pub fn redo(&mut self, current: &str) -> Option<String> {
        let next = self.redo.pop()?;
        self.push_undo(current.to_string());
        self.run = None;
        Some(next)
    }

    fn push_undo(&mut self, text: String) {
        self.bytes += text.len();
        self.undo.push(text);
        while self.undo.len() > MAX_STEPS || (self.bytes > MAX_BYTES && self.undo.len() > 1) {
            let dropped = self.undo.remove(0);
            self.bytes -= dropped.len();
        }
    }
}

/// A single insertion or deletion at one point, with the text inserted or removed; `None` for
/// anything else (a replaced selection, a paste over text).
fn classify<'a>(before: &'a str, after: &'a str) -> Option<(Run, &'a str)> {
    let prefix = first_difference(before, after);
    let max_suffix = before.len().min(after.len()) - prefix;
    let mut suffix = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    while !before.is_char_boundary(before.len() - suffix) || !after.is_char_boundary(after.len() - suffix) {
        suffix -= 1;
    }
    let removed = &before[prefix..before.len() - suffix];
    let inserted = &after[prefix..after.len() - suffix];
    match (removed.is_empty(), inserted.is_empty()) {
        (true, false) if inserted.chars().count() == 1 => {
            Some((Run::Typing(prefix + inserted.len()), inserted))
        }
        (false, true) if removed.chars().count() == 1 => Some((Run::Deleting(prefix), removed)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Types `text` one character at a time after `start`, recording each keystroke.
    fn type_text(h: &mut EditHistory, start: &str, text: &str) -> String {
        let mut now = start.to_string();
        for c in text.chars() {
            let next = format!("{now}{c}");
            h.edit(&now, &next);
            now = next;
        }
        now
    }

    #[test]
    fn typing_is_undone_a_word_at_a_time() {
        let mut h = EditHistory::default();
        let now = type_text(&mut h, "replicas:", " 3");
        assert_eq!(now, "replicas: 3");
        // " " continues nothing-typed-before (a new run), "3" starts a new word.
        assert_eq!(h.undo(&now).as_deref(), Some("replicas: "));
        assert_eq!(h.undo("replicas: ").as_deref(), Some("replicas:"));
        assert_eq!(h.undo("replicas:"), None);
    }

    #[test]
    fn a_newline_breaks_a_run() {
        let mut h = EditHistory::default();
        let now = type_text(&mut h, "", "ab\ncd");
        let mut seen = vec![];
        let mut cur = now;
        while let Some(prev) = h.undo(&cur) {
            seen.push(prev.clone());
            cur = prev;
        }
        assert_eq!(seen, ["ab\n", "ab", ""]);
    }

    #[test]
    fn backspaces_coalesce_and_redo_restores() {
        let mut h = EditHistory::default();
        let mut now = "replicas: 10".to_string();
        for _ in 0..2 {
            let next = now[..now.len() - 1].to_string();
            h.edit(&now, &next);
            now = next;
        }
        assert_eq!(now, "replicas: ");
        let undone = h.undo(&now).unwrap();
        assert_eq!(undone, "replicas: 10");
        assert!(h.can_redo());
        assert_eq!(h.redo(&undone).as_deref(), Some("replicas: "));
        assert!(!h.can_redo());
    }

    #[test]
    fn a_replacement_is_one_step_and_a_new_edit_clears_redo() {
        let mut h = EditHistory::default();
        h.replace("mine", "scenario");
        h.edit("scenario", "scenario!");
        assert_eq!(h.undo("scenario!").as_deref(), Some("scenario"));
        h.edit("scenario", "scenariox");
        assert!(!h.can_redo());
        assert_eq!(h.undo("scenariox").as_deref(), Some("scenario"));
        assert_eq!(h.undo("scenario").as_deref(), Some("mine"));
    }

    #[test]
    fn multibyte_text_never_splits_a_character() {
        let mut h = EditHistory::default();
        let now = type_text(&mut h, "имя: ", "веб");
        assert_eq!(h.undo(&now).as_deref(), Some("имя: "));
        assert_eq!(first_difference("имя", "имб"), "им".len());
    }

    #[test]
    fn memory_is_bounded() {
        let mut h = EditHistory::default();
        let mut now = String::new();
        for i in 0..(MAX_STEPS + 50) {
            let next = format!("{now}\n{i}");
            h.replace(&now, &next);
            now = next;
        }
        let mut steps = 0;
        while let Some(prev) = h.undo(&now) {
            now = prev;
            steps += 1;
        }
        assert_eq!(steps, MAX_STEPS);
    }

    proptest! {
        /// Any sequence of edits, undone all the way, walks back through distinct recorded
        /// states to the first text; redoing them all returns to the last.
        #[test]
        fn undo_then_redo_round_trips(start in "[a-z: \n]{0,20}", edits in prop::collection::vec((0usize..40, 0usize..3, "[a-zж \n]{0,3}"), 0..40)) {
            let mut h = EditHistory::default();
            let mut now = start.clone();
            for (at, remove, insert) in edits {
                let chars: Vec<char> = now.chars().collect();
                let at = at.min(chars.len());
                let end = (at + remove).min(chars.len());
                let next: String = chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[end..].iter()).collect();
                h.edit(&now, &next);
                now = next;
            }
            let last = now.clone();
            while let Some(prev) = h.undo(&now) {
                prop_assert_ne!(&prev, &now);
                now = prev;
            }
            prop_assert_eq!(&now, &start);
            while let Some(next) = h.redo(&now) {
                now = next;
            }
            prop_assert_eq!(now, last);
        }
    }
}
