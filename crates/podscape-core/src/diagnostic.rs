//! Diagnostics: what is wrong with the learner's input, where it is, and how to fix it.

use serde::Serialize;

/// How bad a diagnostic is. Errors make `kubectl apply` fail; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about the input, anchored to a 1-based line and column of the text.
///
/// `path` uses Kubernetes' field-path notation (`spec.template.spec.containers[0].image`) and is
/// empty for YAML syntax errors, which happen before there is any object to point into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub path: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// For a warning across objects (a selector that matches no pod template, a named
    /// targetPort no container declares): the Service whose traffic it breaks, as
    /// `(namespace, name)`, so the editor can show that Service's Why? chain next to it.
    #[serde(skip)]
    pub service: Option<(String, String)>,
}

impl Diagnostic {
    pub fn error(line: usize, column: usize, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            line,
            column,
            path: path.into(),
            message: message.into(),
            hint: None,
            service: None,
        }
    }

    pub fn warning(line: usize, column: usize, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(line, column, path, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn for_service(mut self, namespace: &str, name: &str) -> Self {
        self.service = Some((namespace.to_string(), name.to_string()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Diagnostic {
    /// `3:11: error: spec.replicas: Invalid value: -1: …` — the shape compilers and linters print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}: {severity}: ", self.line, self.column)?;
        // Field errors already start with their path (`spec.replicas: Invalid value: ...`), as
        // kubectl prints them; decoding errors do not, so the path is put in front.
        if !self.path.is_empty() && !self.message.starts_with(&self.path) {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}
