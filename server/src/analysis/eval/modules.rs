//! Loading modules: a module's file, its namespace in the module cache, its
//! top-level statements run one by one, its syntax errors.

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::Path;
use std::rc::Rc;

use crate::analysis::source::ModuleTree;

use crate::analysis::eval::namespace::Namespace;
use crate::analysis::eval::value::{Seq, Value};
use crate::analysis::imports::dotted_name;
use crate::analysis::source::LoadError;

use super::{plain, Cause, EvalEvent, Exc, Flow, Frame, Interp, ModuleSlot};

impl<'a> Interp<'a> {
    /// Loads (or returns the already loaded) module at `path`, like `import`.
    pub fn load_module(&mut self, path: &Path) -> Result<Rc<RefCell<Namespace>>, LoadError> {
        match self.modules.get(path) {
            Some(ModuleSlot::Loading(ns))
            | Some(ModuleSlot::Done(ns))
            | Some(ModuleSlot::Failed(ns, _)) => return Ok(ns.clone()),
            None => {}
        }
        let file = self.sources.load(path)?;
        self.loaded.push(file.clone());
        let ns = Rc::new(RefCell::new(Namespace::default()));
        {
            let mut n = ns.borrow_mut();
            let name = dotted_name(path, self.sources);
            n.set(Rc::from("__name__"), plain(Value::str(&name)));
            n.set(
                Rc::from("__file__"),
                plain(Value::str(&path.to_string_lossy())),
            );
            let is_package = path.file_name().is_some_and(|f| f == "__init__.py");
            let package = match (is_package, name.rsplit_once('.')) {
                (true, _) => name.clone(),
                (false, Some((parent, _))) => parent.to_string(),
                (false, None) => String::new(),
            };
            n.set(Rc::from("__package__"), plain(Value::str(&package)));
            if is_package {
                // A package's `__path__` is the list of its folders.
                let dir = path.parent().unwrap_or(path).to_string_lossy();
                let folders = Seq::exact(vec![Value::str(&dir)]);
                n.set(
                    Rc::from("__path__"),
                    plain(Value::List(Rc::new(RefCell::new(folders)))),
                );
            }
            for opaque in ["__spec__", "__loader__", "__doc__", "__builtins__"] {
                n.set(
                    Rc::from(opaque),
                    plain(Value::unknown(format!("the module's {opaque}"))),
                );
            }
        }
        self.modules
            .insert(path.to_path_buf(), ModuleSlot::Loading(ns.clone()));
        let frame = Frame {
            file: file.clone(),
            globals: ns.clone(),
            locals: None,
            global_names: RefCell::new(HashSet::new()),
            class_body: false,
        };
        if let Some(range) = file.syntax.error_range() {
            self.events.push(EvalEvent::SyntaxError {
                path: path.to_path_buf(),
                range,
            });
        }
        let is_entry = self.entry_path.as_deref() == Some(path);
        self.globals_stack.push(ns.clone());
        let failed = self.exec_module_body(&frame, &file.tree, is_entry);
        self.globals_stack.pop();
        let slot = match failed {
            Some(exc) => ModuleSlot::Failed(ns.clone(), exc),
            None => ModuleSlot::Done(ns.clone()),
        };
        self.modules.insert(path.to_path_buf(), slot);
        Ok(ns)
    }

    /// Runs top-level statements. An exception that escapes a statement
    /// would make the import fail; it is recorded, and the evaluation goes
    /// on with that statement's names unknown, so one bad line does not hide
    /// the rest of the file.
    /// Returns the exception that escaped an imported module's top level
    /// (Python stops the import there and the importer sees it). The checked
    /// module itself goes on after recording it.
    pub(super) fn exec_module_body(
        &mut self,
        frame: &Frame,
        module: &ModuleTree,
        is_entry: bool,
    ) -> Option<Exc> {
        for stmt in module.statements() {
            let mark = self.taint.len();
            let result = self.exec_stmt(frame, stmt);
            if let Some(why) = self.dynamic_namespace.take() {
                self.ns_open(&frame.globals, why);
            }
            match result {
                Ok(()) => {}
                Err(Flow::Raise(exc)) => {
                    let required = match &exc.cause {
                        Cause::MissingEnv(var) if !self.env.contains_key(var.as_ref()) => {
                            vec![var.to_string()]
                        }
                        Cause::Guard => self.required_from_taint(),
                        _ => vec![],
                    };
                    if !required.is_empty() {
                        self.newly_required.extend(required);
                    } else if !is_entry {
                        self.taint.truncate(mark);
                        let origin = exc
                            .origin
                            .clone()
                            .or_else(|| Some((frame.file.path.clone(), stmt.byte_range())));
                        return Some(Exc { origin, ..exc });
                    } else {
                        let (path, range) = exc
                            .origin
                            .clone()
                            .unwrap_or_else(|| (frame.file.path.clone(), stmt.byte_range()));
                        self.events.push(EvalEvent::LoadFailure {
                            path,
                            range,
                            message: format!("{}: {}", exc.class.name(), exc.message),
                        });
                    }
                    self.havoc(frame, stmt, "the statement raises an exception");
                }
                Err(Flow::Abort(why)) => {
                    self.ns_open(&frame.globals, Rc::from(why));
                    self.taint.truncate(mark);
                    return None;
                }
                Err(Flow::Return(_) | Flow::Break | Flow::Continue) => {}
            }
            self.taint.truncate(mark);
        }
        None
    }

    /// The variable a guard that fired most likely asks for: of the unset
    /// variables its condition read, one read without a default, else with
    /// an empty default, else the first. One at a time: the evaluation
    /// restarts and, if the guard still fires, the next is taken.
    fn required_from_taint(&self) -> Vec<String> {
        self.taint
            .iter()
            .filter(|v| !self.env.contains_key(v.as_ref()))
            .min_by_key(|v| self.read_ranks.get(*v).copied().unwrap_or(2))
            .map(|v| vec![v.to_string()])
            .unwrap_or_default()
    }
}
