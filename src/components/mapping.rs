//! The mapping screen: the role of a file and the field of each column, as
//! guessed, with confidence; every choice can be changed and is remembered
//! for files with the same header.

use analytics::inspect::FileReport;
use analytics::protocol::MappingChoice;
use analytics::roles::{Field, Role};
use leptos::prelude::*;

use crate::i18n::{field_name, role_name, t, type_name, Msg};
use crate::state::{DatasetState, FileStatus};

/// The panel for the selected file (nothing when none is selected).
#[component]
pub fn MappingPanel() -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let selected = move || {
        let id = state.selected.get()?;
        let entry = state.files.with(|f| f.iter().find(|e| e.id == id).cloned())?;
        match entry.status.get() {
            FileStatus::Loaded(report) => Some((id, *report)),
            _ => None,
        }
    };
    move || selected().map(|(id, report)| view! { <MappingEditor id=id report=report /> })
}

fn choice_from(report: &FileReport) -> MappingChoice {
    MappingChoice {
        role: report.role,
        fields: report.columns.iter().map(|c| (c.name.clone(), c.field)).collect(),
    }
}

#[component]
fn MappingEditor(id: u32, report: FileReport) -> impl IntoView {
    let state = expect_context::<DatasetState>();
    let signature = report.header_signature.clone();
    let base = choice_from(&report);
    let (sig_role, base_role) = (signature.clone(), base.clone());
    let on_role = move |ev: leptos::ev::Event| {
        if let Some(role) = Role::from_key(&event_target_value(&ev)) {
            state.set_mapping(
                id,
                &sig_role,
                MappingChoice {
                    role,
                    ..base_role.clone()
                },
            );
        }
    };
    let rows = report
        .columns
        .iter()
        .map(|c| {
            let (column, sig, base) = (c.name.clone(), signature.clone(), base.clone());
            let on_field = move |ev: leptos::ev::Event| {
                let field = Field::from_key(&event_target_value(&ev));
                let mut choice = base.clone();
                for (name, f) in &mut choice.fields {
                    if *name == column {
                        *f = field;
                    } else if field.is_some() && *f == field {
                        *f = None;
                    }
                }
                state.set_mapping(id, &sig, choice);
            };
            let current = c.field.map(Field::key).unwrap_or_default();
            let options = Field::all()
                .into_iter()
                .map(|f| {
                    let key = f.key();
                    let sel = key == current;
                    view! { <option value=key.clone() selected=sel>{field_name(&key)}</option> }
                })
                .collect_view();
            let confidence = (c.confidence * 100.0).round() as u32;
            let level = if c.field.is_none() { "none" } else if confidence >= 90 { "high" } else if confidence >= 60 { "mid" } else { "low" };
            view! {
                <tr data-testid="mapping-row" data-column=c.name.clone() data-field=current.clone()>
                    <th scope="row">{c.name.clone()}</th>
                    <td>{type_name(&serde_json::to_value(c.column_type).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())}</td>
                    <td>
                        <select aria-label=format!("{} {}", t(Msg::FieldHeader), c.name) on:change=on_field>
                            <option value="" selected=current.is_empty()>{t(Msg::NotUsed)}</option>
                            {options}
                        </select>
                    </td>
                    <td><span class=format!("confidence confidence-{level}")>{if c.field.is_some() { format!("{confidence} %") } else { String::new() }}</span></td>
                    <td class="num">{c.bad_values}</td>
                </tr>
            }
        })
        .collect_view();
    let role_options = Role::ALL
        .into_iter()
        .map(|r| view! { <option value=r.key() selected=r == report.role>{role_name(r.key())}</option> })
        .collect_view();
    view! {
        <section class="card mapping" data-testid="mapping-panel" data-file-id=id.to_string() aria-labelledby="mapping-title"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                // Escape closes the panel, as it does a dialog.
                if ev.key() == "Escape" {
                    state.selected.set(None);
                }
            }>
            <header class="mapping-head">
                <div>
                    <h2 id="mapping-title">{t(Msg::MappingTitle)}": "{report.file.clone()}</h2>
                    <p class="muted small">{t(Msg::MappingHelp)}</p>
                </div>
                <button class="btn btn-secondary" on:click=move |_| state.selected.set(None)>{t(Msg::Close)}</button>
            </header>
            <label class="role-select">
                <span>{t(Msg::RoleLabel)}</span>
                <select data-testid="role-select" on:change=on_role>{role_options}</select>
            </label>
            <div class="table-wrap">
                <table class="mapping-table">
                    <thead><tr>
                        <th scope="col">{t(Msg::ColumnHeader)}</th>
                        <th scope="col">{t(Msg::TypeHeader)}</th>
                        <th scope="col">{t(Msg::FieldHeader)}</th>
                        <th scope="col">{t(Msg::ConfidenceHeader)}</th>
                        <th scope="col" class="num">{t(Msg::IssuesHeader)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
