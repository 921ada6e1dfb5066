//! The Leptos app: views and the small typed state they show. Every
//! computation happens in the `analytics` crate, inside the Web Worker; this
//! crate only sends requests and displays the answers.

pub mod app;
pub mod bridge;
pub mod charts;
pub mod components;
pub mod download;
pub mod focus;
pub mod format;
pub mod i18n;
pub mod panic;
pub mod route;
pub mod session;
pub mod state;
pub mod view_state;

pub use app::App;
