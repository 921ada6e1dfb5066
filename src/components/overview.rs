//! The overview: period bar, filter chips, KPI cards and the charts. A click
//! on a bar filters everything by its value; a click on a month opens that
//! month.

use analytics::ingest::value::days_from_ymd;
use analytics::period::PeriodSpec;
use leptos::prelude::*;

use super::filters::FilterBar;
use super::kpis::KpiGrid;
use super::period::PeriodBar;
use crate::charts::{options, ChartClick, ChartHost};
use crate::i18n::{t, Msg};
use crate::state::DatasetState;

/// The overview screen.
#[component]
pub fn Overview() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let result = Signal::derive(move || v.result.get());
    let chart = move |f: fn(&analytics::dashboard::DashboardResult) -> Result<String, String>| {
        Signal::derive(move || {
            v.result.with(|r| match r {
                Some(r) => f(r),
                None => Err(t(Msg::Computing).to_string()),
            })
        })
    };
    let open_month = Callback::new(move |click: ChartClick| {
        let mut parts = click.name.split('-').map(str::parse::<u32>);
        if let (Some(Ok(y)), Some(Ok(m))) = (parts.next(), parts.next()) {
            if let Some(day) = days_from_ymd(y as i32, m, 1) {
                let mut q = v.query.get_untracked();
                q.period = PeriodSpec::Month { day };
                v.set_query(q);
            }
        }
    });
    let filter_by = move |pick: fn(&analytics::charts::Charts) -> Option<&analytics::charts::Breakdown>| {
        Callback::new(move |click: ChartClick| {
            let dim = v
                .result
                .with_untracked(|r| r.as_ref().and_then(|r| pick(&r.charts).map(|b| b.dim.clone())));
            if let Some(dim) = dim {
                v.add_filter(&dim, &click.name);
            }
        })
    };
    let has_orders = move || v.result.with(|r| r.as_ref().is_some_and(|r| r.coverage.orders));
    // No answer yet, but one is coming: not "load an orders file" while a
    // file is being read.
    let preparing = move || v.result.with(Option::is_none) && (state.any_loading() || v.computing.get());
    let status = move || {
        if v.computing.get() {
            t(Msg::Updating).to_string()
        } else {
            String::new()
        }
    };
    view! {
        <section class="overview" data-testid="overview"
            data-seq=move || v.shown_seq.get().to_string()
            data-compute-ms=move || format!("{:.1}", v.compute_ms.get())
            data-anticipated=move || v.anticipated.get().to_string()>
            // Without orders there is no period to choose nor anything to
            // filter: only the message saying what to load.
            <Show when=move || has_orders() || preparing()>
                <div class="toolbar card">
                    <PeriodBar />
                    <FilterBar />
                    <p class="muted small toolbar-status" aria-live="polite">{status}</p>
                </div>
            </Show>
            <Show when=has_orders fallback=move || view! {
                <Show when=preparing fallback=|| view! {
                    <div class="card empty-state" data-testid="no-orders">
                        <h3>{t(Msg::NoOrdersTitle)}</h3>
                        <p class="muted">{t(Msg::NoOrdersBody)}</p>
                    </div>
                }>
                    <div class="card empty-state" data-testid="dashboard-pending" aria-busy="true">
                        <h3>{t(Msg::PreparingTitle)}</h3>
                        <p class="muted">{t(Msg::PreparingBody)}</p>
                    </div>
                </Show>
            }>
                {move || v.result.with(|r| r.as_ref().filter(|r| r.undated_lines > 0).map(|r| view! {
                    <p class="banner banner-warn">{format!("{} {}", r.undated_lines, t(Msg::UndatedLines))}</p>
                }))}
                <div class="kpi-grid"><KpiGrid result=result /></div>
                <div class="chart-grid">
                    <ChartHost name="revenue" title=t(Msg::ChartRevenue) hint=t(Msg::HintMonth) class="wide"
                        option=chart(|r| options::monthly_lines(&r.charts.revenue, false)) on_click=open_month />
                    <ChartHost name="new-returning" title=t(Msg::ChartNewReturning) hint=t(Msg::HintMonth)
                        option=chart(|r| options::monthly_stacked(&r.charts.new_returning)) on_click=open_month />
                    <ChartHost name="aov-frequency" title=t(Msg::ChartAovFrequency) hint=t(Msg::HintMonth)
                        option=chart(|r| options::monthly_lines(&r.charts.aov_frequency, true)) on_click=open_month />
                    <ChartHost name="channel" title=t(Msg::ChartChannel) hint=t(Msg::HintFilter)
                        option=chart(|r| options::breakdown(r.charts.by_channel.as_ref(), "orders.channel"))
                        on_click=filter_by(|c| c.by_channel.as_ref()) />
                    <ChartHost name="region" title=t(Msg::ChartRegion) hint=t(Msg::HintFilter)
                        option=chart(|r| options::breakdown(r.charts.by_region.as_ref(), "orders.region"))
                        on_click=filter_by(|c| c.by_region.as_ref()) />
                    <ChartHost name="category" title=t(Msg::ChartCategory) hint=t(Msg::HintFilter)
                        option=chart(|r| options::breakdown(r.charts.by_category.as_ref(), "orders.category"))
                        on_click=filter_by(|c| c.by_category.as_ref()) />
                    <ChartHost name="clv" title=t(Msg::ChartClv)
                        option=chart(|r| options::clv_histogram(&r.charts.clv)) />
                    <ChartHost name="cohorts" title=t(Msg::ChartCohorts) class="wide"
                        option=chart(|r| options::cohorts(&r.charts.cohorts)) />
                </div>
            </Show>
        </section>
    }
}
