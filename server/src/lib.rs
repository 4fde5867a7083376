//! django-settings-lsp: Django's `check --deploy`, statically, as a language
//! server and a command-line checker.
//!
//! `analysis` is the core and knows nothing about LSP; `cli` and `lsp` are
//! adapters over it.

pub mod analysis;
pub mod cli;
pub mod lsp;

/// Makes tree-sitter allocate with the process's allocator (mimalloc in the
/// binary): parsing is allocation-heavy. Call before any tree-sitter use.
///
/// # Safety
/// No tree-sitter object may exist yet: trees allocated before would be
/// freed by the new allocator.
pub unsafe fn use_mimalloc_for_tree_sitter() {
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(mi_calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
}

unsafe extern "C" fn mi_calloc(count: usize, size: usize) -> *mut std::ffi::c_void {
    match count.checked_mul(size) {
        Some(total) => unsafe { libmimalloc_sys::mi_zalloc(total) },
        None => std::ptr::null_mut(),
    }
}
