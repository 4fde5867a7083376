//! Expressions: literals, strings and f-strings, displays, attributes,
//! subscripts, operators, comparisons, conditionals and comprehensions.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use tree_sitter::Node;

use crate::analysis::eval::objects::ExcClass;
use crate::analysis::eval::strings;
use crate::analysis::eval::value::{Extra, IterError, Seq, Tri, Unknown, Value};

use super::envlibs::CallSite;
use super::{raise, text, tri_value, Flow, Frame, Interp, MAX_DEPTH, MAX_LOOP_ITERATIONS, R};

impl<'a> Interp<'a> {
    pub fn eval(&mut self, frame: &Frame, node: Node) -> R<Value> {
        self.tick()?;
        if self.depth >= MAX_DEPTH {
            return Ok(Value::unknown("an expression nested too deeply"));
        }
        self.depth += 1;
        let r = self.eval_inner(frame, node);
        self.depth -= 1;
        // Displays with unpacking (`[*L]`, `{**D}`) copy what they unpack.
        if let Ok(v @ (Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::Dict(_))) = &r {
            if matches!(node.kind(), "list" | "tuple" | "set" | "dictionary") {
                self.charge_size(v)?;
            }
        }
        r
    }

    fn eval_inner(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let f = &frame.file;
        match node.kind() {
            "integer" => Ok(parse_int(text(f, node))),
            "float" => Ok(text(f, node)
                .replace('_', "")
                .parse::<f64>()
                .map(Value::Float)
                .unwrap_or_else(|_| Value::unknown("a float literal"))),
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            "none" => Ok(Value::None),
            "ellipsis" => Ok(Value::unknown("Ellipsis")),
            "string" => self.eval_string(frame, node),
            "concatenated_string" => self.eval_concatenated(frame, node),
            "identifier" => self.lookup(frame, text(f, node)),
            "parenthesized_expression" => match node.named_child(0) {
                Some(inner) => self.eval(frame, inner),
                None => Ok(Value::tuple(vec![])),
            },
            "list" | "tuple" | "set" | "expression_list" | "pattern_list" => {
                self.eval_display(frame, node)
            }
            "dictionary" => self.eval_dict(frame, node),
            "attribute" => {
                let (Some(obj), Some(attr)) = (
                    node.child_by_field_id(crate::field!("object")),
                    node.child_by_field_id(crate::field!("attribute")),
                ) else {
                    return Ok(Value::unknown("an incomplete expression"));
                };
                let o = self.eval(frame, obj)?;
                self.get_attr(&o, text(f, attr))
            }
            "subscript" => self.eval_subscript(frame, node),
            "call" => self.eval_call(frame, node),
            "binary_operator" => {
                let (Some(l), Some(r), Some(op)) = (
                    node.child_by_field_id(crate::field!("left")),
                    node.child_by_field_id(crate::field!("right")),
                    node.child_by_field_id(crate::field!("operator")),
                ) else {
                    return Ok(Value::unknown("an incomplete expression"));
                };
                let lv = self.eval(frame, l)?;
                let rv = self.eval(frame, r)?;
                self.binop(text(f, op), lv, rv)
            }
            "unary_operator" => self.eval_unary(frame, node),
            "not_operator" => {
                let Some(arg) = node.child_by_field_id(crate::field!("argument")) else {
                    return Ok(Value::unknown("an incomplete expression"));
                };
                let v = self.eval(frame, arg)?;
                Ok(tri_value(v.truthy().negate()))
            }
            "boolean_operator" => self.eval_boolean(frame, node),
            "comparison_operator" => self.eval_comparison(frame, node),
            "conditional_expression" => self.eval_conditional(frame, node),
            "named_expression" => {
                let (Some(name), Some(value)) = (
                    node.child_by_field_id(crate::field!("name")),
                    node.child_by_field_id(crate::field!("value")),
                ) else {
                    return Ok(Value::unknown("an incomplete expression"));
                };
                let v = self.eval(frame, value)?;
                self.bind_name(frame, Rc::from(text(f, name)), v.clone(), None);
                Ok(v)
            }
            "list_comprehension" | "generator_expression" | "set_comprehension" => {
                self.eval_comprehension(frame, node)
            }
            "dictionary_comprehension" => Ok(Value::unknown("a dict comprehension")),
            "lambda" => self.eval_lambda(frame, node),
            "keyword_argument" | "list_splat" | "dictionary_splat" => {
                Ok(Value::unknown("an argument outside a call"))
            }
            "await" | "yield" => Ok(Value::unknown("await/yield")),
            "ERROR" => Ok(Value::unknown("code that does not parse")),
            other => Ok(Value::unknown(format!(
                "an unsupported expression ({other})"
            ))),
        }
    }

    /// Adjacent string literals: `"a" "b"`, `b"a" b"b"`.
    fn eval_concatenated(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let mut c = node.walk();
        let parts: Vec<Node> = node.named_children(&mut c).collect();
        let mut out = String::new();
        let mut bytes: Option<Vec<u8>> = None;
        for p in parts {
            match self.eval(frame, p)? {
                Value::Str(s) => out.push_str(&s),
                Value::Bytes(b) => bytes.get_or_insert_with(Vec::new).extend_from_slice(&b),
                other => return Ok(other),
            }
        }
        Ok(match bytes {
            Some(b) => Value::Bytes(Rc::from(b)),
            None => Value::Str(Rc::from(out)),
        })
    }

    /// `[...]`, `(...)`, `{...}` and bare tuples, with `*` unpacking.
    fn eval_display(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let mut items = vec![];
        let mut extra = Extra::Exact;
        let mut c = node.walk();
        let kids: Vec<Node> = node.named_children(&mut c).collect();
        for k in kids {
            if k.kind() == "comment" {
                continue;
            }
            if k.kind() == "list_splat" {
                let inner = k.named_child(0);
                let v = match inner {
                    Some(i) => self.eval(frame, i)?,
                    None => continue,
                };
                match v.iter_items() {
                    Ok((more, e)) => {
                        items.extend(more);
                        let mut s = Seq {
                            items: vec![],
                            extra: extra.clone(),
                        };
                        s.weaken(&e);
                        extra = s.extra;
                    }
                    Err(IterError::Unknown(u)) => {
                        extra = Extra::MayContainMore(u);
                    }
                    Err(IterError::NotIterable(t)) => {
                        return raise(ExcClass::TypeError, format!("'{t}' object is not iterable"))
                    }
                }
            } else {
                items.push(self.eval(frame, k)?);
            }
        }
        let seq = Seq { items, extra };
        Ok(match node.kind() {
            "list" => Value::List(Rc::new(RefCell::new(seq))),
            "set" => Value::Set(Rc::new(dedup_seq(seq))),
            _ => Value::Tuple(Rc::new(seq)),
        })
    }

    /// `{k: v, **d}`.
    fn eval_dict(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let mut entries: Vec<(Value, Value)> = vec![];
        let mut extra = Extra::Exact;
        let mut c = node.walk();
        let kids: Vec<Node> = node.named_children(&mut c).collect();
        for k in kids {
            match k.kind() {
                "pair" => {
                    let (Some(kn), Some(vn)) = (
                        k.child_by_field_id(crate::field!("key")),
                        k.child_by_field_id(crate::field!("value")),
                    ) else {
                        continue;
                    };
                    let key = self.eval(frame, kn)?;
                    let val = self.eval(frame, vn)?;
                    super::methods::dict::dict_insert(&mut entries, &mut extra, key, val);
                }
                "dictionary_splat" => {
                    let v = match k.named_child(0) {
                        Some(i) => self.eval(frame, i)?,
                        None => continue,
                    };
                    match v {
                        Value::Dict(d) => {
                            let d = d.borrow();
                            for (kk, vv) in d.entries.iter() {
                                super::methods::dict::dict_insert(
                                    &mut entries,
                                    &mut extra,
                                    kk.clone(),
                                    vv.clone(),
                                );
                            }
                            if let Some(u) = match &d.extra {
                                Extra::Exact => None,
                                Extra::MayContainMore(u) | Extra::Uncertain(u) => Some(u.clone()),
                            } {
                                extra = Extra::Uncertain(u);
                            }
                        }
                        Value::Unknown(u) => extra = Extra::Uncertain(u),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        Ok(Value::Dict(Rc::new(RefCell::new(
            crate::analysis::eval::value::Dict { entries, extra },
        ))))
    }

    /// `o[k]` and `o[a:b]`.
    fn eval_subscript(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let Some(obj) = node.child_by_field_id(crate::field!("value")) else {
            return Ok(Value::unknown("an incomplete expression"));
        };
        let o = self.eval(frame, obj)?;
        let mut c = node.walk();
        let subs: Vec<Node> = node
            .children_by_field_id(crate::field_id!("subscript"), &mut c)
            .collect();
        if subs.len() != 1 {
            return Ok(Value::unknown("a multi-dimensional subscript"));
        }
        if subs[0].kind() == "slice" {
            let v = self.eval_slice(frame, o, subs[0])?;
            self.charge_size(&v)?;
            return Ok(v);
        }
        let key = self.eval(frame, subs[0])?;
        // `os.environ["X"]` is an environment read, recorded here.
        let site = CallSite {
            file: frame.file.clone(),
            range: node.byte_range(),
        };
        let outer = self.call_site.replace(site);
        let item = super::subscripts::get_item(self, &o, &key);
        self.call_site = outer;
        item
    }

    /// `-x`, `+x`, `~x`.
    fn eval_unary(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let f = &frame.file;
        let (Some(arg), Some(op)) = (
            node.child_by_field_id(crate::field!("argument")),
            node.child_by_field_id(crate::field!("operator")),
        ) else {
            return Ok(Value::unknown("an incomplete expression"));
        };
        let v = self.eval(frame, arg)?;
        Ok(match (text(f, op), v) {
            ("-", Value::Int(i)) => Value::Int(-i),
            ("-", Value::Bool(b)) => Value::Int(-(b as i64)),
            ("-", Value::Float(x)) => Value::Float(-x),
            ("+", v @ (Value::Int(_) | Value::Float(_))) => v,
            ("+", Value::Bool(b)) => Value::Int(b as i64),
            ("~", Value::Int(i)) => Value::Int(!i),
            (_, Value::Unknown(u)) => Value::Unknown(u),
            (op, v) => {
                return raise(
                    ExcClass::TypeError,
                    format!("bad operand type for unary {op}: '{}'", v.type_name()),
                )
            }
        })
    }

    /// `a and b`, `a or b`.
    fn eval_boolean(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let f = &frame.file;
        let (Some(l), Some(r), Some(op)) = (
            node.child_by_field_id(crate::field!("left")),
            node.child_by_field_id(crate::field!("right")),
            node.child_by_field_id(crate::field!("operator")),
        ) else {
            return Ok(Value::unknown("an incomplete expression"));
        };
        let lv = self.eval(frame, l)?;
        let is_and = text(f, op) == "and";
        match (lv.truthy(), is_and) {
            (Tri::True, true) | (Tri::False, false) => self.eval(frame, r),
            (Tri::False, true) | (Tri::True, false) => Ok(lv),
            (Tri::Unknown(u), _) => {
                // Still evaluate for environment reads; an exception
                // there is not certain to happen.
                let rv = self.eval(frame, r).or_else(uncertain_raise)?;
                if lv.py_eq(&rv) == Tri::True {
                    Ok(rv)
                } else {
                    Ok(Value::Unknown(u))
                }
            }
        }
    }

    /// `a if cond else b`.
    fn eval_conditional(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let mut c = node.walk();
        let parts: Vec<Node> = node.named_children(&mut c).collect();
        if parts.len() != 3 {
            return Ok(Value::unknown("an incomplete expression"));
        }
        let cond = self.eval(frame, parts[1])?;
        match cond.truthy() {
            Tri::True => self.eval(frame, parts[0]),
            Tri::False => self.eval(frame, parts[2]),
            Tri::Unknown(u) => {
                // Either branch may not run: an exception in one is not certain.
                let a = self.eval(frame, parts[0]).or_else(uncertain_raise)?;
                let b = self.eval(frame, parts[2]).or_else(uncertain_raise)?;
                if a == b && !a.is_unknown() {
                    Ok(a)
                } else {
                    Ok(Value::Unknown(Unknown::new(format!(
                        "a conditional expression whose condition the evaluator cannot decide ({})",
                        u.reason
                    ))))
                }
            }
        }
    }

    fn eval_string(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let f = &frame.file;
        let full = text(f, node);
        let mut c = node.walk();
        let kids: Vec<Node> = node.children(&mut c).collect();
        let Some(start) = kids.first().filter(|k| k.kind() == "string_start") else {
            return Ok(Value::unknown("a malformed string"));
        };
        let opening = text(f, *start);
        let d = strings::delims(opening);
        // After a syntax error tree-sitter may close `b"""` with a lone `"`.
        let has_end = kids
            .last()
            .is_some_and(|k| k.kind() == "string_end" && text(f, *k) == &opening[d.prefix_len..]);
        if !has_end || full.len() < d.prefix_len + 2 * d.quote_len {
            return Ok(Value::unknown("an unterminated string"));
        }
        if !d.format {
            let body = &full[d.prefix_len + d.quote_len..full.len() - d.quote_len];
            let decoded = if d.raw {
                Some(body.to_string())
            } else {
                strings::unescape(body, d.bytes)
            };
            let Some(s) = decoded else {
                return Ok(Value::unknown(
                    "a string with an escape the evaluator does not decode",
                ));
            };
            return Ok(if d.bytes {
                Value::Bytes(Rc::from(s.into_bytes()))
            } else {
                Value::Str(Rc::from(s))
            });
        }
        // f-string: literal pieces between interpolations.
        let mut out = String::new();
        let mut pos = start.end_byte();
        let end = kids.last().map(|k| k.start_byte()).unwrap_or(pos);
        for k in kids.iter().filter(|k| k.kind() == "interpolation") {
            let lit = &f.text[pos..k.start_byte()];
            out.push_str(&fstring_literal(lit, d.raw));
            let Some(expr) = k.child_by_field_id(crate::field!("expression")) else {
                return Ok(Value::unknown("an f-string"));
            };
            let has_spec = {
                let mut c2 = k.walk();
                let r = k
                    .named_children(&mut c2)
                    .any(|n| matches!(n.kind(), "format_specifier" | "type_conversion"));
                r
            };
            let v = self.eval(frame, expr)?;
            if has_spec {
                return Ok(Value::unknown("an f-string with a format specification"));
            }
            match super::repr::to_str(&v) {
                Some(s) if crate::analysis::eval::byte_budget::reserve(s.len()) => out.push_str(&s),
                Some(_) => {
                    return Ok(Value::unknown(
                        crate::analysis::eval::byte_budget::OVER_BUDGET,
                    ))
                }
                None => {
                    return Ok(match v {
                        Value::Unknown(u) => Value::Unknown(u),
                        _ if crate::analysis::eval::byte_budget::exhausted() => {
                            Value::unknown(crate::analysis::eval::byte_budget::OVER_BUDGET)
                        }
                        _ => Value::unknown("an f-string"),
                    })
                }
            }
            pos = k.end_byte();
        }
        out.push_str(&fstring_literal(&f.text[pos..end], d.raw));
        Ok(Value::Str(Rc::from(out)))
    }

    fn eval_slice(&mut self, frame: &Frame, o: Value, slice: Node) -> R<Value> {
        // slice children: [start] ':' [stop] [':' step]
        let mut parts: [Option<Value>; 3] = [None, None, None];
        let mut idx = 0;
        let mut c = slice.walk();
        let kids: Vec<Node> = slice.children(&mut c).collect();
        for k in kids {
            if k.kind() == ":" {
                idx += 1;
                if idx > 2 {
                    break;
                }
            } else if k.is_named() {
                parts[idx] = Some(self.eval(frame, k)?);
            }
        }
        super::subscripts::slice(&o, &parts)
    }

    fn eval_comparison(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let f = &frame.file;
        let mut c = node.walk();
        let kids: Vec<Node> = node.children(&mut c).collect();
        // Operands are named; operators are anonymous tokens ("not in" is two).
        let mut operands = vec![];
        let mut ops: Vec<String> = vec![];
        let mut pending_op = String::new();
        for k in kids {
            if k.is_named() {
                if !pending_op.is_empty() {
                    ops.push(std::mem::take(&mut pending_op));
                }
                operands.push(k);
            } else {
                if !pending_op.is_empty() {
                    pending_op.push(' ');
                }
                pending_op.push_str(text(f, k));
            }
        }
        if operands.len() < 2 || ops.len() != operands.len() - 1 {
            return Ok(Value::unknown("an incomplete comparison"));
        }
        let mut left = self.eval(frame, operands[0])?;
        let mut result = Tri::True;
        for (op, rnode) in ops.iter().zip(&operands[1..]) {
            let right = self.eval(frame, *rnode)?;
            let r = super::operators::compare(self, op, &left, &right)?;
            result = result.and(|| r);
            if result == Tri::False {
                return Ok(Value::Bool(false));
            }
            left = right;
        }
        Ok(tri_value(result))
    }

    fn eval_comprehension(&mut self, frame: &Frame, node: Node) -> R<Value> {
        let Some(body) = node.child_by_field_id(crate::field!("body")) else {
            return Ok(Value::unknown("a comprehension"));
        };
        let mut c = node.walk();
        let clauses: Vec<Node> = node
            .named_children(&mut c)
            .filter(|n| matches!(n.kind(), "for_in_clause" | "if_clause"))
            .collect();
        // Comprehensions get their own scope; model it with a local frame.
        let local = Frame {
            file: frame.file.clone(),
            globals: frame.globals.clone(),
            locals: Some(RefCell::new(
                frame
                    .locals
                    .as_ref()
                    .map(|l| l.borrow().clone())
                    .unwrap_or_default(),
            )),
            global_names: RefCell::new(HashSet::new()),
            class_body: false,
        };
        let mut out = vec![];
        let mut extra = Extra::Exact;
        self.comprehend(&local, &clauses, body, &mut out, &mut extra)?;
        let seq = Seq { items: out, extra };
        Ok(match node.kind() {
            "set_comprehension" => Value::Set(Rc::new(dedup_seq(seq))),
            "generator_expression" => Value::Tuple(Rc::new(seq)),
            _ => Value::List(Rc::new(RefCell::new(seq))),
        })
    }

    fn comprehend(
        &mut self,
        frame: &Frame,
        clauses: &[Node],
        body: Node,
        out: &mut Vec<Value>,
        extra: &mut Extra,
    ) -> R<()> {
        let Some((first, rest)) = clauses.split_first() else {
            out.push(self.eval(frame, body)?);
            return Ok(());
        };
        match first.kind() {
            "for_in_clause" => {
                let (Some(left), Some(right)) = (
                    first.child_by_field_id(crate::field!("left")),
                    first.child_by_field_id(crate::field!("right")),
                ) else {
                    return Ok(());
                };
                let it = self.eval(frame, right)?;
                match it.iter_items() {
                    Ok((items, e)) => {
                        if !matches!(e, Extra::Exact) {
                            let mut s = Seq {
                                items: vec![],
                                extra: extra.clone(),
                            };
                            s.weaken(&e);
                            *extra = s.extra;
                        }
                        for item in items.into_iter().take(MAX_LOOP_ITERATIONS) {
                            self.assign(frame, left, item, right, right)?;
                            self.comprehend(frame, rest, body, out, extra)?;
                        }
                        Ok(())
                    }
                    Err(IterError::Unknown(u)) => {
                        *extra = Extra::Uncertain(u);
                        Ok(())
                    }
                    Err(IterError::NotIterable(t)) => {
                        raise(ExcClass::TypeError, format!("'{t}' object is not iterable"))
                    }
                }
            }
            _ => {
                let Some(cond) = first.named_child(0) else {
                    return Ok(());
                };
                let v = self.eval(frame, cond)?;
                match v.truthy() {
                    Tri::True => self.comprehend(frame, rest, body, out, extra),
                    Tri::False => Ok(()),
                    Tri::Unknown(u) => {
                        *extra = Extra::Uncertain(u);
                        Ok(())
                    }
                }
            }
        }
    }

    pub fn lookup(&mut self, frame: &Frame, name: &str) -> R<Value> {
        if let Some(l) = &frame.locals {
            if let Some(v) = l.borrow().get(name) {
                return Ok(v.clone());
            }
        }
        let found = frame.globals.borrow().get(name).cloned();
        if let Some(b) = found {
            self.add_taint(&b.env);
            return Ok(b.value);
        }
        if let Some(v) = super::builtins::builtin_name(name) {
            return Ok(v);
        }
        if let Some(why) = frame.globals.borrow().open.clone() {
            return Ok(Value::Unknown(Unknown { reason: why }));
        }
        if let Some(why) = self.may_define.get(&(Rc::as_ptr(&frame.globals) as usize)) {
            return Ok(Value::Unknown(Unknown {
                reason: why.clone(),
            }));
        }
        raise(ExcClass::NameError, format!("name '{name}' is not defined"))
    }

    pub fn get_attr(&mut self, o: &Value, attr: &str) -> R<Value> {
        super::attributes::get_attr(self, o, attr)
    }
}

fn fstring_literal(lit: &str, raw: bool) -> String {
    let lit = lit.replace("{{", "{").replace("}}", "}");
    if raw {
        lit
    } else {
        strings::unescape(&lit, false).unwrap_or(lit)
    }
}

fn parse_int(t: &str) -> Value {
    let t = t.replace('_', "");
    let lower = t.to_ascii_lowercase();
    let parsed = if let Some(h) = lower.strip_prefix("0x") {
        i64::from_str_radix(h, 16)
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8)
    } else if let Some(b) = lower.strip_prefix("0b") {
        i64::from_str_radix(b, 2)
    } else {
        lower.parse::<i64>()
    };
    parsed
        .map(Value::Int)
        .unwrap_or_else(|_| Value::unknown("an integer too large to evaluate"))
}

/// An exception raised on a path that may not run becomes an unknown value.
fn uncertain_raise(flow: Flow) -> R<Value> {
    match flow {
        Flow::Raise(e) => Ok(Value::unknown(format!(
            "an expression that may raise {}",
            e.class.name()
        ))),
        other => Err(other),
    }
}

fn dedup_seq(seq: Seq) -> Seq {
    let mut items: Vec<Value> = vec![];
    for i in seq.items {
        if !items.iter().any(|x| x.py_eq(&i) == Tri::True) {
            items.push(i);
        }
    }
    Seq {
        items,
        extra: seq.extra,
    }
}
