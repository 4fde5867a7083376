//! Fault injection for the tests of the crash paths, in debug builds only
//! (release builds have none): analysing a module whose text contains the
//! marker panics when the environment variable of that name is `1`.

#[cfg(debug_assertions)]
pub const MARKER: &str = "DJANGO_SETTINGS_LSP_TEST_PANIC";

#[cfg(debug_assertions)]
pub fn inject(text: &str) {
    if std::env::var(MARKER).as_deref() == Ok("1") && text.contains(MARKER) {
        // Quoting the text, as a failed slice would: the log must not.
        panic!("fault injected by {MARKER} while analysing {text:?}");
    }
}
