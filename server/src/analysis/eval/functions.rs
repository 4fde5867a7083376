//! User functions and lambdas: `def` binds a function, a call evaluates its
//! arguments and runs the body in a frame of its own.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use tree_sitter::Node;

use crate::analysis::eval::objects::{object, ExcClass, FunctionDef, Object};
use crate::analysis::eval::value::{Dict, Extra, Seq, Value};

use super::envlibs::CallSite;
use super::{raise, text, Flow, Frame, Interp, MAX_CALL_DEPTH, R};

impl<'a> Interp<'a> {
    pub(super) fn exec_def(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        let Some(name_node) = stmt.child_by_field_id(crate::field!("name")) else {
            return Ok(());
        };
        let name: Rc<str> = Rc::from(text(&frame.file, name_node));
        let mut defaults = vec![];
        if let Some(params) = stmt.child_by_field_id(crate::field!("parameters")) {
            let mut c = params.walk();
            let ps: Vec<Node> = params.named_children(&mut c).collect();
            for p in ps {
                if matches!(p.kind(), "default_parameter" | "typed_default_parameter") {
                    if let (Some(n), Some(v)) = (
                        p.child_by_field_id(crate::field!("name")),
                        p.child_by_field_id(crate::field!("value")),
                    ) {
                        let dv = self.eval(frame, v)?;
                        defaults.push((Rc::from(text(&frame.file, n)), dv));
                    }
                }
            }
        }
        let def = FunctionDef {
            file: frame.file.clone(),
            start_byte: stmt.start_byte(),
            name: name.clone(),
            globals: frame.globals.clone(),
            defaults,
            // A class body's names are not visible from its methods.
            closure: match &frame.locals {
                Some(l) if !frame.class_body => l.borrow().clone(),
                _ => HashMap::new(),
            },
        };
        self.bind_name(frame, name, object(Object::Function(def)), None);
        Ok(())
    }

    /// `lambda params: body` binds nothing; its value is a function.
    pub(super) fn eval_lambda(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let f = &frame.file;
        let mut defaults = vec![];
        if let Some(params) = node.child_by_field_id(crate::field!("parameters")) {
            let mut c = params.walk();
            let ps: Vec<Node> = params.named_children(&mut c).collect();
            for p in ps {
                if p.kind() == "default_parameter" {
                    if let (Some(n), Some(v)) = (
                        p.child_by_field_id(crate::field!("name")),
                        p.child_by_field_id(crate::field!("value")),
                    ) {
                        let dv = self.eval(frame, v)?;
                        defaults.push((Rc::from(text(f, n)), dv));
                    }
                }
            }
        }
        Ok(object(Object::Function(FunctionDef {
            file: frame.file.clone(),
            start_byte: node.start_byte(),
            name: Rc::from("<lambda>"),
            globals: frame.globals.clone(),
            defaults,
            closure: frame
                .locals
                .as_ref()
                .map(|l| l.borrow().clone())
                .unwrap_or_default(),
        })))
    }

    pub(super) fn eval_call(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let Some(func) = node.child_by_field_id(crate::field!("function")) else {
            return Ok(Value::unknown("an incomplete call"));
        };
        let callee = self.eval(frame, func)?;
        let mut args = vec![];
        let mut kwargs: Vec<(Rc<str>, Value)> = vec![];
        let mut opaque_args = false;
        let arglist = node.child_by_field_id(crate::field!("arguments"));
        // `f(x for x in y)`: the generator expression is the argument list.
        if let Some(g) = arglist.filter(|a| a.kind() == "generator_expression") {
            let v = self.eval(frame, g)?;
            return self.call(&callee, vec![v], vec![]);
        }
        if let Some(arglist) = arglist {
            let mut c = arglist.walk();
            let kids: Vec<Node> = arglist.named_children(&mut c).collect();
            for a in kids {
                match a.kind() {
                    "keyword_argument" => {
                        let (Some(n), Some(v)) = (
                            a.child_by_field_id(crate::field!("name")),
                            a.child_by_field_id(crate::field!("value")),
                        ) else {
                            continue;
                        };
                        let v = self.eval(frame, v)?;
                        kwargs.push((Rc::from(text(&frame.file, n)), v));
                    }
                    "list_splat" => {
                        let v = match a.named_child(0) {
                            Some(i) => self.eval(frame, i)?,
                            None => continue,
                        };
                        match v.iter_items() {
                            Ok((items, Extra::Exact)) => args.extend(items),
                            _ => opaque_args = true,
                        }
                    }
                    "dictionary_splat" => opaque_args = true,
                    "comment" => {}
                    _ => args.push(self.eval(frame, a)?),
                }
            }
        }
        if opaque_args {
            super::builtins::escape_args(self, &args);
            return Ok(Value::unknown("a call with unpacked arguments"));
        }
        let site = CallSite {
            file: frame.file.clone(),
            range: node.byte_range(),
        };
        self.call_at(Some(site), &callee, args, kwargs)
    }

    /// Calls `callee` as the evaluator itself does (a cast, `map`'s
    /// function): the call has no place in the source of its own.
    pub fn call(
        &mut self,
        callee: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        self.call_at(None, callee, args, kwargs)
    }

    /// Calls `callee` for the call at `site`, which the libraries record
    /// their environment reads at while it runs.
    fn call_at(
        &mut self,
        site: Option<CallSite>,
        callee: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        if let Value::Object(o) = callee {
            if let Object::Function(def) = o.as_ref() {
                return self.call_function(def, args, kwargs);
            }
        }
        let outer = std::mem::replace(&mut self.call_site, site);
        let v = super::builtins::call(self, callee, args, kwargs);
        self.call_site = outer;
        let v = v?;
        self.charge_size(&v)?;
        Ok(v)
    }

    /// Binds a call's arguments to the parameters as Python does: named
    /// parameters by keyword, then by position, then by default; `*args`
    /// takes the remaining positional arguments as a tuple and `**kwargs` the
    /// unmatched keywords as a dict (annotated or not); parameters after `*`
    /// or `*args` are keyword-only. A missing argument is Python's TypeError.
    fn bind_parameters(
        &mut self,
        def: &FunctionDef,
        ps: &[Node],
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        locals: &mut HashMap<Rc<str>, Value>,
    ) -> Result<(), R<Value>> {
        let mut positional = args.into_iter();
        let mut keyword_only = false;
        let mut matched: Vec<Rc<str>> = vec![];
        let mut rest_keywords: Option<Rc<str>> = None;
        for p in ps {
            let shape = if p.kind() == "typed_parameter" {
                p.named_child(0).unwrap_or(*p)
            } else {
                *p
            };
            let name_node = match shape.kind() {
                "identifier" => Some(shape),
                "default_parameter" | "typed_default_parameter" => {
                    shape.child_by_field_id(crate::field!("name"))
                }
                "list_splat_pattern" => {
                    let rest: Vec<Value> = positional.by_ref().collect();
                    if let Some(n) = shape.named_child(0) {
                        locals.insert(
                            Rc::from(text(&def.file, n)),
                            Value::Tuple(Rc::new(Seq::exact(rest))),
                        );
                    }
                    keyword_only = true;
                    continue;
                }
                "dictionary_splat_pattern" => {
                    rest_keywords = shape.named_child(0).map(|n| Rc::from(text(&def.file, n)));
                    continue;
                }
                "keyword_separator" => {
                    keyword_only = true;
                    continue;
                }
                "positional_separator" => continue,
                _ => return Err(Ok(Value::unknown(format!("a call to {}", def.name)))),
            };
            let Some(name_node) = name_node else { continue };
            let name: Rc<str> = Rc::from(text(&def.file, name_node));
            let v = if let Some((_, v)) = kwargs.iter().find(|(k, _)| *k == name) {
                v.clone()
            } else if let Some(v) = (!keyword_only).then(|| positional.next()).flatten() {
                v
            } else if let Some((_, v)) = def.defaults.iter().find(|(k, _)| *k == name) {
                v.clone()
            } else {
                return Err(raise(
                    ExcClass::TypeError,
                    format!("{}() missing argument '{name}'", def.name),
                ));
            };
            matched.push(name.clone());
            locals.insert(name, v);
        }
        if let Some(name) = rest_keywords {
            let entries = kwargs
                .into_iter()
                .filter(|(k, _)| !matched.contains(k))
                .map(|(k, v)| (Value::Str(k), v))
                .collect();
            let dict = Dict {
                entries,
                extra: Extra::Exact,
            };
            locals.insert(name, Value::Dict(Rc::new(RefCell::new(dict))));
        }
        Ok(())
    }

    pub(super) fn call_function(
        &mut self,
        def: &FunctionDef,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        if self.call_depth >= MAX_CALL_DEPTH {
            return Ok(Value::unknown(format!(
                "a call to {} nested too deeply",
                def.name
            )));
        }
        let Some(node) = def
            .file
            .tree
            .descendant_for_byte_range(def.start_byte, def.start_byte)
            .and_then(|n| {
                let mut cur = Some(n);
                while let Some(c) = cur {
                    if c.is_named()
                        && matches!(c.kind(), "function_definition" | "lambda")
                        && c.start_byte() == def.start_byte
                    {
                        return Some(c);
                    }
                    cur = c.parent();
                }
                None
            })
        else {
            return Ok(Value::unknown(format!("a call to {}", def.name)));
        };
        let Some(body) = node.child_by_field_id(crate::field!("body")) else {
            return Ok(Value::unknown(format!("a call to {}", def.name)));
        };
        let params = node.child_by_field_id(crate::field!("parameters"));
        let mut locals: HashMap<Rc<str>, Value> = def.closure.clone();
        let ps: Vec<Node> = match params {
            Some(params) => {
                let mut c = params.walk();
                params.named_children(&mut c).collect()
            }
            None => vec![],
        };
        if let Err(e) = self.bind_parameters(def, &ps, args, kwargs, &mut locals) {
            return e;
        }
        let frame = Frame {
            file: def.file.clone(),
            globals: def.globals.clone(),
            locals: Some(RefCell::new(locals)),
            global_names: RefCell::new(HashSet::new()),
            class_body: false,
        };
        self.call_depth += 1;
        self.function_globals.push(def.globals.clone());
        let r = if node.kind() == "lambda" {
            self.eval(&frame, body)
                .map(|v| Err::<(), _>(Flow::Return(v)))
                .and_then(|e| e)
        } else {
            self.exec_block(&frame, body)
        };
        self.call_depth -= 1;
        self.function_globals.pop();
        match r {
            Ok(()) => Ok(Value::None),
            Err(Flow::Return(v)) => Ok(v),
            Err(Flow::Break | Flow::Continue) => Ok(Value::None),
            Err(e) => Err(e),
        }
    }
}
