//! Memory held after an evaluation is given back: the language server runs
//! for days and evaluates on every edit and every code-action request. The
//! evaluator's values are reference counted and functions hold the
//! namespaces that hold them, so cycles are broken when an evaluation ends;
//! these tests count live heap bytes around repeated evaluations.

#[path = "../benches/support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::Arc;

use django_settings_lsp::{evaluate, fixes_for, report, suppress_fix, DiskSources, OverlaySources};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Live bytes added by `runs` more rounds of `round`, after two to warm up.
fn growth(runs: usize, mut round: impl FnMut()) -> isize {
    round();
    round();
    let before = LIVE.load(Ordering::Relaxed);
    for _ in 0..runs {
        round();
    }
    LIVE.load(Ordering::Relaxed) - before
}

fn module(text: &str) -> (PathBuf, DiskSources, String) {
    (
        PathBuf::from("/nonexistent-memory-test/proj/settings.py"),
        DiskSources::new(),
        text.to_string(),
    )
}

// One test function: the counter is process-wide, and tests in one binary
// run on parallel threads.
#[test]
fn evaluations_and_fix_proofs_give_their_memory_back() {
    let cases = [
        // Helper functions (a function and its module hold each other).
        ("generated 200-line module", support::settings_module(200)),
        // A required variable: evaluation restarts, abandoning an attempt.
        (
            "restart",
            "import os\ndef f():\n    return NAMES\nNAMES = ['n%d' % i for i in range(500)]\nSECRET_KEY = os.environ['SECRET_KEY']\nDEBUG = False\n".to_string(),
        ),
        // A nested function holding itself through its enclosing frame.
        (
            "closure cycle",
            "def outer():\n    items = ['x' * 50] * 200\n    def inner():\n        return inner, items\n    return inner\nF = outer()\nG = outer()\nDEBUG = True\n".to_string(),
        ),
    ];
    let mut leaks = vec![];
    for (name, text) in cases {
        let (path, disk, text) = module(&text);
        let mut sources = OverlaySources::new(&disk);
        sources.put(path.clone(), Arc::from(text.as_str()));
        let grown = growth(20, || {
            let eval = evaluate(&path, &sources).expect("in memory");
            let rep = report(&eval);
            for f in rep.findings.iter().chain(&rep.notes) {
                let _ = fixes_for(&eval, f, &sources);
                let _ = suppress_fix(&eval, f);
            }
        });
        // Allocator and cache noise stays far below one evaluation's size.
        if grown > 16 << 10 {
            leaks.push(format!("{name}: {grown} bytes more after 20 evaluations"));
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}
