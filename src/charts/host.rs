//! `ChartHost`: a titled card with one chart. It creates the ECharts
//! instance once the element is in the page, replaces the option whenever
//! the view model changes, turns clicks into typed events, and exports PNG.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::echarts::{self, Instance};
use crate::i18n::{t, Msg};

/// What was clicked: the category (x value or bar name) and the series.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartClick {
    /// The category or item name.
    pub name: String,
    /// The series name.
    pub series: String,
    /// Index of the data item in its series, when the click was on one.
    pub index: Option<usize>,
}

/// How long after its first draw a chart's option is set again: after
/// the dashboard has been shown (set at once, it delayed that by the time
/// of a second draw), before a user has read it and chosen a filter.
const SECOND_DRAW_AFTER_MS: u64 = 300;

/// A chart card. `option` is a charming chart already serialised to JSON.
#[component]
pub fn ChartHost(
    /// Test hook and file name: `chart-<name>`.
    name: &'static str,
    /// Card title.
    title: &'static str,
    /// What a click does, shown under the title.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The chart, or a message saying why there is none.
    option: Signal<Result<String, String>>,
    /// Called on clicks on data.
    #[prop(optional)]
    on_click: Option<Callback<ChartClick>>,
    /// Extra CSS class (e.g. `wide`).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let instance: StoredValue<Option<Instance>, LocalStorage> = StoredValue::new_local(None);
    let watcher: StoredValue<Option<SizeWatcher>, LocalStorage> = StoredValue::new_local(None);
    // The option waiting for the chart's first size (see `SizeWatcher`).
    let pending: StoredValue<Option<JsValue>, LocalStorage> = StoredValue::new_local(None);
    // Options set on this chart so far.
    let drawn = StoredValue::new(0u32);
    let draw = move |chart: &Instance, value: JsValue| {
        let _ = chart.set_option(&value, true);
        drawn.update_value(|n| *n += 1);
        if drawn.get_value() == 1 {
            // Set the same option once more while the user reads the new
            // dashboard: the first filter then takes the update path
            // already compiled for this chart's real data, not only for
            // the warm-up's.
            set_timeout(
                move || {
                    // `try_`: the card may have left the page since (its
                    // values are then gone, and reading them would panic).
                    if drawn.try_get_value() == Some(1) {
                        if let Some(Some(i)) = instance.try_get_value() {
                            let _ = i.set_option(&value, true);
                        }
                    }
                },
                std::time::Duration::from_millis(SECOND_DRAW_AFTER_MS),
            );
        }
    };
    // The chart is made at the first size the page reports for its box, and
    // follows every later one.
    let on_size = move |width: f64, height: f64, changed: bool| {
        let Some(current) = instance.try_get_value() else {
            return;
        };
        match current {
            Some(chart) if changed => chart.resize_to(&echarts::size(width, height)),
            Some(_) => {}
            None => {
                let Some(Some(value)) = pending.try_update_value(Option::take) else {
                    return;
                };
                let Some(element) = node.get_untracked() else { return };
                let Ok(created) = echarts::init_sized(&element, width, height) else {
                    return;
                };
                if let Some(cb) = on_click {
                    listen_for_clicks(&created, cb);
                }
                instance.set_value(Some(created.clone()));
                draw(&created, value);
            }
        }
    };
    Effect::new(move |_| {
        let chosen = option.get();
        let Some(element) = node.get() else { return };
        // A message instead of the chart hides its box; the chart stays
        // made for the next answer.
        let Ok(json) = chosen else { return };
        if !echarts::available() {
            return;
        }
        let Ok(value) = js_sys::JSON::parse(&json) else { return };
        match instance.get_value() {
            Some(chart) => draw(&chart, value),
            None => {
                pending.set_value(Some(value));
                if watcher.with_value(Option::is_none) {
                    watcher.set_value(SizeWatcher::new(&element, on_size));
                }
            }
        }
    });
    on_cleanup(move || {
        stop_watching(watcher);
        if let Some(i) = instance.get_value() {
            i.dispose();
        }
    });
    let export = move |_| {
        if let Some(i) = instance.get_value() {
            let opts = js_sys::JSON::parse(r##"{"type":"png","pixelRatio":2,"backgroundColor":"#ffffff"}"##)
                .unwrap_or(JsValue::NULL);
            crate::download::save_url(&i.data_url(&opts), &format!("{name}.png"));
        }
    };
    let message = move || option.get().err();
    view! {
        <section class=format!("card chart-card {class}") data-testid=format!("chart-{name}")>
            <header class="chart-head">
                <div>
                    <h3>{title}</h3>
                    {hint.map(|h| view! { <p class="muted small">{h}</p> })}
                </div>
                <button type="button" class="btn btn-ghost btn-small" on:click=export
                    data-testid=format!("png-{name}") disabled=move || message().is_some()>
                    {t(Msg::ExportPng)}
                </button>
            </header>
            <Show when=move || message().is_some()>
                <p class="chart-empty muted">{message}</p>
            </Show>
            <div class="chart" node_ref=node class:hidden=move || message().is_some()></div>
        </section>
    }
}

/// Disconnects a chart's size watcher before it (and its callback) goes:
/// an observer left connected would call a dropped closure, which throws.
fn stop_watching(watcher: StoredValue<Option<SizeWatcher>, LocalStorage>) {
    watcher.try_update_value(|w| {
        if let Some(w) = w.take() {
            w.observer.disconnect();
        }
    });
}

/// Turns clicks on the chart's data into `ChartClick`s for `callback`.
fn listen_for_clicks(chart: &Instance, callback: Callback<ChartClick>) {
    let handler = Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
        let get = |k: &str| {
            js_sys::Reflect::get(&params, &k.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let index = js_sys::Reflect::get(&params, &"dataIndex".into())
            .ok()
            .and_then(|v| v.as_f64())
            .filter(|i| *i >= 0.0)
            .map(|i| i as usize);
        callback.run(ChartClick {
            name: get("name"),
            series: get("seriesName"),
            index,
        });
    });
    chart.on("click", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// The size of a chart's box, as the page reports it after its layout.
///
/// Charts do not follow their container by themselves: a chart created
/// while its card still showed a message ("computing…", its box hidden)
/// was drawn 100 px wide and stayed so. And ECharts, told nothing, reads
/// the box's size when a chart is made, which makes the browser lay out the
/// page there and then: eight charts made in a row after the dashboard's
/// cards were built took 24 ms of such layouts. So each chart is made when
/// the observer first reports a size for its box (after the browser's own
/// layout), with that size, and resized with each later one.
struct SizeWatcher {
    observer: web_sys::ResizeObserver,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
}

impl SizeWatcher {
    /// Calls `on_size(width, height, changed)` with each size reported for
    /// `element` that is not zero (a hidden box), `changed` when it differs
    /// from the last one.
    fn new(
        element: &web_sys::HtmlDivElement,
        mut on_size: impl FnMut(f64, f64, bool) + 'static,
    ) -> Option<SizeWatcher> {
        let mut last = (0.0, 0.0);
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() else {
                return;
            };
            let rect = entry.content_rect();
            let now = (rect.width().round(), rect.height().round());
            if now.0 > 0.0 && now.1 > 0.0 {
                on_size(now.0, now.1, now != last);
                last = now;
            }
        });
        let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(SizeWatcher {
            observer,
            _on_resize: on_resize,
        })
    }
}
