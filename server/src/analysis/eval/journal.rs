//! Undecidable conditions run both alternatives and merge them. Instead of
//! copying the whole namespace for each alternative (quadratic on big
//! modules), every write records the state it replaces in the open journals;
//! an alternative is undone from its journal, and only what either
//! alternative touched is merged.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::namespace::{Binding, Namespace};
use super::value::{seq_contains, Dict, Extra, Seq, Tri, Unknown, Value};
use crate::analysis::eval::{Flow, Frame, Interp};

type R<T> = Result<T, Flow>;

#[derive(Default)]
pub struct Journal {
    /// The namespace whose names are journaled.
    ns: usize,
    names: HashMap<Rc<str>, Option<Binding>>,
    open: Option<Option<Rc<str>>>,
    lists: HashMap<usize, (Rc<RefCell<Seq>>, Seq)>,
    dicts: HashMap<usize, (Rc<RefCell<super::value::Dict>>, super::value::Dict)>,
}

/// What one alternative left behind.
struct Outcome {
    names: HashMap<Rc<str>, Option<Binding>>,
    open: Option<Rc<str>>,
    lists: HashMap<usize, (Rc<RefCell<Seq>>, Seq)>,
    dicts: HashMap<usize, (Rc<RefCell<Dict>>, Dict)>,
}

fn ns_key(ns: &Rc<RefCell<Namespace>>) -> usize {
    Rc::as_ptr(ns) as usize
}

impl Interp<'_> {
    /// Call before changing `name` in `ns`.
    pub(crate) fn journal_name(&mut self, ns: &Rc<RefCell<Namespace>>, name: &Rc<str>) {
        if self.journals.is_empty() {
            return;
        }
        let key = ns_key(ns);
        let current = ns.borrow().get(name).cloned();
        for j in self.journals.iter_mut().filter(|j| j.ns == key) {
            j.names
                .entry(name.clone())
                .or_insert_with(|| current.clone());
        }
    }

    /// Call before changing `ns.open`.
    pub(crate) fn journal_open(&mut self, ns: &Rc<RefCell<Namespace>>) {
        let key = ns_key(ns);
        let current = ns.borrow().open.clone();
        for j in self.journals.iter_mut().filter(|j| j.ns == key) {
            j.open.get_or_insert_with(|| current.clone());
        }
    }

    /// Call before mutating a list in place.
    pub(crate) fn journal_list(&mut self, l: &Rc<RefCell<Seq>>) {
        if self.journals.is_empty() {
            return;
        }
        let key = Rc::as_ptr(l) as usize;
        for j in self.journals.iter_mut() {
            j.lists
                .entry(key)
                .or_insert_with(|| (l.clone(), l.borrow().clone()));
        }
    }

    /// Call before mutating a dict in place.
    pub(crate) fn journal_dict(&mut self, d: &Rc<RefCell<Dict>>) {
        if self.journals.is_empty() {
            return;
        }
        let key = Rc::as_ptr(d) as usize;
        for j in self.journals.iter_mut() {
            j.dicts
                .entry(key)
                .or_insert_with(|| (d.clone(), d.borrow().clone()));
        }
    }

    /// Records any mutable container in `v` (used before handing it to code
    /// that may change it).
    pub(crate) fn journal_value(&mut self, v: &Value) {
        match v {
            Value::List(l) => self.journal_list(l),
            Value::Dict(d) => self.journal_dict(d),
            _ => {}
        }
    }

    /// Sets a name in a namespace, journaled.
    pub(crate) fn ns_set(&mut self, ns: &Rc<RefCell<Namespace>>, name: Rc<str>, binding: Binding) {
        self.journal_name(ns, &name);
        ns.borrow_mut().set(name, binding);
    }

    pub(crate) fn ns_remove(&mut self, ns: &Rc<RefCell<Namespace>>, name: &str) {
        let name: Rc<str> = Rc::from(name);
        self.journal_name(ns, &name);
        ns.borrow_mut().bindings.remove(&name);
    }

    pub(crate) fn ns_open(&mut self, ns: &Rc<RefCell<Namespace>>, why: Rc<str>) {
        self.journal_open(ns);
        ns.borrow_mut().open = Some(why);
    }

    /// Runs one alternative under a journal, returns what it left, and undoes it.
    fn run_alternative(
        &mut self,
        frame: &Frame,
        alt: impl FnOnce(&mut Self, &Frame) -> R<()>,
    ) -> (R<()>, Outcome, Journal) {
        self.journals.push(Journal {
            ns: ns_key(&frame.globals),
            ..Journal::default()
        });
        let result = alt(self, frame);
        let journal = self.journals.pop().expect("pushed above");
        let ns = frame.globals.borrow();
        let outcome = Outcome {
            names: journal
                .names
                .keys()
                .map(|k| (k.clone(), ns.get(k).cloned()))
                .collect(),
            open: ns.open.clone(),
            lists: journal
                .lists
                .iter()
                .map(|(k, (rc, _))| (*k, (rc.clone(), rc.borrow().clone())))
                .collect(),
            dicts: journal
                .dicts
                .iter()
                .map(|(k, (rc, _))| (*k, (rc.clone(), rc.borrow().clone())))
                .collect(),
        };
        drop(ns);
        (result, outcome, journal)
    }

    fn undo(&mut self, frame: &Frame, journal: &Journal) {
        for (name, before) in &journal.names {
            self.journal_name(&frame.globals, name);
            let mut ns = frame.globals.borrow_mut();
            match before {
                Some(b) => ns.set(name.clone(), b.clone()),
                None => {
                    ns.bindings.remove(name);
                }
            }
        }
        if let Some(open) = &journal.open {
            self.journal_open(&frame.globals);
            frame.globals.borrow_mut().open = open.clone();
        }
        for (rc, before) in journal.lists.values() {
            self.journal_list(rc);
            *rc.borrow_mut() = before.clone();
        }
        for (rc, before) in journal.dicts.values() {
            self.journal_dict(rc);
            *rc.borrow_mut() = before.clone();
        }
    }

    /// Runs two alternatives as if each had run alone, then merges them:
    /// names that agree keep their value, the others become unknown; list
    /// items present after both stay known.
    pub(crate) fn fork_merge(
        &mut self,
        frame: &Frame,
        reason: &str,
        a: impl FnOnce(&mut Self, &Frame) -> R<()>,
        b: impl FnOnce(&mut Self, &Frame) -> R<()>,
    ) -> R<()> {
        let (ra, out_a, journal_a) = self.run_alternative(frame, a);
        self.undo(frame, &journal_a);
        let (rb, out_b, journal_b) = self.run_alternative(frame, b);
        // The state is now B's. An alternative that raised or returned did
        // not reach the end; if only one did, its state is the result.
        let (a_ok, b_ok) = (ra.is_ok(), rb.is_ok());
        if let (Err(Flow::Abort(w)), _) | (_, Err(Flow::Abort(w))) = (&ra, &rb) {
            return Err(Flow::Abort(w));
        }
        if b_ok && !a_ok {
            return Ok(());
        }
        if a_ok && !b_ok {
            self.undo(frame, &journal_b);
            self.redo(frame, &out_a);
            return Ok(());
        }
        let reason_rc: Rc<str> = Rc::from(reason);
        let names: HashSet<Rc<str>> = out_a
            .names
            .keys()
            .chain(out_b.names.keys())
            .cloned()
            .collect();
        for name in names {
            let va = match out_a.names.get(&name) {
                Some(v) => v.clone(),
                None => journal_b
                    .names
                    .get(&name)
                    .cloned()
                    .unwrap_or_else(|| frame.globals.borrow().get(&name).cloned()),
            };
            let vb = frame.globals.borrow().get(&name).cloned();
            let merged = match (&va, &vb) {
                (Some(x), Some(y)) => Some(merge_binding(x, y, reason)),
                (Some(x), None) | (None, Some(x)) => Some(Binding {
                    value: Value::unknown(format!("{reason}; it may be unset")),
                    origin: x.origin.clone(),
                    env: x.env.clone(),
                    conditional: true,
                }),
                (None, None) => None,
            };
            if let Some(m) = merged {
                self.ns_set(&frame.globals, name, m);
            }
        }
        let lists: HashSet<usize> = out_a
            .lists
            .keys()
            .chain(out_b.lists.keys())
            .copied()
            .collect();
        for key in lists {
            let (rc, sa) = match out_a.lists.get(&key) {
                Some((rc, s)) => (rc.clone(), s.clone()),
                None => {
                    let (rc, _) = &out_b.lists[&key];
                    let before = journal_b
                        .lists
                        .get(&key)
                        .map(|(_, s)| s.clone())
                        .unwrap_or_else(|| rc.borrow().clone());
                    (rc.clone(), before)
                }
            };
            let sb = rc.borrow().clone();
            let merged = merge_seq(&sa, &sb, &reason_rc);
            self.journal_list(&rc);
            *rc.borrow_mut() = merged;
        }
        let dicts: HashSet<usize> = out_a
            .dicts
            .keys()
            .chain(out_b.dicts.keys())
            .copied()
            .collect();
        for key in dicts {
            let rc = out_a
                .dicts
                .get(&key)
                .or_else(|| out_b.dicts.get(&key))
                .map(|(rc, _)| rc.clone());
            if let Some(rc) = rc {
                let sa = out_a.dicts.get(&key).map(|(_, d)| d.clone());
                let same = sa
                    .as_ref()
                    .map(|d| {
                        Value::Dict(Rc::new(RefCell::new(d.clone())))
                            .py_eq(&Value::Dict(rc.clone()))
                            == Tri::True
                    })
                    .unwrap_or(false);
                if !same {
                    self.journal_dict(&rc);
                    rc.borrow_mut().extra = Extra::Uncertain(Unknown {
                        reason: reason_rc.clone(),
                    });
                }
            }
        }
        let open = out_a.open.clone().or(out_b.open.clone());
        if open != frame.globals.borrow().open {
            self.journal_open(&frame.globals);
            frame.globals.borrow_mut().open = open;
        }
        match (ra, rb) {
            (Err(e), Err(_)) => Err(e),
            _ => Ok(()),
        }
    }

    /// Reapplies the state an alternative left.
    fn redo(&mut self, frame: &Frame, out: &Outcome) {
        for (name, after) in &out.names {
            self.journal_name(&frame.globals, name);
            let mut ns = frame.globals.borrow_mut();
            match after {
                Some(b) => ns.set(name.clone(), b.clone()),
                None => {
                    ns.bindings.remove(name);
                }
            }
        }
        self.journal_open(&frame.globals);
        frame.globals.borrow_mut().open = out.open.clone();
        for (rc, after) in out.lists.values() {
            self.journal_list(rc);
            *rc.borrow_mut() = after.clone();
        }
        for (rc, after) in out.dicts.values() {
            self.journal_dict(rc);
            *rc.borrow_mut() = after.clone();
        }
    }
}

fn merge_seq(a: &Seq, b: &Seq, reason: &Rc<str>) -> Seq {
    if a == b {
        return a.clone();
    }
    let common: Vec<Value> = a
        .items
        .iter()
        .filter(|i| seq_contains(b, i) == Tri::True)
        .cloned()
        .collect();
    let u = Unknown {
        reason: reason.clone(),
    };
    // A branch that only may have added items keeps the common items certain.
    let uncertain = |s: &Seq| matches!(s.extra, Extra::Uncertain(_));
    let extra = if uncertain(a) || uncertain(b) {
        Extra::Uncertain(u)
    } else {
        Extra::MayContainMore(u)
    };
    Seq {
        items: common,
        extra,
    }
}

pub fn merge_binding(x: &Binding, y: &Binding, reason: &str) -> Binding {
    let mut env: Vec<Rc<str>> = x.env.iter().chain(y.env.iter()).cloned().collect();
    env.sort();
    env.dedup();
    let same_origin = x.origin == y.origin;
    if let (Value::List(lx), Value::List(ly)) = (&x.value, &y.value) {
        if Rc::ptr_eq(lx, ly) || x.value.py_eq(&y.value) == Tri::True {
            return Binding {
                env: Rc::from(env),
                ..x.clone()
            };
        }
        let merged = merge_seq(&lx.borrow(), &ly.borrow(), &Rc::from(reason));
        return Binding {
            value: Value::List(Rc::new(RefCell::new(merged))),
            origin: y.origin.clone().or(x.origin.clone()),
            env: Rc::from(env),
            conditional: true,
        };
    }
    if x.value == y.value {
        return Binding {
            env: Rc::from(env),
            conditional: x.conditional || y.conditional || !same_origin,
            ..x.clone()
        };
    }
    Binding {
        value: Value::unknown(reason.to_string()),
        origin: y.origin.clone().or(x.origin.clone()),
        env: Rc::from(env),
        conditional: true,
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::eval::testing::value_of;

    /// A condition the evaluator cannot decide runs both branches: what
    /// they agree on stays known, what differs becomes unknown.
    #[test]
    fn both_branches_of_an_undecidable_condition_merge() {
        // The environment is empty, so `os.environ.get` decides; a value
        // from an installed package does not.
        let module =
            "import somepkg\nif somepkg.FLAG:\n    A = 1\n    B = 2\nelse:\n    A = 1\n    B = 3\n";
        assert_eq!(value_of(module, "A"), "1");
        assert!(
            value_of(module, "B").starts_with('?'),
            "{}",
            value_of(module, "B")
        );
    }

    #[test]
    fn a_list_appended_to_in_one_branch_may_hold_more() {
        let module = "import somepkg\nL = ['a']\nif somepkg.FLAG:\n    L.append('b')\n";
        let shown = value_of(module, "L");
        assert!(!shown.starts_with("['a']"), "not exactly ['a']: {shown}");
    }
}
