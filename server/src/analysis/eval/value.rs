//! Python values as the evaluator sees them: exact types (bool, int and str stay
//! apart because Django tests most flags with `is True`), mutable containers
//! shared by reference (Python aliasing), and `Unknown` for what cannot be seen.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use super::objects::Object;

/// Why a value could not be evaluated. Shown to the user, so it must never
/// contain a secret's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Unknown {
    pub reason: Rc<str>,
}

/// Reasons are built from other reasons ("the result of calling ..."), so
/// a loop would grow them without end (and copy them on every iteration);
/// past this length the rest says nothing a reader needs.
const MAX_REASON: usize = 300;

impl Unknown {
    pub fn new(reason: impl Into<Rc<str>>) -> Self {
        let reason: Rc<str> = reason.into();
        if reason.len() <= MAX_REASON {
            return Unknown { reason };
        }
        let cut = crate::analysis::lines::floor_char_boundary(&reason, MAX_REASON);
        Unknown {
            reason: Rc::from(format!("{}…", &reason[..cut])),
        }
    }
}

/// What a sequence may hold besides its known items.
#[derive(Debug, Clone, PartialEq)]
pub enum Extra {
    /// The items are exactly the known ones.
    Exact,
    /// The known items are present; more items may be present too.
    MayContainMore(Unknown),
    /// The known items may have been changed or removed by code we cannot see.
    Uncertain(Unknown),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Seq {
    pub items: Vec<Value>,
    pub extra: Extra,
}

impl Seq {
    pub fn exact(items: Vec<Value>) -> Self {
        Seq {
            items,
            extra: Extra::Exact,
        }
    }

    pub fn is_exact(&self) -> bool {
        matches!(self.extra, Extra::Exact)
    }

    /// Merges what two sequences leave uncertain, keeping the weaker guarantee.
    pub fn weaken(&mut self, other: &Extra) {
        self.extra = match (&self.extra, other) {
            (Extra::Uncertain(u), _) | (_, Extra::Uncertain(u)) => Extra::Uncertain(u.clone()),
            (Extra::MayContainMore(u), _) | (_, Extra::MayContainMore(u)) => {
                Extra::MayContainMore(u.clone())
            }
            _ => Extra::Exact,
        };
    }

    pub fn uncertainty(&self) -> Option<&Unknown> {
        match &self.extra {
            Extra::Exact => None,
            Extra::MayContainMore(u) | Extra::Uncertain(u) => Some(u),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dict {
    pub entries: Vec<(Value, Value)>,
    pub extra: Extra,
}

#[derive(Clone)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    List(Rc<RefCell<Seq>>),
    Tuple(Rc<Seq>),
    Set(Rc<Seq>),
    Dict(Rc<RefCell<Dict>>),
    Object(Rc<Object>),
    Unknown(Unknown),
}

/// Three-valued logic: the answer to a question about a value we may not know.
#[derive(Debug, Clone, PartialEq)]
pub enum Tri {
    True,
    False,
    Unknown(Unknown),
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }

    pub fn negate(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            u => u,
        }
    }

    pub fn and(self, other: impl FnOnce() -> Tri) -> Tri {
        match self {
            Tri::False => Tri::False,
            Tri::True => other(),
            Tri::Unknown(u) => match other() {
                Tri::False => Tri::False,
                _ => Tri::Unknown(u),
            },
        }
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn unknown(reason: impl Into<Rc<str>>) -> Value {
        Value::Unknown(Unknown::new(reason))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(Seq::exact(items))))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(Seq::exact(items)))
    }

    pub fn as_unknown(&self) -> Option<&Unknown> {
        match self {
            Value::Unknown(u) => Some(u),
            _ => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Python's type name, for messages.
    /// The type's name with its article, for messages: "an int", "a list".
    pub fn a_type_name(&self) -> String {
        let name = self.type_name();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "None",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Set(_) => "set",
            Value::Dict(_) => "dict",
            Value::Object(o) => o.type_name(),
            Value::Unknown(_) => "unknown",
        }
    }

    /// `bool(value)`.
    pub fn truthy(&self) -> Tri {
        match self {
            Value::None => Tri::False,
            Value::Bool(b) => Tri::from_bool(*b),
            Value::Int(i) => Tri::from_bool(*i != 0),
            Value::Float(f) => Tri::from_bool(*f != 0.0),
            Value::Str(s) => Tri::from_bool(!s.is_empty()),
            Value::Bytes(b) => Tri::from_bool(!b.is_empty()),
            Value::List(l) => seq_truthy(&l.borrow()),
            Value::Tuple(s) | Value::Set(s) => seq_truthy(s),
            Value::Dict(d) => {
                let d = d.borrow();
                match (&d.extra, d.entries.is_empty()) {
                    (Extra::Exact, empty) => Tri::from_bool(!empty),
                    (Extra::MayContainMore(_), false) => Tri::True,
                    (Extra::MayContainMore(u) | Extra::Uncertain(u), _) => Tri::Unknown(u.clone()),
                }
            }
            Value::Object(o) => o.truthy(),
            Value::Unknown(u) => Tri::Unknown(u.clone()),
        }
    }

    /// `self is True`.
    pub fn is_true_object(&self) -> Tri {
        match self {
            Value::Bool(b) => Tri::from_bool(*b),
            Value::Unknown(u) => Tri::Unknown(u.clone()),
            _ => Tri::False,
        }
    }

    /// Python `==`. Unknown when either side (or a nested item) is unknown.
    pub fn py_eq(&self, other: &Value) -> Tri {
        // Comparing deep structures built by repeated nesting is
        // exponential (in Python too): past a fixed amount of work the
        // answer is unknown.
        thread_local! {
            static WORK: std::cell::Cell<(u32, u64)> = const { std::cell::Cell::new((0, 0)) };
        }
        let (depth, steps) = WORK.with(|w| w.get());
        let steps = if depth == 0 { 0 } else { steps };
        if steps > 200_000 {
            return Tri::Unknown(Unknown::new("a comparison too large to evaluate"));
        }
        WORK.with(|w| w.set((depth + 1, steps + 1)));
        let result = self.py_eq_inner(other);
        WORK.with(|w| {
            let (_, s) = w.get();
            w.set((depth, s));
        });
        result
    }

    fn py_eq_inner(&self, other: &Value) -> Tri {
        use Value::*;
        // Python compares items with an identity shortcut (`x is y` means
        // equal); without it shared structures compare exponentially.
        let same = match (self, other) {
            (List(a), List(b)) => Rc::ptr_eq(a, b),
            (Tuple(a), Tuple(b)) | (Set(a), Set(b)) => Rc::ptr_eq(a, b),
            (Dict(a), Dict(b)) => Rc::ptr_eq(a, b),
            _ => false,
        };
        if same {
            return Tri::True;
        }
        match (self, other) {
            (Unknown(u), _) | (_, Unknown(u)) => Tri::Unknown(u.clone()),
            (None, None) => Tri::True,
            (Bool(_) | Int(_) | Float(_), Bool(_) | Int(_) | Float(_)) => {
                Tri::from_bool(self.as_f64() == other.as_f64() && self.as_i128() == other.as_i128())
            }
            (Str(a), Str(b)) => Tri::from_bool(a == b),
            (Bytes(a), Bytes(b)) => Tri::from_bool(a == b),
            (List(a), List(b)) => {
                if Rc::ptr_eq(a, b) {
                    return Tri::True;
                }
                seq_eq(&a.borrow(), &b.borrow())
            }
            (Tuple(a), Tuple(b)) => seq_eq(a, b),
            (Set(a), Set(b)) => {
                if !(a.is_exact() && b.is_exact()) {
                    return Tri::Unknown(super::value::Unknown::new(
                        "a set whose contents are uncertain",
                    ));
                }
                let sub = |x: &Seq, y: &Seq| {
                    x.items
                        .iter()
                        .fold(Tri::True, |acc, i| acc.and(|| contains(&y.items, i)))
                };
                sub(a, b).and(|| sub(b, a))
            }
            (Dict(a), Dict(b)) => {
                let (a, b) = (a.borrow(), b.borrow());
                if !(matches!(a.extra, Extra::Exact) && matches!(b.extra, Extra::Exact)) {
                    return Tri::Unknown(super::value::Unknown::new(
                        "a dict whose contents are uncertain",
                    ));
                }
                if a.entries.len() != b.entries.len() {
                    return Tri::False;
                }
                let mut acc = Tri::True;
                for (k, v) in &a.entries {
                    match b.entries.iter().find(|(k2, _)| k.py_eq(k2) == Tri::True) {
                        Some((_, v2)) => acc = acc.and(|| v.py_eq(v2)),
                        Option::None => return Tri::False,
                    }
                }
                acc
            }
            (Object(a), Object(b)) => {
                if Rc::ptr_eq(a, b) {
                    Tri::True
                } else {
                    a.py_eq(b)
                }
            }
            _ => Tri::False,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Bool(b) => Some(*b as i64 as f64),
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    fn as_i128(&self) -> Option<i128> {
        match self {
            Value::Bool(b) => Some(*b as i128),
            Value::Int(i) => Some(*i as i128),
            Value::Float(f) if f.fract() == 0.0 => Some(*f as i128),
            _ => None,
        }
    }

    /// Copies mutable containers, keeping aliasing between them (like
    /// `copy.deepcopy` with its memo), so that two forks of a namespace can
    /// be mutated independently.
    pub fn deep_copy(&self, memo: &mut CopyMemo) -> Value {
        match self {
            Value::List(l) => {
                let key = Rc::as_ptr(l) as usize;
                if let Some(v) = memo.lists.get(&key) {
                    return Value::List(v.clone());
                }
                let new = Rc::new(RefCell::new(Seq {
                    items: Vec::new(),
                    extra: Extra::Exact,
                }));
                memo.lists.insert(key, new.clone());
                let src = l.borrow();
                let items = src.items.iter().map(|i| i.deep_copy(memo)).collect();
                *new.borrow_mut() = Seq {
                    items,
                    extra: src.extra.clone(),
                };
                Value::List(new)
            }
            Value::Dict(d) => {
                let key = Rc::as_ptr(d) as usize;
                if let Some(v) = memo.dicts.get(&key) {
                    return Value::Dict(v.clone());
                }
                let new = Rc::new(RefCell::new(Dict {
                    entries: Vec::new(),
                    extra: Extra::Exact,
                }));
                memo.dicts.insert(key, new.clone());
                let src = d.borrow();
                let entries = src
                    .entries
                    .iter()
                    .map(|(k, v)| (k.deep_copy(memo), v.deep_copy(memo)))
                    .collect();
                *new.borrow_mut() = Dict {
                    entries,
                    extra: src.extra.clone(),
                };
                Value::Dict(new)
            }
            Value::Tuple(t) => Value::Tuple(Rc::new(Seq {
                items: t.items.iter().map(|i| i.deep_copy(memo)).collect(),
                extra: t.extra.clone(),
            })),
            other => other.clone(),
        }
    }

    /// Elements of an iterable with their uncertainty, or why they can't be had.
    pub fn iter_items(&self) -> Result<(Vec<Value>, Extra), IterError> {
        match self {
            Value::List(l) => {
                let l = l.borrow();
                Ok((l.items.clone(), l.extra.clone()))
            }
            Value::Tuple(s) | Value::Set(s) => Ok((s.items.clone(), s.extra.clone())),
            Value::Dict(d) => {
                let d = d.borrow();
                Ok((
                    d.entries.iter().map(|(k, _)| k.clone()).collect(),
                    d.extra.clone(),
                ))
            }
            // One string per character: paid for first (a long string
            // becomes dozens of times its size).
            Value::Str(s) if !super::byte_budget::reserve_items(s.len(), 24 * s.len()) => Err(
                IterError::Unknown(Unknown::new(super::byte_budget::OVER_BUDGET)),
            ),
            Value::Bytes(b) if !super::byte_budget::reserve_items(b.len(), 0) => Err(
                IterError::Unknown(Unknown::new(super::byte_budget::OVER_BUDGET)),
            ),
            Value::Str(s) => Ok((
                s.chars()
                    .map(|c| Value::Str(Rc::from(c.to_string())))
                    .collect(),
                Extra::Exact,
            )),
            Value::Bytes(b) => Ok((
                b.iter().map(|c| Value::Int(*c as i64)).collect(),
                Extra::Exact,
            )),
            Value::Unknown(u) => Err(IterError::Unknown(u.clone())),
            Value::Object(o) => o.iter_items(),
            other => Err(IterError::NotIterable(other.type_name())),
        }
    }
}

#[derive(Debug, Clone)]
pub enum IterError {
    Unknown(Unknown),
    NotIterable(&'static str),
}

#[derive(Default)]
pub struct CopyMemo {
    lists: HashMap<usize, Rc<RefCell<Seq>>>,
    dicts: HashMap<usize, Rc<RefCell<Dict>>>,
}

fn seq_truthy(s: &Seq) -> Tri {
    match (&s.extra, s.items.is_empty()) {
        (Extra::Exact, empty) => Tri::from_bool(!empty),
        (Extra::MayContainMore(_), false) => Tri::True,
        (Extra::MayContainMore(u) | Extra::Uncertain(u), _) => Tri::Unknown(u.clone()),
    }
}

fn seq_eq(a: &Seq, b: &Seq) -> Tri {
    if let Some(u) = a.uncertainty().or(b.uncertainty()) {
        return Tri::Unknown(u.clone());
    }
    if a.items.len() != b.items.len() {
        return Tri::False;
    }
    a.items
        .iter()
        .zip(&b.items)
        .fold(Tri::True, |acc, (x, y)| acc.and(|| x.py_eq(y)))
}

/// `needle in items` over known items only.
pub fn contains(items: &[Value], needle: &Value) -> Tri {
    let mut result = Tri::False;
    for item in items {
        match item.py_eq(needle) {
            Tri::True => return Tri::True,
            Tri::False => {}
            u => result = u,
        }
    }
    result
}

/// `needle in seq`, honouring what the sequence may hold besides its items.
pub fn seq_contains(seq: &Seq, needle: &Value) -> Tri {
    match (contains(&seq.items, needle), &seq.extra) {
        (Tri::True, Extra::Uncertain(u)) => Tri::Unknown(u.clone()),
        (Tri::True, _) => Tri::True,
        (Tri::False, Extra::Exact) => Tri::False,
        (Tri::False, Extra::MayContainMore(u) | Extra::Uncertain(u)) => Tri::Unknown(u.clone()),
        (u, _) => u,
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Bytes(b) => write!(f, "b{:?}", String::from_utf8_lossy(b)),
            Value::List(l) => write!(f, "{:?}", l.borrow()),
            Value::Tuple(t) => write!(f, "tuple{:?}", t),
            Value::Set(t) => write!(f, "set{:?}", t),
            Value::Dict(d) => write!(f, "{:?}", d.borrow()),
            Value::Object(o) => write!(f, "<{}>", o.type_name()),
            Value::Unknown(u) => write!(f, "<unknown: {}>", u.reason),
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.py_eq(other) == Tri::True && self.type_name() == other.type_name()
    }
}
