//! The evaluation driver: the checked module run as Django imports it,
//! with an empty environment, restarted with the variables it requires.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::attributes::is_modelled_module;
use super::envlibs::configurations;
use super::namespace::Namespace;
use super::{EnvRead, EnvVar, EvalEvent, Interp, MAX_STEPS};
use crate::analysis::app_imports::first_unimportable;
use crate::analysis::apps::{app_facts, app_labels, AppFact};
use crate::analysis::django_version::{detect, ProjectVersion, VersionSource};
use crate::analysis::eval::value::Extra;
use crate::analysis::imports::Resolver;
use crate::analysis::source::{LoadError, SourceProvider};

/// How many times evaluation restarts after discovering required variables.
pub(crate) const MAX_RESTARTS: usize = 16;

/// What the module's environment says about its `TIME_ZONE`: whether the
/// zone has a file under `/usr/share/zoneinfo` (`None`: no such folder, or
/// nothing to ask).
pub type ZoneFile = Option<bool>;

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
    pub loaded: Vec<std::sync::Arc<crate::analysis::source::ParsedFile>>,
    pub entry_text: std::sync::Arc<str>,
    pub star_imports: Vec<Range<usize>>,
    /// The work it took, restarts included (see `interp::MAX_STEPS`).
    pub steps: u64,
    /// The certain app label of each INSTALLED_APPS entry, in order, when
    /// INSTALLED_APPS is known exactly (`None`: cannot tell).
    pub app_labels: Vec<Option<String>>,
    /// What each string entry of INSTALLED_APPS installs (its AppConfig's
    /// name and class), as far as the files say: the contrib checks run
    /// only for their app.
    pub apps: Vec<(String, AppFact)>,
    /// The folders the settings name that Django looks for on disk
    /// (STATICFILES_DIRS), as the project's disk has them.
    pub folders: crate::analysis::folders::Folders,
    /// What the classes MIDDLEWARE, AUTHENTICATION_BACKENDS and
    /// STATICFILES_FINDERS name are, as the project's files say.
    pub classes: Vec<(String, crate::analysis::dotted::DottedFact)>,
    /// The template tag libraries of the installed apps that are not
    /// Django's, as their files show them.
    pub libraries: Vec<crate::analysis::apps::AppLibraries>,
    /// The installed packages' folders the evaluation could read from: files
    /// there are read, never edited.
    pub installed: Vec<PathBuf>,
    /// Statements that may have set any name (see `Interp::open_causes`).
    pub open_causes: Vec<super::OpenCause>,
    /// The environment reads the last run made, with their places in the
    /// source, in the order they ran.
    pub env_reads: Vec<EnvRead>,
    /// The Django release the module is judged by, and why.
    pub django: ProjectVersion,
    /// Whether the `TIME_ZONE` the module sets has a file under this
    /// machine's `/usr/share/zoneinfo` (`None`: no such folder, or no
    /// zone set), which Django tests when it starts.
    pub time_zone_file: ZoneFile,
    /// The first INSTALLED_APPS entry Django certainly cannot import, and
    /// the module it cannot find.
    pub unimportable_app: Option<(String, String)>,
    /// The project's root folder (`Resolver::project_root`): the checks
    /// that read the disk (files.E001, LOCALE_PATHS catalogs) decide only
    /// for paths inside it (`checks::ProjectDisk`).
    pub project_root: PathBuf,
}

impl Evaluation {
    /// The release a configuration named for this evaluation, to evaluate
    /// an edited text again under the same one (the fixes' proof).
    pub fn configured_version(&self) -> Option<&ProjectVersion> {
        matches!(self.django.source, VersionSource::Configured { .. }).then_some(&self.django)
    }
}

/// Runs the module as Django would import it with an empty environment.
/// A variable the module cannot do without (`os.environ["X"]`, a guard
/// that raises) is taken as set to an unknown value, and evaluation restarts.
pub fn evaluate(entry: &Path, sources: &dyn SourceProvider) -> Result<Evaluation, LoadError> {
    evaluate_with(entry, sources, None)
}

/// `evaluate`, judged by the release `configured` names when given, else
/// by the one the project's environment and dependency files say.
pub fn evaluate_with(
    entry: &Path,
    sources: &dyn SourceProvider,
    configured: Option<&ProjectVersion>,
) -> Result<Evaluation, LoadError> {
    let file = sources.load(entry)?;
    // One memory budget for all attempts, like the steps below.
    let _bytes = crate::analysis::eval::byte_budget::ByteBudget::install();
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
        let resolver = Resolver::for_module(entry, sources, is_modelled_module);
        let mut interp = Interp::new(sources, resolver, env);
        interp.entry_dir = entry.parent().map(Path::to_path_buf);
        interp.entry_path = Some(entry.to_path_buf());
        interp.steps = steps;
        // Importing a module by its dotted name runs its packages' __init__
        // first (outermost first); an exception there stops Django.
        for init in package_inits(entry, &interp.resolver, sources) {
            let _ = interp.load_module(&init);
            if let Some(crate::analysis::eval::ModuleSlot::Failed(_, exc)) =
                interp.modules.get(&init)
            {
                let (path, range) = exc.origin.clone().unwrap_or((init.clone(), 0..0));
                interp.events.push(EvalEvent::LoadFailure {
                    path,
                    range,
                    message: format!("{}: {}", exc.class.name(), exc.message),
                });
            }
        }
        let ns = interp.load_module(entry)?;
        configure(&mut interp, &ns, entry, sources);
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
            && !crate::analysis::eval::byte_budget::exhausted()
        {
            required.extend(fresh);
            continue;
        }
        // The interpreter is done: take the namespace instead of copying it
        // (dropping the interpreter empties every module's namespace).
        let namespace = std::mem::take(&mut *ns.borrow_mut());
        let (app_labels, unimportable_app) = match namespace
            .get("INSTALLED_APPS")
            .map(|b| b.value.iter_items())
        {
            Some(Ok((items, Extra::Exact))) => {
                let entries: Vec<Option<&str>> = items.iter().map(|i| i.as_str()).collect();
                (
                    app_labels(&entries, &interp.resolver, sources, entry),
                    first_unimportable(&entries, &interp.resolver, sources, entry),
                )
            }
            _ => (vec![], None),
        };
        let apps = match namespace
            .get("INSTALLED_APPS")
            .map(|b| b.value.iter_items())
        {
            Some(Ok((items, _))) => {
                let entries: Vec<&str> = items.iter().filter_map(|i| i.as_str()).collect();
                app_facts(&entries, &interp.resolver, sources, entry)
            }
            _ => vec![],
        };
        let mut folders = crate::analysis::folders::Folders {
            project_root: interp.resolver.project_root.clone(),
            manage_dir: interp.resolver.manage_dir.clone(),
            seen: vec![],
        };
        if let Some(dirs) = namespace.get("STATICFILES_DIRS") {
            folders.record(&staticfiles_paths(&dirs.value), sources);
        }
        let named: Vec<String> = [
            "MIDDLEWARE",
            "AUTHENTICATION_BACKENDS",
            "STATICFILES_FINDERS",
        ]
        .iter()
        .filter_map(|s| namespace.get(s))
        .filter_map(|b| b.value.iter_items().ok())
        .flat_map(|(items, _)| items)
        .filter_map(|i| i.as_str().map(str::to_string))
        .collect();
        let named: Vec<&str> = named.iter().map(String::as_str).collect();
        let classes =
            crate::analysis::dotted::dotted_facts(&named, &interp.resolver, sources, entry);
        let libraries =
            crate::analysis::apps::app_libraries(&apps, &interp.resolver, sources, entry);
        let django = detect(entry, interp.resolver.site.as_ref(), configured, sources);
        let time_zone_file = zone_file(&namespace, sources);
        return Ok(Evaluation {
            django,
            time_zone_file,
            unimportable_app,
            project_root: interp.resolver.project_root.clone(),
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
            app_labels,
            apps,
            folders,
            classes,
            libraries,
            open_causes: std::mem::take(&mut interp.open_causes),
            env_reads: std::mem::take(&mut interp.env_reads).into_reads(),
            installed: interp
                .resolver
                .site
                .as_ref()
                .map(|s| s.roots.clone())
                .unwrap_or_default(),
        });
    }
}

/// Whether the module's `TIME_ZONE` names a file or folder under
/// `/usr/share/zoneinfo`, as Django's `Path.exists()` test has it.
fn zone_file(namespace: &Namespace, sources: &dyn SourceProvider) -> ZoneFile {
    let tz = namespace.get("TIME_ZONE")?.value.as_str()?.to_string();
    let root = Path::new("/usr/share/zoneinfo");
    if tz.is_empty() || !sources.is_dir(root) {
        return None;
    }
    let file = tz
        .split('/')
        .fold(root.to_path_buf(), |p, part| p.join(part));
    Some(sources.is_file(&file) || sources.is_dir(&file))
}

/// The paths STATICFILES_DIRS names (its strings and `Path`s, and the path
/// of each `(prefix, path)` pair), which Django looks for on disk.
fn staticfiles_paths(value: &super::value::Value) -> Vec<String> {
    use super::value::Value;
    let Ok((items, _)) = value.iter_items() else {
        return vec![];
    };
    items
        .iter()
        .filter_map(|item| {
            let root = match item {
                Value::List(_) | Value::Tuple(_) => match item.iter_items() {
                    Ok((pair, _)) if pair.len() == 2 => pair[1].clone(),
                    _ => return None,
                },
                other => other.clone(),
            };
            super::paths::path_str(&root)
        })
        .collect()
}

/// django-configurations' importer, after the module ran: the chosen
/// class's settings onto the module. What it raises stops Django loading;
/// a variable it requires restarts the evaluation with it set.
fn configure(
    interp: &mut Interp,
    ns: &std::rc::Rc<std::cell::RefCell<Namespace>>,
    entry: &Path,
    sources: &dyn SourceProvider,
) {
    // Read only for a module that has a Configuration subclass: the files
    // that name the class are not read on every evaluation of every module.
    let manage_dir = interp.resolver.manage_dir.clone();
    let chosen = || configurations::chosen_configuration(entry, manage_dir.as_deref(), sources);
    let Err(super::Flow::Raise(exc)) = configurations::apply(interp, ns, chosen) else {
        return;
    };
    match &exc.cause {
        super::Cause::MissingEnv(var) if !interp.env.contains_key(var.as_ref()) => {
            interp.newly_required.push(var.to_string());
        }
        _ => {
            let (path, range) = exc.origin.clone().unwrap_or((entry.to_path_buf(), 0..0));
            interp.events.push(EvalEvent::LoadFailure {
                path,
                range,
                message: format!(
                    "{}: {} (django-configurations, setting up the class)",
                    exc.class.name(),
                    exc.message
                ),
            });
        }
    }
}

/// The `__init__.py` of each package enclosing `entry`, outermost first,
/// within the project.
pub(crate) fn package_inits(
    entry: &Path,
    resolver: &Resolver,
    sources: &dyn SourceProvider,
) -> Vec<PathBuf> {
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

pub(crate) fn star_import_ranges(file: &crate::analysis::source::ParsedFile) -> Vec<Range<usize>> {
    let mut out = vec![];
    let mut stack: Vec<_> = file.tree.roots().collect();
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
