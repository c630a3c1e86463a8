//! Any JSONPath template, parsed and run against a pod list as `kubectl get -o jsonpath=`
//! runs it: the parser and the evaluator never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(template) = std::str::from_utf8(data) else { return };
    let object = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": [
        {"metadata": {"name": "web-1", "labels": {"app": "web"}},
         "spec": {"containers": [{"name": "c", "image": "nginx", "ports": [{"containerPort": 80}]}]},
         "status": {"phase": "Running", "restartCount": 2}},
        {"metadata": {"name": "web-2"}, "status": {"phase": "Pending", "ok": true, "n": null}}
    ]});
    if let Ok(path) = podscape_core::kubectl::JsonPath::parse(template) {
        let _ = path.execute(&object, true);
        let _ = path.execute(&object, false);
    }
});
