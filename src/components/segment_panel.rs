//! The panels of one segment (KPIS.md, "Per-segment panels"), from the
//! engine's `SegmentPanel`. A panel whose data is missing says which
//! table and column it needs.

use analytics::kpi::Kpi;
use analytics::segment::panel::{Needs, SegmentPanel};
use leptos::prelude::*;

use crate::charts::{options, segment_options as opts, ChartHost};
use crate::format;
use crate::i18n::{kpi_name, status_name, t, Msg};
use crate::state::DatasetState;

/// KPIs the performance panel lists, in order.
const PANEL_KPIS: [Kpi; 10] = [
    Kpi::NetRevenue,
    Kpi::Orders,
    Kpi::AverageOrderValue,
    Kpi::PurchaseFrequency,
    Kpi::ActiveCustomers,
    Kpi::NewCustomers,
    Kpi::LoyaltyRate,
    Kpi::ChurnRate,
    Kpi::CustomerRetentionRate,
    Kpi::HistoricalClvMean,
];

fn needs_note(what: &str) -> AnyView {
    view! { <p class="needs muted">{format!("{} {what}", t(Msg::Needs))}</p> }.into_any()
}

fn action_key(name: &str) -> String {
    format!("custdash.action.{}", analytics::segment::slug(name))
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// All panels of one segment.
#[component]
pub fn SegmentPanelView(panel: SegmentPanel) -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let currency = v.result.with_untracked(|r| r.as_ref().and_then(|r| r.currency.clone()));
    let cur = currency.clone();
    let money = move |x: f64| format::money(x, cur.as_deref());
    let from_report = move |f: fn(&SegmentPanel) -> Result<String, String>| {
        Signal::derive(move || {
            v.segments.with(|r| match r.as_ref().and_then(|r| r.panel.as_ref()) {
                Some(p) => f(p),
                None => Err(t(Msg::ComputingSegments).to_string()),
            })
        })
    };
    let kpi_rows = PANEL_KPIS
        .iter()
        .filter_map(|k| panel.kpis.iter().find(|c| c.kpi == *k))
        .map(|card| {
            let show = |x: Option<f64>| {
                x.map(|x| format::kpi(x, card.kpi.unit(), currency.as_deref()))
                    .unwrap_or_else(|| "–".into())
            };
            view! {
                <tr data-testid=format!("segment-kpi-{}", card.kpi.key())
                    data-value=card.value.map(|x| x.to_string()).unwrap_or_default()>
                    <th scope="row">{kpi_name(card.kpi)}</th>
                    <td class="num">{show(card.value)}</td>
                    <td class="num muted">{show(card.previous)}</td>
                </tr>
            }
        })
        .collect_view();
    let characteristics = panel
        .characteristics
        .iter()
        .map(|c| {
            view! {
                <table class="data-table compact">
                    <caption>{c.label.clone()}</caption>
                    <thead><tr>
                        <th scope="col"></th>
                        <th scope="col" class="num">{t(Msg::InSegment)}</th>
                        <th scope="col" class="num">{t(Msg::AllCustomers)}</th>
                    </tr></thead>
                    <tbody>
                        {c.values.iter().map(|(value, seg, all)| view! {
                            <tr>
                                <th scope="row">{value.clone()}</th>
                                <td class="num">{format!("{} %", format::number(*seg, 1))}</td>
                                <td class="num muted">{format!("{} %", format::number(*all, 1))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
        .collect_view();
    let margin = match &panel.margin {
        Needs::Value((m, pct)) => view! {
            <dl class="kv">
                <dt>{t(Msg::Margin)}</dt><dd>{money(*m)}</dd>
                <dt>{t(Msg::MarginPct)}</dt><dd>{pct.map(|p| format!("{} %", format::number(p, 1))).unwrap_or_else(|| "–".into())}</dd>
            </dl>
        }
        .into_any(),
        Needs::Needs(what) => needs_note(what),
    };
    let satisfaction = match &panel.satisfaction {
        Needs::Value(s) => view! {
            <dl class="kv">
                <dt>{t(Msg::NpsLabel)}</dt><dd data-testid="segment-nps">{s.nps.map(|x| format::number(x, 0)).unwrap_or_else(|| "–".into())}</dd>
                <dt>{t(Msg::CsatLabel)}</dt><dd>{s.csat.map(|x| format!("{} %", format::number(x, 1))).unwrap_or_else(|| "–".into())}</dd>
                <dt>{t(Msg::Responses)}</dt><dd>{format::int(s.responses)}</dd>
            </dl>
        }
        .into_any(),
        Needs::Needs(what) => needs_note(what),
    };
    let engagement = match &panel.engagement {
        Needs::Value(e) => view! {
            <dl class="kv">
                <dt>{t(Msg::EmailsSent)}</dt><dd>{format::int(e.sent)}</dd>
                <dt>{t(Msg::OpenRate)}</dt><dd data-testid="segment-open-rate">{format!("{} %", format::number(e.open_rate, 1))}</dd>
                <dt>{t(Msg::ClickRate)}</dt><dd>{format!("{} %", format::number(e.click_rate, 1))}</dd>
            </dl>
        }
        .into_any(),
        Needs::Needs(what) => needs_note(what),
    };
    let pipeline = match &panel.pipeline {
        Needs::Value(x) => view! { <span data-testid="segment-pipeline">{money(*x)}</span> }.into_any(),
        Needs::Needs(what) => needs_note(what),
    };
    let cross_sell = panel
        .cross_sell
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{c.category.clone()}</th>
                    <td class="num">{format!("{} %", format::number(c.buyers_pct, 1))}</td>
                    <td class="num">{format::int(c.non_buyers)}</td>
                </tr>
            }
        })
        .collect_view();
    let status = [
        analytics::drill::Status::Active,
        analytics::drill::Status::AtRisk,
        analytics::drill::Status::Churned,
    ]
    .into_iter()
    .zip(panel.status)
    .map(|(s, n)| view! { <dt>{status_name(s)}</dt><dd>{format::int(n)}</dd> })
    .collect_view();
    // The recommended action: the default text, or the user's own.
    let key = action_key(&panel.name);
    let saved = local_storage().and_then(|s| s.get_item(&key).ok().flatten());
    let action_text = saved.or_else(|| panel.action.clone());
    let save_action = move |ev: leptos::ev::Event| {
        if let Some(s) = local_storage() {
            let _ = s.set_item(&key, &event_target_value(&ev));
        }
    };
    view! {
        <section class="segment-panel" data-testid="segment-panel" data-segment=panel.name.clone()>
            <header class="card panel-head">
                <h2>{panel.name.clone()}</h2>
                <p class="panel-size">
                    <strong data-testid="segment-size">{format::int(panel.customers)}</strong>" "
                    {t(Msg::ColCustomers)}" · "{format!("{} %", format::number(panel.share, 1))}
                </p>
            </header>
            <div class="panel-grid">
                <ChartHost name="segment-growth" title=t(Msg::PanelGrowth)
                    option=from_report(|p| opts::growth(&p.growth.0, &p.growth.1)) />
                <div class="card">
                    <h3>{t(Msg::PanelPerformance)}</h3>
                    <table class="data-table compact" data-testid="segment-kpis">
                        <thead><tr>
                            <th scope="col"></th>
                            <th scope="col" class="num">{t(Msg::Period)}</th>
                            <th scope="col" class="num">{t(Msg::ComparisonCol)}</th>
                        </tr></thead>
                        <tbody>{kpi_rows}</tbody>
                    </table>
                </div>
                <div class="card wide">
                    <h3>{t(Msg::PanelCharacteristics)}</h3>
                    <div class="characteristics">{characteristics}</div>
                </div>
                <ChartHost name="segment-categories" title=t(Msg::ChartCategory)
                    option=from_report(|p| options::breakdown(p.categories.as_ref(), "orders.category")) />
                <ChartHost name="segment-channels" title=t(Msg::ChartChannel)
                    option=from_report(|p| options::breakdown(p.channels.as_ref(), "orders.channel")) />
                <div class="card">
                    <h3>{t(Msg::PanelBehaviour)}</h3>
                    <dl class="kv">
                        <dt>{t(Msg::DaysBetween)}</dt>
                        <dd>{panel.days_between_orders.map(|d| format::number(d, 1)).unwrap_or_else(|| "–".into())}</dd>
                    </dl>
                    <h3>{t(Msg::PanelStatus)}</h3>
                    <dl class="kv">{status}</dl>
                </div>
                <div class="card">
                    <h3>{t(Msg::PanelProfit)}</h3>
                    {margin}
                    <h3>{t(Msg::PanelSatisfaction)}</h3>
                    {satisfaction}
                    <h3>{t(Msg::PanelEngagement)}</h3>
                    {engagement}
                </div>
                <div class="card">
                    <h3>{t(Msg::PanelOpportunities)}</h3>
                    <dl class="kv"><dt>{t(Msg::Pipeline)}</dt><dd>{pipeline}</dd></dl>
                    <table class="data-table compact" data-testid="cross-sell">
                        <caption>{t(Msg::CrossSell)}</caption>
                        <thead><tr>
                            <th scope="col">{t(Msg::Category)}</th>
                            <th scope="col" class="num">{t(Msg::Bought)}</th>
                            <th scope="col" class="num">{t(Msg::NotBought)}</th>
                        </tr></thead>
                        <tbody>{cross_sell}</tbody>
                    </table>
                </div>
                <Show when={let has = action_text.is_some(); move || has}>
                    <div class="card">
                        <h3>{t(Msg::PanelAction)}</h3>
                        <textarea data-testid="segment-action" rows="4" aria-label=t(Msg::PanelAction)
                            on:change=save_action.clone()>{action_text.clone().unwrap_or_default()}</textarea>
                        <p class="muted small">{t(Msg::ActionHint)}</p>
                    </div>
                </Show>
            </div>
        </section>
    }
}
