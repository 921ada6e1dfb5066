//! The segment page: how to segment (RFM, clusters, an attribute), the
//! segments side by side, the R×F grid, treemaps, clusters, trends and
//! migration, and the panels of the open segment. Clicking a segment
//! filters the whole dashboard by it.

use analytics::drill::Scope;
use analytics::ingest::sheet::iso_date;
use analytics::protocol::WorkerRequest;
use analytics::segment::report::{SegmentReport, SegmentSummary};
use analytics::segment::Segmentation;
use leptos::prelude::*;

use super::period::PeriodBar;
use super::segment_panel::SegmentPanelView;
use crate::charts::{segment_options as opts, ChartClick, ChartHost};
use crate::format;
use crate::i18n::{dim_name, t, Msg};
use crate::route::Route;
use crate::state::DatasetState;

use crate::route::parse_day;

/// The segment page.
#[component]
pub fn SegmentsPage() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let chart = move |f: fn(&SegmentReport) -> Result<String, String>| {
        Signal::derive(move || {
            v.segments.with(|r| match r {
                Some(r) => f(r),
                None => Err(t(Msg::ComputingSegments).to_string()),
            })
        })
    };
    // A click on a segment's shape filters the dashboard by it. Migration
    // nodes are named "segment · day".
    let filter_by_name = Callback::new(move |click: ChartClick| {
        let name = click.name.rsplit_once(" · ").map_or(click.name.as_str(), |(n, _)| n);
        let filters = v.segments.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.segments.iter().find(|s| s.name == name || s.name == click.name))
                .map(|s| s.filters.clone())
        });
        if let Some(filters) = filters {
            v.filter_to(&filters, Route::Overview);
        }
    });
    // A click on an R×F cell filters by its two scores (cells are R5…R1 rows of F1…F5).
    let filter_by_cell = Callback::new(move |click: ChartClick| {
        let Some(i) = click.index.filter(|i| *i < 25) else {
            return;
        };
        let (r, f) = (5 - i / 5, i % 5 + 1);
        let chip = |dim: &str, v: usize| analytics::query::FilterChip {
            dim: dim.to_string(),
            values: vec![v.to_string()],
        };
        v.filter_to(
            &[
                chip(analytics::segment::R_SCORE_DIM, r),
                chip(analytics::segment::F_SCORE_DIM, f),
            ],
            Route::Overview,
        );
    });
    let is_clusters = move || v.segment_view.with(|s| s.segmentation == Segmentation::Clusters);
    let has_report = move || v.segments.with(|r| r.as_ref().is_some_and(|r| r.scored > 0));
    let status = move || {
        if v.segments_computing.get() {
            t(Msg::ComputingSegments).to_string()
        } else {
            String::new()
        }
    };
    view! {
        <section class="segments" data-testid="segments-page"
            data-seq=move || v.segments_shown.get().to_string()
            data-compute-ms=move || format!("{:.1}", v.segments_ms.get())>
            <div class="toolbar card">
                <PeriodBar />
                <SegmentControls />
                <p class="muted small">{t(Msg::SegmentsNote)}</p>
                // Segments are computed over every customer: say so when the
                // overview has filters, rather than leave them silently unused.
                {move || super::filters::filters_summary(v).map(|f| view! {
                    <p class="muted small" data-testid="segments-filters-note">{format!("{} {f}", t(Msg::FiltersNotApplied))}</p>
                })}
                <p class="muted small toolbar-status" aria-live="polite">{status}</p>
            </div>
            <Show when=has_report fallback=move || view! {
                <div class="card empty-state" data-testid="no-segments">
                    {move || if v.segments.with(Option::is_none) {
                        view! { <p class="muted">{t(Msg::ComputingSegments)}</p> }.into_any()
                    } else {
                        view! { <p class="muted">{t(Msg::NoScored)}</p> }.into_any()
                    }}
                </div>
            }>
                <SegmentTable />
                <div class="chart-grid">
                    <ChartHost name="segments-customers" title=t(Msg::ChartTreemapCustomers) hint=t(Msg::HintSegment)
                        option=chart(|r| opts::treemap(&r.segments, false)) on_click=filter_by_name />
                    <ChartHost name="segments-revenue" title=t(Msg::ChartTreemapRevenue) hint=t(Msg::HintSegment)
                        option=chart(|r| opts::treemap(&r.segments, true)) on_click=filter_by_name />
                    <ChartHost name="rf-grid" title=t(Msg::ChartRfGrid) hint=t(Msg::HintRfCell)
                        option=chart(|r| opts::rf_grid(&r.rf_grid)) on_click=filter_by_cell />
                    <Show when=is_clusters>
                        <ChartHost name="silhouette" title=t(Msg::ChartSilhouette)
                            option=chart(|r| r.clusters.as_ref().map_or_else(|| Err(String::new()), opts::silhouettes)) />
                        <ClusterTable />
                        <ChartHost name="clusters" title=t(Msg::ChartScatter) class="wide"
                            option=chart(|r| r.clusters.as_ref().map_or_else(|| Err(String::new()), opts::scatter)) />
                    </Show>
                    <ChartHost name="segment-revenue" title=t(Msg::ChartSegmentRevenue) class="wide"
                        option=chart(|r| opts::segment_lines(&r.trends.months, &r.trends.names, &r.trends.revenue)) />
                    <ChartHost name="segment-active" title=t(Msg::ChartSegmentActive) class="wide"
                        option=chart(|r| {
                            let active: Vec<Vec<f64>> = r.trends.active.iter()
                                .map(|s| s.iter().map(|&n| f64::from(n)).collect()).collect();
                            opts::segment_lines(&r.trends.months, &r.trends.names, &active)
                        }) />
                    <Show when=move || v.segments.with(|r| r.as_ref().is_some_and(|r| r.migration.is_some()))>
                        <ChartHost name="migration" title=t(Msg::ChartMigration) class="wide" hint=t(Msg::HintSegment)
                            on_click=filter_by_name option=chart(|r| r.migration.as_ref().map_or_else(|| Err(String::new()), opts::migration)) />
                        <MigrationTable />
                    </Show>
                </div>
                <SegmentPanelSlot />
            </Show>
        </section>
    }
}

/// Segmentation choice, analysis date, k, clustering attributes, export.
#[component]
fn SegmentControls() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let current = move || match v.segment_view.with(|s| s.segmentation.clone()) {
        Segmentation::Rfm => "rfm".to_string(),
        Segmentation::Clusters => "clusters".to_string(),
        Segmentation::Attribute { key, .. } => format!("attr:{key}"),
    };
    let set_segmentation = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let mut sv = v.segment_view.get_untracked();
        let cross = matches!(sv.segmentation, Segmentation::Attribute { cross_rfm: true, .. });
        sv.segmentation = match value.as_str() {
            "clusters" => Segmentation::Clusters,
            "rfm" => Segmentation::Rfm,
            other => Segmentation::Attribute {
                key: other.trim_start_matches("attr:").to_string(),
                cross_rfm: cross,
            },
        };
        v.set_segment_view(sv);
        clear_selection(v);
    };
    let attribute_options = move || {
        v.segments.with(|r| {
            r.as_ref().map(|r| {
                r.attributes
                    .iter()
                    .map(|a| {
                        let value = format!("attr:{}", a.key);
                        view! { <option value=value.clone() selected=move || current() == value>{dim_name(&a.key, &a.label)}</option> }
                    })
                    .collect_view()
            })
        })
    };
    let is_attribute = move || {
        v.segment_view
            .with(|s| matches!(s.segmentation, Segmentation::Attribute { .. }))
    };
    let cross = move || {
        v.segment_view
            .with(|s| matches!(s.segmentation, Segmentation::Attribute { cross_rfm: true, .. }))
    };
    let toggle_cross = move |_| {
        let mut sv = v.segment_view.get_untracked();
        if let Segmentation::Attribute { cross_rfm, .. } = &mut sv.segmentation {
            *cross_rfm = !*cross_rfm;
        }
        v.set_segment_view(sv);
        clear_selection(v);
    };
    let as_of = move || {
        v.segments
            .with(|r| r.as_ref().map(|r| r.as_of.clone()).unwrap_or_default())
    };
    let set_as_of = move |ev: leptos::ev::Event| {
        let mut sv = v.segment_view.get_untracked();
        let default = v
            .segments
            .with_untracked(|r| r.as_ref().and_then(|r| r.default_as_of.clone()));
        let text = event_target_value(&ev);
        sv.settings.as_of = parse_day(&text).filter(|d| Some(iso_date(*d)) != default);
        v.set_segment_view(sv);
    };
    let is_clusters = move || v.segment_view.with(|s| s.segmentation == Segmentation::Clusters);
    let set_k = move |ev: leptos::ev::Event| {
        let mut sv = v.segment_view.get_untracked();
        sv.settings.k = event_target_value(&ev).parse().ok();
        v.set_segment_view(sv);
        clear_selection(v);
    };
    let k_now = move || v.segment_view.with(|s| s.settings.k);
    let numeric = move || {
        v.segments.with(|r| {
            r.as_ref()
                .map(|r| r.numeric_attributes.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|a| {
                    let key = a.key.clone();
                    let checked = {
                        let key = key.clone();
                        move || v.segment_view.with(|s| s.settings.attributes.contains(&key))
                    };
                    let toggle = move |_| {
                        let mut sv = v.segment_view.get_untracked();
                        match sv.settings.attributes.iter().position(|k| *k == key) {
                            Some(i) => {
                                sv.settings.attributes.remove(i);
                            }
                            None => sv.settings.attributes.push(key.clone()),
                        }
                        v.set_segment_view(sv);
                        clear_selection(v);
                    };
                    view! {
                        <label class="check" data-testid="cluster-attr">
                            <input type="checkbox" prop:checked=checked on:change=toggle />" "{a.label}
                        </label>
                    }
                })
                .collect_view()
        })
    };
    let export = move |_| {
        let settings = v.segment_view.get_untracked().settings;
        state.send(&WorkerRequest::ExportSegments { settings });
    };
    view! {
        <div class="segment-controls">
            <label class="field">
                <span>{t(Msg::SegmentBy)}</span>
                <select data-testid="segmentation" on:change=set_segmentation>
                    <option value="rfm" selected=move || current() == "rfm">{t(Msg::SegRfm)}</option>
                    <option value="clusters" selected=move || current() == "clusters">{t(Msg::SegClusters)}</option>
                    {attribute_options}
                </select>
            </label>
            <Show when=is_attribute>
                <label class="check">
                    <input type="checkbox" data-testid="cross-rfm" prop:checked=cross on:change=toggle_cross />" "{t(Msg::CrossRfm)}
                </label>
            </Show>
            <label class="field">
                <span>{t(Msg::AsOf)}</span>
                <input type="date" data-testid="as-of" prop:value=as_of on:change=set_as_of />
            </label>
            <Show when=is_clusters>
                <label class="field">
                    <span>{t(Msg::ClusterK)}</span>
                    <select data-testid="k" on:change=set_k>
                        <option value="" selected=move || k_now().is_none()>{t(Msg::KAuto)}</option>
                        {(2..=8usize).map(|k| view! {
                            <option value=k.to_string() selected=move || k_now() == Some(k)>{k.to_string()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <fieldset class="checks">
                    <legend>{t(Msg::ClusterOn)}</legend>
                    {numeric}
                </fieldset>
            </Show>
            <button type="button" class="btn btn-secondary" data-testid="export-segments" on:click=export>
                {t(Msg::ExportSegments)}
            </button>
        </div>
    }
}

/// Closes the open segment (its name may not exist under new settings).
fn clear_selection(v: crate::view_state::ViewState) {
    if v.route
        .with_untracked(|r| matches!(r, Route::Segments { selected: Some(_) }))
    {
        v.route.set(Route::Segments { selected: None });
        v.push_url(false);
    }
}

/// Every segment side by side, each a way into its panels, its customers
/// and the filtered dashboard.
#[component]
fn SegmentTable() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let currency = move || v.result.with(|r| r.as_ref().and_then(|r| r.currency.clone()));
    let selected = move || match v.route.get() {
        Route::Segments { selected } => selected,
        _ => None,
    };
    let row = move |s: SegmentSummary| {
        let name = s.name.clone();
        let is_open = {
            let name = name.clone();
            move || selected().as_deref() == Some(name.as_str())
        };
        let open = {
            let name = name.clone();
            move |_| {
                v.go(Route::Segments {
                    selected: Some(name.clone()),
                });
                // The panel opens below the table, often out of sight.
                crate::focus::heading_when_shown("[data-testid=segment-panel]", Some(("data-segment", name.clone())));
            }
        };
        let f1 = s.filters.clone();
        let f2 = s.filters.clone();
        let cur = currency();
        view! {
            <tr data-testid=format!("segment-{}", s.slug) data-customers=s.customers.to_string()
                class:open=is_open>
                <th scope="row">
                    <button type="button" class="link" data-testid="open-segment" on:click=open>{name.clone()}</button>
                </th>
                <td class="num">{format::int(s.customers)}</td>
                <td class="num">{format!("{} %", format::number(s.share, 1))}</td>
                <td class="num">{format::money(s.revenue, cur.as_deref())}</td>
                <td class="num">{format!("{} %", format::number(s.revenue_share, 1))}</td>
                <td class="num">{format::number(s.recency_mean, 0)}</td>
                <td class="num">{format::number(s.frequency_mean, 2)}</td>
                <td class="num">{format::money(s.monetary_mean, cur.as_deref())}</td>
                <td class="num">{s.average_order_value.map(|x| format::money(x, cur.as_deref())).unwrap_or_else(|| "–".into())}</td>
                <td class="actions">
                    <button type="button" class="btn btn-small" data-testid="filter-segment"
                        on:click=move |_| v.filter_to(&f1, Route::Overview)>{t(Msg::FilterDashboard)}</button>
                    <button type="button" class="btn btn-small btn-ghost" data-testid="segment-customers"
                        on:click=move |_| v.filter_to(&f2, Route::Customers { scope: Scope::All })>{t(Msg::SegmentCustomers)}</button>
                </td>
            </tr>
        }
    };
    view! {
        <div class="card table-card">
            <h3>{t(Msg::Compare)}</h3>
            <div class="table-scroll">
                <table class="data-table segment-list" data-testid="segment-list">
                    <thead>
                        <tr>
                            <th scope="col">{t(Msg::ColSegment)}</th>
                            <th scope="col" class="num">{t(Msg::ColCustomers)}</th>
                            <th scope="col" class="num">{t(Msg::ColShare)}</th>
                            <th scope="col" class="num">{t(Msg::ColRevenue)}</th>
                            <th scope="col" class="num">{t(Msg::ColRevenueShare)}</th>
                            <th scope="col" class="num">{t(Msg::ColRecency)}</th>
                            <th scope="col" class="num">{t(Msg::ColFrequency)}</th>
                            <th scope="col" class="num">{t(Msg::ColMonetary)}</th>
                            <th scope="col" class="num">{t(Msg::AovCol)}</th>
                            <th scope="col"><span class="sr-only">{t(Msg::FilterDashboard)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || v.segments.with(|r| r.as_ref().map(|r| r.segments.clone()).unwrap_or_default())
                            .into_iter().map(row).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// The largest flows between segments, as a table beside the Sankey.
#[component]
fn MigrationTable() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let rows = move || {
        v.segments.with(|r| {
            let Some(m) = r.as_ref().and_then(|r| r.migration.clone()) else {
                return Vec::new();
            };
            let mut flows = m.flows.clone();
            flows.sort_by_key(|f| std::cmp::Reverse(f.2));
            flows
                .into_iter()
                .take(15)
                .map(|(f, to, n)| (opts::migration_name(&m, f), opts::migration_name(&m, to), n))
                .collect()
        })
    };
    let days = move || {
        v.segments.with(|r| {
            r.as_ref()
                .and_then(|r| r.migration.as_ref())
                .map(|m| (m.from_day.clone(), m.to_day.clone()))
                .unwrap_or_default()
        })
    };
    view! {
        <div class="card table-card wide">
            <h3>{t(Msg::ChartMigration)}</h3>
            <table class="data-table" data-testid="migration-table">
                <thead>
                    <tr>
                        <th scope="col">{move || format!("{} {}", t(Msg::MigrationFrom), days().0)}</th>
                        <th scope="col">{move || format!("{} {}", t(Msg::MigrationFrom), days().1)}</th>
                        <th scope="col" class="num">{t(Msg::ColCustomers)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || rows().into_iter().map(|(from, to, n)| view! {
                        <tr>
                            <td>{from}</td>
                            <td>{to}</td>
                            <td class="num">{format::int(n as usize)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Each cluster's centroid in original units: what the name summarises.
#[component]
fn ClusterTable() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let view_model = move || v.segments.with(|r| r.as_ref().and_then(|r| r.clusters.clone()));
    let currency = move || v.result.with(|r| r.as_ref().and_then(|r| r.currency.clone()));
    move || {
        view_model().map(|c| {
            let cur = currency();
            let k_note = if c.auto_k {
                format!("k = {} ({})", c.k, t(Msg::KAuto))
            } else {
                format!("k = {}", c.k)
            };
            view! {
                <div class="card table-card wide" data-testid="cluster-table">
                    <h3>{t(Msg::ClusterCentroids)}</h3>
                    <p class="muted small">{k_note}</p>
                    <div class="table-scroll">
                        <table class="data-table compact">
                            <thead><tr>
                                <th scope="col">{t(Msg::ColSegment)}</th>
                                <th scope="col" class="num">{t(Msg::ColCustomers)}</th>
                                {c.features.iter().map(|f| view! { <th scope="col" class="num">{feature_name(f)}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {c.clusters.iter().map(|cl| view! {
                                    <tr>
                                        <th scope="row">{cl.name.clone()}</th>
                                        <td class="num">{format::int(cl.customers)}</td>
                                        {cl.centroid.iter().zip(&c.features).map(|(x, f)| view! {
                                            <td class="num">{if f == "monetary" { format::money(*x, cur.as_deref()) } else { format::number(*x, 1) }}</td>
                                        }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </div>
            }
        })
    }
}

/// A clustering feature's column header.
fn feature_name(key: &str) -> String {
    match key {
        "recency_days" => t(Msg::ColRecency).to_string(),
        "frequency" => t(Msg::ColFrequency).to_string(),
        "monetary" => t(Msg::ColMonetary).to_string(),
        other => crate::i18n::field_name(other.trim_start_matches("customers.")),
    }
}

/// The open segment's panels, or a hint to open one.
#[component]
fn SegmentPanelSlot() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let v = state.view;
    let panel = move || v.segments.with(|r| r.as_ref().and_then(|r| r.panel.clone()));
    view! {
        {move || match panel() {
            Some(p) => view! { <SegmentPanelView panel=p /> }.into_any(),
            None => view! { <p class="card muted hint-card">{t(Msg::PickSegment)}</p> }.into_any(),
        }}
    }
}
