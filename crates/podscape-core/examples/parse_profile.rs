//! Parses a ~1,000-line manifest stream repeatedly: a target for profilers
//! (`valgrind --tool=callgrind target/release/examples/parse_profile`).
fn main() {
    let mut text = String::new();
    let mut i = 0;
    while text.lines().count() < 1_000 {
        text.push_str("---\n");
        text.push_str(
            &podscape_core::scenario::DEFAULT_YAML
                .replace("image-processor", &format!("image-processor-{i}")),
        );
        i += 1;
    }
    let mut objects = 0;
    for _ in 0..20 {
        objects += podscape_core::manifest::parse(&text).objects.len();
    }
    println!("{objects}");
}
