//! The period control: month, quarter, year, custom range or all data, the
//! comparison, and a caption saying what is compared with what.

use analytics::ingest::sheet::iso_date;
use analytics::ingest::value::ymd_from_days;
use analytics::period::{month_index, month_index_start, Comparison, PeriodKind, PeriodSpec};
use leptos::prelude::*;

use crate::format;
use crate::i18n::{t, Msg};
use crate::state::DatasetState;

use crate::route::parse_day;

/// The period bar above the cards.
#[component]
pub fn PeriodBar() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let view_state = state.view;
    let result = view_state.result;
    let resolved = move || result.with(|r| r.as_ref().and_then(|r| r.period.clone()));
    let span = move || result.with(|r| r.as_ref().and_then(|r| r.data_span));
    let kind = move || resolved().map_or(PeriodKind::Month, |p| p.kind);
    let set_period = move |spec: PeriodSpec| {
        let mut q = view_state.query.get_untracked();
        q.period = spec;
        view_state.set_query(q);
    };
    let on_kind = move |ev: leptos::ev::Event| {
        let Some(p) = resolved() else { return };
        let end = p.current.to;
        let spec = match event_target_value(&ev).as_str() {
            "month" => PeriodSpec::Month { day: end },
            "quarter" => PeriodSpec::Quarter { day: end },
            "year" => PeriodSpec::Year { day: end },
            "custom" => PeriodSpec::Custom {
                from: p.current.from,
                to: p.current.to,
            },
            _ => PeriodSpec::All,
        };
        set_period(spec);
    };
    // Choices of the current kind, newest first.
    let choices = move || -> Vec<(String, String)> {
        let (Some(s), k) = (span(), kind()) else {
            return Vec::new();
        };
        let (first, last) = (month_index(s.from), month_index(s.to));
        let step = match k {
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
            PeriodKind::Month => 1,
            _ => return Vec::new(),
        };
        let align = |m: i32| m - m.rem_euclid(step);
        let mut out = Vec::new();
        let mut m = align(last);
        while m >= align(first) && out.len() < 240 {
            let day = month_index_start(m);
            let range = analytics::period::DayRange::new(day, month_index_start(m + step) - 1);
            out.push((iso_date(day), format::period(k, range)));
            m -= step;
        }
        out
    };
    let current_value = move || resolved().map(|p| iso_date(p.current.from)).unwrap_or_default();
    let on_choice = move |ev: leptos::ev::Event| {
        let Some(day) = parse_day(&event_target_value(&ev)) else {
            return;
        };
        set_period(match kind() {
            PeriodKind::Quarter => PeriodSpec::Quarter { day },
            PeriodKind::Year => PeriodSpec::Year { day },
            _ => PeriodSpec::Month { day },
        });
    };
    let on_from = move |ev: leptos::ev::Event| {
        if let (Some(from), Some(p)) = (parse_day(&event_target_value(&ev)), resolved()) {
            set_period(PeriodSpec::Custom {
                from,
                to: p.current.to.max(from),
            });
        }
    };
    let on_to = move |ev: leptos::ev::Event| {
        if let (Some(to), Some(p)) = (parse_day(&event_target_value(&ev)), resolved()) {
            set_period(PeriodSpec::Custom {
                from: p.current.from.min(to),
                to,
            });
        }
    };
    let on_compare = move |ev: leptos::ev::Event| {
        let mut q = view_state.query.get_untracked();
        q.comparison = if event_target_value(&ev) == "yoy" {
            Comparison::Yoy
        } else {
            Comparison::Previous
        };
        view_state.set_query(q);
    };
    let kind_key = move || match kind() {
        PeriodKind::Month => "month",
        PeriodKind::Quarter => "quarter",
        PeriodKind::Year => "year",
        PeriodKind::Custom => "custom",
        PeriodKind::All => "all",
    };
    let caption = move || {
        resolved().map(|p| {
            let now = format::period(p.kind, p.current);
            match p.previous {
                Some(prev) => format!("{now} {} {}", t(Msg::ComparedWith), format::period(p.kind, prev)),
                None => format!("{now} ({})", t(Msg::NoComparison)),
            }
        })
    };
    let is_yoy = move || view_state.query.with(|q| q.comparison == Comparison::Yoy);
    let ymd = |d: i32| {
        let (y, m, dd) = ymd_from_days(d);
        format!("{y:04}-{m:02}-{dd:02}")
    };
    view! {
        <div class="period-bar" data-testid="period-bar">
            <label class="field">
                <span>{t(Msg::Period)}</span>
                <select data-testid="period-kind" on:change=on_kind prop:value=kind_key>
                    <option value="month">{t(Msg::Month)}</option>
                    <option value="quarter">{t(Msg::Quarter)}</option>
                    <option value="year">{t(Msg::Year)}</option>
                    <option value="custom">{t(Msg::CustomRange)}</option>
                    <option value="all">{t(Msg::AllData)}</option>
                </select>
            </label>
            <Show when=move || matches!(kind(), PeriodKind::Month | PeriodKind::Quarter | PeriodKind::Year)>
                <label class="field">
                    <span class="visually-hidden">{t(Msg::Period)}</span>
                    <select data-testid="period-value" on:change=on_choice prop:value=current_value>
                        {move || choices().into_iter().map(|(v, label)| view! { <option value=v>{label}</option> }).collect_view()}
                    </select>
                </label>
            </Show>
            <Show when=move || kind() == PeriodKind::Custom>
                <label class="field"><span>{t(Msg::From)}</span>
                    <input type="date" data-testid="period-from" on:change=on_from
                        prop:value=move || resolved().map(|p| ymd(p.current.from)).unwrap_or_default() />
                </label>
                <label class="field"><span>{t(Msg::To)}</span>
                    <input type="date" data-testid="period-to" on:change=on_to
                        prop:value=move || resolved().map(|p| ymd(p.current.to)).unwrap_or_default() />
                </label>
            </Show>
            // All the data has nothing to be compared with.
            <Show when=move || kind() != PeriodKind::All>
                <label class="field">
                    <span>{t(Msg::CompareWith)}</span>
                    <select data-testid="compare" on:change=on_compare prop:value=move || if is_yoy() { "yoy" } else { "previous" }>
                        <option value="previous">{t(Msg::PreviousPeriod)}</option>
                        <option value="yoy">{t(Msg::SamePeriodLastYear)}</option>
                    </select>
                </label>
            </Show>
            <p class="period-caption" data-testid="period-caption">{caption}</p>
        </div>
    }
}
