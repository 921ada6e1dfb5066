//! The page frame: header, engine banner, the empty state with the drop zone
//! and demo button, then the file cards and the mapping panel.

use leptos::prelude::*;

use analytics::protocol::WorkerRequest;

use crate::components::{
    CustomerList, CustomerPage, DemoButton, DropZone, FileCard, MappingPanel, OrderPage, Overview, SegmentsPage,
};
use crate::i18n::{t, Msg};
use crate::route::Route;
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
    // After the first paint, while the user looks for a file.
    set_timeout(crate::format::prepare, std::time::Duration::ZERO);
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = DatasetState::new();
    provide_context(state);
    let v = state.view;
    v.listen_to_history();
    // A reload brings back the last session's files (the view is in the URL).
    crate::session::restore(move |items| {
        if state.files.with_untracked(Vec::is_empty) {
            state.add_kept(items);
        }
    });
    let has_files = move || state.files.with(|f| !f.is_empty());
    // The overview follows the data and the query.
    Effect::new(move |_| {
        state.data_version.track();
        v.query.track();
        if state.data_version.get_untracked() > 0 && state.any_loaded() {
            state.send(&v.dashboard_request());
        }
    });
    // The drill-down screens fetch what they show.
    Effect::new(move |_| {
        state.data_version.track();
        v.query.track();
        v.list_params.track();
        v.segment_view.track();
        if !state.any_loaded() {
            return;
        }
        match v.route.get() {
            Route::Overview => {}
            Route::Segments { .. } => state.send(&v.segments_request()),
            Route::Customers { scope } => state.send(&v.list_request(scope)),
            Route::Customer { id } => {
                v.customer.set(None);
                state.send(&WorkerRequest::Customer { id });
            }
            Route::Order { customer, order_id } => {
                v.order.set(None);
                state.send(&WorkerRequest::Order { customer, order_id });
            }
        }
    });
    let is_overview = move || v.route.with(|r| *r == Route::Overview);
    let screen = move || match v.route.get() {
        Route::Overview => view! { <Overview /> }.into_any(),
        Route::Customers { scope } => view! { <CustomerList scope=scope /> }.into_any(),
        Route::Customer { .. } => view! { <CustomerPage /> }.into_any(),
        Route::Order { .. } => view! { <OrderPage /> }.into_any(),
        Route::Segments { .. } => view! { <SegmentsPage /> }.into_any(),
    };
    let on_tab = move |segments: bool| v.route.with(|r| matches!(r, Route::Segments { .. }) == segments);
    let show_tabs = move || v.route.with(|r| matches!(r, Route::Overview | Route::Segments { .. }));
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
        <main class="page" data-engine=move || if state.engine_ready.get() { "ready" } else { "starting" }>
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
                <Show when=show_tabs>
                    <nav class="tabs" aria-label=t(Msg::TabOverview)>
                        <button type="button" class="tab" data-testid="tab-overview"
                            class:active=move || on_tab(false) aria-current=move || on_tab(false).then_some("page")
                            on:click=move |_| v.go(Route::Overview)>{t(Msg::TabOverview)}</button>
                        <button type="button" class="tab" data-testid="tab-segments"
                            class:active=move || on_tab(true) aria-current=move || on_tab(true).then_some("page")
                            on:click=move |_| v.go(Route::Segments { selected: None })>{t(Msg::TabSegments)}</button>
                    </nav>
                </Show>
                {screen}
                <section class="files-section" class:hidden=move || !is_overview()>
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
                <Show when=is_overview><MappingPanel /></Show>
            </Show>
        </main>
    }
}
