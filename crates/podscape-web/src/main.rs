//! The wasm entry point: install the panic hook and hand off to the library.

fn main() {
    podscape_web::start();
}
