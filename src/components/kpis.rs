//! The KPI cards: value, change against P′, a sparkline of the last twelve
//! periods and the formula; a click opens the customers behind the number.

use analytics::dashboard::DashboardResult;
use analytics::drill::Scope;
use analytics::kpi::{Kpi, KpiCard};
use leptos::prelude::*;

use crate::format;
use crate::i18n::{kpi_name, t, Msg};
use crate::route::Route;
use crate::state::DatasetState;

/// Which customers a KPI's drill-down lists.
fn scope_of(kpi: Kpi) -> Scope {
    match kpi {
        Kpi::NewCustomers => Scope::New,
        Kpi::ReturningCustomers => Scope::Returning,
        Kpi::LoyaltyRate | Kpi::ChurnRate => Scope::Lost,
        Kpi::HistoricalClvMean | Kpi::CustomerRetentionRate => Scope::All,
        _ => Scope::Active,
    }
}

/// A sparkline as an SVG polyline (missing points break the line).
fn sparkline(values: &[Option<f64>]) -> impl IntoView {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let (lo, hi) = known
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let step = 100.0 / (values.len().max(2) - 1) as f64;
    let points: String = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1} ", i as f64 * step, 28.0 - (v - lo) / span * 24.0)))
        .collect();
    view! {
        <svg class="spark" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
            <polyline points=points fill="none" stroke="currentColor" stroke-width="1.6" vector-effect="non-scaling-stroke" />
        </svg>
    }
}

#[component]
fn Card(card: KpiCard, currency: Option<String>) -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let kpi = card.kpi;
    let unit = kpi.unit();
    let cur = currency.as_deref();
    let value_text = match (&card.needs, card.value) {
        (Some(_), _) => "—".to_string(),
        (None, Some(v)) => format::kpi(v, unit, cur),
        (None, None) => t(Msg::NotAvailable).to_string(),
    };
    let change = match (card.value, card.previous) {
        (Some(v), Some(p)) => {
            let (abs, rel) = format::change(v, p, unit, cur);
            // A growth rate's own growth in % (+17.7 pp being "+215.9 %")
            // says nothing a manager can use: the points are enough.
            let rel = rel.filter(|_| kpi != Kpi::SalesGrowthRate);
            let better = if kpi.lower_is_better() { v < p } else { v > p };
            let class = if format::is_flat(v, p, unit) {
                "flat"
            } else if better {
                "up"
            } else {
                "down"
            };
            Some(view! {
                <p class=format!("change {class}")>
                    <span class="num">{abs}</span>
                    {rel.map(|r| view! { " " <span class="num">"("{r}")"</span> })}
                </p>
            })
        }
        _ => None,
    };
    let previous = card
        .previous
        .map(|p| format!("{} {}", t(Msg::Was), format::kpi(p, unit, cur)));
    let data_value = card.value.map(|v| v.to_string()).unwrap_or_default();
    let open = move |_| state.view.go(Route::Customers { scope: scope_of(kpi) });
    let label = kpi_name(kpi);
    view! {
        <article class="kpi card" data-testid=format!("kpi-{}", kpi.key()) data-value=data_value>
            <header class="kpi-head">
                <h3>{label}</h3>
                // The formula shows on hover and on focus (a tap on a tablet,
                // Tab on a keyboard); a `title` alone showed it to mice only.
                <span class="info" tabindex="0" aria-label=kpi.formula()>
                    <span aria-hidden="true">"i"</span>
                    <span class="info-tip" aria-hidden="true" data-testid="kpi-formula">{kpi.formula()}</span>
                </span>
            </header>
            {match card.needs.clone() {
                Some(needs) => view! {
                    <p class="kpi-needs" data-testid="kpi-needs">{t(Msg::Needs)}" "<code>{needs}</code></p>
                }.into_any(),
                None => view! {
                    <button type="button" class="kpi-value num" on:click=open
                        title=t(Msg::ShowCustomers)>{value_text}</button>
                    {change}
                    <p class="muted small num">{previous}</p>
                    {sparkline(&card.spark)}
                }.into_any(),
            }}
        </article>
    }
}

/// The grid of KPI cards.
#[component]
pub fn KpiGrid(result: Signal<Option<DashboardResult>>) -> impl IntoView {
    move || {
        result.get().map(|r| {
            let currency = r.currency.clone();
            r.cards
                .into_iter()
                .map(|card| view! { <Card card=card currency=currency.clone() /> })
                .collect_view()
        })
    }
}
