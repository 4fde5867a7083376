//! django-split-settings' `include()`: it runs other files in the including
//! module's namespace, in order, as `exec` would. Paths are relative to the
//! including file (the file being included, for a nested `include`);
//! `optional()` tolerates a missing file, a missing required file raises
//! `OSError("No such file: ...")` and Django cannot load the settings. A
//! glob's matches run in name order (the library runs them in the order of
//! the folder listing, which is name order on the file systems projects
//! are checked out on); a file already included is skipped, as the library
//! does.

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::analysis::eval::namespace::Namespace;
use crate::analysis::eval::objects::{ExcClass, Object};
use crate::analysis::eval::value::{Unknown, Value};
use crate::analysis::glob::match_name;

use super::{kwarg, raise, EvalEvent, Flow, Frame, Interp, R};

const INCLUDED_FILE: &str = "__included_file__";

/// `include(*files, scope=None)`.
pub(super) fn include(
    interp: &mut Interp,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let scope = match kwarg(&kwargs, "scope") {
        Some(Value::Object(o)) => match o.as_ref() {
            Object::Namespace(ns) => Some(ns.clone()),
            _ => None,
        },
        Some(Value::None) | None => interp.current_globals(),
        Some(_) => None,
    };
    let Some(scope) = scope else {
        return Ok(Value::unknown(
            "what include() ran, into a scope the evaluator cannot see",
        ));
    };
    let including = {
        let ns = scope.borrow();
        let from = |name: &str| match ns.get(name).map(|b| b.value.clone()) {
            Some(Value::Str(s)) => Some(PathBuf::from(s.as_ref())),
            _ => None,
        };
        from(INCLUDED_FILE).or_else(|| from("__file__"))
    };
    let Some(including) = including else {
        return Ok(Value::unknown(
            "what include() ran: the including file is unknown",
        ));
    };
    let folder = including.parent().unwrap_or(Path::new("/")).to_path_buf();
    let saved = scope.borrow().get(INCLUDED_FILE).map(|b| b.value.clone());
    for arg in args {
        let (pattern, optional) = match &arg {
            Value::Str(s) => (s.clone(), false),
            Value::Object(o) => match o.as_ref() {
                Object::OptionalFile(s) => (s.clone(), true),
                _ => {
                    return Ok(opened(
                        interp,
                        &scope,
                        "an include() argument the evaluator cannot see",
                    ))
                }
            },
            _ => {
                return Ok(opened(
                    interp,
                    &scope,
                    "an include() argument the evaluator cannot see",
                ))
            }
        };
        if optional && pattern.is_empty() {
            continue;
        }
        let joined = folder.join(pattern.as_ref());
        let Some(files) = glob(interp, &joined) else {
            let why = format!("the files `{pattern}` matches, which the evaluator cannot list");
            return Ok(opened(interp, &scope, &why));
        };
        if files.is_empty() && !optional {
            return raise(
                ExcClass::OSError,
                format!("No such file: {}", joined.display()),
            );
        }
        for file in files {
            run_included(interp, &scope, &file)?;
        }
        match &saved {
            Some(v) => interp.set_global(&scope, INCLUDED_FILE, v.clone()),
            None => {
                scope.borrow_mut().bindings.remove(INCLUDED_FILE);
            }
        }
    }
    Ok(Value::None)
}

/// `optional(path)`: a path that may be missing.
pub(super) fn optional(args: &[Value]) -> R<Value> {
    match args.first() {
        Some(Value::Str(s)) => Ok(crate::analysis::eval::objects::object(
            Object::OptionalFile(s.clone()),
        )),
        Some(Value::None) => Ok(crate::analysis::eval::objects::object(
            Object::OptionalFile(Rc::from("")),
        )),
        Some(Value::Unknown(u)) => Ok(Value::Unknown(u.clone())),
        _ => Ok(Value::unknown("an optional() path")),
    }
}

/// Runs one file in `scope`, as `exec(compile(file), scope)`.
fn run_included(interp: &mut Interp, scope: &Rc<RefCell<Namespace>>, path: &Path) -> R<()> {
    if !interp
        .included
        .insert((Rc::as_ptr(scope) as usize, path.to_path_buf()))
    {
        return Ok(());
    }
    let file = match interp.sources.load(path) {
        Ok(f) => f,
        Err(e) => {
            return raise(
                ExcClass::OSError,
                format!("cannot read {}: {e}", path.display()),
            )
        }
    };
    interp.loaded.push(file.clone());
    if let Some(range) = file.syntax.error_range() {
        interp.events.push(EvalEvent::SyntaxError {
            path: path.to_path_buf(),
            range,
        });
    }
    interp.set_global(scope, INCLUDED_FILE, Value::str(&path.to_string_lossy()));
    let frame = Frame {
        file: file.clone(),
        globals: scope.clone(),
        locals: None,
        global_names: RefCell::new(HashSet::new()),
        class_body: false,
    };
    match interp.exec_module_body(&frame, &file.tree, false) {
        Some(exc) => Err(Flow::Raise(exc)),
        None => Ok(()),
    }
}

/// The files a glob names, in name order; `None` when the evaluator cannot
/// list them (a wildcard in a folder name, a character class).
pub(super) fn glob(interp: &Interp, pattern: &Path) -> Option<Vec<PathBuf>> {
    let text = pattern.to_string_lossy();
    if text.contains(['[', ']']) {
        return None;
    }
    let name = pattern.file_name()?.to_string_lossy().into_owned();
    let folder = pattern.parent()?;
    if folder.to_string_lossy().contains(['*', '?']) {
        return None;
    }
    if !name.contains(['*', '?']) {
        return Some(if interp.sources.is_file(pattern) {
            vec![pattern.to_path_buf()]
        } else {
            vec![]
        });
    }
    let mut files: Vec<PathBuf> = interp
        .sources
        .read_dir(folder)
        .into_iter()
        .filter(|e| !e.is_dir)
        .filter(|e| {
            let n = e.path.file_name().map(|n| n.to_string_lossy().into_owned());
            // Python's glob skips hidden files unless the pattern names them.
            n.is_some_and(|n| {
                (name.starts_with('.') || !n.starts_with('.')) && match_name(&name, &n)
            })
        })
        .map(|e| e.path)
        .collect();
    files.sort();
    Some(files)
}

/// What an include the evaluator cannot follow leaves: any name may be set.
fn opened(interp: &mut Interp, scope: &Rc<RefCell<Namespace>>, why: &str) -> Value {
    let reason: Rc<str> = Rc::from(format!("names set by include(): {why}"));
    interp.ns_open(scope, reason.clone());
    Value::Unknown(Unknown { reason })
}
