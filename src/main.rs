//! Entry point: install the panic page, then mount the app.

fn main() {
    custdash_web::panic::install();
    custdash_web::app::mount();
}
