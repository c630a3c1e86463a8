//! Russian for the manifests engine's hints. Kubernetes' own messages stay as the API server
//! prints them; the hints are Podscape's words and are translated. Unknown hints fall back to
//! English, and a test checks that every hint the corpus produces has a translation.

/// Fixed hints, English → Russian.
const EXACT: &[(&str, &str)] = &[
    ("this field takes a list: start each item with `- `", "это поле — список: начинайте каждый элемент с `- `"),
    ("check the indentation and the `key: value` shape of the line above the marker", "проверьте отступы и вид `ключ: значение` в строке над отметкой"),
    ("YAML reads this as a number or boolean: quote it to make it a string", "YAML читает это как число или логическое значение: возьмите в кавычки, чтобы получилась строка"),
    ("two controllers selecting the same pods fight over them: add a distinguishing label", "два контроллера, выбирающие одни и те же поды, борются за них: добавьте отличающую метку"),
    ("a Service with several ports must name each one (`name: http`)", "у Service с несколькими портами каждый порт должен иметь имя (`name: http`)"),
    ("Podscape simulates Deployments, Services, Pods, ConfigMaps, Secrets and Ingresses, and validates ReplicaSets and Namespaces; this object is only checked for its kind", "Podscape моделирует Deployment, Service, Pod, ConfigMap, Secret и Ingress и проверяет ReplicaSet и Namespace; у этого объекта проверяется только kind"),
    ("HTTP is not a transport protocol: use TCP (and `appProtocol: http` if you like)", "HTTP — не транспортный протокол: укажите TCP (и, если хотите, `appProtocol: http`)"),
    ("write a quantity like `250m`, `0.5`, `128Mi` or `1Gi`", "запишите количество в виде `250m`, `0.5`, `128Mi` или `1Gi`"),
    ("with both 0 a rollout could never replace a pod; allow a surge or an unavailable pod", "если оба равны 0, обновление не сможет заменить ни одного пода: разрешите surge или один недоступный под"),
    ("two entries expose the same port and protocol", "две записи открывают один и тот же порт и протокол"),
    ("the strategy `type` is Recreate or RollingUpdate", "`type` стратегии — Recreate или RollingUpdate"),
    ("the input is refused whole to keep the page responsive; remove the repetition", "текст отклонён целиком, чтобы страница не зависла: уберите повторы"),
    ("aliases here expand past Podscape's limit of 8 MiB of copied text (an alias bomb?); write the repeated parts out", "ссылки (aliases) здесь разворачиваются больше чем в 8 МиБ текста — предел Podscape (alias-бомба?): выпишите повторяющиеся части явно"),
    ("kubectl refuses a document whose aliases expand to far more nodes than it holds; write the repeated parts out", "kubectl отклоняет документ, в котором ссылки (aliases) разворачиваются в намного больше узлов, чем в нём записано: выпишите повторяющиеся части явно"),
    ("set `type: NodePort` to expose the port on every node", "укажите `type: NodePort`, чтобы открыть порт на каждом узле"),
    ("remove the quotes: this field takes a number", "уберите кавычки: это поле — число"),
    ("remove `rollingUpdate`, or use `type: RollingUpdate`", "уберите `rollingUpdate` или укажите `type: RollingUpdate`"),
    ("pick a nodePort between 30000 and 32767, or leave it out to get one assigned", "выберите nodePort от 30000 до 32767 или не указывайте его — кластер назначит сам"),
    ("operators are In, NotIn, Exists and DoesNotExist (case matters)", "операторы — In, NotIn, Exists и DoesNotExist (регистр важен)"),
    ("name the containerPort (`ports: [{name: ..., containerPort: ...}]`) or use the port number", "дайте containerPort имя (`ports: [{name: ..., containerPort: ...}]`) или укажите номер порта"),
    ("leave `clusterIP` out and the cluster picks a free address", "не указывайте `clusterIP` — кластер выберет свободный адрес"),
    ("externalTrafficPolicy applies to NodePort and LoadBalancer Services", "externalTrafficPolicy действует только для Service типа NodePort и LoadBalancer"),
    ("every volumeMount needs a volume of the same name under the pod's `volumes:`", "каждому volumeMount нужен том с тем же именем в `volumes:` пода"),
    ("every document needs `apiVersion` and `kind`, e.g. `kind: Deployment`", "каждому документу нужны `apiVersion` и `kind`, например `kind: Deployment`"),
    ("apps/v1 needs `selector: {matchLabels: ...}` equal to (a subset of) the template's labels", "apps/v1 требует `selector: {matchLabels: ...}`, совпадающий с метками шаблона (или их частью)"),
    ("an ExternalName Service is a DNS alias: add `externalName: db.example.com`", "Service типа ExternalName — это DNS-псевдоним: добавьте `externalName: db.example.com`"),
    ("add one of `httpGet`, `tcpSocket`, `exec` or `grpc`", "добавьте одно из: `httpGet`, `tcpSocket`, `exec` или `grpc`"),
    ("add a source such as `emptyDir: {}` or `configMap: {name: ...}`", "добавьте источник, например `emptyDir: {}` или `configMap: {name: ...}`"),
    ("add `ports: [{port: 80, targetPort: 8080}]` (a headless Service may omit them)", "добавьте `ports: [{port: 80, targetPort: 8080}]` (headless Service может обойтись без них)"),
    ("add `pathType: Prefix` (or Exact)", "добавьте `pathType: Prefix` (или Exact)"),
    ("add `metadata:` with `name: my-app`", "добавьте `metadata:` с `name: my-app`"),
    ("add `image: nginx:1.27` (any image reference)", "добавьте `image: nginx:1.27` (любую ссылку на образ)"),
    ("add `apiVersion: apps/v1`", "добавьте `apiVersion: apps/v1`"),
    ("a quoted number is a port *name*: write 8080 without quotes", "число в кавычках — это *имя* порта: пишите 8080 без кавычек"),
    ("a pod needs at least one container with a `name` and an `image`", "поду нужен хотя бы один контейнер с `name` и `image`"),
    ("a manifest is a mapping that starts with `apiVersion:` and `kind:`", "манифест — это словарь, который начинается с `apiVersion:` и `kind:`"),
    ("a key may appear only once in a mapping; the last one would win", "ключ может встречаться в словаре только один раз; иначе победит последний"),
    ("a Service name must start with a letter (it becomes a DNS label)", "имя Service должно начинаться с буквы (оно становится DNS-меткой)"),
    ("a Deployment's pods always restart: remove `restartPolicy` or set it to Always", "поды Deployment всегда перезапускаются: уберите `restartPolicy` или укажите Always"),
    ("split the manifests into smaller files", "разделите манифесты на файлы поменьше"),
    ("leave `nodePort` out and the cluster picks a free port in 30000-32767", "не указывайте `nodePort` — кластер выберет свободный порт в 30000-32767"),
];

/// The hint in Russian; English when no translation is known.
pub fn hint_ru(hint: &str) -> String {
    if let Some((_, ru)) = EXACT.iter().find(|(en, _)| *en == hint) {
        return ru.to_string();
    }
    // Hints with values in them.
    if let Some(rest) = hint.strip_prefix("did you mean ") {
        let (what, case) = match rest.strip_suffix(" (case matters)") {
            Some(w) => (w, " (регистр важен)"),
            None => (rest, ""),
        };
        return format!("возможно, имелось в виду {what}{case}");
    }
    if let Some(version) = hint.strip_prefix("use ").filter(|v| !v.contains(' ')) {
        return format!("используйте {version}");
    }
    if let Some(rest) = hint.strip_prefix("selector matchLabels ") {
        if let Some((selector, labels)) = rest.split_once(" vs template labels ") {
            let labels = labels.trim_end_matches(": every selector label must appear in the template");
            return format!("matchLabels селектора {selector}, метки шаблона {labels}: каждая метка селектора должна быть в шаблоне");
        }
    }
    if let Some(rest) = hint.strip_prefix("pod templates here carry: ") {
        return format!("метки шаблонов подов здесь: {rest}");
    }
    if let Some(rest) = hint.strip_prefix("write ") {
        if let Some((n, _)) = rest.split_once(" without quotes for a count, or ") {
            return format!("пишите {n} без кавычек для числа или \"{n}%\"");
        }
    }
    if let Some(value) = hint.strip_prefix("protocols are upper case: ") {
        return format!("протокол пишется заглавными буквами: {value}");
    }
    if let Some(value) = hint.strip_prefix("Service names are lower case: ") {
        return format!("имена Service пишутся строчными буквами: {value}");
    }
    if let Some((field, rest)) = hint.split_once(" is a field of ") {
        if let Some((of, not)) = rest.split_once(", not of ") {
            let not = not.trim_end_matches(": check the indentation");
            return format!("{field} — поле {of}, а не {not}: проверьте отступы");
        }
    }
    hint.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every hint the manifests corpus produces has a Russian translation.
    #[test]
    fn every_corpus_hint_is_translated() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/manifests");
        let mut missing = Vec::new();
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "expected") {
                for line in std::fs::read_to_string(&path).unwrap().lines() {
                    if let Some(hint) = line.strip_prefix("  hint: ") {
                        seen += 1;
                        if hint_ru(hint) == hint {
                            missing.push(hint.to_string());
                        }
                    }
                }
            }
        }
        assert!(seen > 50, "the corpus has hints: {seen}");
        assert!(missing.is_empty(), "untranslated hints: {missing:#?}");
    }

    #[test]
    fn values_survive_translation() {
        assert_eq!(
            hint_ru("did you mean \"replicas\"?"),
            "возможно, имелось в виду \"replicas\"?"
        );
        assert_eq!(
            hint_ru("did you mean \"NodePort\"? (case matters)"),
            "возможно, имелось в виду \"NodePort\"? (регистр важен)"
        );
        assert_eq!(hint_ru("use apps/v1"), "используйте apps/v1");
        assert_eq!(hint_ru("something new"), "something new");
    }
}
