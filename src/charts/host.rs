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
    // Options set on this chart so far.
    let drawn = StoredValue::new(0u32);
    Effect::new(move |_| {
        let chosen = option.get();
        let Some(element) = node.get() else { return };
        let Ok(json) = chosen else {
            if let Some(i) = instance.get_value() {
                stop_watching(watcher);
                i.dispose();
                instance.set_value(None);
                drawn.set_value(0);
            }
            return;
        };
        if !echarts::available() {
            return;
        }
        let current = instance.get_value().or_else(|| {
            let options = js_sys::JSON::parse(r#"{"renderer":"canvas"}"#).ok()?;
            let created = echarts::init(&element, JsValue::NULL, &options).ok()?;
            if let Some(cb) = on_click {
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
                    cb.run(ChartClick {
                        name: get("name"),
                        series: get("seriesName"),
                        index,
                    });
                });
                created.on("click", handler.as_ref().unchecked_ref());
                handler.forget();
            }
            watcher.set_value(SizeWatcher::new(&element, created.clone()));
            instance.set_value(Some(created.clone()));
            Some(created)
        });
        let first_draw = drawn.get_value() == 0;
        if let (Some(i), Ok(value)) = (current, js_sys::JSON::parse(&json)) {
            let _ = i.set_option(&value, true);
            drawn.update_value(|n| *n += 1);
            if first_draw {
                // Set the same option once more while the user reads the
                // new dashboard: the first filter then takes the update
                // path already compiled for this chart's real data, not
                // only for the warm-up's.
                set_timeout(
                    move || {
                        // `try_`: the card may have left the page since
                        // (its values are then gone, and reading them
                        // would panic).
                        if drawn.try_get_value() == Some(1) {
                            if let Some(Some(i)) = instance.try_get_value() {
                                let _ = i.set_option(&value, true);
                            }
                        }
                    },
                    std::time::Duration::from_millis(SECOND_DRAW_AFTER_MS),
                );
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

/// Charts do not follow their container by themselves. A window resize is
/// not the only change: a chart created while its card still showed a
/// message ("computing…", its box hidden) was drawn 100 px wide and stayed
/// so. This redraws the chart whenever its box takes another size.
struct SizeWatcher {
    observer: web_sys::ResizeObserver,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
}

impl SizeWatcher {
    fn new(element: &web_sys::HtmlDivElement, chart: Instance) -> Option<SizeWatcher> {
        let size = |e: &web_sys::HtmlDivElement| (e.client_width(), e.client_height());
        let watched = element.clone();
        let mut last = size(element);
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            // The observer also reports the first size: only a change redraws.
            let now = size(&watched);
            if now != last && now.0 > 0 && now.1 > 0 {
                last = now;
                chart.resize();
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
