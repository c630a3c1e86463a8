use super::*;
use proptest::prelude::*;

fn full() -> Shared {
    Shared {
        yaml: Some(crate::scenario::SCENARIOS[0].yaml.to_string()),
        script: Some("kubectl get pods\nsleep 5s\n".into()),
        start: Some(StartFrom::Scenario("rolling-update".into())),
        lang: Some(Lang::Ru),
        theme: Some(Theme::Light),
        motion: Some(Motion::Reduced),
        speed_tenths: Some(25),
        seed: Some(7),
        proxy: Some(ProxyMode::Ipvs),
        view: Some(View {
            stage: true,
            editor: false,
            terminal: true,
        }),
        autoplay: true,
        course: Default::default(),
        rewind: Some("a 16 17 17\nk kubectl get pods\n".into()),
        at_ms: Some(61_500),
    }
}

#[test]
fn settings_are_readable_and_in_order() {
    let fragment = encode(&full(), LINK).unwrap();
    let settings = fragment.split("&yaml=").next().unwrap();
    assert_eq!(
        settings,
        "v1&scenario=rolling-update&lang=ru&theme=light&motion=reduced&speed=2.5&seed=7&proxy=ipvs&view=stage,terminal&autoplay&at=61500"
    );
    assert_eq!(decode(&fragment, LINK), Ok(full()));
    assert_eq!(decode(&format!("#{fragment}"), LINK), Ok(full()));
    assert_eq!(encode(&Shared::default(), LINK).unwrap(), "v1");
}

#[test]
fn manifests_are_compressed() {
    let yaml = crate::scenario::SCENARIOS[0].yaml;
    let fragment = encode(
        &Shared {
            yaml: Some(yaml.into()),
            ..Shared::default()
        },
        LINK,
    )
    .unwrap();
    // 6 bits a character, and lz-string: the scenario takes well under its own length.
    assert!(
        fragment.len() * 10 < yaml.len() * 8,
        "{} vs {}",
        fragment.len(),
        yaml.len()
    );
    assert!(fragment
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"&=+$-".contains(&b)));
}

#[test]
fn the_first_links_still_open() {
    let state = decode(
        "#yaml=kind%3A%20Service%0Ametadata%3A%20%7Bname%3A%20%D0%B2%7D",
        LINK,
    )
    .unwrap();
    assert_eq!(state.yaml.as_deref(), Some("kind: Service\nmetadata: {name: в}"));
    assert_eq!(state.start, None);
    assert_eq!(decode("yaml=%ZZ", LINK), Err(ShareError::Malformed("yaml")));
    assert_eq!(decode("yaml=%E2%82", LINK), Err(ShareError::Malformed("yaml")));
    assert_eq!(decode("yaml=%4", LINK), Err(ShareError::Malformed("yaml")));
}

#[test]
fn a_state_too_large_for_a_link_is_refused_not_truncated() {
    // Text that does not compress: every line different.
    let yaml: String = (0..3000u64)
        .map(|i| format!("# {:x}\n", i.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        .collect();
    let state = Shared {
        yaml: Some(yaml.clone()),
        ..Shared::default()
    };
    match encode(&state, LINK) {
        Err(ShareError::TooLarge { bytes, limit }) => {
            assert_eq!(limit, MAX_FRAGMENT_BYTES);
            assert!(bytes > limit);
        }
        other => panic!("{other:?}"),
    }
    // Storage has room for it, and reads it back.
    let stored = encode(&state, STORAGE).unwrap();
    assert_eq!(decode(&stored, STORAGE).unwrap().yaml, Some(yaml));
    // A link longer than the limit is refused before anything is inflated.
    assert!(matches!(decode(&stored, LINK), Err(ShareError::TooLarge { .. })));
}

#[test]
fn decompression_bombs_stop_at_the_text_limit() {
    let bomb = "a".repeat(MAX_TEXT_BYTES + 1);
    let fragment = format!("v1&yaml={}", pack(&bomb));
    assert!(fragment.len() < MAX_FRAGMENT_BYTES);
    assert!(matches!(
        decode(&fragment, LINK),
        Err(ShareError::TooLarge { .. })
    ));
    let fine = "a".repeat(MAX_TEXT_BYTES);
    assert_eq!(
        decode(&format!("v1&yaml={}", pack(&fine)), LINK).unwrap().yaml,
        Some(fine)
    );
}

#[test]
fn hostile_and_malformed_fragments_are_rejected() {
    let script = pack("kubectl get pods");
    for (fragment, error) in [
        ("", ShareError::Malformed("version")),
        ("v1x", ShareError::Malformed("version")),
        ("<script>alert(1)</script>", ShareError::Malformed("version")),
        ("v2&lang=ru", ShareError::UnknownVersion),
        ("v10", ShareError::UnknownVersion),
        ("v1&lang=de", ShareError::Malformed("lang")),
        ("v1&lang=ru&lang=en", ShareError::Malformed("lang")),
        ("v1&lang", ShareError::Malformed("lang")),
        ("v1&autoplay=1", ShareError::Malformed("autoplay")),
        ("v1&onload=alert(1)", ShareError::Malformed("key")),
        (
            "v1&scenario=<img src=x onerror=alert(1)>",
            ShareError::Malformed("scenario"),
        ),
        ("v1&scenario=%3Cscript%3E", ShareError::Malformed("scenario")),
        ("v1&scenario=Default", ShareError::Malformed("scenario")),
        (
            "v1&scenario=default&lesson=scale",
            ShareError::Malformed("lesson"),
        ),
        ("v1&speed=0", ShareError::Malformed("speed")),
        ("v1&speed=11", ShareError::Malformed("speed")),
        ("v1&speed=1.25", ShareError::Malformed("speed")),
        ("v1&speed=-1", ShareError::Malformed("speed")),
        ("v1&seed=+7", ShareError::Malformed("seed")),
        ("v1&seed=18446744073709551616", ShareError::Malformed("seed")),
        ("v1&seed=07", ShareError::Malformed("seed")),
        ("v1&view=stage,<b>", ShareError::Malformed("view")),
        ("v1&proxy=userspace", ShareError::Malformed("proxy")),
        ("v1&motion=none", ShareError::Malformed("motion")),
        ("v1&motion", ShareError::Malformed("motion")),
        ("v1&motion=full&motion=reduced", ShareError::Malformed("motion")),
        ("v1&yaml=not.lz", ShareError::Malformed("yaml")),
        ("v1&yaml=<script>alert(1)</script>", ShareError::Malformed("yaml")),
        ("v1&yaml=%3Cscript%3E", ShareError::Malformed("yaml")),
        // A code that points past the dictionary.
        ("v1&yaml=IwJg$", ShareError::Malformed("yaml")),
        ("v1&yaml=", ShareError::Malformed("yaml")),
    ] {
        assert_eq!(decode(fragment, LINK), Err(error), "{fragment}");
    }
    assert_eq!(
        decode(&format!("v1&script={script}&script={script}"), LINK),
        Err(ShareError::Malformed("script"))
    );
    let oversized = format!("v1&yaml={}", "A".repeat(MAX_FRAGMENT_BYTES));
    assert!(matches!(
        decode(&oversized, LINK),
        Err(ShareError::TooLarge { .. })
    ));
    let legacy = format!("yaml={}", "%41".repeat(40_000));
    assert!(matches!(decode(&legacy, LINK), Err(ShareError::TooLarge { .. })));
}

#[test]
fn html_in_a_text_is_only_text() {
    let state = Shared {
        yaml: Some("# <script>alert(1)</script>\nkind: Service\n".into()),
        ..Shared::default()
    };
    let fragment = encode(&state, LINK).unwrap();
    assert!(!fragment.contains('<'));
    assert_eq!(decode(&fragment, LINK), Ok(state));
}

#[test]
fn speeds_and_views_read_as_written() {
    assert_eq!(parse_tenths("0.5"), Some(5));
    assert_eq!(parse_tenths("10"), Some(100));
    assert_eq!(parse_tenths("10.1"), None);
    assert_eq!(parse_tenths(".5"), None);
    assert_eq!(parse_tenths("1."), None);
    assert_eq!(
        parse_view("stage,inspector"),
        Some(View {
            stage: true,
            editor: false,
            terminal: true
        })
    );
    assert_eq!(parse_view("stage,,editor"), None);
}

fn arb_id() -> impl Strategy<Value = String> {
    "[a-z0-9-]{1,64}"
}

prop_compose! {
    fn arb_state()(
        yaml in proptest::option::of(any::<String>()),
        script in proptest::option::of("(kubectl [ -~]{0,40}\n|sleep [0-9]{1,3}s\n|# [^\n]{0,30}\n){0,20}"),
        start in proptest::option::of(prop_oneof![
            arb_id().prop_map(StartFrom::Scenario),
            arb_id().prop_map(StartFrom::Lesson),
        ]),
        lang in proptest::option::of(prop_oneof![Just(Lang::En), Just(Lang::Ru)]),
        theme in proptest::option::of(prop_oneof![Just(Theme::Dark), Just(Theme::Light)]),
        motion in proptest::option::of(prop_oneof![Just(Motion::Reduced), Just(Motion::Full)]),
        speed_tenths in proptest::option::of(1u16..=100),
        seed in proptest::option::of(any::<u64>()),
        proxy in proptest::option::of(prop_oneof![
            Just(ProxyMode::Iptables), Just(ProxyMode::Ipvs), Just(ProxyMode::Nftables)
        ]),
        view in proptest::option::of((any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(stage, editor, terminal)| View { stage, editor, terminal })),
        autoplay in any::<bool>(),
        rewind in proptest::option::of("(a( [0-9]{1,4}){1,5}\n|k kubectl [ -~]{0,30}\n){0,10}"),
        at_ms in proptest::option::of(any::<u64>()),
    ) -> Shared {
        Shared { yaml, script, start, lang, theme, motion, speed_tenths, seed, proxy, view, autoplay, rewind, at_ms, course: Default::default() }
    }
}

proptest! {
    /// Any state → fragment → the same state (or, if it does not fit, a refusal that says by
    /// how much).
    #[test]
    fn any_state_round_trips(state in arb_state()) {
        match encode(&state, LINK) {
            Ok(fragment) => {
                prop_assert!(fragment.len() <= MAX_FRAGMENT_BYTES);
                prop_assert_eq!(decode(&fragment, LINK), Ok(state));
            }
            Err(ShareError::TooLarge { bytes, limit }) => prop_assert!(bytes > limit),
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }

    /// Decoding never panics, whatever the string: arbitrary text, and text that gets past the
    /// version and the key checks.
    #[test]
    fn decoding_anything_never_panics(
        text in any::<String>(),
        key in prop_oneof![Just("yaml"), Just("script"), Just("speed"), Just("seed"), Just("view"), Just("lesson")],
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let _ = decode(&text, LINK);
        let _ = decode(&format!("v1&{key}={text}"), LINK);
        let _ = decode(&format!("yaml={text}"), LINK);
        let lz: String = bytes.iter().map(|b| LZ_KEY[usize::from(b % 65)] as char).collect();
        let _ = decode(&format!("v1&{key}={lz}"), LINK);
    }

    /// The bounded decoder reads what lz-str writes, and agrees with lz-str's own decoder on
    /// arbitrary input in the alphabet.
    #[test]
    fn the_decoder_is_lz_string(text in any::<String>(), bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let packed = pack(&text);
        prop_assert_eq!(lz_decode(&packed, usize::MAX).ok(), Some(text.encode_utf16().collect::<Vec<_>>()));
        let noise: String = bytes.iter().map(|b| LZ_KEY[usize::from(b % 65)] as char).collect();
        let ours = lz_decode(&noise, 1 << 20).ok();
        let theirs = lz_str::decompress_from_encoded_uri_component(&noise).filter(|_| !noise.is_empty());
        prop_assert_eq!(ours, theirs, "{}", noise);
    }
}

#[test]
fn the_course_progress_travels_and_hostile_lists_are_refused() {
    use crate::lesson::{Course, Mark, MAX_COURSE};
    let mut course = Course::default();
    course.set("why-services", Mark::Done);
    course.set("dns", Mark::Skipped);
    let state = Shared {
        course: course.clone(),
        ..Shared::default()
    };
    let text = encode(&state, LINK).unwrap();
    assert_eq!(text, "v1&done=why-services&skipped=dns");
    assert_eq!(decode(&text, LINK).unwrap().course, course);
    // Done is never downgraded by a later skip.
    let both = decode("v1&done=dns&skipped=dns", LINK).unwrap();
    assert_eq!(both.course.mark("dns"), Some(Mark::Done));
    for bad in [
        "v1&done=",
        "v1&done=a..b",
        "v1&done=Bad",
        "v1&done=a&done=b",
        "v1&skipped=a/b",
        "v1&done",
    ] {
        assert!(decode(bad, LINK).is_err(), "{bad}");
    }
    let many = (0..=MAX_COURSE)
        .map(|i| format!("l{i}"))
        .collect::<Vec<_>>()
        .join(".");
    assert!(decode(&format!("v1&done={many}"), LINK).is_err());
    let most = (0..MAX_COURSE)
        .map(|i| format!("l{i}"))
        .collect::<Vec<_>>()
        .join(".");
    assert_eq!(
        decode(&format!("v1&done={most}"), LINK)
            .unwrap()
            .course
            .ids(Mark::Done)
            .len(),
        MAX_COURSE
    );
}
