//! The evaluator: runs a settings module's module-level code abstractly, the
//! way Python would with an empty environment, over tree-sitter nodes.
//!
//! Values it cannot see become `Unknown` with a reason; conditions it cannot
//! decide fork the namespace and merge it back; exceptions are modelled so
//! that `try`/`except` takes the branch Python would.
//!
//! Operations on values (calls to builtins and modelled library functions,
//! methods, attributes, subscripts and operators) give Python's exact result
//! types, and `Unknown` where the answer depends on what we can't see.
//!
//! This file holds the interpreter's state, its budgets and the exceptions
//! it models; each submodule owns one part of the language or the library.

pub mod byte_budget;
pub mod driver;
pub mod journal;
pub mod namespace;
pub mod objects;
pub mod strings;
#[cfg(test)]
pub(crate) mod testing;
pub mod value;

mod attributes;
mod builtins;
mod classes;
mod envlibs;
pub use envlibs::EnvRead;
pub(crate) use envlibs::{is_required_variable_reason, read_styles, ReadStyle};
mod expressions;
mod functions;
mod havoc;
mod imports;
mod methods;
mod modules;
mod operators;
pub(crate) mod paths;
mod repr;
mod split_settings;
mod star_exports;
mod statements;
mod subscripts;

pub use repr::{repr, repr_within};

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use tree_sitter::Node;

use crate::analysis::eval::namespace::{Binding, Namespace};
use crate::analysis::eval::objects::ExcClass;
use crate::analysis::eval::value::{Tri, Value};
use crate::analysis::imports::Resolver;
use crate::analysis::source::{ParsedFile, SourceProvider};

use self::envlibs::decouple::DecoupleRepo;
use self::envlibs::{CallSite, EnvReads};

/// Deeper expressions than this are not evaluated (Python itself refuses
/// around 200 nested brackets).
const MAX_DEPTH: u32 = 150;

/// Work limit of one evaluation, restarts included, counted in statements
/// and expressions: about a third of a second. The largest real settings
/// modules take under 20,000.
pub const MAX_STEPS: u64 = 1_000_000;

const MAX_CALL_DEPTH: u32 = 24;

const MAX_LOOP_ITERATIONS: usize = 10_000;

#[derive(Debug, Clone)]
pub struct Exc {
    pub class: ExcClass,
    pub message: String,
    pub cause: Cause,
    /// Where it escaped a module's top level, when it did in an imported
    /// module (the importer then sees it raised by its import).
    pub origin: Option<(PathBuf, Range<usize>)>,
}

/// Why an exception was raised, for deciding what an uncaught one means.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// An environment variable read without a default is unset: it is
    /// required (`os.environ["X"]`, `env("X")`, `config("X")`).
    MissingEnv(Rc<str>),
    /// The settings refuse to load on purpose (`raise`, `sys.exit`,
    /// `assert`): a guard on the variables its condition read.
    Guard,
    Other,
}

pub enum Flow {
    Raise(Exc),
    Return(Value),
    Break,
    Continue,
    /// The evaluation ran out of budget; everything after is unknown.
    Abort(&'static str),
}

type R<T> = Result<T, Flow>;

/// The state of an environment variable as the evaluator assumes it.
#[derive(Debug, Clone)]
pub enum EnvVar {
    Set(Rc<str>),
    /// Must be set for the module to load; its value is unknown.
    Required,
}

/// Something the evaluator noticed while loading modules.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalEvent {
    /// Python would raise here and the module would fail to import.
    LoadFailure {
        path: PathBuf,
        range: Range<usize>,
        message: String,
    },
    /// A syntax error: Python would refuse to import the module.
    SyntaxError { path: PathBuf, range: Range<usize> },
}

pub(crate) enum ModuleSlot {
    Loading(Rc<RefCell<Namespace>>),
    Done(Rc<RefCell<Namespace>>),
    /// Its top level raised: importing it raises again.
    Failed(Rc<RefCell<Namespace>>, Exc),
}

/// A statement that may have set any name of its module, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenCause {
    pub reason: Rc<str>,
    pub path: PathBuf,
    pub range: Range<usize>,
}

pub struct Frame {
    pub file: Arc<ParsedFile>,
    pub globals: Rc<RefCell<Namespace>>,
    pub locals: Option<RefCell<HashMap<Rc<str>, Value>>>,
    pub global_names: RefCell<HashSet<Rc<str>>>,
    /// A class body: its names are the class's, not a closure for the
    /// functions it defines.
    pub class_body: bool,
}

pub struct Interp<'a> {
    pub sources: &'a dyn SourceProvider,
    pub resolver: Resolver,
    pub(crate) modules: HashMap<PathBuf, ModuleSlot>,
    pub env: HashMap<String, EnvVar>,
    /// Why unset variables might be set after all (a `.env` file was loaded).
    pub env_open: Option<Rc<str>>,
    /// Variables found to be required during this run; the caller restarts
    /// with them marked required.
    pub newly_required: Vec<String>,
    pub taint: Vec<Rc<str>>,
    /// For each variable read, how it was read (see `read_env`).
    pub read_ranks: HashMap<Rc<str>, u8>,
    pub events: Vec<EvalEvent>,
    /// Every module file loaded, in load order.
    pub loaded: Vec<Arc<ParsedFile>>,
    /// Files django-split-settings' `include()` ran, per scope (the
    /// namespace's address): a file is included once per scope.
    pub(super) included: HashSet<(usize, PathBuf)>,
    /// Where the steps stop for the module being loaded: `MAX_STEPS`, or
    /// less inside an installed package (see `load_installed`).
    pub(super) step_limit: u64,
    /// Statements that opened a module's names (a star import of a package
    /// the evaluator cannot see), with the reason they gave: notes that
    /// depend on that reason are one note on that statement.
    pub(crate) open_causes: Vec<OpenCause>,
    /// The module namespace of each user function being run, innermost
    /// last: what `globals()` returns inside it.
    pub(super) function_globals: Vec<Rc<RefCell<Namespace>>>,
    /// Calls into code the evaluator cannot see (an installed package's, an
    /// unknown value), counted: a statement that made one may have set names.
    pub(super) unseen_calls: u64,
    /// Per module namespace (by address), why a name it never assigned may
    /// still exist: a call statement into unseen code ran there.
    pub(super) may_define: HashMap<usize, Rc<str>>,
    /// Work done so far (see `MAX_STEPS`); an evaluation that restarts
    /// carries it over.
    pub steps: u64,
    depth: u32,
    call_depth: u32,
    /// How many enclosing `try` blocks catch ImportError: an import that
    /// is not in the project is then taken as not installed.
    import_guards: u32,
    pub entry_dir: Option<PathBuf>,
    /// The checked module: the one whose failures do not stop its evaluation.
    pub entry_path: Option<PathBuf>,
    /// Set when code wrote to a namespace dynamically (globals(), exec):
    /// the current module may then hold any name.
    pub dynamic_namespace: Option<Rc<str>>,
    pub(crate) journals: Vec<crate::analysis::eval::journal::Journal>,
    /// The namespace of each module being executed, innermost last.
    globals_stack: Vec<Rc<RefCell<Namespace>>>,
    decouple_repo: Option<DecoupleRepo>,
    /// The call or subscript being evaluated, where a library records the
    /// environment reads it runs (see `Interp::call_at`).
    call_site: Option<CallSite>,
    /// The environment reads run so far, with their places in the source.
    env_reads: EnvReads,
}

fn text<'f>(file: &'f ParsedFile, node: Node) -> &'f str {
    file.text.get(node.byte_range()).unwrap_or("")
}

pub fn raise<T>(class: ExcClass, message: impl Into<String>) -> R<T> {
    Err(Flow::Raise(Exc {
        class,
        message: message.into(),
        cause: Cause::Other,
        origin: None,
    }))
}

/// Raises because the environment variable `var`, read without a default, is unset.
pub fn raise_missing<T>(class: ExcClass, message: impl Into<String>, var: &str) -> R<T> {
    Err(Flow::Raise(Exc {
        class,
        message: message.into(),
        cause: Cause::MissingEnv(Rc::from(var)),
        origin: None,
    }))
}

pub fn raise_guard<T>(class: ExcClass, message: impl Into<String>) -> R<T> {
    Err(Flow::Raise(Exc {
        class,
        message: message.into(),
        cause: Cause::Guard,
        origin: None,
    }))
}

/// Functions hold their module's namespace, which holds them: dropping the
/// interpreter empties every module's namespace so those cycles are freed,
/// on every path out of an evaluation (restarts, load errors, unwinding).
impl Drop for Interp<'_> {
    fn drop(&mut self) {
        for slot in self.modules.values() {
            let (ModuleSlot::Loading(ns) | ModuleSlot::Done(ns) | ModuleSlot::Failed(ns, _)) = slot;
            if let Ok(mut ns) = ns.try_borrow_mut() {
                std::mem::take(&mut *ns);
            }
        }
    }
}

impl<'a> Interp<'a> {
    pub fn new(
        sources: &'a dyn SourceProvider,
        resolver: Resolver,
        env: HashMap<String, EnvVar>,
    ) -> Self {
        Interp {
            sources,
            resolver,
            modules: HashMap::new(),
            env,
            env_open: None,
            newly_required: Vec::new(),
            taint: Vec::new(),
            read_ranks: HashMap::new(),
            events: Vec::new(),
            loaded: Vec::new(),
            included: HashSet::new(),
            step_limit: MAX_STEPS,
            open_causes: Vec::new(),
            function_globals: Vec::new(),
            unseen_calls: 0,
            may_define: HashMap::new(),
            steps: 0,
            depth: 0,
            call_depth: 0,
            import_guards: 0,
            entry_dir: None,
            entry_path: None,
            dynamic_namespace: None,
            journals: Vec::new(),
            globals_stack: Vec::new(),
            decouple_repo: None,
            call_site: None,
            env_reads: EnvReads::default(),
        }
    }

    /// Records environment variables the current statement depends on, once
    /// each (a loop reading the environment must not grow this without bound).
    pub fn add_taint(&mut self, vars: &[Rc<str>]) {
        for v in vars {
            if !self.taint.contains(v) {
                self.taint.push(v.clone());
            }
        }
    }

    /// Sets a module-level name from `globals()[name] = value`.
    pub fn set_global(&mut self, ns: &Rc<RefCell<Namespace>>, name: &str, value: Value) {
        let mut env: Vec<Rc<str>> = self.taint.clone();
        env.sort();
        env.dedup();
        self.ns_set(
            ns,
            Rc::from(name),
            Binding {
                value,
                origin: None,
                env: Rc::from(env),
                conditional: false,
            },
        );
    }

    pub fn current_globals(&self) -> Option<Rc<RefCell<Namespace>>> {
        self.globals_stack.last().cloned()
    }

    pub fn in_function(&self) -> bool {
        self.call_depth > 0
    }

    fn tick(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(Flow::Abort("the evaluation took too many steps"));
        }
        if self.steps > self.step_limit {
            return Err(Flow::Abort(
                "an installed module that takes too many steps to evaluate",
            ));
        }
        if crate::analysis::eval::byte_budget::exhausted() {
            return Err(Flow::Abort(
                "the evaluation built more values than its memory budget (64 MiB)",
            ));
        }
        Ok(())
    }

    /// Building a value costs in proportion to its size: `S = S + "x"` or
    /// `L = L.copy()` in nested loops is quadratic work that one step per
    /// statement would not bound (minutes for a 1,000 × 1,000 loop).
    fn charge_size(&mut self, v: &Value) -> R<()> {
        let size = match v {
            Value::Str(s) => s.len() / 64,
            Value::Bytes(b) => b.len() / 64,
            Value::List(l) => l.borrow().items.len() / 8,
            Value::Tuple(t) | Value::Set(t) => t.items.len() / 8,
            Value::Dict(d) => d.borrow().entries.len() / 8,
            _ => 0,
        };
        self.steps += size as u64;
        self.tick()
    }
}

pub fn tri_value(t: Tri) -> Value {
    match t {
        Tri::True => Value::Bool(true),
        Tri::False => Value::Bool(false),
        Tri::Unknown(u) => Value::Unknown(u),
    }
}

fn plain(value: Value) -> Binding {
    Binding {
        value,
        origin: None,
        env: Rc::from(vec![]),
        conditional: false,
    }
}

pub fn display_path(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.to_string_lossy().into_owned())
}

fn kwarg<'v>(kwargs: &'v [(Rc<str>, Value)], name: &str) -> Option<&'v Value> {
    kwargs
        .iter()
        .find(|(k, _)| k.as_ref() == name)
        .map(|(_, v)| v)
}

/// Positional argument `i` or keyword `name`.
fn arg<'v>(
    args: &'v [Value],
    kwargs: &'v [(Rc<str>, Value)],
    i: usize,
    name: &str,
) -> Option<&'v Value> {
    args.get(i).or_else(|| kwarg(kwargs, name))
}
