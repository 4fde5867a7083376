//! For the evaluator's unit tests: a module (or a project, as the fixtures
//! of `server/tests/fixtures.rs` write it) evaluated in memory, and what a
//! name ends up bound to, shown as Python would print it.

use std::path::PathBuf;

use super::driver::{evaluate, Evaluation};
use super::repr;
use super::value::Value;
use crate::analysis::source::MemorySources;

/// Evaluates `text` as `/proj/settings.py` of a project with a `manage.py`.
pub(crate) fn evaluate_module(text: &str) -> Evaluation {
    let mut sources = MemorySources::new();
    sources.put("/proj/manage.py", "");
    sources.put("/proj/settings.py", text);
    evaluate(&PathBuf::from("/proj/settings.py"), &sources).expect("the module loads")
}

/// What `name` is bound to after `text` runs: its repr, `?(reason)` for an
/// unknown value, `-` when it is not bound.
pub(crate) fn value_of(text: &str, name: &str) -> String {
    let eval = evaluate_module(text);
    show(eval.namespace.get(name).map(|b| &b.value))
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "-".into(),
        Some(Value::Unknown(u)) => format!("?({})", u.reason),
        Some(v) => repr(v).unwrap_or_else(|| format!("<{}>", v.type_name())),
    }
}
