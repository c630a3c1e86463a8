//! English and Russian for every string the app shows. Kubernetes' own messages (API errors,
//! kubectl output) stay as Kubernetes prints them; only Podscape's words are translated.

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Ru,
}

impl Lang {
    /// `?lang=ru`, then a stored choice, then the browser's languages; English otherwise.
    pub fn detect(query: Option<&str>, stored: Option<&str>, navigator: &[String]) -> Lang {
        let parse = |s: &str| match s.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("ru") => Some(Lang::Ru),
            Some("en") => Some(Lang::En),
            _ => None,
        };
        query
            .and_then(parse)
            .or_else(|| stored.and_then(parse))
            .or_else(|| navigator.iter().find_map(|l| parse(l)))
            .unwrap_or(Lang::En)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ru,
            Lang::Ru => Lang::En,
        }
    }
}

/// Every translatable string, by meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum T {
    Tagline,
    Play,
    Pause,
    Step,
    Speed,
    Time,
    Manifests,
    Valid,
    Errors,
    Apply,
    ApplyTitle,
    Reset,
    ResetTitle,
    Terminal,
    Objects,
    Events,
    Cluster,
    Frontend,
    CallsTheService,
    WaitingForNode,
    NoEndpoints,
    Requests,
    Refused,
    RequestRate,
    PerSecond,
    ThemeLight,
    ThemeDark,
    Language,
    TerminalHint,
    EditorLabel,
    Hint,
    NoSchedule,
    Legend,
    Pending,
    Creating,
    NotReady,
    Ready,
    Terminating,
    DeletePod,
    BreakReadiness,
    FixReadiness,
    Close,
    Labels,
    Node,
    Address,
    PodHint,
}

pub fn t(lang: Lang, key: T) -> &'static str {
    use T::*;
    match lang {
        Lang::En => match key {
            Tagline => "Services & Deployments, seen from inside",
            Play => "Play",
            Pause => "Pause",
            Step => "Step 1 s",
            Speed => "Speed",
            Time => "Virtual time",
            Manifests => "Manifests",
            Valid => "valid",
            Errors => "errors",
            Apply => "Apply",
            ApplyTitle => "kubectl apply -f (Ctrl+Enter)",
            Reset => "Reset",
            ResetTitle => "Restore the scenario's YAML",
            Terminal => "Terminal",
            Objects => "Objects",
            Events => "Events",
            Cluster => "Cluster",
            Frontend => "frontend",
            CallsTheService => "calls the Service by name",
            WaitingForNode => "waiting for a node",
            NoEndpoints => "no endpoints: connections are refused",
            Requests => "requests",
            Refused => "refused",
            RequestRate => "Traffic",
            PerSecond => "req/s",
            ThemeLight => "Light theme",
            ThemeDark => "Dark theme",
            Language => "Русский",
            TerminalHint => "kubectl get pods · Tab completes · ↑/↓ history",
            EditorLabel => "Kubernetes manifests (YAML)",
            Hint => "hint",
            NoSchedule => "control-plane: NoSchedule",
            Legend => "Legend",
            Pending => "Pending",
            Creating => "Creating",
            NotReady => "Not ready",
            Ready => "Ready",
            Terminating => "Terminating",
            DeletePod => "Delete pod",
            BreakReadiness => "Fail readiness",
            FixReadiness => "Fix readiness",
            Close => "Close",
            Labels => "Labels",
            Node => "Node",
            Address => "Pod IP",
            PodHint => "Delete it and watch the ReplicaSet replace it; fail its readiness and watch it leave the endpoints.",
        },
        Lang::Ru => match key {
            Tagline => "Services и Deployments изнутри",
            Play => "Пуск",
            Pause => "Пауза",
            Step => "Шаг 1 с",
            Speed => "Скорость",
            Time => "Виртуальное время",
            Manifests => "Манифесты",
            Valid => "без ошибок",
            Errors => "ошибок",
            Apply => "Применить",
            ApplyTitle => "kubectl apply -f (Ctrl+Enter)",
            Reset => "Сброс",
            ResetTitle => "Вернуть YAML сценария",
            Terminal => "Терминал",
            Objects => "Объекты",
            Events => "События",
            Cluster => "Кластер",
            Frontend => "frontend",
            CallsTheService => "обращается к Service по имени",
            WaitingForNode => "ждут узел",
            NoEndpoints => "нет endpoints: соединения отклоняются",
            Requests => "запросов",
            Refused => "отклонено",
            RequestRate => "Трафик",
            PerSecond => "запр/с",
            ThemeLight => "Светлая тема",
            ThemeDark => "Тёмная тема",
            Language => "English",
            TerminalHint => "kubectl get pods · Tab дополняет · ↑/↓ история",
            EditorLabel => "Манифесты Kubernetes (YAML)",
            Hint => "подсказка",
            NoSchedule => "control-plane: NoSchedule",
            Legend => "Обозначения",
            Pending => "Pending",
            Creating => "Создаётся",
            NotReady => "Не готов",
            Ready => "Готов",
            Terminating => "Завершается",
            DeletePod => "Удалить под",
            BreakReadiness => "Сломать readiness",
            FixReadiness => "Починить readiness",
            Close => "Закрыть",
            Labels => "Метки",
            Node => "Узел",
            Address => "IP пода",
            PodHint => "Удалите его — ReplicaSet создаст замену; сломайте readiness — под уйдёт из endpoints.",
        },
    }
}
