//! The evaluator: runs a settings module's module-level code abstractly, the
//! way Python would with an empty environment, over tree-sitter nodes.
//!
//! Values it cannot see become `Unknown` with a reason; conditions it cannot
//! decide fork the namespace and merge it back; exceptions are modelled so
//! that `try`/`except` takes the branch Python would.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use tree_sitter::Node;

use super::imports::{dotted_name, Resolved, Resolver};
use super::namespace::{Binding, Namespace, Origin};
use super::objects::{object, Builtin, ExcClass, FunctionDef, ModuleObj, Object};
use super::source::{LoadError, ParsedFile, SourceProvider};
use super::strings;
use super::value::{Extra, IterError, Seq, Tri, Unknown, Value};

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

pub struct Frame {
    pub file: Arc<ParsedFile>,
    pub globals: Rc<RefCell<Namespace>>,
    pub locals: Option<RefCell<HashMap<Rc<str>, Value>>>,
    pub global_names: RefCell<HashSet<Rc<str>>>,
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
    pub(crate) journals: Vec<super::journal::Journal>,
    /// The namespace of each module being executed, innermost last.
    globals_stack: Vec<Rc<RefCell<Namespace>>>,
    decouple_repo: Option<DecoupleRepo>,
}

/// The file python-decouple's `config` reads besides the environment.
pub enum DecoupleRepo {
    None,
    Env(PathBuf, HashMap<String, Rc<str>>),
    Ini(PathBuf),
}

fn load_decouple_repo(start: Option<&Path>) -> DecoupleRepo {
    let Some(start) = start else {
        return DecoupleRepo::None;
    };
    for dir in start.ancestors() {
        let ini = dir.join("settings.ini");
        if ini.is_file() {
            return DecoupleRepo::Ini(ini);
        }
        let env = dir.join(".env");
        if env.is_file() {
            let text = super::source::read_text(&env).unwrap_or_default();
            return DecoupleRepo::Env(env, parse_dotenv(&text));
        }
    }
    DecoupleRepo::None
}

/// python-decouple's reading of a `.env` file: `KEY=VALUE` lines, comments
/// and blank lines skipped, matching surrounding quotes removed.
pub fn parse_dotenv(text: &str) -> HashMap<String, Rc<str>> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let k = k.trim();
        let k = k.strip_prefix("export ").unwrap_or(k).trim();
        let mut v = v.trim();
        for q in ['"', '\''] {
            if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
                v = &v[1..v.len() - 1];
            }
        }
        out.insert(k.to_string(), Rc::from(v));
    }
    out
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
        if super::byte_budget::exhausted() {
            return Err(Flow::Abort(
                "the evaluation built more values than its memory budget (64 MiB)",
            ));
        }
        Ok(())
    }

    // ----- modules -----------------------------------------------------------

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
        }
        self.modules
            .insert(path.to_path_buf(), ModuleSlot::Loading(ns.clone()));
        let frame = Frame {
            file: file.clone(),
            globals: ns.clone(),
            locals: None,
            global_names: RefCell::new(HashSet::new()),
        };
        let root = file.tree.root_node();
        if root.has_error() {
            let range = first_error(root).unwrap_or(0..0);
            self.events.push(EvalEvent::SyntaxError {
                path: path.to_path_buf(),
                range,
            });
        } else if let Some(at) = too_deep_brackets(&file) {
            self.events.push(EvalEvent::SyntaxError {
                path: path.to_path_buf(),
                range: at..at + 1,
            });
        } else if let Some(range) = super::source::syntax_error_tree_sitter_accepts(&file.tree) {
            self.events.push(EvalEvent::SyntaxError {
                path: path.to_path_buf(),
                range,
            });
        }
        let is_entry = self.entry_path.as_deref() == Some(path);
        self.globals_stack.push(ns.clone());
        let failed = self.exec_module_body(&frame, root, is_entry);
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
    fn exec_module_body(&mut self, frame: &Frame, root: Node, is_entry: bool) -> Option<Exc> {
        let mut cursor = root.walk();
        let children: Vec<Node> = root.named_children(&mut cursor).collect();
        for stmt in children {
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

    // ----- statements ---------------------------------------------------------

    pub fn exec_block(&mut self, frame: &Frame, block: Node) -> R<()> {
        let mut cursor = block.walk();
        let children: Vec<Node> = block.named_children(&mut cursor).collect();
        for stmt in children {
            self.exec_stmt(frame, stmt)?;
        }
        Ok(())
    }

    fn exec_stmt(&mut self, frame: &Frame, stmt: Node) -> R<()> {
        self.tick()?;
        match stmt.kind() {
            "expression_statement" => {
                let mut c = stmt.walk();
                let kids: Vec<Node> = stmt.named_children(&mut c).collect();
                for child in kids {
                    match child.kind() {
                        "assignment" => self.exec_assignment(frame, child, stmt)?,
                        "augmented_assignment" => self.exec_augmented(frame, child, stmt)?,
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
            "class_definition" => {
                if let Some(n) = stmt.child_by_field_id(crate::field!("name")) {
                    let name: Rc<str> = Rc::from(text(&frame.file, n));
                    self.bind_name(frame, name.clone(), object(Object::Class(name)), None);
                }
                Ok(())
            }
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
    fn assign(
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
                super::calls::set_item(self, &container, key, value)
            }
            "attribute" => {
                // `os.environ.x = ...`, `module.X = ...`: set on project modules only.
                if let (Some(obj), Some(attr)) = (
                    target.child_by_field_id(crate::field!("object")),
                    target.child_by_field_id(crate::field!("attribute")),
                ) {
                    let o = self.eval(frame, obj)?;
                    if let Value::Object(o) = o {
                        if let Object::Module(m) = o.as_ref() {
                            m.namespace
                                .borrow_mut()
                                .set(Rc::from(text(&frame.file, attr)), plain(value));
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
                let reason = format!(
                    "set under a condition the evaluator cannot decide ({})",
                    u.reason
                );
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
                Ok(())
            }
        }
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
        Ok(())
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
                    super::calls::del_item(self, &container, &key)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn exec_def(&mut self, frame: &Frame, stmt: Node) -> R<()> {
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
            closure: frame
                .locals
                .as_ref()
                .map(|l| l.borrow().clone())
                .unwrap_or_default(),
        };
        self.bind_name(frame, name, object(Object::Function(def)), None);
        Ok(())
    }

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
                    // X.append(...), X.update(...): X may have changed.
                    if let Some(f) = n.child_by_field_id(crate::field!("function")) {
                        if f.kind() == "attribute" {
                            if let Some(o) = f.child_by_field_id(crate::field!("object")) {
                                self.havoc_mutated(frame, o, &reason);
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

    // ----- imports ----------------------------------------------------------------

    fn exec_import(&mut self, frame: &Frame, stmt: Node) -> R<()> {
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

    fn exec_import_from(&mut self, frame: &Frame, stmt: Node) -> R<()> {
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
                        Err(_) => {
                            return raise(
                                ExcClass::ImportError,
                                format!("cannot import name '{name}'"),
                            )
                        }
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
            Object::External(name) => {
                let why = Rc::from(format!(
                    "`{}` star-imports `{name}`, which is outside the project",
                    text(&frame.file, stmt).trim()
                ));
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
            Resolved::Modelled(name) => Ok(super::calls::modelled_module(&name)),
            Resolved::External(name)
                if self.import_guards > 0
                    && !super::imports::ALWAYS_INSTALLED
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
        }
    }

    // ----- expressions ------------------------------------------------------------

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
            "concatenated_string" => {
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
            "identifier" => self.lookup(frame, text(f, node)),
            "parenthesized_expression" => match node.named_child(0) {
                Some(inner) => self.eval(frame, inner),
                None => Ok(Value::tuple(vec![])),
            },
            "list" | "tuple" | "set" | "expression_list" | "pattern_list" => {
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
                                return raise(
                                    ExcClass::TypeError,
                                    format!("'{t}' object is not iterable"),
                                )
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
            "dictionary" => {
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
                            super::calls::dict_insert(&mut entries, &mut extra, key, val);
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
                                        super::calls::dict_insert(
                                            &mut entries,
                                            &mut extra,
                                            kk.clone(),
                                            vv.clone(),
                                        );
                                    }
                                    if let Some(u) = match &d.extra {
                                        Extra::Exact => None,
                                        Extra::MayContainMore(u) | Extra::Uncertain(u) => {
                                            Some(u.clone())
                                        }
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
                Ok(Value::Dict(Rc::new(RefCell::new(super::value::Dict {
                    entries,
                    extra,
                }))))
            }
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
            "subscript" => {
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
                super::calls::get_item(self, &o, &key)
            }
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
            "unary_operator" => {
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
            "not_operator" => {
                let Some(arg) = node.child_by_field_id(crate::field!("argument")) else {
                    return Ok(Value::unknown("an incomplete expression"));
                };
                let v = self.eval(frame, arg)?;
                Ok(tri_value(v.truthy().negate()))
            }
            "boolean_operator" => {
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
            "comparison_operator" => self.eval_comparison(frame, node),
            "conditional_expression" => {
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
            "lambda" => {
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
            match super::calls::to_str(&v) {
                Some(s) if super::byte_budget::reserve(s.len()) => out.push_str(&s),
                Some(_) => return Ok(Value::unknown(super::byte_budget::OVER_BUDGET)),
                None => {
                    return Ok(match v {
                        Value::Unknown(u) => Value::Unknown(u),
                        _ if super::byte_budget::exhausted() => {
                            Value::unknown(super::byte_budget::OVER_BUDGET)
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
        super::calls::slice(&o, &parts)
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
            let r = super::calls::compare(self, op, &left, &right)?;
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
        if let Some(v) = super::calls::builtin_name(name) {
            return Ok(v);
        }
        if let Some(why) = frame.globals.borrow().open.clone() {
            return Ok(Value::Unknown(Unknown { reason: why }));
        }
        raise(ExcClass::NameError, format!("name '{name}' is not defined"))
    }

    pub fn get_attr(&mut self, o: &Value, attr: &str) -> R<Value> {
        super::calls::get_attr(self, o, attr)
    }

    fn eval_call(&mut self, frame: &Frame, node: Node) -> R<Value> {
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
            super::calls::escape_args(self, &args);
            return Ok(Value::unknown("a call with unpacked arguments"));
        }
        self.call(&callee, args, kwargs)
    }

    pub fn call(
        &mut self,
        callee: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        if let Value::Object(o) = callee {
            if let Object::Function(def) = o.as_ref() {
                return self.call_function(def, args, kwargs);
            }
        }
        let v = super::calls::call(self, callee, args, kwargs)?;
        self.charge_size(&v)?;
        Ok(v)
    }

    fn call_function(
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
        let root = def.file.tree.root_node();
        let Some(node) = root
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
        let mut positional = args.into_iter();
        let ps: Vec<Node> = match params {
            Some(params) => {
                let mut c = params.walk();
                params.named_children(&mut c).collect()
            }
            None => vec![],
        };
        for p in ps {
            let name_node = match p.kind() {
                "identifier" => Some(p),
                "typed_parameter" => p.named_child(0),
                "default_parameter" | "typed_default_parameter" => {
                    p.child_by_field_id(crate::field!("name"))
                }
                _ => {
                    // *args, **kwargs, keyword-only markers: not modelled.
                    return Ok(Value::unknown(format!("a call to {}", def.name)));
                }
            };
            let Some(name_node) = name_node else { continue };
            let name: Rc<str> = Rc::from(text(&def.file, name_node));
            let v = if let Some((_, v)) = kwargs.iter().find(|(k, _)| *k == name) {
                v.clone()
            } else if let Some(v) = positional.next() {
                v
            } else if let Some((_, v)) = def.defaults.iter().find(|(k, _)| *k == name) {
                v.clone()
            } else {
                return raise(
                    ExcClass::TypeError,
                    format!("{}() missing argument '{name}'", def.name),
                );
            };
            locals.insert(name, v);
        }
        let frame = Frame {
            file: def.file.clone(),
            globals: def.globals.clone(),
            locals: Some(RefCell::new(locals)),
            global_names: RefCell::new(HashSet::new()),
        };
        self.call_depth += 1;
        let r = if node.kind() == "lambda" {
            self.eval(&frame, body)
                .map(|v| Err::<(), _>(Flow::Return(v)))
                .and_then(|e| e)
        } else {
            self.exec_block(&frame, body)
        };
        self.call_depth -= 1;
        match r {
            Ok(()) => Ok(Value::None),
            Err(Flow::Return(v)) => Ok(v),
            Err(Flow::Break | Flow::Continue) => Ok(Value::None),
            Err(e) => Err(e),
        }
    }

    pub fn binop(&mut self, op: &str, l: Value, r: Value) -> R<Value> {
        let v = super::calls::binop(op, l, r)?;
        self.charge_size(&v)?;
        Ok(v)
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

    /// Reads an environment variable as the module would see it.
    /// Reads an environment variable as the module would see it; `default`
    /// is the default the code gives (None when it gives none).
    pub fn read_env(
        &mut self,
        name: &str,
        default: Option<&Value>,
    ) -> Option<Result<Rc<str>, Unknown>> {
        let name_rc: Rc<str> = Rc::from(name);
        // How much a guard that fires looks like it asks for this variable:
        // read without a default, then with an empty default, then others.
        let rank = match default {
            None => 0,
            Some(d) if d.truthy() == Tri::False => 1,
            Some(_) => 2,
        };
        let entry = self.read_ranks.entry(name_rc.clone()).or_insert(rank);
        *entry = (*entry).min(rank);
        self.add_taint(&[name_rc]);
        match self.env.get(name) {
            Some(EnvVar::Set(v)) => Some(Ok(v.clone())),
            Some(EnvVar::Required) => Some(Err(Unknown::new(format!(
                "the environment variable {name}, which must be set"
            )))),
            None => self
                .env_open
                .as_ref()
                .map(|why| Err(Unknown::new(format!("{name} may be set by {why}")))),
        }
    }

    pub fn set_env(&mut self, name: &str, value: Rc<str>) {
        self.env.insert(name.to_string(), EnvVar::Set(value));
    }

    /// Whether a `.env` file sits in the project root or the entry module's
    /// folder (what `load_dotenv()` / `Env.read_env()` would read).
    pub fn dotenv_present(&self) -> bool {
        let mut dirs = vec![self.resolver.project_root.clone()];
        if let Some(d) = &self.entry_dir {
            dirs.push(d.clone());
        }
        dirs.iter().any(|d| self.sources.exists(&d.join(".env")))
    }

    /// What python-decouple's `AutoConfig` would find in a `.env` or
    /// `settings.ini` above the entry module.
    pub fn decouple_lookup(&mut self, name: &str) -> Option<Result<Rc<str>, Unknown>> {
        if self.decouple_repo.is_none() {
            self.decouple_repo = Some(load_decouple_repo(self.entry_dir.as_deref()));
        }
        match self.decouple_repo.as_ref()? {
            DecoupleRepo::None => None,
            DecoupleRepo::Env(path, vars) => vars.get(name).map(|v| Ok(v.clone())).or_else(|| {
                let _ = path;
                None
            }),
            DecoupleRepo::Ini(path) => Some(Err(Unknown::new(format!(
                "{name} may be set in {}",
                display_path(path)
            )))),
        }
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

fn relative_parts(s: &str) -> (usize, String) {
    let level = s.chars().take_while(|c| *c == '.').count();
    (level, s[level..].trim().to_string())
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

pub fn tri_value(t: Tri) -> Value {
    match t {
        Tri::True => Value::Bool(true),
        Tri::False => Value::Bool(false),
        Tri::Unknown(u) => Value::Unknown(u),
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

/// Python's tokenizer refuses more than 200 nested brackets ("too many
/// nested parentheses"); the offset of the first bracket past that.
fn too_deep_brackets(file: &ParsedFile) -> Option<usize> {
    const MAX_LEVEL: usize = 200;
    let opens = file
        .text
        .bytes()
        .filter(|b| matches!(b, b'(' | b'[' | b'{'))
        .count();
    if opens <= MAX_LEVEL {
        return None;
    }
    let mut level = 0usize;
    super::source::find_in_preorder(&file.tree, |n| {
        if n.child_count() == 0 {
            match n.kind() {
                "(" | "[" | "{" => {
                    level += 1;
                    if level > MAX_LEVEL {
                        return Some(n.start_byte());
                    }
                }
                ")" | "]" | "}" => level = level.saturating_sub(1),
                _ => {}
            }
        }
        None
    })
}

fn first_error(root: Node) -> Option<Range<usize>> {
    let mut stack = vec![root];
    let mut best: Option<Node> = None;
    while let Some(n) = stack.pop() {
        if !n.has_error() {
            continue;
        }
        if n.is_error() || n.is_missing() {
            if best
                .map(|b| n.start_byte() < b.start_byte())
                .unwrap_or(true)
            {
                best = Some(n);
            }
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    best.map(|n| {
        let r = n.byte_range();
        if r.is_empty() {
            r.start..r.start
        } else {
            r
        }
    })
}
