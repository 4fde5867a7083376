//! Turning an evaluated settings module into findings: the deploy checks,
//! Django's load-time refusals and crashes, silencing, and notes about what
//! could not be seen.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::checks::{
    self, Ctx, DjangoVersion, FixKind, Outcome, Severity, CHECKS, LIST_OR_TUPLE_SETTINGS,
};
use super::imports::Resolver;
use super::interp::{EnvVar, EvalEvent, Interp, MAX_STEPS};
use super::namespace::Namespace;
use super::secrets::{redact, secret_values};
use super::settings::Settings;
use super::source::{LoadError, SourceProvider};
use super::value::{Extra, Tri, Value};

/// Our own codes, outside Django's namespaces.
pub use super::checks::own::{
    CHECK_CRASH as CODE_CHECK_CRASH, LOAD_FAILURE as CODE_LOAD_FAILURE,
    NOQA_MOVED as CODE_NOQA_MOVED, REQUIRED_ENV as CODE_REQUIRED_ENV, UNDECIDED as CODE_UNDECIDED,
};

/// How many times evaluation restarts after discovering required variables.
const MAX_RESTARTS: usize = 16;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Related {
    pub path: PathBuf,
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    /// Where the offending value was set (possibly a star-imported module);
    /// for a setting the module leaves out, the reason Django runs the
    /// check (the `MIDDLEWARE` entry), else where its fix would insert it.
    pub path: PathBuf,
    pub range: Range<usize>,
    /// Where to show the finding in the checked module when `path` is
    /// another file: the star import that brought the value in.
    pub anchor: Range<usize>,
    /// The setting the finding is about.
    pub setting: Option<String>,
    pub docs: Option<String>,
    pub fixes: &'static [FixKind],
    pub related: Vec<Related>,
    /// Where findings about settings the module leaves out were shown
    /// before they were anchored on their reason: line 1 of the checked
    /// module. A `# noqa` there still suppresses the finding, with a note
    /// saying where to move it (until the next release).
    pub old_anchor: Option<Range<usize>>,
}

impl Finding {
    pub fn fixable(&self) -> bool {
        !self.fixes.is_empty()
    }
}

pub struct Report {
    pub module: PathBuf,
    /// Warnings and errors, as Django (or a Django crash) would report them.
    pub findings: Vec<Finding>,
    /// What could not be decided, and why.
    pub notes: Vec<Finding>,
    /// Every file the evaluation read.
    pub files: Vec<PathBuf>,
}

/// The evaluated module, kept for hover and fixes.
pub struct Evaluation {
    pub module: PathBuf,
    pub namespace: Namespace,
    pub events: Vec<EvalEvent>,
    pub required: BTreeSet<String>,
    pub env: HashMap<String, EnvVar>,
    pub files: Vec<PathBuf>,
    /// The parsed files, in load order (package `__init__` files before
    /// the checked module); `checked_file` finds the checked module.
    pub loaded: Vec<std::sync::Arc<super::source::ParsedFile>>,
    pub entry_text: std::sync::Arc<str>,
    pub star_imports: Vec<Range<usize>>,
    /// The work it took, restarts included (see `interp::MAX_STEPS`).
    pub steps: u64,
}

/// Runs the module as Django would import it with an empty environment.
/// A variable the module cannot do without (`os.environ["X"]`, a guard
/// that raises) is taken as set to an unknown value, and evaluation restarts.
pub fn evaluate(entry: &Path, sources: &dyn SourceProvider) -> Result<Evaluation, LoadError> {
    let file = sources.load(entry)?;
    // One memory budget for all attempts, like the steps below.
    let _bytes = super::byte_budget::ByteBudget::install();
    let mut required: BTreeSet<String> = BTreeSet::new();
    let mut attempt = 0;
    // One budget for all attempts: a module that is slow to run and needs
    // several variables must not cost a full budget per variable.
    let mut steps = 0;
    loop {
        attempt += 1;
        let env: HashMap<String, EnvVar> = required
            .iter()
            .map(|v| (v.clone(), EnvVar::Required))
            .collect();
        let mut interp = Interp::new(sources, Resolver::for_module(entry, sources), env);
        interp.entry_dir = entry.parent().map(Path::to_path_buf);
        interp.entry_path = Some(entry.to_path_buf());
        interp.steps = steps;
        // Importing a module by its dotted name runs its packages' __init__
        // first (outermost first); an exception there stops Django.
        for init in package_inits(entry, &interp.resolver, sources) {
            let _ = interp.load_module(&init);
            if let Some(super::interp::ModuleSlot::Failed(_, exc)) = interp.modules.get(&init) {
                let (path, range) = exc.origin.clone().unwrap_or((init.clone(), 0..0));
                interp.events.push(EvalEvent::LoadFailure {
                    path,
                    range,
                    message: format!("{}: {}", exc.class.name(), exc.message),
                });
            }
        }
        let ns = interp.load_module(entry)?;
        let fresh: Vec<String> = interp
            .newly_required
            .iter()
            .filter(|v| !required.contains(*v))
            .cloned()
            .collect();
        steps = interp.steps;
        if !fresh.is_empty()
            && attempt < MAX_RESTARTS
            && steps < MAX_STEPS
            && !super::byte_budget::exhausted()
        {
            required.extend(fresh);
            continue;
        }
        // The interpreter is done: take the namespace instead of copying it
        // (dropping the interpreter empties every module's namespace).
        let namespace = std::mem::take(&mut *ns.borrow_mut());
        return Ok(Evaluation {
            module: entry.to_path_buf(),
            namespace,
            events: std::mem::take(&mut interp.events),
            required,
            env: std::mem::take(&mut interp.env),
            files: interp.loaded.iter().map(|f| f.path.clone()).collect(),
            loaded: std::mem::take(&mut interp.loaded),
            star_imports: star_import_ranges(&file),
            entry_text: file.text.clone(),
            steps,
        });
    }
}

/// The `__init__.py` of each package enclosing `entry`, outermost first,
/// within the project.
fn package_inits(entry: &Path, resolver: &Resolver, sources: &dyn SourceProvider) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut dir = entry.parent();
    while let Some(d) = dir {
        let init = d.join("__init__.py");
        if !sources.is_file(&init) || !resolver.inside(d) {
            break;
        }
        if init != entry {
            out.push(init);
        }
        dir = d.parent();
    }
    out.reverse();
    out
}

fn star_import_ranges(file: &super::source::ParsedFile) -> Vec<Range<usize>> {
    let root = file.tree.root_node();
    let mut out = vec![];
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "import_from_statement" {
            let mut c = n.walk();
            if n.named_children(&mut c)
                .any(|k| k.kind() == "wildcard_import")
            {
                out.push(n.byte_range());
            }
            continue;
        }
        if matches!(
            n.kind(),
            "module"
                | "if_statement"
                | "try_statement"
                | "block"
                | "else_clause"
                | "except_clause"
                | "elif_clause"
        ) {
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// The module's first line: where findings with no place of their own go
/// (and where findings about absent settings went before `old_anchor`).
pub fn module_anchor(text: &str) -> Range<usize> {
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    0..end
}

/// Where a finding is: path and range of what it is about, its anchor in
/// the checked module, related places, and its old anchor (see
/// `Finding::old_anchor`).
type Located = (
    PathBuf,
    Range<usize>,
    Range<usize>,
    Vec<Related>,
    Option<Range<usize>>,
);

/// Undecided checks sharing one reason: their IDs, the setting the note is
/// shown on and the entries that make Django run them.
type Undecided = (Vec<&'static str>, &'static str, &'static [&'static str]);

/// The first of `entries` (dotted paths of middleware or apps) written as a
/// string literal in a file the evaluation read, the checked module first:
/// the `MIDDLEWARE` or `INSTALLED_APPS` line that makes Django run a check.
fn reason_entry<'a>(
    eval: &Evaluation,
    entries: &[&'a str],
) -> Option<(PathBuf, Range<usize>, &'a str)> {
    let files: Vec<_> = checked_file(eval)
        .into_iter()
        .chain(eval.loaded.iter().filter(|f| f.path != eval.module))
        .collect();
    entries.iter().find_map(|entry| {
        files.iter().find_map(|file| {
            string_literal(file, entry).map(|range| (file.path.clone(), range, *entry))
        })
    })
}

/// The checked module's parsed file.
pub fn checked_file(eval: &Evaluation) -> Option<&std::sync::Arc<super::source::ParsedFile>> {
    eval.loaded.iter().find(|f| f.path == eval.module)
}

/// The first string literal in `file` whose text is exactly `value`.
fn string_literal(file: &super::source::ParsedFile, value: &str) -> Option<Range<usize>> {
    if !file.text.contains(value) {
        return None;
    }
    super::source::find_in_preorder(&file.tree, |n| {
        if n.kind() != "string" {
            return None;
        }
        let text = &file.text[n.byte_range()];
        let inner = text
            .strip_prefix(['"', '\''])
            .and_then(|t| t.strip_suffix(['"', '\'']))?;
        (inner == value).then(|| n.byte_range())
    })
}

pub fn analyze(entry: &Path, sources: &dyn SourceProvider) -> Result<Report, LoadError> {
    let eval = evaluate(entry, sources)?;
    Ok(report(&eval))
}

pub fn report(eval: &Evaluation) -> Report {
    let settings = Settings {
        namespace: &eval.namespace,
    };
    let ctx = Ctx {
        settings: &settings,
    };
    let mut findings = vec![];
    // Keyed by setting and reason: checks on different settings that share
    // a reason are different notes, each on its own setting.
    let mut undecided: BTreeMap<(&'static str, String), Undecided> = BTreeMap::new();
    let anchor_for = |path: &Path, range: &Range<usize>| -> Range<usize> {
        if path == eval.module {
            range.clone()
        } else {
            eval.star_imports
                .first()
                .cloned()
                .unwrap_or_else(|| module_anchor(&eval.entry_text))
        }
    };
    let locate = |setting: &'static str, runs_because: &[&str]| -> Located {
        let s = settings.get(setting);
        match s.origin() {
            Some(o) => {
                let anchor = anchor_for(&o.path, &o.value);
                let related = if o.path != eval.module {
                    vec![Related {
                        path: o.path.clone(),
                        range: o.statement.clone(),
                        message: format!("{setting} is set here"),
                    }]
                } else {
                    vec![]
                };
                (o.path.clone(), o.value.clone(), anchor, related, None)
            }
            None => {
                let old = Some(module_anchor(&eval.entry_text));
                match reason_entry(eval, runs_because) {
                    Some((path, range, entry)) => {
                        let related = if path != eval.module {
                            vec![Related {
                                path: path.clone(),
                                range: range.clone(),
                                message: format!(
                                    "{entry} is installed here, so Django runs this check"
                                ),
                            }]
                        } else {
                            vec![]
                        };
                        (
                            path.clone(),
                            range.clone(),
                            anchor_for(&path, &range),
                            related,
                            old,
                        )
                    }
                    None => {
                        let a = checked_file(eval)
                            .and_then(|f| super::placement::insertion_anchor(f, setting))
                            .unwrap_or_else(|| module_anchor(&eval.entry_text));
                        (eval.module.clone(), a.clone(), a, vec![], old)
                    }
                }
            }
        }
    };

    for check in CHECKS
        .iter()
        .filter(|c| c.exists_in(DjangoVersion::MODELLED))
    {
        for outcome in (check.rule)(&ctx) {
            match outcome {
                Outcome::Pass => {}
                Outcome::Fire(message) => {
                    let (path, range, anchor, related, old_anchor) =
                        locate(check.setting, check.runs_because);
                    let finding = Finding {
                        code: check.id.to_string(),
                        severity: check.severity,
                        message,
                        path,
                        range,
                        anchor,
                        setting: Some(check.setting.to_string()),
                        docs: Some(check.docs_url(DjangoVersion::MODELLED)),
                        fixes: check.fixes,
                        related,
                        old_anchor,
                    };
                    match checks::silenced(&settings, check.id) {
                        Tri::True => {}
                        Tri::False => findings.push(finding),
                        Tri::Unknown(u) => {
                            let reason =
                                format!("SILENCED_SYSTEM_CHECKS cannot be read ({})", u.reason);
                            undecided
                                .entry(("SILENCED_SYSTEM_CHECKS", reason))
                                .or_insert_with(|| (vec![], "SILENCED_SYSTEM_CHECKS", &[]))
                                .0
                                .push(check.id);
                        }
                    }
                }
                Outcome::Undecided(u) => {
                    undecided
                        .entry((check.setting, u.reason.to_string()))
                        .or_insert_with(|| (vec![], check.setting, check.runs_because))
                        .0
                        .push(check.id);
                }
                Outcome::Crash(why) => {
                    let (path, range, anchor, related, old_anchor) =
                        locate(check.setting, check.runs_because);
                    findings.push(Finding {
                        code: CODE_CHECK_CRASH.into(),
                        severity: Severity::Error,
                        message: format!("Django's {} check would crash: {why}", check.id),
                        path,
                        range,
                        anchor,
                        setting: Some(check.setting.to_string()),
                        docs: Some(check.docs_url(DjangoVersion::MODELLED)),
                        fixes: &[],
                        related,
                        old_anchor,
                    });
                }
            }
        }
    }

    // Django refuses to load settings whose list settings are not lists.
    for name in LIST_OR_TUPLE_SETTINGS {
        let s = settings.get(name);
        if s.is_absent() {
            continue;
        }
        if !matches!(
            s.value,
            Value::List(_) | Value::Tuple(_) | Value::Unknown(_)
        ) {
            let (path, range, anchor, related, old_anchor) = locate(name, &[]);
            findings.push(Finding {
                code: CODE_LOAD_FAILURE.into(),
                severity: Severity::Error,
                message: format!(
                    "Django refuses to load these settings: {name} must be a list or a tuple, not a {}",
                    s.value.type_name()
                ),
                path,
                range,
                anchor,
                setting: Some(name.to_string()),
                docs: Some(checks::settings_docs(name)),
                fixes: &[],
                related,
                old_anchor,
            });
        }
    }

    for (setting, why) in app_loading_crashes(&settings) {
        let (path, range, anchor, related, old_anchor) = locate(setting, &[]);
        findings.push(Finding {
            code: CODE_LOAD_FAILURE.into(),
            severity: Severity::Error,
            message: format!("Django cannot start with these settings: {why}"),
            path,
            range,
            anchor,
            setting: Some(setting.to_string()),
            docs: Some(checks::settings_docs(setting)),
            fixes: &[],
            related,
            old_anchor,
        });
    }

    for event in &eval.events {
        let (path, range, message) = match event {
            EvalEvent::LoadFailure { path, range, message } => (
                path,
                range,
                format!("Django cannot import these settings: this statement raises {message}"),
            ),
            EvalEvent::SyntaxError { path, range } => (
                path,
                range,
                "Django cannot import these settings: Python cannot parse this module (syntax error)".to_string(),
            ),
        };
        findings.push(Finding {
            code: CODE_LOAD_FAILURE.into(),
            severity: Severity::Error,
            message,
            path: path.clone(),
            range: range.clone(),
            anchor: anchor_for(path, range),
            setting: None,
            docs: None,
            fixes: &[],
            related: vec![],
            old_anchor: None,
        });
    }

    if let Some(EnvVar::Set(v)) = eval.env.get("DJANGO_ALLOW_ASYNC_UNSAFE") {
        if !v.is_empty() {
            let a = module_anchor(&eval.entry_text);
            findings.push(Finding {
                code: "async.E001".into(),
                severity: Severity::Error,
                message: "the settings set DJANGO_ALLOW_ASYNC_UNSAFE in the environment; it must not be set in deployment".into(),
                path: eval.module.clone(),
                range: a.clone(),
                anchor: a,
                setting: None,
                docs: Some(format!(
                    "{}topics/async/#envvar-DJANGO_ALLOW_ASYNC_UNSAFE",
                    DjangoVersion::MODELLED.docs_root()
                )),
                fixes: &[],
                related: vec![],
                old_anchor: None,
            });
        }
    }

    for c in super::credentials::hardcoded(eval) {
        let anchor = anchor_for(&c.path, &c.range);
        findings.push(Finding {
            code: super::credentials::CODE.into(),
            severity: Severity::Warning,
            message: c.message,
            path: c.path,
            range: c.range,
            anchor,
            setting: Some(c.setting),
            docs: Some(format!(
                "{}{}",
                DjangoVersion::MODELLED.docs_root(),
                super::credentials::DOCS
            )),
            fixes: &[FixKind::FromEnvironment],
            related: vec![],
            old_anchor: None,
        });
    }

    let mut notes = vec![];
    for ((_, reason), (ids, setting, runs_because)) in undecided {
        let (path, range, anchor, related, old_anchor) = locate(setting, runs_because);
        notes.push(Finding {
            code: CODE_UNDECIDED.into(),
            severity: Severity::Info,
            message: format!(
                "{} not decided: {setting} depends on {reason}",
                ids.join(", ")
            ),
            path,
            range,
            anchor,
            setting: Some(setting.to_string()),
            docs: None,
            fixes: &[],
            related,
            old_anchor,
        });
    }
    for var in &eval.required {
        let var_rc: Rc<str> = Rc::from(var.as_str());
        let holder = eval
            .namespace
            .bindings
            .iter()
            .filter(|(_, b)| b.env.contains(&var_rc))
            .filter_map(|(_, b)| b.origin.clone())
            .min_by_key(|o| (o.path != eval.module, o.statement.start));
        let (path, range) = match holder {
            Some(o) => (o.path, o.value),
            None => (eval.module.clone(), module_anchor(&eval.entry_text)),
        };
        notes.push(Finding {
            code: CODE_REQUIRED_ENV.into(),
            severity: Severity::Info,
            message: format!(
                "Django cannot start unless the environment variable {var} is set; its value is taken as unknown"
            ),
            anchor: anchor_for(&path, &range),
            path,
            range,
            setting: None,
            docs: None,
            fixes: &[],
            related: vec![],
            old_anchor: None,
        });
    }

    notes.retain(|f| !suppressed(eval, f) && !suppressed_at_old_anchor(eval, f));
    let mut moved = vec![];
    findings.retain(|f| {
        if suppressed(eval, f) {
            return false;
        }
        if suppressed_at_old_anchor(eval, f) {
            moved.push(noqa_moved_note(eval, f));
            return false;
        }
        true
    });
    notes.extend(moved);
    // A secret can reach a message through another value (`DEBUG = TOKEN`,
    // a KeyError naming it): every message is cleaned of secret values.
    let secrets = secret_values(&eval.namespace);
    for f in findings.iter_mut().chain(notes.iter_mut()) {
        f.message = redact(&f.message, &secrets);
        for r in &mut f.related {
            r.message = redact(&r.message, &secrets);
        }
    }
    let sort = |v: &mut Vec<Finding>| {
        v.sort_by(|a, b| {
            (&a.path, a.range.start, &a.code, &a.message).cmp(&(
                &b.path,
                b.range.start,
                &b.code,
                &b.message,
            ))
        })
    };
    sort(&mut findings);
    sort(&mut notes);
    Report {
        module: eval.module.clone(),
        findings,
        notes,
        files: eval.files.clone(),
    }
}

/// The text of a file the evaluation read.
pub fn text_of<'e>(eval: &'e Evaluation, path: &Path) -> Option<&'e str> {
    eval.loaded
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.text.as_ref())
}

fn suppressed(eval: &Evaluation, f: &Finding) -> bool {
    let named = |path: &Path, offset: usize| {
        eval.loaded
            .iter()
            .find(|file| file.path == path)
            .is_some_and(|file| super::noqa::codes_for(file, offset).contains(&f.code))
    };
    named(&f.path, f.range.start) || named(&eval.module, f.anchor.start)
}

/// A `# noqa` for `f` on line 1 of the checked module, where findings about
/// settings the module leaves out were shown before they got their own
/// anchors: still honoured, until the next release.
fn suppressed_at_old_anchor(eval: &Evaluation, f: &Finding) -> bool {
    let Some(old) = &f.old_anchor else {
        return false;
    };
    checked_file(eval).is_some_and(|file| super::noqa::codes_for(file, old.start).contains(&f.code))
}

/// The note that says where a `# noqa` on the old anchor should move.
fn noqa_moved_note(eval: &Evaluation, f: &Finding) -> Finding {
    let old = f.old_anchor.clone().unwrap_or(0..0);
    let line = super::lines::LineIndex::new(&eval.entry_text).line_of(f.anchor.start) + 1;
    Finding {
        code: CODE_NOQA_MOVED.into(),
        severity: Severity::Info,
        message: format!(
            "`# noqa: {code}` on line 1 suppresses {code}, which is now shown on line {line} (the reason Django runs the check): move the comment there; line 1 stops suppressing it in the next release",
            code = f.code
        ),
        path: eval.module.clone(),
        range: old.clone(),
        anchor: old,
        setting: f.setting.clone(),
        docs: None,
        fixes: &[],
        related: vec![Related {
            path: eval.module.clone(),
            range: f.anchor.clone(),
            message: format!("{} is shown here", f.code),
        }],
        old_anchor: None,
    }
}

/// Crashes of `django.setup()` and the always-on checks that settings alone
/// decide: two entries of INSTALLED_APPS with the same app label, and a
/// MIDDLEWARE string (Django's auth check imports each of its characters).
fn app_loading_crashes(settings: &Settings) -> Vec<(&'static str, String)> {
    let mut out = vec![];
    let apps = settings.get("INSTALLED_APPS");
    if let Ok((items, Extra::Exact)) = apps.value.iter_items() {
        let mut labels: Vec<String> = vec![];
        for item in &items {
            let Some(path) = item.as_str() else { continue };
            // Django's own apps: `django.contrib.X` and its AppConfig path
            // both have the label X.
            let label = match path.strip_prefix("django.contrib.") {
                Some(rest) => rest.split('.').next().unwrap_or(rest).to_string(),
                None => match path.rsplit_once(".apps.") {
                    Some(_) => continue,
                    None => path.rsplit('.').next().unwrap_or(path).to_string(),
                },
            };
            if labels.contains(&label) {
                out.push(("INSTALLED_APPS", format!("two INSTALLED_APPS entries have the app label '{label}' (ImproperlyConfigured: application labels aren't unique)")));
                break;
            }
            labels.push(label);
        }
        let auth = items
            .iter()
            .any(|i| i.as_str() == Some("django.contrib.auth"));
        if auth && matches!(settings.get("MIDDLEWARE").value, Value::Str(_)) {
            out.push(("MIDDLEWARE", "MIDDLEWARE is a string, not a list: Django's auth check imports each of its characters as a middleware and raises ValueError".to_string()));
        }
    }
    out
}
