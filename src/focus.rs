//! Keyboard focus follows what a click opened. Without this, a new screen
//! or a segment's panel left the focus on the page itself, so the next Tab
//! started again at the top of the page, and the panel (far below the
//! segment table) opened out of sight.

use wasm_bindgen::JsCast;

/// How often, and how many times, to look for the heading: views draw
/// their heading at once, a segment's panel once the worker has answered.
const LOOK_EVERY_MS: u64 = 50;
const LOOKS: u32 = 100;

/// Focuses (and so scrolls to) the first `h2` inside the element matching
/// `container` whose attribute `attr` equals `value`, if given, as soon as
/// it is in the page. User text stays out of the selector: the attribute is
/// compared, not quoted into CSS.
pub fn heading_when_shown(container: &'static str, attr: Option<(&'static str, String)>) {
    let at_click = active_element();
    look(container, attr, at_click, LOOKS);
}

fn look(container: &'static str, attr: Option<(&'static str, String)>, at_click: Option<web_sys::Element>, left: u32) {
    // The user has gone on to something else (typing in a field, a menu)
    // while the panel was coming: leave the focus where they put it.
    if let Some(now) = active_element() {
        let body = now.tag_name().eq_ignore_ascii_case("body");
        if !body && Some(&now) != at_click.as_ref() {
            return;
        }
    }
    if focus_now(container, attr.as_ref()) || left == 0 {
        return;
    }
    leptos::prelude::set_timeout(
        move || look(container, attr, at_click, left - 1),
        std::time::Duration::from_millis(LOOK_EVERY_MS),
    );
}

fn active_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

fn focus_now(container: &str, attr: Option<&(&'static str, String)>) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return true;
    };
    let Ok(found) = document.query_selector_all(container) else {
        return true;
    };
    for i in 0..found.length() {
        let Some(el) = found.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
            continue;
        };
        if let Some((name, value)) = attr {
            if el.get_attribute(name).as_deref() != Some(value.as_str()) {
                continue;
            }
        }
        let heading = el
            .query_selector("h2")
            .ok()
            .flatten()
            .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(h) = heading {
            // Focusable by script only, not a Tab stop of its own.
            if !h.has_attribute("tabindex") {
                let _ = h.set_attribute("tabindex", "-1");
            }
            let _ = h.focus();
            return true;
        }
    }
    false
}
