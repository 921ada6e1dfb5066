//! One customer (profile, lifetime figures, orders by month, order list) and
//! one order's lines.

use leptos::prelude::*;

use super::customers::history_back;
use crate::charts::{options, ChartHost};
use crate::format;
use crate::i18n::{status_name, t, Msg};
use crate::route::Route;
use crate::state::DatasetState;

/// The customer screen.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let currency = move || v.result.with(|r| r.as_ref().and_then(|r| r.currency.clone()));
    let chart = Signal::derive(move || {
        v.customer.with(|c| match c {
            Some(Ok(d)) => options::customer_months(&d.monthly),
            _ => Err(t(Msg::Computing).to_string()),
        })
    });
    view! {
        <section class="card drill" data-testid="customer-page">
            <header class="drill-head">
                <button type="button" class="btn btn-ghost" data-testid="back" on:click=move |_| history_back()>"← "{t(Msg::Back)}</button>
                <div>
                    <h2 data-testid="customer-title">{move || v.customer.with(|c| match c {
                        Some(Ok(d)) => d.name.clone().map_or(d.id.clone(), |n| format!("{n} · {}", d.id)),
                        Some(Err(id)) => format!("{}: {id}", t(Msg::UnknownCustomer)),
                        None => t(Msg::Computing).to_string(),
                    })}</h2>
                </div>
            </header>
            {move || v.customer.get().and_then(Result::ok).map(|d| {
                let cur = currency();
                let facts = vec![
                    (t(Msg::OrdersCol), format::number(f64::from(d.orders), 0)),
                    (t(Msg::NetRevenueCol), format::money(d.net_revenue, cur.as_deref())),
                    (t(Msg::AovCol), d.average_order_value.map(|a| format::money(a, cur.as_deref())).unwrap_or_default()),
                    (t(Msg::FirstOrder), d.first_order.clone().unwrap_or_default()),
                    (t(Msg::LastOrder), d.last_order.clone().unwrap_or_default()),
                    (t(Msg::Status), d.status.map(status_name).unwrap_or_default().to_string()),
                ];
                view! {
                    <div class="customer-grid">
                        <dl class="facts" data-testid="customer-facts">
                            {facts.into_iter().map(|(k, val)| view! { <div><dt>{k}</dt><dd class="num">{val}</dd></div> }).collect_view()}
                        </dl>
                        <dl class="attributes" data-testid="customer-attributes">
                            {d.attributes.iter().filter(|(_, val)| !val.trim().is_empty()).map(|(k, val)| view! { <div><dt>{k.clone()}</dt><dd>{val.clone()}</dd></div> }).collect_view()}
                        </dl>
                    </div>
                }
            })}
        </section>
        <ChartHost name="customer-orders" title=t(Msg::ChartCustomerMonths) option=chart class="wide" />
        {move || v.customer.get().and_then(Result::ok).map(|d| {
            let cur = currency();
            let customer = d.id.clone();
            view! {
                <section class="card drill">
                    <h3 class="sub">{t(Msg::OrdersHeading)}</h3>
                    <div class="table-wrap">
                        <table class="data-table" data-testid="order-list">
                            <thead><tr><th>{t(Msg::OrderId)}</th><th class="num">{t(Msg::Date)}</th><th class="num">{t(Msg::Lines)}</th><th class="num">{t(Msg::NetRevenueCol)}</th></tr></thead>
                            <tbody>
                                {d.order_list.iter().map(|o| {
                                    let (c, oid) = (customer.clone(), o.order_id.clone());
                                    let open = move |_| v.go(Route::Order { customer: c.clone(), order_id: oid.clone() });
                                    view! {
                                        <tr data-testid="order-row" data-order=o.order_id.clone() class:return-row=o.is_return>
                                            <td><button type="button" class="link" on:click=open>{o.order_id.clone()}</button>
                                                {o.is_return.then(|| view! { " " <span class="status status-churned">{t(Msg::ReturnTag)}</span> })}</td>
                                            <td class="num">{o.date.clone()}</td>
                                            <td class="num">{o.lines}</td>
                                            <td class="num">{format::money(o.net, cur.as_deref())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
        })}
    }
}

/// The order screen.
#[component]
pub fn OrderPage() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let currency = move || v.result.with(|r| r.as_ref().and_then(|r| r.currency.clone()));
    view! {
        <section class="card drill" data-testid="order-page">
            <header class="drill-head">
                <button type="button" class="btn btn-ghost" data-testid="back" on:click=move |_| history_back()>"← "{t(Msg::Back)}</button>
                <h2>{move || v.order.with(|o| match o {
                    Some(Ok(d)) => format!("{} {} · {}", t(Msg::OrderId), d.order_id, d.customer_id.clone().unwrap_or_default()),
                    Some(Err(id)) => format!("{}: {id}", t(Msg::UnknownOrder)),
                    None => t(Msg::Computing).to_string(),
                })}</h2>
            </header>
            {move || v.order.get().and_then(Result::ok).map(|d| {
                let (shared, varying) = d.shared_and_varying();
                let header = varying.iter().map(|&i| view! { <th>{d.columns[i].clone()}</th> }).collect_view();
                let lines = d.lines.iter().map(|(row, cells)| {
                    let cells = varying.iter().map(|&i| {
                        let c = cells.get(i).cloned().unwrap_or_default();
                        let numeric = looks_numeric(&c);
                        view! { <td class:num=numeric>{c}</td> }
                    }).collect_view();
                    view! { <tr data-testid="order-line"><td class="num">{*row}</td>{cells}</tr> }
                }).collect_view();
                view! {
                    <p class="num">{t(Msg::NetRevenueCol)}": "<strong data-testid="order-net">{format::money(d.net, currency().as_deref())}</strong></p>
                    // What every line holds alike, once; the table keeps what differs.
                    <dl class="order-shared" data-testid="order-shared">
                        {shared.into_iter().map(|(k, val)| view! { <div><dt>{k}</dt><dd>{val}</dd></div> }).collect_view()}
                    </dl>
                    // Focusable so that a keyboard can scroll a wide file's columns.
                    <div class="table-wrap" tabindex="0" role="region" aria-label=t(Msg::OrderLinesRegion)>
                        <table class="data-table" data-testid="order-lines">
                            <thead><tr><th class="num">{t(Msg::Row)}</th>{header}</tr></thead>
                            <tbody>{lines}</tbody>
                        </table>
                    </div>
                }
            })}
        </section>
    }
}

/// Whether a cell of the file reads as a figure or a date (`-1`, `163.46`,
/// `1 234,5`, `2024-03-01`), to align it right as the other tables do.
fn looks_numeric(cell: &str) -> bool {
    let c = cell.trim();
    c.bytes().any(|b| b.is_ascii_digit())
        && c.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+' | b' ' | b'/' | b':'))
}
