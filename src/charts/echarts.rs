//! The few ECharts calls the page needs beyond charming's renderer: click
//! events, PNG export, resizing and disposal. ECharts itself is the npm
//! package copied next to index.html.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance.
    #[derive(Clone, Debug)]
    pub type Instance;

    #[wasm_bindgen(js_namespace = echarts, js_name = init, catch)]
    pub fn init(element: &web_sys::Element, theme: JsValue, options: &JsValue) -> Result<Instance, JsValue>;

    #[wasm_bindgen(js_namespace = echarts, js_name = getInstanceByDom)]
    pub fn instance_of(element: &web_sys::Element) -> Option<Instance>;

    #[wasm_bindgen(method, js_name = setOption, catch)]
    pub fn set_option(this: &Instance, option: &JsValue, not_merge: bool) -> Result<(), JsValue>;

    #[wasm_bindgen(method)]
    pub fn on(this: &Instance, event: &str, handler: &js_sys::Function);

    #[wasm_bindgen(method, js_name = getDataURL)]
    pub fn data_url(this: &Instance, options: &JsValue) -> String;

    /// Resizes to `{ width, height }` in CSS pixels, without reading the
    /// element's size from the page (which would force a layout).
    #[wasm_bindgen(method, js_name = resize)]
    pub fn resize_to(this: &Instance, size: &JsValue);

    #[wasm_bindgen(method)]
    pub fn dispose(this: &Instance);
}

/// Whether the ECharts script loaded.
pub fn available() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"echarts".into()).is_ok_and(|v| !v.is_undefined())
}

/// `{ width, height }` in CSS pixels, for `init_sized` and `Instance::resize_to`.
pub fn size(width: f64, height: f64) -> js_sys::Object {
    let size = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&size, &"width".into(), &width.into());
    let _ = js_sys::Reflect::set(&size, &"height".into(), &height.into());
    size
}

/// A canvas chart in `element`, `width` × `height` CSS pixels. Given its
/// size, ECharts does not read the element's (which would make the browser
/// lay out the page at once).
pub fn init_sized(element: &web_sys::Element, width: f64, height: f64) -> Result<Instance, JsValue> {
    let options = size(width, height);
    let _ = js_sys::Reflect::set(&options, &"renderer".into(), &"canvas".into());
    init(element, JsValue::NULL, &options)
}
