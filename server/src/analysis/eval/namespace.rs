//! A module's names, each with where it was set and which environment
//! variables its value was computed from.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::rc::Rc;

use super::value::{CopyMemo, Value};

/// Where a binding was made: the file, the statement and the value expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub path: PathBuf,
    /// The name being bound (the assignment target).
    pub target: Range<usize>,
    /// The expression whose value was bound.
    pub value: Range<usize>,
    /// The whole statement.
    pub statement: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub value: Value,
    pub origin: Option<Origin>,
    /// Environment variables read (directly or through other names) to
    /// compute the value, as they were: unset, or required.
    pub env: Rc<[Rc<str>]>,
    /// A textual condition under which the binding was made, when the
    /// evaluator could not decide it.
    pub conditional: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Namespace {
    pub bindings: HashMap<Rc<str>, Binding>,
    /// Names bound by a star import we could not follow may shadow anything.
    pub open: Option<Rc<str>>,
}

impl Namespace {
    pub fn get(&self, name: &str) -> Option<&Binding> {
        self.bindings.get(name)
    }

    pub fn set(&mut self, name: Rc<str>, binding: Binding) {
        self.bindings.insert(name, binding);
    }

    /// Copies the namespace so that a fork can be changed on its own.
    pub fn fork(&self, memo: &mut CopyMemo) -> Namespace {
        Namespace {
            bindings: self
                .bindings
                .iter()
                .map(|(k, b)| {
                    (
                        k.clone(),
                        Binding {
                            value: b.value.deep_copy(memo),
                            ..b.clone()
                        },
                    )
                })
                .collect(),
            open: self.open.clone(),
        }
    }

    /// Names `from module import *` exports: every public name (no `__all__`
    /// handling beyond a literal list).
    pub fn star_exports(&self) -> Vec<(Rc<str>, Binding)> {
        if let Some(all) = self.bindings.get("__all__") {
            if let Ok((items, super::value::Extra::Exact)) = all.value.iter_items() {
                let names: Vec<Rc<str>> = items
                    .iter()
                    .filter_map(|v| v.as_str().map(Rc::from))
                    .collect();
                return names
                    .into_iter()
                    .filter_map(|n| self.bindings.get(&n).map(|b| (n.clone(), b.clone())))
                    .collect();
            }
        }
        self.bindings
            .iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .map(|(k, b)| (k.clone(), b.clone()))
            .collect()
    }
}
