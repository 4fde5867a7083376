//! `import` and `from ... import` statements inside the evaluator. Finding
//! the file a name refers to is the Resolver's job (`analysis/imports.rs`).

use std::path::Path;
use std::rc::Rc;

use tree_sitter::Node;

use crate::analysis::eval::namespace::Origin;
use crate::analysis::eval::objects::{object, ExcClass, ModuleObj, Object};
use crate::analysis::eval::value::Value;
use crate::analysis::imports::Resolved;

use super::{display_path, raise, text, Flow, Frame, Interp, ModuleSlot, R};

impl<'a> Interp<'a> {
    pub(super) fn exec_import(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        let mut c = stmt.walk();
        let names: Vec<Node> = stmt
            .children_by_field_id(crate::field_id!("name"), &mut c)
            .collect();
        for n in names {
            let (dotted_node, alias) = if n.kind() == "aliased_import" {
                (
                    n.child_by_field_id(crate::field!("name")),
                    n.child_by_field_id(crate::field!("alias")),
                )
            } else {
                (Some(n), None)
            };
            let Some(dotted_node) = dotted_node else {
                continue;
            };
            let dotted = text(&frame.file, dotted_node).to_string();
            match alias {
                Some(a) => {
                    let module = self.import_module(frame, 0, &dotted)?;
                    self.bind_name(frame, Rc::from(text(&frame.file, a)), module, None);
                }
                None => {
                    // `import a.b` binds `a`.
                    let first = dotted.split('.').next().unwrap_or(&dotted).to_string();
                    let full = self.import_module(frame, 0, &dotted)?;
                    let module = if first == dotted {
                        full
                    } else {
                        self.import_module(frame, 0, &first)?
                    };
                    self.bind_name(frame, Rc::from(first.as_str()), module, None);
                }
            }
        }
        Ok(())
    }

    pub(super) fn exec_import_from(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        let Some(module_node) = stmt.child_by_field_id(crate::field!("module_name")) else {
            return Ok(());
        };
        let (level, dotted) = relative_parts(text(&frame.file, module_node));
        let mut c = stmt.walk();
        let is_star = stmt
            .named_children(&mut c)
            .any(|n| n.kind() == "wildcard_import");
        if is_star {
            let module = self.import_module(frame, level, &dotted)?;
            return self.star_import(frame, &module, stmt);
        }
        let mut c = stmt.walk();
        let names: Vec<Node> = stmt
            .children_by_field_id(crate::field_id!("name"), &mut c)
            .collect();
        let module = self.import_module(frame, level, &dotted)?;
        for n in names {
            let (name_node, alias) = if n.kind() == "aliased_import" {
                (
                    n.child_by_field_id(crate::field!("name")),
                    n.child_by_field_id(crate::field!("alias")),
                )
            } else {
                (Some(n), None)
            };
            let Some(name_node) = name_node else { continue };
            let name = text(&frame.file, name_node).to_string();
            let bound_as = alias
                .map(|a| text(&frame.file, a))
                .unwrap_or(&name)
                .to_string();
            let value = match self.get_attr(&module, &name) {
                Ok(v) => v,
                Err(Flow::Raise(e)) if e.class == ExcClass::AttributeError => {
                    // `from pkg import submodule`
                    let sub = if dotted.is_empty() {
                        name.clone()
                    } else {
                        format!("{dotted}.{name}")
                    };
                    match self.import_module(frame, level, &sub) {
                        Ok(v) => v,
                        // The submodule exists but raised: that exception is
                        // what Python reports.
                        Err(Flow::Raise(e))
                            if !(e.class == ExcClass::ModuleNotFoundError
                                && e.message.contains(&format!("'{sub}'"))) =>
                        {
                            return Err(Flow::Raise(e))
                        }
                        Err(Flow::Raise(_)) => {
                            return raise(
                                ExcClass::ImportError,
                                format!("cannot import name '{name}'"),
                            )
                        }
                        Err(other) => return Err(other),
                    }
                }
                Err(e) => return Err(e),
            };
            let origin = Origin {
                path: frame.file.path.clone(),
                target: name_node.byte_range(),
                value: n.byte_range(),
                statement: stmt.byte_range(),
            };
            self.bind_name(frame, Rc::from(bound_as.as_str()), value, Some(origin));
        }
        Ok(())
    }

    fn star_import(&mut self, frame: &Frame, module: &Value, stmt: Node) -> R<()> {
        let Value::Object(o) = module else {
            return Ok(());
        };
        match o.as_ref() {
            Object::Module(m) => {
                let exports = m.namespace.borrow().star_exports();
                let open = m.namespace.borrow().open.clone();
                for (k, b) in exports {
                    self.ns_set(&frame.globals, k, b);
                }
                if let Some(why) = open {
                    self.ns_open(&frame.globals, why);
                }
                Ok(())
            }
            Object::External(name) if star_exports(name).is_some() => {
                // A module we model: its exports are known, so the star
                // import shadows nothing else.
                for export in star_exports(name).unwrap_or_default() {
                    let value = self.get_attr(module, export)?;
                    let origin = Origin {
                        path: frame.file.path.clone(),
                        target: stmt.byte_range(),
                        value: stmt.byte_range(),
                        statement: stmt.byte_range(),
                    };
                    self.bind_name(frame, Rc::from(*export), value, Some(origin));
                }
                Ok(())
            }
            Object::External(name) => {
                let why: Rc<str> = Rc::from(format!(
                    "`{}` star-imports `{name}`, which is outside the project",
                    text(&frame.file, stmt).trim()
                ));
                self.open_causes.push(super::OpenCause {
                    reason: why.clone(),
                    path: frame.file.path.clone(),
                    range: stmt.byte_range(),
                });
                self.ns_open(&frame.globals, why);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Imports a module by (relative) dotted name, as a value.
    pub fn import_module(&mut self, frame: &Frame, level: usize, dotted: &str) -> R<Value> {
        let resolved = self
            .resolver
            .resolve(self.sources, &frame.file.path, level, dotted);
        match resolved {
            Resolved::File(path) => {
                if !self.resolver.inside(&path) {
                    return Ok(object(Object::External(Rc::from(dotted))));
                }
                let loaded = self.load_module(&path);
                if let Some(ModuleSlot::Failed(_, exc)) = self.modules.get(&path) {
                    return Err(Flow::Raise(exc.clone()));
                }
                match loaded {
                    Ok(ns) => Ok(object(Object::Module(ModuleObj {
                        name: Rc::from(dotted),
                        path,
                        namespace: ns,
                    }))),
                    Err(e) => raise(
                        ExcClass::ImportError,
                        format!("cannot load {}: {e}", display_path(&path)),
                    ),
                }
            }
            Resolved::Modelled(name) => Ok(super::attributes::modelled_module(&name)),
            Resolved::External(name)
                if self.import_guards > 0
                    && !crate::analysis::imports::ALWAYS_INSTALLED
                        .contains(&name.split('.').next().unwrap_or(&name)) =>
            {
                raise(
                    ExcClass::ModuleNotFoundError,
                    format!(
                        "No module named '{name}' (not in the project, and the import is guarded)"
                    ),
                )
            }
            Resolved::External(name) => Ok(object(Object::External(Rc::from(name.as_str())))),
            Resolved::Missing(name) => raise(
                ExcClass::ModuleNotFoundError,
                format!("No module named '{name}'"),
            ),
            Resolved::OutsideProject(name) => Ok(object(Object::External(Rc::from(name.as_str())))),
            Resolved::Installed(path) => Ok(self.load_installed(&path, dotted)),
            Resolved::NotInstalled(name) => {
                let env = self
                    .resolver
                    .site
                    .as_ref()
                    .map(|s| display_path(&s.env))
                    .unwrap_or_default();
                raise(
                    ExcClass::ModuleNotFoundError,
                    format!(
                        "No module named '{name}' (neither in the project nor installed in {env})"
                    ),
                )
            }
        }
    }
}

/// What `from name import *` binds, for a module we model.
fn star_exports(name: &str) -> Option<&'static [&'static str]> {
    super::star_exports::STAR_EXPORTS
        .iter()
        .find(|(m, _)| *m == name)
        .map(|(_, names)| *names)
}

impl<'a> Interp<'a> {
    /// A module of an installed package, read like the project's modules but
    /// within a budget of its own; if it raises, or is too large, it is a
    /// module the evaluator cannot see (an evaluator's gap must not read as
    /// Django's failure to import it).
    fn load_installed(&mut self, path: &Path, dotted: &str) -> Value {
        let opaque = || object(Object::External(Rc::from(dotted)));
        let limit = self.step_limit;
        self.step_limit = limit.min(self.steps + INSTALLED_MODULE_STEPS);
        let loaded = self.load_module(path);
        self.step_limit = limit;
        if let Some(ModuleSlot::Failed(..)) = self.modules.get(path) {
            return opaque();
        }
        match loaded {
            Ok(ns) => object(Object::Module(ModuleObj {
                name: Rc::from(dotted),
                path: path.to_path_buf(),
                namespace: ns,
            })),
            Err(_) => opaque(),
        }
    }
}

/// The work one installed module may take (a tenth of an evaluation's).
const INSTALLED_MODULE_STEPS: u64 = super::MAX_STEPS / 10;

fn relative_parts(s: &str) -> (usize, String) {
    let level = s.chars().take_while(|c| *c == '.').count();
    (level, s[level..].trim().to_string())
}
