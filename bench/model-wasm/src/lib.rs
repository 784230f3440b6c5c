//! `alloc(n)` for the host to copy bytes in, `load(ptr, len)` (0 = loaded, 1 = refused) and
//! `embed(ptr, len)`, which returns a pointer to the 512 floats.

use composure_model::{Embedding, Model, DIM};
use std::cell::RefCell;

thread_local! {
    static MODEL: RefCell<Option<Model>> = const { RefCell::new(None) };
    static OUT: RefCell<Embedding> = const { RefCell::new([0.0; DIM]) };
}

#[no_mangle]
pub extern "C" fn alloc(n: usize) -> *mut u8 {
    let mut v = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(n));
    v.as_mut_ptr()
}

/// # Safety
/// `ptr..ptr + len` must be bytes the host wrote after `alloc(len)`.
#[no_mangle]
pub unsafe extern "C" fn load(ptr: *const u8, len: usize) -> i32 {
    let bytes = std::slice::from_raw_parts(ptr, len);
    match Model::from_bytes(bytes) {
        Ok(m) => {
            MODEL.with(|cell| *cell.borrow_mut() = Some(m));
            0
        }
        Err(_) => 1,
    }
}

/// # Safety
/// `ptr..ptr + len` must be UTF-8 the host wrote after `alloc(len)`; `load` must have succeeded.
#[no_mangle]
pub unsafe extern "C" fn embed(ptr: *const u8, len: usize) -> *const f32 {
    let text = std::str::from_utf8(std::slice::from_raw_parts(ptr, len)).unwrap_or("");
    let e = MODEL.with(|cell| cell.borrow().as_ref().map(|m| m.embed(text)).unwrap_or([0.0; DIM]));
    OUT.with(|out| {
        *out.borrow_mut() = e;
        out.as_ptr() as *const f32
    })
}
