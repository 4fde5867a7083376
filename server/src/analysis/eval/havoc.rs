//! Code the evaluator cannot run (a loop over unknown values, a statement
//! that raised): what it might bind or mutate becomes unknown.

use std::rc::Rc;

use tree_sitter::Node;

use crate::analysis::eval::namespace::Binding;
use crate::analysis::eval::value::{Extra, Unknown, Value};

use super::{text, Frame, Interp};

impl<'a> Interp<'a> {
    /// Makes every name a block might bind, and every list it might mutate,
    /// unknown: used for code the evaluator cannot run (loops over unknown
    /// values, statements that raised).
    pub fn havoc(&mut self, frame: &Frame, node: Node, reason: &str) {
        let reason: Rc<str> = Rc::from(reason);
        let mut stack = vec![node];
        let mut visited = 0usize;
        while let Some(n) = stack.pop() {
            visited += 1;
            if visited > 100_000 {
                break;
            }
            match n.kind() {
                "assignment" | "augmented_assignment" => {
                    if let Some(l) = n.child_by_field_id(crate::field!("left")) {
                        self.havoc_target(frame, l, &reason);
                    }
                }
                "for_statement" => {
                    if let Some(l) = n.child_by_field_id(crate::field!("left")) {
                        self.havoc_target(frame, l, &reason);
                    }
                }
                "call" => {
                    // setattr(), exec(), globals().update(): code that did not
                    // run may have set any name of the modules being loaded
                    // (a loader that copies a class's attributes onto the
                    // settings module, or runs files in its namespace).
                    if sets_names_dynamically(frame, n) {
                        self.open_loading_modules(&reason);
                    }
                    // X.append(...), X.update(...): X may have changed.
                    if let Some(f) = n.child_by_field_id(crate::field!("function")) {
                        if f.kind() == "attribute" {
                            if let Some(o) = f.child_by_field_id(crate::field!("object")) {
                                let method = f
                                    .child_by_field_id(crate::field!("attribute"))
                                    .map(|a| text(&frame.file, a));
                                if !(method.is_some_and(only_adds)
                                    && self.havoc_grown(frame, o, &reason))
                                {
                                    self.havoc_mutated(frame, o, &reason);
                                }
                            }
                        }
                    }
                }
                "delete_statement" => {
                    let mut c = n.walk();
                    for t in n.named_children(&mut c) {
                        self.havoc_target(frame, t, &reason);
                    }
                }
                "function_definition" | "class_definition" => {
                    if let Some(name) = n.child_by_field_id(crate::field!("name")) {
                        self.havoc_name(frame, text(&frame.file, name), &reason);
                    }
                    continue;
                }
                "import_from_statement" | "import_statement" => {
                    self.ns_open(&frame.globals, reason.clone());
                }
                _ => {}
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
    }

    /// Every module being loaded may have any name set.
    fn open_loading_modules(&mut self, reason: &Rc<str>) {
        let why: Rc<str> = Rc::from(format!(
            "names set dynamically by code that was not run ({reason})"
        ));
        for ns in self.globals_stack.clone() {
            self.ns_open(&ns, why.clone());
        }
    }

    fn havoc_target(&mut self, frame: &Frame, t: Node, reason: &Rc<str>) {
        match t.kind() {
            "identifier" => self.havoc_name(frame, text(&frame.file, t), reason),
            "subscript" | "attribute" => {
                let inner = t
                    .child_by_field_id(crate::field!("value"))
                    .or_else(|| t.child_by_field_id(crate::field!("object")));
                if let Some(i) = inner {
                    self.havoc_mutated(frame, i, reason);
                }
            }
            _ => {
                let mut c = t.walk();
                let kids: Vec<Node> = t.named_children(&mut c).collect();
                for k in kids {
                    self.havoc_target(frame, k, reason);
                }
            }
        }
    }

    fn havoc_name(&mut self, frame: &Frame, name: &str, reason: &Rc<str>) {
        if let Some(l) = &frame.locals {
            l.borrow_mut().insert(
                Rc::from(name),
                Value::Unknown(Unknown {
                    reason: reason.clone(),
                }),
            );
            return;
        }
        let origin = frame
            .globals
            .borrow()
            .get(name)
            .and_then(|b| b.origin.clone());
        self.ns_set(
            &frame.globals,
            Rc::from(name),
            Binding {
                value: Value::Unknown(Unknown {
                    reason: reason.clone(),
                }),
                origin,
                env: Rc::from(vec![]),
                conditional: true,
            },
        );
    }

    /// `X.append(...)` on a list named X, which code the evaluator cannot
    /// run may call: X keeps what it certainly holds and may hold more (so
    /// "X contains Y" stays decided, "X lacks Y" does not). False when X is
    /// not a plain name bound to a list.
    fn havoc_grown(&mut self, frame: &Frame, obj: Node, reason: &Rc<str>) -> bool {
        if obj.kind() != "identifier" {
            return false;
        }
        let name = text(&frame.file, obj);
        let value = match &frame.locals {
            Some(l) => l.borrow().get(name).cloned(),
            None => None,
        }
        .or_else(|| frame.globals.borrow().get(name).map(|b| b.value.clone()));
        let Some(Value::List(l)) = value else {
            return false;
        };
        self.journal_list(&l);
        let mut list = l.borrow_mut();
        if matches!(list.extra, Extra::Exact) {
            list.extra = Extra::MayContainMore(Unknown {
                reason: reason.clone(),
            });
        }
        true
    }

    fn havoc_mutated(&mut self, frame: &Frame, obj: Node, reason: &Rc<str>) {
        let mut base = obj;
        while matches!(base.kind(), "subscript" | "attribute") {
            match base
                .child_by_field_id(crate::field!("value"))
                .or_else(|| base.child_by_field_id(crate::field!("object")))
            {
                Some(b) => base = b,
                None => return,
            }
        }
        if base.kind() != "identifier" {
            return;
        }
        let name = text(&frame.file, base);
        let value = match &frame.locals {
            Some(l) => l.borrow().get(name).cloned(),
            None => None,
        }
        .or_else(|| frame.globals.borrow().get(name).map(|b| b.value.clone()));
        let u = Unknown {
            reason: reason.clone(),
        };
        match value {
            Some(Value::List(l)) => {
                self.journal_list(&l);
                l.borrow_mut().extra = Extra::Uncertain(u)
            }
            Some(Value::Dict(d)) => {
                self.journal_dict(&d);
                d.borrow_mut().extra = Extra::Uncertain(u)
            }
            Some(Value::Object(_)) => {}
            _ => self.havoc_name(frame, name, reason),
        }
    }
}

/// List methods that only add items: after them, what the list held it
/// still holds.
fn only_adds(method: &str) -> bool {
    matches!(method, "append" | "extend" | "insert")
}

/// `setattr(...)`, `exec(...)`, `globals().update(...)` (or `vars()`,
/// `locals()`): a call that can set names no assignment shows.
fn sets_names_dynamically(frame: &Frame, call: Node) -> bool {
    let Some(f) = call.child_by_field_id(crate::field!("function")) else {
        return false;
    };
    match f.kind() {
        "identifier" => matches!(text(&frame.file, f), "setattr" | "exec"),
        "attribute" => f
            .child_by_field_id(crate::field!("object"))
            .filter(|o| o.kind() == "call")
            .and_then(|o| o.child_by_field_id(crate::field!("function")))
            .is_some_and(|g| matches!(text(&frame.file, g), "globals" | "vars" | "locals")),
        _ => false,
    }
}
