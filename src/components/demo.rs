//! The "Load demo data" button: fetches the generated demo files that are
//! deployed next to index.html and loads them like dropped files.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{t, Msg};
use crate::state::DatasetState;

/// The demo set written by `demogen demo` into public/demo.
pub const DEMO_FILES: [&str; 8] = [
    "customers.csv",
    "orders.csv",
    "surveys.csv",
    "tickets.csv",
    "marketing_spend.csv",
    "invoices.csv",
    "web_sessions.csv",
    "reviews.csv",
];

/// Loads the demo data set.
#[component]
pub fn DemoButton() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let click = move |_| {
        state.demo_loading.set(true);
        spawn_local(async move {
            match fetch_all().await {
                Ok(items) => {
                    // Pressing the button twice does not load the demo twice.
                    let loaded: Vec<String> = state.files.get_untracked().into_iter().map(|f| f.name).collect();
                    state.add(items.into_iter().filter(|(name, _)| !loaded.contains(name)).collect());
                }
                Err(e) => state.engine_error.set(Some(format!("{} ({e})", t(Msg::DemoFailed)))),
            }
            state.demo_loading.set(false);
        });
    };
    view! {
        <button class="btn btn-secondary" data-testid="load-demo" on:click=click disabled=move || state.demo_loading.get()>
            {move || if state.demo_loading.get() { t(Msg::LoadingDemo) } else { t(Msg::LoadDemo) }}
        </button>
    }
}

async fn fetch_all() -> Result<Vec<(String, web_sys::Blob)>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let mut out = Vec::new();
    for name in DEMO_FILES {
        let response = JsFuture::from(window.fetch_with_str(&format!("demo/{name}")))
            .await
            .map_err(|_| format!("{name}: network error"))?;
        let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_string())?;
        if !response.ok() {
            return Err(format!("{name}: HTTP {}", response.status()));
        }
        let blob = JsFuture::from(response.blob().map_err(|_| format!("{name}: no body"))?)
            .await
            .map_err(|_| format!("{name}: body failed"))?;
        out.push((name.to_string(), blob.unchecked_into()));
    }
    Ok(out)
}
