//! A file's bytes as they arrive, part by part, from the Blob's stream.
//!
//! Where the browser offers it (Chromium does for Blob streams), a BYOB
//! ("bring your own buffer") reader fills one reused buffer: the default
//! reader hands out a new buffer per part, and allocating and first touching
//! 80 MB of fresh buffers cost this worker 60–100 ms per 80 MB file.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStreamByobReader, ReadableStreamDefaultReader};

/// Size of the reused buffer: larger than the parts Chromium's blob pipe
/// delivers (up to 2 MB).
const BUFFER: u32 = 4 << 20;

/// Reads a Blob's parts in order.
pub enum Parts {
    /// Into a buffer that is handed back and forth with the stream.
    Byob(ReadableStreamByobReader, Option<js_sys::ArrayBuffer>),
    /// A new buffer per part.
    Default(ReadableStreamDefaultReader),
}

impl Parts {
    /// Starts reading `blob`.
    pub fn new(blob: &Blob) -> Parts {
        let stream = blob.stream();
        match ReadableStreamByobReader::new(&stream) {
            Ok(reader) => Parts::Byob(reader, Some(js_sys::ArrayBuffer::new(BUFFER))),
            Err(_) => Parts::Default(stream.get_reader().unchecked_into()),
        }
    }

    /// Asks the stream for the next part, into the buffer the last part
    /// handed back. Asked before the last part is parsed, the browser
    /// fetches it meanwhile: a byte stream fetches nothing ahead of a
    /// request, so asking after the parse made the worker wait 0.3–0.8 ms
    /// per 2 MB part.
    pub fn ask(&mut self) -> JsFuture {
        let promise = match self {
            Parts::Byob(reader, buffer) => {
                let buffer = buffer.take().unwrap_or_else(|| js_sys::ArrayBuffer::new(BUFFER));
                reader.read_with_array_buffer_view(&js_sys::Uint8Array::new(&buffer))
            }
            Parts::Default(reader) => reader.read(),
        };
        JsFuture::from(promise)
    }

    /// The part an answered [`Parts::ask`] gave, or `None` at the end. The
    /// returned view is valid until the next ask.
    pub fn part(&mut self, answer: JsValue) -> Result<Option<js_sys::Uint8Array>, JsValue> {
        if js_sys::Reflect::get(&answer, &"done".into())?.is_truthy() {
            return Ok(None);
        }
        let part: js_sys::Uint8Array = js_sys::Reflect::get(&answer, &"value".into())?.unchecked_into();
        if let Parts::Byob(_, buffer) = self {
            // The stream hands the buffer back (moved) inside the part.
            *buffer = Some(part.buffer());
        }
        Ok(Some(part))
    }
}
