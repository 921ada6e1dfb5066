//! The page frame: header, engine banner, the empty state with the drop zone
//! and demo button, then the file cards and the mapping panel.

use leptos::prelude::*;

use crate::components::{DemoButton, DropZone, FileCard, MappingPanel};
use crate::i18n::{t, Msg};
use crate::state::DatasetState;

/// Mounts the app into `<main id="app">` and removes the boot message.
pub fn mount() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = DatasetState::new();
    provide_context(state);
    let has_files = move || state.files.with(|f| !f.is_empty());
    view! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true"></span>
                <div>
                    <h1>{t(Msg::AppName)}</h1>
                    <p class="tagline">{t(Msg::Tagline)}</p>
                </div>
            </div>
            <p class="privacy">{t(Msg::PrivacyNote)}</p>
        </header>
        <main class="page">
            {move || state.engine_error.get().map(|m| view! {
                <div class="banner banner-error" role="alert" data-testid="engine-error">
                    <strong>{t(Msg::EngineDown)}</strong>" "<span>{m}</span>
                </div>
            })}
            <Show
                when=has_files
                fallback=|| view! {
                    <section class="welcome card">
                        <h2>{t(Msg::WelcomeTitle)}</h2>
                        <p class="muted">{t(Msg::WelcomeBody)}</p>
                        <DropZone compact=false />
                        <div class="welcome-actions"><DemoButton /></div>
                    </section>
                }
            >
                <section class="files-section">
                    <div class="section-head">
                        <h2>{t(Msg::FilesHeading)}</h2>
                        <div class="section-actions"><DemoButton /><DropZone compact=true /></div>
                    </div>
                    <div class="file-grid">
                        <For each=move || state.files.get() key=|f| f.id let:entry>
                            <FileCard entry=entry />
                        </For>
                    </div>
                </section>
                <MappingPanel />
            </Show>
        </main>
    }
}
