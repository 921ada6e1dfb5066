//! A panic anywhere must leave a readable page, not a blank one: the hook
//! logs to the console and writes a message into the page's crash banner.

use wasm_bindgen::JsCast as _;

/// Installs the panic hook.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash(&info.to_string());
    }));
}

/// Shows the crash banner with `detail`; also used when the worker dies.
pub fn show_crash(detail: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(el) = doc.get_element_by_id("crash") else {
        return;
    };
    let text = format!("{} {}", crate::i18n::t(crate::i18n::Msg::CrashBody), detail);
    if let Some(msg) = doc.get_element_by_id("crash-detail") {
        msg.set_text_content(Some(&text));
    }
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        el.set_hidden(false);
    }
}
