//! The parse benchmark in a real browser (wasm in headless Chromium): a ~1,000-line manifest
//! stream parsed, defaulted and validated. It reports the median time (a figure, not a gate) and
//! checks that the parse itself is right.

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn parse_a_thousand_lines_in_wasm() {
    let mut text = String::new();
    let mut documents = 0;
    while text.lines().count() < 1_000 {
        text.push_str("---\n");
        let name = format!("image-processor-{documents}");
        text.push_str(&podscape_core::scenario::backend_yaml().replace("image-processor", &name));
        documents += 1;
    }
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .expect("performance");
    // Warm up first: V8 compiles wasm with its baseline compiler and tiers hot functions up later.
    for _ in 0..10 {
        std::hint::black_box(podscape_core::manifest::parse(&text));
    }
    let mut times = Vec::new();
    for _ in 0..100 {
        let started = performance.now();
        let parsed = podscape_core::manifest::parse(&text);
        times.push(performance.now() - started);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics.first());
        assert_eq!(parsed.objects.len(), documents * 2);
    }
    times.sort_by(f64::total_cmp);
    console_log!(
        "bench: manifest::parse of {} lines in wasm ({} build): median {:.2} ms, fastest {:.2} ms",
        text.lines().count(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        times[times.len() / 2],
        times[0]
    );
}

#[path = "../../../tests/hostile/link_case.rs"]
mod link_case;

mod hostile {
    include!(concat!(env!("OUT_DIR"), "/hostile.rs"));
}

/// The hostile corpus's browser paths in wasm: each manifest parsed as the editor parses it, each
/// link or stored state decoded and parsed as the app opens it. Reports each case's median time
/// and the wasm memory after it (it only grows, so it bounds the peak so far): figures, not gates.
#[wasm_bindgen_test]
fn hostile_cases_in_wasm() {
    use podscape_core::share;
    use wasm_bindgen::JsCast;
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .expect("performance");
    let memory = || {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .expect("the module's memory")
            .buffer()
            .dyn_into::<js_sys::ArrayBuffer>()
            .expect("an ArrayBuffer")
            .byte_length() as f64
            / 1_048_576.0
    };
    for (name, text) in hostile::HOSTILE.iter().filter(|(n, _)| !n.ends_with(".message")) {
        let run = || {
            if name.ends_with(".yaml") {
                let parsed = podscape_core::manifest::parse(text);
                return parsed.diagnostics.len();
            }
            let (limits, _, fragment) = link_case::read(text);
            match share::decode(&fragment, limits) {
                Ok(state) => state
                    .yaml
                    .map_or(0, |y| podscape_core::manifest::parse(&y).diagnostics.len()),
                Err(_) => 1,
            }
        };
        let mut times = Vec::new();
        for _ in 0..3 {
            let started = performance.now();
            std::hint::black_box(run());
            times.push(performance.now() - started);
        }
        times.sort_by(f64::total_cmp);
        console_log!(
            "bench: hostile {name} in wasm: median {:.2} ms, memory {:.1} MiB",
            times[1],
            memory()
        );
    }
}

/// Opening a "Why?" chain: the diagnosis of one Service with the editor's text parsed for line
/// numbers (what the badge computes when pressed), in wasm. A frame is 16.7 ms.
#[wasm_bindgen_test]
fn a_why_chain_in_wasm() {
    use podscape_core::why::{self, Target};
    let text = podscape_core::scenario::backend_yaml().replacen(
        "  selector:\n    app: image-processor\n  ports:",
        "  selector:\n    app: image-processer\n  ports:",
        1,
    );
    let mut cluster = podscape_core::Cluster::new(1);
    assert!(cluster.apply(&text).applied());
    cluster.advance(30_000);
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .expect("performance");
    let target = Target::Service("image-processor".into());
    for _ in 0..10 {
        std::hint::black_box(why::diagnose(&cluster, &target, "default", Some(&text)));
    }
    let mut times = Vec::new();
    for _ in 0..100 {
        let started = performance.now();
        let d = why::diagnose(&cluster, &target, "default", Some(&text));
        times.push(performance.now() - started);
        assert_eq!(d.codes(), ["no-matching-pods", "selector-mismatch"]);
    }
    times.sort_by(f64::total_cmp);
    console_log!(
        "bench: a Why? chain with line numbers in wasm ({} build): median {:.3} ms, fastest {:.3} ms",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        times[50],
        times[0]
    );
}
