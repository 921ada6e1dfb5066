//! Drop zone and file picker: several files at once, by drag and drop or by
//! the keyboard-reachable "Choose files" button.

use leptos::prelude::*;
use web_sys::{DragEvent, FileList, HtmlInputElement};

use crate::i18n::{t, Msg};
use crate::state::DatasetState;

const ACCEPT: &str = ".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,.json,.ndjson,.jsonl";

fn files_of(list: Option<FileList>) -> Vec<(String, web_sys::Blob)> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|f| (f.name(), f.into()))
        .collect()
}

/// The drop target with its file input; `compact` for the bar above the cards.
#[component]
pub fn DropZone(compact: bool) -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let over = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        state.add(files_of(input.files()));
        // Allow choosing the same file again after removing it.
        input.set_value("");
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(false);
        state.add(files_of(ev.data_transfer().and_then(|d| d.files())));
    };
    let on_over = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(true);
    };
    view! {
        <div
            class="dropzone"
            class:dropzone-compact=compact
            class:dropzone-over=move || over.get()
            on:dragover=on_over
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <input
                id="file-input"
                class="visually-hidden"
                type="file"
                multiple=true
                accept=ACCEPT
                data-testid="file-input"
                on:change=on_change
            />
            {(!compact).then(|| view! {
                <div class="dropzone-icon" aria-hidden="true">"⇪"</div>
                <p class="dropzone-title">{t(Msg::DropHere)}</p>
                <p class="muted">{t(Msg::DropHint)}</p>
            })}
            <label class="btn btn-primary" for="file-input">
                {if compact { t(Msg::AddMoreFiles) } else { t(Msg::ChooseFiles) }}
            </label>
        </div>
    }
}
