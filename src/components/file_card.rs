//! A card per file: name, role, rows, columns and issues while loaded; a
//! progress bar while loading; the reason when it could not be read.

use analytics::inspect::FileReport;
use analytics::protocol::Stage;
use leptos::prelude::*;

use crate::format;
use crate::i18n::{bad_values, role_name, t, Msg};
use crate::state::{DatasetState, FileEntry, FileStatus};

/// One file's card.
#[component]
pub fn FileCard(entry: FileEntry) -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let FileEntry {
        id,
        name,
        size,
        status,
        timing,
        kept,
    } = entry;
    let (timing_read, timing_encode) = (timing.clone(), timing.clone());
    let name_for_remove = name.clone();
    let status_attrs = status.clone();
    let body = move || match status.get() {
        FileStatus::Loading { stage, done } => {
            let (label, share) = match stage {
                Stage::Reading => (t(Msg::Reading), done * 0.5),
                Stage::Parsing => (t(Msg::Parsing), 0.5 + done * 0.5),
            };
            view! {
                <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                    aria-valuenow=format!("{:.0}", share * 100.0) data-testid="file-progress">
                    <div class="progress-bar" style=format!("transform: scaleX({share:.3})")></div>
                </div>
                <p class="muted small">{label}" · "{format::percent(share)}</p>
            }
            .into_any()
        }
        FileStatus::Failed(message) => view! {
            <div class="file-error" data-testid="file-error" role="alert">
                <strong>{t(Msg::Failed)}</strong>
                <p>{message}</p>
            </div>
        }
        .into_any(),
        FileStatus::Loaded(report) => view! { <LoadedBody id=id report=*report /> }.into_any(),
    };
    // The card's test hooks: role, good rows, bad values and state.
    let card_attrs = Memo::new(move |_| match status_attrs.get() {
        FileStatus::Loaded(r) => (
            r.role.key().to_string(),
            r.rows.to_string(),
            r.bad_values.to_string(),
            "loaded",
        ),
        FileStatus::Failed(_) => (String::new(), String::new(), String::new(), "failed"),
        FileStatus::Loading { .. } => (String::new(), String::new(), String::new(), "loading"),
    });
    view! {
        <article
            class="card file-card"
            data-testid="file-card"
            data-file=name.clone()
            data-role=move || card_attrs.get().0
            data-rows=move || card_attrs.get().1
            data-issues=move || card_attrs.get().2
            data-state=move || card_attrs.get().3
            data-read-ms=move || format!("{:.0}", timing_read.get().read_ms)
            data-parse-ms=move || format!("{:.0}", timing.get().parse_ms)
            data-encode-ms=move || timing_encode.get().encode_ms.map(|ms| format!("{ms:.0}"))
            data-kept=move || kept.get().to_string()
        >
            <header class="file-card-head">
                <div class="file-title">
                    <h3 title=name.clone()>{name.clone()}</h3>
                    <span class="muted small">{format::bytes(size)}</span>
                </div>
                <button
                    class="btn-icon"
                    aria-label=format!("{} {}", t(Msg::RemoveFile), name_for_remove)
                    title=t(Msg::RemoveFile)
                    on:click=move |_| state.remove(id)
                >"×"</button>
            </header>
            {body}
        </article>
    }
}

#[component]
fn LoadedBody(id: u32, report: FileReport) -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let issues = report.bad_values;
    let problem_columns: Vec<_> = report.columns.iter().filter(|c| c.bad_values > 0).cloned().collect();
    let source = [
        // No-break spaces: "Separator: ;" must not leave ";" alone on a line.
        report
            .encoding
            .clone()
            .map(|e| format!("{}:\u{a0}{e}", t(Msg::Encoding))),
        report.delimiter.clone().map(|d| {
            format!(
                "{}:\u{a0}{}",
                t(Msg::Delimiter),
                if d == "\t" { t(Msg::Tab) } else { &d }
            )
        }),
        report
            .sheet
            .clone()
            .filter(|_| report.sheets.len() <= 1)
            .map(|s| format!("{}:\u{a0}{s}", t(Msg::Sheet))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let ragged = report.ragged_rows.count;
    let issue_class = if issues > 0 { "warn" } else { "" };
    view! {
        <div class="role-line">
            <span class=format!("role-badge role-{}", report.role.key())>{role_name(report.role.key())}</span>
        </div>
        <dl class="stats">
            <div><dt>{t(Msg::Rows)}</dt><dd class="num">{format::int(report.rows)}</dd></div>
            <div><dt>{t(Msg::Columns)}</dt><dd class="num">{format::int(report.columns.len())}</dd></div>
            <div class=issue_class><dt>{t(Msg::BadValues)}</dt><dd class="num">{format::int(issues)}</dd></div>
        </dl>
        <p class="muted small source">{source}</p>
        {(report.sheets.len() > 1).then(|| {
            let current = report.sheet.clone().unwrap_or_default();
            view! {
                <label class="sheet-select small">
                    <span>{t(Msg::Sheet)}</span>
                    <select data-testid="sheet-select" on:change=move |ev| state.choose_sheet(id, event_target_value(&ev))>
                        {report.sheets.iter().map(|name| {
                            let selected = *name == current;
                            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }
        })}
        {(ragged > 0).then(|| view! { <p class="small warn-text">{format::int(ragged)}" "{t(Msg::RaggedRows)}</p> })}
        {(!problem_columns.is_empty()).then(|| view! {
            <details class="issues">
                <summary>{t(Msg::IssueDetails)}</summary>
                <ul>
                    {problem_columns.into_iter().map(|c| view! {
                        <li data-testid="column-issue" data-column=c.name.clone() data-bad=c.bad_values.to_string()>
                            <strong>{c.name.clone()}</strong>": "{format::int(c.bad_values)}" "{bad_values(c.bad_values)}
                            <ul class="samples">
                                {c.bad_samples.into_iter().map(|s| view! {
                                    <li>{t(Msg::Row)}" "{s.row}": "<code>{s.raw}</code></li>
                                }).collect_view()}
                            </ul>
                        </li>
                    }).collect_view()}
                </ul>
            </details>
        })}
        <button class="btn btn-link" on:click=move |_| open_mapping(state, id)>{t(Msg::EditMapping)}</button>
    }
}

/// Opens the mapping panel for a file and moves the focus (and the view)
/// to it: it opens below every card, and Escape there closes it.
fn open_mapping(state: DatasetState, id: u32) {
    state.selected.set(Some(id));
    crate::focus::heading_when_shown("[data-testid=mapping-panel]", Some(("data-file-id", id.to_string())));
}
