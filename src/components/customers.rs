//! The customers behind a KPI: searchable, sortable, paged, exportable.

use analytics::drill::{Scope, SortKey};
use analytics::protocol::WorkerRequest;
use leptos::prelude::*;

use crate::format;
use crate::i18n::{scope_name, status_name, t, Msg};
use crate::route::Route;
use crate::state::DatasetState;
use crate::view_state::PAGE;

/// The customer list screen.
#[component]
pub fn CustomerList(scope: Scope) -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let currency = move || v.result.with(|r| r.as_ref().and_then(|r| r.currency.clone()));
    let page = move || v.list.get();
    let sort_button = move |key: SortKey, label: &'static str| {
        let active = move || v.list_params.with(|p| p.sort == key);
        // Over right-aligned figures the header aligns right too.
        let numeric = !matches!(key, SortKey::Id | SortKey::Name | SortKey::Status);
        let arrow = move || {
            if !active() {
                ""
            } else if v.list_params.with(|p| p.descending) {
                " ↓"
            } else {
                " ↑"
            }
        };
        let click = move |_| {
            v.list_params.update(|p| {
                if p.sort == key {
                    p.descending = !p.descending;
                } else {
                    p.sort = key;
                    p.descending = !matches!(key, SortKey::Id | SortKey::Name);
                }
                p.offset = 0;
            })
        };
        view! {
            <th scope="col" class:num=numeric aria-sort=move || if active() { if v.list_params.with(|p| p.descending) { "descending" } else { "ascending" } } else { "none" }>
                <button type="button" class="th-sort" on:click=click>{label}{arrow}</button>
            </th>
        }
    };
    let export = move |_| {
        if let WorkerRequest::Customers { request, .. } = v.list_request(scope) {
            state.send(&WorkerRequest::ExportCustomers { request });
        }
    };
    let range = move || {
        page().map(|p| {
            let end = (p.offset + p.rows.len()).min(p.total);
            format!(
                "{}–{} {} {}",
                format::int(if p.total == 0 { 0 } else { p.offset + 1 }),
                format::int(end),
                t(Msg::Of),
                format::int(p.total)
            )
        })
    };
    let window = move || {
        page()
            .and_then(|p| p.window)
            .map(|w| format!("{} {}", t(Msg::FiguresFor), w.label()))
    };
    // The list follows the overview's filters, which are not shown here.
    let filtered = move || super::filters::filters_summary(v).map(|f| format!("{} {f}", t(Msg::FilteredBy)));
    let can_prev = move || v.list_params.with(|p| p.offset > 0);
    let can_next = move || page().is_some_and(|p| p.offset + PAGE < p.total);
    view! {
        <section class="card drill" data-testid="customer-list-screen">
            <header class="drill-head">
                <button type="button" class="btn btn-ghost" data-testid="back" on:click=move |_| history_back()>"← "{t(Msg::Back)}</button>
                <div>
                    <h2>{scope_name(scope)}</h2>
                    <p class="muted small">{window}</p>
                    <p class="muted small" data-testid="list-filters">{filtered}</p>
                </div>
                <button type="button" class="btn btn-secondary" data-testid="export-csv" on:click=export>{t(Msg::ExportCsv)}</button>
            </header>
            <div class="list-tools">
                <input type="search" class="search" data-testid="customer-search" placeholder=t(Msg::SearchCustomers)
                    aria-label=t(Msg::SearchCustomers)
                    prop:value=move || v.list_params.with(|p| p.search.clone())
                    on:input=move |ev| { let s = event_target_value(&ev); v.list_params.update(|p| { p.search = s; p.offset = 0; }) } />
                <span class="muted small num" data-testid="list-range">{range}</span>
            </div>
            <div class="table-wrap">
                <table class="data-table" data-testid="customer-list">
                    <thead><tr>
                        {sort_button(SortKey::Id, t(Msg::CustomerId))}
                        {sort_button(SortKey::Name, t(Msg::Name))}
                        {sort_button(SortKey::FirstOrder, t(Msg::FirstOrder))}
                        {sort_button(SortKey::LastOrder, t(Msg::LastOrder))}
                        {sort_button(SortKey::Orders, t(Msg::OrdersCol))}
                        {sort_button(SortKey::NetRevenue, t(Msg::NetRevenueCol))}
                        {sort_button(SortKey::AverageOrderValue, t(Msg::AovCol))}
                        {sort_button(SortKey::Status, t(Msg::Status))}
                    </tr></thead>
                    <tbody>
                        {move || page().map(|p| p.rows.into_iter().map(|r| {
                            let id = r.id.clone();
                            let open = move |_| v.go(Route::Customer { id: id.clone() });
                            let cur = currency();
                            view! {
                                <tr data-testid="customer-row" data-id=r.id.clone()>
                                    <td><button type="button" class="link" on:click=open>{r.id.clone()}</button></td>
                                    <td>{r.name.clone().unwrap_or_default()}</td>
                                    <td class="num">{r.first_order.clone().unwrap_or_default()}</td>
                                    <td class="num">{r.last_order.clone().unwrap_or_default()}</td>
                                    <td class="num">{format::number(f64::from(r.orders), 0)}</td>
                                    <td class="num">{format::money(r.net_revenue, cur.as_deref())}</td>
                                    <td class="num">{r.average_order_value.map(|a| format::money(a, cur.as_deref())).unwrap_or_default()}</td>
                                    <td>{r.status.map(|s| view! { <span class=format!("status status-{}", s.key())>{status_name(s)}</span> })}</td>
                                </tr>
                            }
                        }).collect_view())}
                    </tbody>
                </table>
                <Show when=move || page().is_some_and(|p| p.total == 0)>
                    <p class="muted empty-row">{t(Msg::NoCustomers)}</p>
                </Show>
            </div>
            <nav class="pager" aria-label=t(Msg::Pages)>
                <button type="button" class="btn btn-secondary" disabled=move || !can_prev()
                    on:click=move |_| v.list_params.update(|p| p.offset = p.offset.saturating_sub(PAGE))>{t(Msg::Previous)}</button>
                <button type="button" class="btn btn-secondary" data-testid="next-page" disabled=move || !can_next()
                    on:click=move |_| v.list_params.update(|p| p.offset += PAGE)>{t(Msg::Next)}</button>
            </nav>
        </section>
    }
}

/// The browser's back button, so in-page "Back" and the browser agree.
pub fn history_back() {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.back();
    }
}
