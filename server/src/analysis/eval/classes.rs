//! User classes. A class body runs once, when the `class` statement runs,
//! with the module's globals behind it (as Python's class scope); its names
//! become the class's attributes. Calling a class makes an instance and runs
//! its `__init__`. An attribute is found on the instance, then along the
//! classes in method resolution order (depth first, left to right, each
//! class once: Python's order for the hierarchies settings use). A base the
//! evaluator cannot see (a class from an installed package) may define any
//! attribute: a lookup that reaches it is unknown, never an AttributeError.
//! `@property`, `@classmethod` and `@staticmethod` are understood; other
//! decorators make the definition unknown.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use tree_sitter::Node;

use crate::analysis::eval::namespace::{Binding, Namespace, Origin};
use crate::analysis::eval::objects::{object, Builtin, ExcClass, Object};
use crate::analysis::eval::value::{Tri, Unknown, Value};

use super::envlibs::configurations::CONFIGURATION_BASE;
use super::{raise, text, Frame, Interp, R};

/// A class defined in the settings code.
pub struct ClassObj {
    pub name: Rc<str>,
    /// Its attributes, with where each was assigned in the class body.
    pub namespace: Rc<RefCell<Namespace>>,
    pub bases: Vec<Value>,
}

/// An instance of a user class.
pub struct InstanceObj {
    pub class: Value,
    pub namespace: Rc<RefCell<Namespace>>,
}

/// What a decorator the evaluator understands made of a function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Wrapper {
    Property,
    ClassMethod,
    StaticMethod,
}

/// The result of looking an attribute up along a class's MRO.
pub enum Found {
    Attr(Value),
    Missing,
    /// A base the evaluator cannot see may define it.
    Opaque(Unknown),
}

impl<'a> Interp<'a> {
    pub(super) fn exec_class(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        let Some(name_node) = stmt.child_by_field_id(crate::field!("name")) else {
            return Ok(());
        };
        let name: Rc<str> = Rc::from(text(&frame.file, name_node));
        let mut bases = vec![];
        if let Some(args) = stmt.child_by_field_id(crate::field!("superclasses")) {
            let mut c = args.walk();
            let kids: Vec<Node> = args.named_children(&mut c).collect();
            for a in kids {
                match a.kind() {
                    "comment" => {}
                    // `metaclass=...` and other class keywords, `*bases`:
                    // the class may be anything.
                    "keyword_argument" | "list_splat" | "dictionary_splat" => {
                        bases.push(Value::unknown(format!(
                            "the class {name}, made by `{}`",
                            text(&frame.file, a)
                        )));
                    }
                    _ => bases.push(self.eval(frame, a)?),
                }
            }
        }
        let module_name = frame
            .globals
            .borrow()
            .get("__name__")
            .map(|b| b.value.clone())
            .unwrap_or(Value::None);
        let locals: HashMap<Rc<str>, Value> = HashMap::from([
            (Rc::from("__module__"), module_name),
            (Rc::from("__qualname__"), Value::Str(name.clone())),
        ]);
        let body_frame = Frame {
            file: frame.file.clone(),
            globals: frame.globals.clone(),
            locals: Some(RefCell::new(locals)),
            global_names: RefCell::new(HashSet::new()),
            class_body: true,
        };
        let body = stmt.child_by_field_id(crate::field!("body"));
        if let Some(body) = body {
            self.exec_block(&body_frame, body)?;
        }
        let origins = body
            .map(|b| attribute_origins(frame, b))
            .unwrap_or_default();
        let mut namespace = Namespace::default();
        let locals = body_frame
            .locals
            .map(|l| l.into_inner())
            .unwrap_or_default();
        for (k, value) in locals {
            let origin = origins.get(&k).cloned();
            namespace.set(
                k,
                Binding {
                    value,
                    origin,
                    env: Rc::from(vec![]),
                    conditional: false,
                },
            );
        }
        let class = object(Object::Class(ClassObj {
            name: name.clone(),
            namespace: Rc::new(RefCell::new(namespace)),
            bases,
        }));
        let origin = Origin {
            path: frame.file.path.clone(),
            target: name_node.byte_range(),
            value: stmt.byte_range(),
            statement: stmt.byte_range(),
        };
        self.bind_name(frame, name, class, Some(origin));
        Ok(())
    }

    /// `@property`, `@classmethod`, `@staticmethod` on a `def` in a class
    /// body; `None` for anything else.
    pub(super) fn exec_wrapped_def(&mut self, frame: &Frame, stmt: Node) -> R<Option<()>> {
        let Some(def) = stmt.child_by_field_id(crate::field!("definition")) else {
            return Ok(None);
        };
        let mut c = stmt.walk();
        let decorators: Vec<Node> = stmt
            .named_children(&mut c)
            .filter(|n| n.kind() == "decorator")
            .collect();
        let wrapper = match decorators.as_slice() {
            [d] if def.kind() == "function_definition" => match text(&frame.file, *d).trim() {
                "@property" => Wrapper::Property,
                "@classmethod" => Wrapper::ClassMethod,
                "@staticmethod" => Wrapper::StaticMethod,
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        if !frame.class_body {
            return Ok(None);
        }
        self.exec_def(frame, def)?;
        let Some(name) = def.child_by_field_id(crate::field!("name")) else {
            return Ok(Some(()));
        };
        let name: Rc<str> = Rc::from(text(&frame.file, name));
        if let Some(locals) = &frame.locals {
            let mut locals = locals.borrow_mut();
            if let Some(function) = locals.remove(&name) {
                locals.insert(name, object(Object::Wrapped { wrapper, function }));
            }
        }
        Ok(Some(()))
    }

    /// Calling a class: a new instance, initialised by `__init__`.
    pub(super) fn instantiate(
        &mut self,
        class: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        let instance = object(Object::Instance(InstanceObj {
            class: class.clone(),
            namespace: Rc::new(RefCell::new(Namespace::default())),
        }));
        match class_lookup(class, "__init__") {
            Found::Attr(init) => {
                let mut full = vec![instance.clone()];
                full.extend(args);
                self.call(&init, full, kwargs)?;
            }
            Found::Opaque(u) => {
                super::builtins::escape_args(self, &args);
                let kw: Vec<Value> = kwargs.into_iter().map(|(_, v)| v).collect();
                super::builtins::escape_args(self, &kw);
                if let Value::Object(o) = &instance {
                    if let Object::Instance(i) = o.as_ref() {
                        self.ns_open(&i.namespace, u.reason.clone());
                    }
                }
            }
            Found::Missing => {}
        }
        Ok(instance)
    }

    /// `instance.attr`.
    pub(super) fn instance_attr(
        &mut self,
        receiver: &Value,
        inst: &InstanceObj,
        attr: &str,
    ) -> R<Value> {
        if let Some(b) = inst.namespace.borrow().get(attr) {
            return Ok(b.value.clone());
        }
        match class_lookup(&inst.class, attr) {
            Found::Attr(v) => match wrapped(&v) {
                Some((Wrapper::Property, f)) => self.call(&f, vec![receiver.clone()], vec![]),
                Some((Wrapper::ClassMethod, _)) => Ok(bound(&inst.class, attr)),
                Some((Wrapper::StaticMethod, f)) => Ok(f),
                None if is_function(&v) => Ok(bound(receiver, attr)),
                None => Ok(v),
            },
            Found::Opaque(u) => Ok(Value::Unknown(u)),
            Found::Missing => match inst.namespace.borrow().open.clone() {
                Some(reason) => Ok(Value::Unknown(Unknown { reason })),
                None => raise(
                    ExcClass::AttributeError,
                    format!(
                        "'{}' object has no attribute '{attr}'",
                        class_name(&inst.class)
                    ),
                ),
            },
        }
    }

    /// `Class.attr`.
    pub(super) fn class_attr(&mut self, class: &Value, attr: &str) -> R<Value> {
        if attr == "__name__" {
            return Ok(Value::str(&class_name(class)));
        }
        match class_lookup(class, attr) {
            Found::Attr(v) => match wrapped(&v) {
                Some((Wrapper::ClassMethod, _)) => Ok(bound(class, attr)),
                Some((Wrapper::StaticMethod, f)) => Ok(f),
                Some((Wrapper::Property, _)) => Ok(Value::unknown(format!("the property {attr}"))),
                None => Ok(v),
            },
            Found::Opaque(u) => Ok(Value::Unknown(u)),
            Found::Missing => raise(
                ExcClass::AttributeError,
                format!(
                    "type object '{}' has no attribute '{attr}'",
                    class_name(class)
                ),
            ),
        }
    }

    /// `receiver.name(...)` where the receiver is an instance or a class.
    pub(super) fn call_user_method(
        &mut self,
        receiver: &Value,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        let (class, is_instance) = match receiver {
            Value::Object(o) => match o.as_ref() {
                Object::Instance(i) => (i.class.clone(), true),
                Object::Class(_) => (receiver.clone(), false),
                _ => return Ok(Value::unknown(format!("the result of .{name}()"))),
            },
            _ => return Ok(Value::unknown(format!("the result of .{name}()"))),
        };
        let (function, first) = match class_lookup(&class, name) {
            Found::Attr(v) => match wrapped(&v) {
                Some((Wrapper::ClassMethod, f)) => (f, Some(class.clone())),
                Some((Wrapper::StaticMethod, f)) => (f, None),
                Some((Wrapper::Property, _)) => {
                    return Ok(Value::unknown(format!(
                        "the result of calling the property {name}"
                    )))
                }
                None if is_instance => (v, Some(receiver.clone())),
                None => (v, None),
            },
            Found::Opaque(u) => {
                super::builtins::escape_args(self, &args);
                return Ok(Value::Unknown(u));
            }
            Found::Missing => {
                return raise(
                    ExcClass::AttributeError,
                    format!("'{}' object has no attribute '{name}'", class_name(&class)),
                )
            }
        };
        let mut full: Vec<Value> = first.into_iter().collect();
        full.extend(args);
        self.call(&function, full, kwargs)
    }
}

impl<'a> Interp<'a> {
    /// `inspect.getmembers(obj)` of a class or an instance the evaluator
    /// sees whole: every attribute along the MRO (and the instance's own),
    /// sorted by name, each read as `getattr` reads it (properties run).
    pub(super) fn getmembers(&mut self, args: &[Value]) -> R<Value> {
        let (Some(target), None) = (args.first(), args.get(1)) else {
            return Ok(Value::unknown("inspect.getmembers() with a predicate"));
        };
        let (class, instance) = match target {
            Value::Object(o) => match o.as_ref() {
                Object::Instance(i) => (i.class.clone(), Some(i.namespace.clone())),
                Object::Class(_) => (target.clone(), None),
                _ => {
                    return Ok(Value::unknown(
                        "the members of an object the evaluator cannot see",
                    ))
                }
            },
            _ => return Ok(Value::unknown("the members of a value")),
        };
        let mut order = vec![];
        linearize(&class, &mut order, 0);
        let mut names: Vec<Rc<str>> = vec![];
        for c in &order {
            match c {
                Linear::Class(ns) => names.extend(ns.borrow().bindings.keys().cloned()),
                Linear::Opaque(why) => {
                    return Ok(Value::unknown(format!("the members {why} may add")));
                }
            }
        }
        if let Some(ns) = &instance {
            if let Some(why) = ns.borrow().open.clone() {
                return Ok(Value::Unknown(Unknown { reason: why }));
            }
            names.extend(ns.borrow().bindings.keys().cloned());
        }
        names.sort();
        names.dedup();
        let mut members = vec![];
        for name in names {
            let value = self.get_attr(target, &name)?;
            members.push(Value::tuple(vec![Value::Str(name), value]));
        }
        Ok(Value::list(members))
    }

    /// `sys.modules[name]`: a module the evaluation has loaded, by its
    /// dotted name.
    pub(super) fn loaded_module(&self, name: &str) -> Option<Value> {
        self.modules.iter().find_map(|(path, slot)| {
            let ns = match slot {
                super::ModuleSlot::Loading(ns)
                | super::ModuleSlot::Done(ns)
                | super::ModuleSlot::Failed(ns, _) => ns,
            };
            let dotted = ns.borrow().get("__name__").map(|b| b.value.clone());
            match dotted {
                Some(Value::Str(d)) if d.as_ref() == name => Some(object(Object::Module(
                    crate::analysis::eval::objects::ModuleObj {
                        name: d,
                        path: path.clone(),
                        namespace: ns.clone(),
                    },
                ))),
                _ => None,
            }
        })
    }
}

/// Whether a class's MRO reaches a base the evaluator cannot see (whose
/// metaclass may make the class iterable, sized, callable in other ways).
pub fn has_opaque_base(class: &Object) -> bool {
    let Object::Class(c) = class else {
        return false;
    };
    let mut order = vec![];
    for b in &c.bases {
        if !linearize(b, &mut order, 1) {
            return true;
        }
    }
    false
}

/// `isinstance(v, class)` for a user class.
pub fn instance_of(v: &Value, class: &Value) -> Tri {
    let Value::Object(o) = v else {
        return Tri::False;
    };
    let Object::Instance(i) = o.as_ref() else {
        return Tri::False;
    };
    let Value::Object(target) = class else {
        return Tri::False;
    };
    let Object::Class(target) = target.as_ref() else {
        return Tri::False;
    };
    let mut order = vec![];
    linearize(&i.class, &mut order, 0);
    for c in &order {
        match c {
            Linear::Class(ns) if Rc::ptr_eq(ns, &target.namespace) => return Tri::True,
            Linear::Class(_) => {}
            Linear::Opaque(why) => {
                return Tri::Unknown(Unknown::new(format!(
                    "whether {why} derives from {}",
                    target.name
                )))
            }
        }
    }
    Tri::False
}

/// Looks `attr` up along the MRO of `class`.
pub fn class_lookup(class: &Value, attr: &str) -> Found {
    let mut order = vec![];
    linearize(class, &mut order, 0);
    for c in order {
        match c {
            Linear::Class(ns) => {
                if let Some(b) = ns.borrow().get(attr) {
                    return Found::Attr(b.value.clone());
                }
            }
            Linear::Opaque(why) => {
                return Found::Opaque(Unknown::new(format!("{attr}, which {why} may define")))
            }
        }
    }
    Found::Missing
}

enum Linear {
    Class(Rc<RefCell<Namespace>>),
    Opaque(String),
}

/// The classes of `class`'s MRO, each once; a base the evaluator cannot see
/// ends the walk (what follows it cannot be ordered).
fn linearize(class: &Value, out: &mut Vec<Linear>, depth: usize) -> bool {
    if depth > 50 {
        out.push(Linear::Opaque(
            "a class hierarchy too deep to follow".into(),
        ));
        return false;
    }
    let Value::Object(o) = class else {
        out.push(Linear::Opaque(match class {
            Value::Unknown(u) => format!("the base class ({})", u.reason),
            other => format!("a base of type {}", other.type_name()),
        }));
        return false;
    };
    match o.as_ref() {
        Object::Class(c) => {
            if out
                .iter()
                .any(|l| matches!(l, Linear::Class(ns) if Rc::ptr_eq(ns, &c.namespace)))
            {
                return true;
            }
            out.push(Linear::Class(c.namespace.clone()));
            for b in &c.bases {
                if !linearize(b, out, depth + 1) {
                    return false;
                }
            }
            true
        }
        Object::Builtin(Builtin::Object) => true,
        Object::Builtin(Builtin::Library(f)) if *f == CONFIGURATION_BASE => {
            out.push(Linear::Opaque(
                "django-configurations' Configuration (Django's defaults, its own methods)".into(),
            ));
            false
        }
        Object::External(name) => {
            out.push(Linear::Opaque(format!("the base class {name}")));
            false
        }
        _ => {
            out.push(Linear::Opaque(
                "a base class the evaluator cannot see".into(),
            ));
            false
        }
    }
}

pub fn class_name(class: &Value) -> String {
    match class {
        Value::Object(o) => match o.as_ref() {
            Object::Class(c) => c.name.to_string(),
            _ => "object".into(),
        },
        _ => "object".into(),
    }
}

fn wrapped(v: &Value) -> Option<(Wrapper, Value)> {
    match v {
        Value::Object(o) => match o.as_ref() {
            Object::Wrapped { wrapper, function } => Some((*wrapper, function.clone())),
            _ => None,
        },
        _ => None,
    }
}

fn is_function(v: &Value) -> bool {
    matches!(v, Value::Object(o) if matches!(o.as_ref(), Object::Function(_)))
}

fn bound(receiver: &Value, name: &str) -> Value {
    object(Object::BoundMethod {
        receiver: receiver.clone(),
        name: Rc::from(name),
    })
}

/// Where each name of a class body was last assigned or defined.
fn attribute_origins(frame: &Frame, body: Node) -> HashMap<Rc<str>, Origin> {
    let mut out = HashMap::new();
    let mut c = body.walk();
    for stmt in body.named_children(&mut c) {
        let (target, value) = match stmt.kind() {
            "expression_statement" => {
                let Some(inner) = stmt.named_child(0) else {
                    continue;
                };
                if !matches!(inner.kind(), "assignment" | "augmented_assignment") {
                    continue;
                }
                let (Some(l), r) = (
                    inner.child_by_field_id(crate::field!("left")),
                    inner.child_by_field_id(crate::field!("right")),
                ) else {
                    continue;
                };
                (l, r.unwrap_or(inner))
            }
            "function_definition" | "decorated_definition" => {
                let def = if stmt.kind() == "decorated_definition" {
                    stmt.child_by_field_id(crate::field!("definition"))
                        .unwrap_or(stmt)
                } else {
                    stmt
                };
                let Some(n) = def.child_by_field_id(crate::field!("name")) else {
                    continue;
                };
                (n, stmt)
            }
            _ => continue,
        };
        if target.kind() != "identifier" {
            continue;
        }
        out.insert(
            Rc::from(text(&frame.file, target)),
            Origin {
                path: frame.file.path.clone(),
                target: target.byte_range(),
                value: value.byte_range(),
                statement: stmt.byte_range(),
            },
        );
    }
    out
}
