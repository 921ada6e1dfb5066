//! Memory made ready while the user picks a file.
//!
//! The first write to each page of memory the worker has not used before
//! makes the system supply that page: about 0.35–0.7 ms per MB on these
//! machines. Reading and parsing an 80 MB file fills about 190 MB of fresh
//! memory (the file, its columns, dictionaries: `custdash inspect` peaks at
//! 188 MB resident on orders_1m.csv), and building the dataset more, so
//! that cost fell inside the time from file selected to card. After its
//! warm-up the worker now touches a block of memory a step at a time and
//! frees it; the allocator keeps freed memory for the next allocations, so
//! the file's read and parse land on pages that are already there. A
//! request that arrives in the middle frees the block at once and is
//! answered first.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::DedicatedWorkerGlobalScope;

/// Bytes touched per step, between which requests are answered.
const STEP: usize = 16 << 20;

/// A system page: one write in each makes the system supply it.
const SYSTEM_PAGE: usize = 4096;

/// How much memory to make ready, from `navigator.deviceMemory` (GB, as
/// Chromium reports it: 0.25 to 8; absent elsewhere): 32 MB per GB up to
/// 256 MB, and 64 MB when the device does not say. Enough for an 80 MB file
/// on a laptop; little of a small tablet's memory.
pub fn bytes_for(device_memory_gb: Option<f64>) -> usize {
    const MB: f64 = (1 << 20) as f64;
    let mb = match device_memory_gb {
        Some(gb) if gb.is_finite() && gb > 0.0 => (gb * 32.0).min(256.0),
        _ => 64.0,
    };
    ((mb * MB) as usize / STEP) * STEP
}

/// The block being touched, and how far.
#[derive(Default)]
pub struct Prefault {
    block: RefCell<Option<(Vec<u8>, usize)>>,
}

impl Prefault {
    /// Frees the block (touched or not) for the allocator to reuse.
    pub fn release(&self) {
        self.block.borrow_mut().take();
    }
}

/// Starts touching memory on `scope`'s timer, one step per tick.
pub fn start(prefault: Rc<Prefault>, scope: DedicatedWorkerGlobalScope) {
    let device_memory = js_sys::Reflect::get(&scope, &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"deviceMemory".into()))
        .ok()
        .and_then(|v| v.as_f64());
    let mut block = Vec::new();
    // Memory the browser will not give is not worth a dead worker: a
    // failed allocation would abort it, and the page would start another.
    if block.try_reserve_exact(bytes_for(device_memory)).is_err() || block.capacity() == 0 {
        return;
    }
    *prefault.block.borrow_mut() = Some((block, 0));
    step(prefault, scope);
}

fn step(prefault: Rc<Prefault>, scope: DedicatedWorkerGlobalScope) {
    let done = {
        let mut held = prefault.block.borrow_mut();
        let Some((block, touched)) = held.as_mut() else {
            return;
        };
        let spare = block.spare_capacity_mut();
        let end = (*touched + STEP).min(spare.len());
        for byte in spare[*touched..end].iter_mut().step_by(SYSTEM_PAGE) {
            byte.write(0);
        }
        *touched = end;
        end >= spare.len()
    };
    if done {
        prefault.release();
        return;
    }
    let next = Closure::once_into_js({
        let scope = scope.clone();
        move || step(prefault, scope)
    });
    let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0);
}

#[cfg(test)]
mod tests {
    use super::bytes_for;

    const MB: usize = 1 << 20;

    #[test]
    fn memory_made_ready_follows_the_device() {
        // 32 MB per GB, in whole 16 MB steps, at most 256 MB.
        assert_eq!(bytes_for(Some(8.0)), 256 * MB);
        assert_eq!(bytes_for(Some(16.0)), 256 * MB);
        assert_eq!(bytes_for(Some(4.0)), 128 * MB);
        assert_eq!(bytes_for(Some(2.0)), 64 * MB);
        // 0.5 GB → 16 MB; 0.25 GB → 8 MB, less than one step.
        assert_eq!(bytes_for(Some(0.5)), 16 * MB);
        assert_eq!(bytes_for(Some(0.25)), 0);
        // A browser that does not say, or says nonsense.
        assert_eq!(bytes_for(None), 64 * MB);
        assert_eq!(bytes_for(Some(f64::NAN)), 64 * MB);
        assert_eq!(bytes_for(Some(-1.0)), 64 * MB);
    }
}
