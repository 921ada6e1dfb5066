//! Filter chips: one per dimension value, removable; an "add filter" menu
//! over every categorical column of orders and customers. Chart clicks add
//! chips too (cross-filtering).

use leptos::prelude::*;

use crate::i18n::{dim_name, t, Msg};
use crate::state::DatasetState;

/// The filter bar.
#[component]
pub fn FilterBar() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let dims = move || {
        v.result
            .with(|r| r.as_ref().map(|r| r.dims.clone()).unwrap_or_default())
    };
    let chosen_dim = RwSignal::new(String::new());
    let label_of = move |key: &str| v.result.with(|r| dim_label(r.as_ref(), key));
    let chips = move || {
        v.query.with(|q| {
            q.filters
                .iter()
                .flat_map(|c| c.values.iter().map(move |val| (c.dim.clone(), val.clone())))
                .collect::<Vec<_>>()
        })
    };
    let values = move || {
        let key = chosen_dim.get();
        dims()
            .into_iter()
            .find(|d| d.key == key)
            .map(|d| d.values)
            .unwrap_or_default()
    };
    let on_value = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if !value.is_empty() {
            v.add_filter(&chosen_dim.get_untracked(), &value);
            chosen_dim.set(String::new());
        }
    };
    view! {
        <div class="filter-bar" data-testid="filter-bar">
            <span class="filter-label">{t(Msg::Filters)}</span>
            <Show when=move || chips().is_empty()>
                <span class="muted small">{t(Msg::NoFilters)}</span>
            </Show>
            <For each=chips key=|c| c.clone() let:chip>
                {
                    let (dim, value) = chip;
                    let (d2, v2) = (dim.clone(), value.clone());
                    let remove = move |_| v.remove_filter(&d2, &v2);
                    view! {
                        <span class="chip" data-testid="filter-chip" data-dim=dim.clone() data-value=value.clone()>
                            <span class="chip-dim">{label_of(&dim)}":"</span>" "<span>{value.clone()}</span>
                            <button type="button" class="chip-x" on:click=remove
                                aria-label=format!("{} {}", t(Msg::RemoveFilter), value)>"×"</button>
                        </span>
                    }
                }
            </For>
            <select class="add-filter" data-testid="add-filter-dim" aria-label=t(Msg::AddFilter)
                prop:value=move || chosen_dim.get()
                on:change=move |ev| chosen_dim.set(event_target_value(&ev))>
                <option value="">{t(Msg::AddFilter)}</option>
                {move || dims().into_iter().map(|d| {
                    let name = dim_name(&d.key, &d.label);
                    view! { <option value=d.key.clone()>{name}</option> }
                }).collect_view()}
            </select>
            <Show when=move || !chosen_dim.get().is_empty()>
                <select class="add-filter" data-testid="add-filter-value" aria-label=t(Msg::ChooseValue) on:change=on_value>
                    <option value="">{t(Msg::ChooseValue)}</option>
                    {move || values().into_iter().map(|val| view! { <option value=val.clone()>{val.clone()}</option> }).collect_view()}
                </select>
            </Show>
        </div>
    }
}

/// The filters in force, as their chips name them ("channel (orders):
/// Online; region (customers): North"), or `None` when there are none: for
/// the screens that do not show the chips.
pub fn filters_summary(v: crate::view_state::ViewState) -> Option<String> {
    let parts: Vec<String> = v.query.with(|q| {
        v.result.with(|r| {
            q.filters
                .iter()
                .map(|c| format!("{}: {}", dim_label(r.as_ref(), &c.dim), c.values.join(", ")))
                .collect()
        })
    });
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A dimension's name as its chip shows it, from the answer's list of
/// dimensions (the key itself when the answer does not list it).
fn dim_label(answer: Option<&analytics::dashboard::DashboardResult>, key: &str) -> String {
    answer
        .and_then(|r| r.dims.iter().find(|d| d.key == key))
        .map(|d| dim_name(&d.key, &d.label))
        .unwrap_or_else(|| key.to_string())
}
