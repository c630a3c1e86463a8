//! Prints the share-link fragment (what follows `#`) for the manifests read from standard input,
//! as the app's Share button makes it: `cargo run -q -p podscape-core --example share_fragment
//! [--stored] < deploy.yaml`. `--stored` uses the stored state's limits instead of a link's.

use std::io::Read;

use podscape_core::share::{self, Shared};

fn main() {
    let mut yaml = String::new();
    std::io::stdin()
        .read_to_string(&mut yaml)
        .expect("UTF-8 on standard input");
    let stored = std::env::args().any(|a| a == "--stored");
    let limits = if stored { share::STORAGE } else { share::LINK };
    let state = Shared {
        yaml: Some(yaml),
        ..Shared::default()
    };
    match share::encode(&state, limits) {
        Ok(fragment) => println!("{fragment}"),
        Err(error) => {
            eprintln!("share_fragment: {error}");
            std::process::exit(1);
        }
    }
}
