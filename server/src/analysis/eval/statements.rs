//! Statements: assignments and their targets, `if`, `try`, `raise`, `for`,
//! `while`, `with`, `del`, and the forks of undecidable conditions.

use std::rc::Rc;

use tree_sitter::Node;

use crate::analysis::eval::namespace::{Binding, Origin};
use crate::analysis::eval::objects::{object, Builtin, ExcClass, Object};
use crate::analysis::eval::value::{Extra, IterError, Tri, Value};
use crate::analysis::source::ParsedFile;

use super::{
    plain, raise, raise_guard, text, Cause, Exc, Flow, Frame, Interp, MAX_LOOP_ITERATIONS, R,
};

/// How a value set in one branch of an undecidable `if` is described.
const UNDECIDED_CONDITION: &str = "set under a condition the evaluator cannot decide";

impl<'a> Interp<'a> {
    pub fn exec_block(&mut self, frame: &Frame, block: Node) -> R<()> {
        let mut cursor = block.walk();
        let children: Vec<Node> = block.named_children(&mut cursor).collect();
        for stmt in children {
            self.exec_stmt(frame, stmt)?;
        }
        Ok(())
    }

    pub(super) fn exec_stmt(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        self.tick()?;
        match stmt.kind() {
            "expression_statement" => {
                let mut c = stmt.walk();
                let kids: Vec<Node> = stmt.named_children(&mut c).collect();
                for child in kids {
                    match child.kind() {
                        "assignment" => self.exec_assignment(frame, child, stmt)?,
                        "augmented_assignment" => self.exec_augmented(frame, child, stmt)?,
                        "call" => {
                            // A call made for its effect into code the
                            // evaluator cannot see may define names (a
                            // helper writing into its caller's frame):
                            // reading a name never assigned is then not a
                            // certain NameError.
                            let before = self.unseen_calls;
                            self.eval(frame, child)?;
                            if self.unseen_calls > before {
                                let why: Rc<str> = Rc::from(format!(
                                    "names `{}` may have set in code the evaluator cannot see",
                                    text(&frame.file, child)
                                        .split('(')
                                        .next()
                                        .unwrap_or("")
                                        .trim()
                                ));
                                self.may_define
                                    .entry(Rc::as_ptr(&frame.globals) as usize)
                                    .or_insert(why);
                            }
                        }
                        _ => {
                            self.eval(frame, child)?;
                        }
                    }
                }
                Ok(())
            }
            "if_statement" => self.exec_if(frame, stmt),
            "try_statement" => self.exec_try(frame, stmt),
            "import_statement" => self.exec_import(frame, stmt),
            "import_from_statement" => self.exec_import_from(frame, stmt),
            "future_import_statement" => Ok(()),
            "function_definition" => self.exec_def(frame, stmt),
            "decorated_definition" => {
                if self.exec_wrapped_def(frame, stmt)?.is_some() {
                    return Ok(());
                }
                if let Some(def) = stmt.child_by_field_id(crate::field!("definition")) {
                    // A decorator may replace the function: bind something opaque.
                    let name = def
                        .child_by_field_id(crate::field!("name"))
                        .map(|n| Rc::from(text(&frame.file, n)));
                    if let Some(name) = name {
                        self.bind_name(frame, name, Value::unknown("a decorated definition"), None);
                    }
                }
                Ok(())
            }
            "class_definition" => self.exec_class(frame, stmt),
            "for_statement" => self.exec_for(frame, stmt),
            "while_statement" => self.exec_while(frame, stmt),
            "with_statement" => {
                if let Some(body) = stmt.child_by_field_id(crate::field!("body")) {
                    self.bind_with_targets(frame, stmt);
                    self.exec_block(frame, body)?;
                }
                Ok(())
            }
            "delete_statement" => self.exec_delete(frame, stmt),
            "global_statement" => {
                let mut c = stmt.walk();
                for n in stmt.named_children(&mut c) {
                    frame
                        .global_names
                        .borrow_mut()
                        .insert(Rc::from(text(&frame.file, n)));
                }
                Ok(())
            }
            "return_statement" => {
                let v = match stmt.named_child(0) {
                    Some(e) => self.eval(frame, e)?,
                    None => Value::None,
                };
                Err(Flow::Return(v))
            }
            "raise_statement" => self.exec_raise(frame, stmt),
            "assert_statement" => {
                let Some(cond) = stmt.named_child(0) else {
                    return Ok(());
                };
                match self.eval(frame, cond)?.truthy() {
                    Tri::False => raise_guard(ExcClass::AssertionError, "assert failed"),
                    _ => Ok(()),
                }
            }
            "break_statement" => Err(Flow::Break),
            "continue_statement" => Err(Flow::Continue),
            "ERROR" => {
                // Statements the parser recovered inside an error node still run.
                let mut c = stmt.walk();
                let kids: Vec<Node> = stmt.named_children(&mut c).collect();
                for k in kids {
                    if k.kind().ends_with("statement") || k.kind() == "expression_statement" {
                        self.exec_stmt(frame, k)?;
                    }
                }
                Ok(())
            }
            // pass, assert, comments, print, nonlocal, type aliases, match ...
            "match_statement" => {
                self.havoc(frame, stmt, "a match statement");
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn exec_assignment(&mut self, frame: &Frame, node: Node, stmt: Node) -> R<()> {
        // `A = B = v` nests: assignment(left=A, right=assignment(left=B, right=v)).
        let mut targets = vec![];
        let mut cur = node;
        loop {
            if let Some(l) = cur.child_by_field_id(crate::field!("left")) {
                targets.push(l);
            }
            match cur.child_by_field_id(crate::field!("right")) {
                Some(r) if r.kind() == "assignment" => cur = r,
                Some(r) => {
                    let value = self.eval(frame, r)?;
                    for t in targets {
                        self.assign(frame, t, value.clone(), r, stmt)?;
                    }
                    return Ok(());
                }
                // An annotation without a value binds nothing.
                None => return Ok(()),
            }
        }
    }

    fn exec_augmented(&mut self, frame: &Frame, node: Node, stmt: Node) -> R<()> {
        let (Some(left), Some(right), Some(op)) = (
            node.child_by_field_id(crate::field!("left")),
            node.child_by_field_id(crate::field!("right")),
            node.child_by_field_id(crate::field!("operator")),
        ) else {
            return Ok(());
        };
        let current = self.eval(frame, left)?;
        let rhs = self.eval(frame, right)?;
        let op = text(&frame.file, op).trim_end_matches('=').to_string();
        // `list += iterable` extends in place (aliases see it); others rebind.
        if op == "+" {
            if let Value::List(l) = &current {
                self.journal_list(l);
                match rhs.iter_items() {
                    Ok((items, extra)) => {
                        let mut l = l.borrow_mut();
                        l.items.extend(items);
                        l.weaken(&extra);
                    }
                    Err(IterError::Unknown(u)) => {
                        l.borrow_mut().weaken(&Extra::MayContainMore(u));
                    }
                    Err(IterError::NotIterable(t)) => {
                        return raise(ExcClass::TypeError, format!("'{t}' object is not iterable"))
                    }
                }
                // Still rebinds the name; keep the original origin.
                return Ok(());
            }
        }
        let value = self.binop(&op, current, rhs)?;
        self.assign(frame, left, value, right, stmt)
    }

    /// Binds `value` to an assignment target.
    pub(super) fn assign(
        &mut self,
        frame: &Frame,
        target: Node,
        value: Value,
        value_node: Node,
        stmt: Node,
    ) -> R<()> {
        match target.kind() {
            "identifier" => {
                let name: Rc<str> = Rc::from(text(&frame.file, target));
                let origin = Origin {
                    path: frame.file.path.clone(),
                    target: target.byte_range(),
                    value: value_node.byte_range(),
                    statement: stmt.byte_range(),
                };
                self.bind_name(frame, name, value, Some(origin));
                Ok(())
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list"
            | "expression_list" => {
                let mut c = target.walk();
                let parts: Vec<Node> = target.named_children(&mut c).collect();
                match value.iter_items() {
                    Ok((items, Extra::Exact))
                        if items.len() == parts.len()
                            && !parts.iter().any(|p| p.kind() == "list_splat_pattern") =>
                    {
                        for (p, v) in parts.into_iter().zip(items) {
                            self.assign(frame, p, v, value_node, stmt)?;
                        }
                        Ok(())
                    }
                    Ok((items, Extra::Exact))
                        if !parts.iter().any(|p| p.kind() == "list_splat_pattern") =>
                    {
                        raise(
                            ExcClass::ValueError,
                            format!("cannot unpack {} values into {}", items.len(), parts.len()),
                        )
                    }
                    _ => {
                        for p in parts {
                            let p = if p.kind() == "list_splat_pattern" {
                                match p.named_child(0) {
                                    Some(n) => n,
                                    None => continue,
                                }
                            } else {
                                p
                            };
                            self.assign(
                                frame,
                                p,
                                Value::unknown("an unpacked value"),
                                value_node,
                                stmt,
                            )?;
                        }
                        Ok(())
                    }
                }
            }
            "parenthesized_expression" => match target.named_child(0) {
                Some(inner) => self.assign(frame, inner, value, value_node, stmt),
                None => Ok(()),
            },
            "subscript" => {
                let (Some(obj), Some(key)) = (
                    target.child_by_field_id(crate::field!("value")),
                    target.child_by_field_id(crate::field!("subscript")),
                ) else {
                    return Ok(());
                };
                let container = self.eval(frame, obj)?;
                let key = self.eval(frame, key)?;
                super::subscripts::set_item(self, &container, key, value)
            }
            "attribute" => {
                // `os.environ.x = ...`, `module.X = ...`: set on project modules only.
                if let (Some(obj), Some(attr)) = (
                    target.child_by_field_id(crate::field!("object")),
                    target.child_by_field_id(crate::field!("attribute")),
                ) {
                    let o = self.eval(frame, obj)?;
                    if let Value::Object(o) = o {
                        let name = Rc::from(text(&frame.file, attr));
                        match o.as_ref() {
                            Object::Module(m) => m.namespace.borrow_mut().set(name, plain(value)),
                            Object::Class(c) => self.ns_set(&c.namespace, name, plain(value)),
                            Object::Instance(i) => self.ns_set(&i.namespace, name, plain(value)),
                            _ => {}
                        }
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub fn bind_name(
        &mut self,
        frame: &Frame,
        name: Rc<str>,
        value: Value,
        origin: Option<Origin>,
    ) {
        let mut env: Vec<Rc<str>> = self.taint.clone();
        env.sort();
        env.dedup();
        if let Some(locals) = &frame.locals {
            if !frame.global_names.borrow().contains(&name) {
                locals.borrow_mut().insert(name, value);
                return;
            }
        }
        self.ns_set(
            &frame.globals,
            name,
            Binding {
                value,
                origin,
                env: Rc::from(env),
                conditional: false,
            },
        );
    }

    fn exec_if(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        // Collect (condition, body) arms and the else body.
        let mut arms: Vec<(Option<Node>, Node)> = vec![];
        if let (Some(c), Some(b)) = (
            stmt.child_by_field_id(crate::field!("condition")),
            stmt.child_by_field_id(crate::field!("consequence")),
        ) {
            arms.push((Some(c), b));
        }
        let mut cursor = stmt.walk();
        for alt in stmt.children_by_field_id(crate::field_id!("alternative"), &mut cursor) {
            match alt.kind() {
                "elif_clause" => {
                    if let (Some(c), Some(b)) = (
                        alt.child_by_field_id(crate::field!("condition")),
                        alt.child_by_field_id(crate::field!("consequence")),
                    ) {
                        arms.push((Some(c), b));
                    }
                }
                "else_clause" => {
                    if let Some(b) = alt.child_by_field_id(crate::field!("body")) {
                        arms.push((None, b));
                    }
                }
                _ => {}
            }
        }
        self.exec_arms(frame, &arms)
    }

    fn exec_arms(&mut self, frame: &Frame, arms: &[(Option<Node>, Node)]) -> R<()> {
        let Some(((cond, body), rest)) = arms.split_first() else {
            return Ok(());
        };
        let decided = match cond {
            None => Tri::True,
            Some(c) => {
                let v = self.eval(frame, *c)?;
                v.truthy()
            }
        };
        match decided {
            Tri::True => self.exec_block(frame, *body),
            Tri::False => self.exec_arms(frame, rest),
            Tri::Unknown(u) => {
                // Said once, however deep the conditions nest.
                let reason = if u.reason.starts_with(UNDECIDED_CONDITION) {
                    u.reason.to_string()
                } else {
                    format!("{UNDECIDED_CONDITION} ({})", u.reason)
                };
                self.fork(
                    frame,
                    &reason,
                    |me, f| me.exec_block(f, *body),
                    |me, f| me.exec_arms(f, rest),
                )
            }
        }
    }

    /// Both alternatives of an undecidable condition.
    fn fork(
        &mut self,
        frame: &Frame,
        reason: &str,
        a: impl FnOnce(&mut Self, &Frame) -> R<()>,
        b: impl FnOnce(&mut Self, &Frame) -> R<()>,
    ) -> R<()> {
        if frame.locals.is_none() {
            return self.fork_merge(frame, reason, a, b);
        }
        // Inside functions, keep it simple: both alternatives are possible.
        let ra = a(self, frame);
        let rb = b(self, frame);
        match (ra, rb) {
            (Err(Flow::Abort(w)), _) | (_, Err(Flow::Abort(w))) => Err(Flow::Abort(w)),
            (Err(Flow::Return(_)), _) | (_, Err(Flow::Return(_))) => {
                Err(Flow::Return(Value::unknown(reason.to_string())))
            }
            _ => Ok(()),
        }
    }

    fn exec_try(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        let Some(body) = stmt.child_by_field_id(crate::field!("body")) else {
            return Ok(());
        };
        let mut handlers = vec![];
        let mut else_body = None;
        let mut finally_body = None;
        let mut c = stmt.walk();
        for child in stmt.named_children(&mut c) {
            match child.kind() {
                "except_clause" | "except_group_clause" => handlers.push(child),
                "else_clause" => else_body = child.child_by_field_id(crate::field!("body")),
                "finally_clause" => {
                    let mut c2 = child.walk();
                    finally_body = child.named_children(&mut c2).find(|n| n.kind() == "block");
                }
                _ => {}
            }
        }
        let probe = Exc {
            class: ExcClass::ModuleNotFoundError,
            message: String::new(),
            cause: Cause::Other,
            origin: None,
        };
        let catches_import = handlers
            .iter()
            .any(|h| self.handler_catches(frame, *h, &probe));
        if catches_import {
            self.import_guards += 1;
        }
        let result = self.exec_block(frame, body);
        if catches_import {
            self.import_guards -= 1;
        }
        let result = match result {
            Err(Flow::Raise(exc)) => {
                let mut handled = None;
                for h in &handlers {
                    if self.handler_catches(frame, *h, &exc) {
                        handled = Some(*h);
                        break;
                    }
                }
                match handled {
                    Some(h) => {
                        // Bind `as name` to an opaque exception.
                        let mut hc = h.walk();
                        let kids: Vec<Node> = h.named_children(&mut hc).collect();
                        for k in &kids {
                            if k.kind() == "as_pattern" {
                                if let Some(alias) = k.child_by_field_id(crate::field!("alias")) {
                                    let target = alias.named_child(0).unwrap_or(alias);
                                    self.bind_name(
                                        frame,
                                        Rc::from(text(&frame.file, target)),
                                        object(Object::ExceptionInstance(exc.class)),
                                        None,
                                    );
                                }
                            }
                        }
                        match kids.iter().rev().find(|n| n.kind() == "block") {
                            Some(b) => self.exec_block(frame, *b),
                            None => Ok(()),
                        }
                    }
                    None => Err(Flow::Raise(exc)),
                }
            }
            Ok(()) => match else_body {
                Some(e) => self.exec_block(frame, e),
                None => Ok(()),
            },
            other => other,
        };
        if let Some(f) = finally_body {
            self.exec_block(frame, f)?;
        }
        result
    }

    fn handler_catches(&mut self, frame: &Frame, handler: Node, exc: &Exc) -> bool {
        let mut c = handler.walk();
        let kids: Vec<Node> = handler.named_children(&mut c).collect();
        let type_node = kids.iter().find(|k| k.kind() != "block").copied();
        let Some(mut t) = type_node else {
            return true; // bare `except:`
        };
        if t.kind() == "as_pattern" {
            match t.named_child(0) {
                Some(n) => t = n,
                None => return true,
            }
        }
        let mut names = vec![];
        collect_exception_names(&frame.file, t, &mut names);
        names.iter().any(|n| {
            let last = n.rsplit('.').next().unwrap_or(n);
            if n == "configparser.Error" {
                return ExcClass::ConfigparserError.catches(exc.class);
            }
            match ExcClass::from_name(last) {
                Some(cls) => cls.catches(exc.class),
                None => false,
            }
        })
    }

    fn exec_raise(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        let Some(e) = stmt.named_child(0) else {
            return raise(ExcClass::RuntimeError, "re-raise");
        };
        let v = self.eval(frame, e)?;
        let class = match &v {
            Value::Object(o) => match o.as_ref() {
                Object::ExceptionInstance(c) | Object::Builtin(Builtin::ExceptionClass(c)) => *c,
                _ => ExcClass::Exception,
            },
            _ => ExcClass::Exception,
        };
        // The raise statement's own text is not repeated: it may hold a value.
        let _ = e;
        raise_guard(class, "raised by a `raise` statement")
    }

    fn exec_for(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        let (Some(left), Some(right), Some(body)) = (
            stmt.child_by_field_id(crate::field!("left")),
            stmt.child_by_field_id(crate::field!("right")),
            stmt.child_by_field_id(crate::field!("body")),
        ) else {
            return Ok(());
        };
        let iterable = self.eval(frame, right)?;
        match iterable.iter_items() {
            Ok((items, Extra::Exact)) if items.len() <= MAX_LOOP_ITERATIONS => {
                for item in items {
                    self.assign(frame, left, item, right, stmt)?;
                    match self.exec_block(frame, body) {
                        Ok(()) | Err(Flow::Continue) => {}
                        Err(Flow::Break) => return Ok(()),
                        Err(e) => return Err(e),
                    }
                }
                if let Some(alt) = stmt.child_by_field_id(crate::field!("alternative")) {
                    if let Some(b) = alt.child_by_field_id(crate::field!("body")) {
                        self.exec_block(frame, b)?;
                    }
                }
                Ok(())
            }
            Err(IterError::NotIterable(t)) => {
                raise(ExcClass::TypeError, format!("'{t}' object is not iterable"))
            }
            _ => {
                self.havoc(frame, stmt, "a loop over values the evaluator cannot see");
                self.after_unrun_loop(frame, stmt)
            }
        }
    }

    /// After a loop the evaluator could not run, inside a function: if the
    /// loop may `return`, what follows may not run either (a search loop
    /// that returns what it finds, then raises): the rest of the function
    /// is code the evaluator cannot run, and the call's result is unknown.
    fn after_unrun_loop(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        if frame.locals.is_none() || frame.class_body || !may_return(stmt) {
            return Ok(());
        }
        let mut function = stmt.parent();
        while let Some(f) = function {
            if f.kind() == "function_definition" {
                break;
            }
            function = f.parent();
        }
        if let Some(body) = function.and_then(|f| f.child_by_field_id(crate::field!("body"))) {
            self.havoc(frame, body, "a loop over values the evaluator cannot see");
        }
        Err(Flow::Return(Value::unknown(
            "the result of a function whose loop the evaluator cannot run may return early",
        )))
    }

    /// Runs a `while` loop while its condition is known, at most
    /// MAX_LOOP_ITERATIONS times; past that, or on an unknown condition, what
    /// the loop may change becomes unknown.
    fn exec_while(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        let (Some(cond), Some(body)) = (
            stmt.child_by_field_id(crate::field!("condition")),
            stmt.child_by_field_id(crate::field!("body")),
        ) else {
            return Ok(());
        };
        for _ in 0..MAX_LOOP_ITERATIONS {
            match self.eval(frame, cond)?.truthy() {
                Tri::False => {
                    if let Some(alt) = stmt.child_by_field_id(crate::field!("alternative")) {
                        if let Some(b) = alt.child_by_field_id(crate::field!("body")) {
                            self.exec_block(frame, b)?;
                        }
                    }
                    return Ok(());
                }
                Tri::True => match self.exec_block(frame, body) {
                    Ok(()) | Err(Flow::Continue) => {}
                    Err(Flow::Break) => return Ok(()),
                    Err(e) => return Err(e),
                },
                Tri::Unknown(_) => break,
            }
        }
        self.havoc(frame, stmt, "a while loop");
        self.after_unrun_loop(frame, stmt)
    }

    fn bind_with_targets(&mut self, frame: &Frame, stmt: Node) {
        let mut stack = vec![stmt];
        while let Some(n) = stack.pop() {
            if n.kind() == "as_pattern" {
                if let Some(alias) = n.child_by_field_id(crate::field!("alias")) {
                    let target = alias.named_child(0).unwrap_or(alias);
                    if target.kind() == "identifier" {
                        self.bind_name(
                            frame,
                            Rc::from(text(&frame.file, target)),
                            Value::unknown("a value from a `with` block"),
                            None,
                        );
                    }
                }
                continue;
            }
            if n.kind() == "block" {
                continue;
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
    }

    fn exec_delete(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        let mut c = stmt.walk();
        let mut targets: Vec<Node> = stmt.named_children(&mut c).collect();
        if targets.len() == 1 && targets[0].kind() == "expression_list" {
            let t = targets[0];
            let mut c2 = t.walk();
            targets = t.named_children(&mut c2).collect();
        }
        for t in targets {
            match t.kind() {
                "identifier" => {
                    let name = text(&frame.file, t);
                    match &frame.locals {
                        Some(l) if !frame.global_names.borrow().contains(name) => {
                            l.borrow_mut().remove(name);
                        }
                        _ => self.ns_remove(&frame.globals, name),
                    }
                }
                "subscript" => {
                    let (Some(obj), Some(key)) = (
                        t.child_by_field_id(crate::field!("value")),
                        t.child_by_field_id(crate::field!("subscript")),
                    ) else {
                        continue;
                    };
                    let container = self.eval(frame, obj)?;
                    let key = self.eval(frame, key)?;
                    super::subscripts::del_item(self, &container, &key)?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn collect_exception_names(file: &ParsedFile, node: Node, out: &mut Vec<String>) {
    match node.kind() {
        "identifier" | "attribute" => out.push(text(file, node).to_string()),
        "tuple" | "parenthesized_expression" | "expression_list" => {
            let mut c = node.walk();
            for k in node.named_children(&mut c) {
                collect_exception_names(file, k, out);
            }
        }
        _ => {}
    }
}

/// Whether a statement holds a `return` of its own function (not of a
/// function or lambda defined inside it).
fn may_return(stmt: Node) -> bool {
    let mut stack = vec![stmt];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "return_statement" => return true,
            "function_definition" | "lambda" | "class_definition" => continue,
            _ => {}
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}
