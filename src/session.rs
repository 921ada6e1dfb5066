//! The last session's files, kept in the browser's IndexedDB (on this
//! machine only), so a reload brings the dashboard back as it was: the
//! files from here, the view from the URL, the mappings from local storage.
//! Every failure here is silent: without storage the page still works, it
//! just starts empty.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, IdbDatabase, IdbOpenDbRequest, IdbTransactionMode};

const DB: &str = "custdash";
const STORE: &str = "files";

fn open(then: impl FnOnce(IdbDatabase) + 'static) {
    let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) else {
        return;
    };
    let Ok(request) = factory.open_with_u32(DB, 1) else {
        return;
    };
    let upgrade = Closure::once(move |event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    upgrade.forget();
    let req = request.clone();
    let success = Closure::once(move |_: web_sys::Event| {
        if let Some(db) = req.result().ok().and_then(|r| r.dyn_into::<IdbDatabase>().ok()) {
            then(db);
        }
    });
    request.set_onsuccess(Some(success.as_ref().unchecked_ref()));
    success.forget();
}

fn with_store(mode: IdbTransactionMode, then: impl FnOnce(web_sys::IdbObjectStore) + 'static) {
    open(move |db| {
        if let Ok(store) = db
            .transaction_with_str_and_mode(STORE, mode)
            .and_then(|tx| tx.object_store(STORE))
        {
            then(store);
        }
    });
}

/// Keeps a file for the next visit (a file of the same name is replaced);
/// `kept` is called once the browser has stored it.
pub fn save(name: &str, blob: &Blob, kept: impl FnOnce() + 'static) {
    let (name, blob) = (name.to_string(), blob.clone());
    with_store(IdbTransactionMode::Readwrite, move |store| {
        let record = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&record, &"name".into(), &name.as_str().into());
        let _ = js_sys::Reflect::set(&record, &"blob".into(), &blob);
        if let Ok(request) = store.put_with_key(&record, &name.as_str().into()) {
            let done = Closure::once(move |_: web_sys::Event| kept());
            request.set_onsuccess(Some(done.as_ref().unchecked_ref()));
            done.forget();
        }
    });
}

/// Forgets a file.
pub fn forget(name: &str) {
    let name = name.to_string();
    with_store(IdbTransactionMode::Readwrite, move |store| {
        let _ = store.delete(&name.as_str().into());
    });
}

/// Calls `then` with the files of the last session (not called when there are none).
pub fn restore(then: impl FnOnce(Vec<(String, Blob)>) + 'static) {
    with_store(IdbTransactionMode::Readonly, move |store| {
        let Ok(request) = store.get_all() else { return };
        let req = request.clone();
        let done = Closure::once(move |_: web_sys::Event| {
            let Ok(all) = req.result() else { return };
            let items: Vec<(String, Blob)> = js_sys::Array::from(&all)
                .iter()
                .filter_map(|record| {
                    let name = js_sys::Reflect::get(&record, &"name".into()).ok()?.as_string()?;
                    let blob = js_sys::Reflect::get(&record, &"blob".into())
                        .ok()?
                        .dyn_into::<Blob>()
                        .ok()?;
                    Some((name, blob))
                })
                .collect();
            if !items.is_empty() {
                then(items);
            }
        });
        request.set_onsuccess(Some(done.as_ref().unchecked_ref()));
        done.forget();
    });
}
