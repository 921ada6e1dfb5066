//! The Leptos app: views and the small typed state they show. Every
//! computation happens in the `analytics` crate, inside the Web Worker; this
//! crate only sends requests and displays the answers.

pub mod app;
pub mod bridge;
pub mod components;
pub mod format;
pub mod i18n;
pub mod panic;
pub mod state;

pub use app::App;
