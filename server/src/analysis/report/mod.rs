//! Turning an evaluated settings module into findings: the deploy checks,
//! Django's load-time refusals and crashes, silencing, and notes about what
//! could not be seen.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::checks::{self, Ctx, FixKind, Outcome, Severity, CHECKS, LIST_OR_TUPLE_SETTINGS};
use super::eval::value::{Extra, Tri, Value};
use super::settings::Settings;
use crate::analysis::eval::{EnvVar, EvalEvent};
use crate::analysis::secrets::{redact, secret_values};
use crate::analysis::source::{LoadError, SourceProvider};

/// Our own codes, outside Django's namespaces.
mod findings;
mod loading;
mod locate;
mod notes;
mod suppression;

pub use crate::analysis::eval::driver::{evaluate, Evaluation};
pub use locate::{checked_file, module_anchor};

use loading::*;
use locate::*;
use notes::*;
use suppression::*;

pub use super::checks::own::{
    CHECK_CRASH as CODE_CHECK_CRASH, LOAD_FAILURE as CODE_LOAD_FAILURE,
    NOQA_MOVED as CODE_NOQA_MOVED, RELEASE_UNKNOWN as CODE_RELEASE_UNKNOWN,
    REQUIRED_ENV as CODE_REQUIRED_ENV, UNDECIDED as CODE_UNDECIDED,
};

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
    /// The value Django's own message names (`CheckDef::django_message`):
    /// W025's fallback index, 4_0.E001's origin; redacted like `message`.
    pub django_names: Option<String>,
}

impl Finding {
    /// A finding about a place only: no setting, documentation, fix or
    /// related place (notes, what the evaluation saw).
    pub(crate) fn at(
        code: &str,
        severity: Severity,
        message: String,
        path: PathBuf,
        range: Range<usize>,
        anchor: Range<usize>,
    ) -> Finding {
        Finding {
            code: code.into(),
            severity,
            message,
            path,
            range,
            anchor,
            setting: None,
            docs: None,
            fixes: &[],
            related: vec![],
            old_anchor: None,
            django_names: None,
        }
    }

    pub fn fixable(&self) -> bool {
        !self.fixes.is_empty()
    }

    /// Whether one of its fixes is safe (`check --fix` applies it without
    /// `--unsafe-fixes`).
    pub fn safely_fixable(&self) -> bool {
        self.fixes.iter().any(FixKind::is_safe)
    }
}

pub struct Report {
    pub module: PathBuf,
    /// Warnings and errors, as Django (or a Django crash) would report them.
    pub findings: Vec<Finding>,
    /// What could not be decided, and why.
    pub notes: Vec<Finding>,
    /// The environment variables Django cannot start without (`dsl.I002`),
    /// and the checks undecided only because such a variable's value is
    /// unknown. The CLI prints them with the notes; the editor shows them
    /// in hover, not as diagnostics: a module that reads its secrets from
    /// the environment (what the fixes write) shows nothing.
    pub requirements: Vec<Finding>,
    /// Every file the evaluation read.
    pub files: Vec<PathBuf>,
    /// The Django messages not reported because `SILENCED_SYSTEM_CHECKS`
    /// or a `# noqa` silences them, one code per message (Django's
    /// "(N silenced)").
    pub silenced: Vec<String>,
    /// The Django release the module was judged by, and why.
    pub django: crate::analysis::django_version::ProjectVersion,
}

pub fn analyze(entry: &Path, sources: &dyn SourceProvider) -> Result<Report, LoadError> {
    let eval = evaluate(entry, sources)?;
    Ok(report_reading(&eval, sources))
}

/// The report of an evaluation, the checks that need the disk undecided.
pub fn report(eval: &Evaluation) -> Report {
    report_with(eval, None)
}

/// The report of an evaluation whose checks may read the project's files
/// through `sources` (files.E001, catalogs under LOCALE_PATHS): what the
/// command line and the editor show.
pub fn report_reading(eval: &Evaluation, sources: &dyn SourceProvider) -> Report {
    report_with(
        eval,
        Some(checks::ProjectDisk {
            sources,
            root: &eval.project_root,
        }),
    )
}

fn report_with(eval: &Evaluation, disk: Option<checks::ProjectDisk>) -> Report {
    let settings = Settings {
        namespace: &eval.namespace,
        version: eval.django.version,
    };
    let loc = Locator {
        eval,
        settings: &settings,
        disk,
    };
    let mut findings = vec![];
    let mut silenced = vec![];
    // Keyed by setting and reason: checks on different settings that share
    // a reason are different notes, each on its own setting.
    let mut undecided: BTreeMap<(&'static str, String), Undecided> = BTreeMap::new();
    findings::from_checks(&loc, &mut findings, &mut silenced, &mut undecided);
    findings::load_failures(&loc, &mut findings);
    findings::from_evaluation(&loc, &mut findings);
    let (mut notes, mut requirements) = notes::notes(&loc, undecided);
    notes.retain(|f| !suppressed(eval, f) && !suppressed_at_old_anchor(eval, f));
    requirements.retain(|f| !suppressed(eval, f) && !suppressed_at_old_anchor(eval, f));
    let mut moved = vec![];
    findings.retain(|f| {
        let quiet = if suppressed(eval, f) {
            true
        } else if suppressed_at_old_anchor(eval, f) {
            moved.push(noqa_moved_note(eval, f));
            true
        } else {
            false
        };
        if quiet && checks::check_by_id(&f.code).is_some() {
            silenced.push(f.code.clone());
        }
        !quiet
    });
    notes.extend(moved);
    // A secret can reach a message through another value (`DEBUG = TOKEN`,
    // a KeyError naming it): every message is cleaned of secret values.
    let secrets = secret_values(&eval.namespace);
    for f in findings
        .iter_mut()
        .chain(notes.iter_mut())
        .chain(requirements.iter_mut())
    {
        f.message = redact(&f.message, &secrets);
        if let Some(n) = &mut f.django_names {
            *n = redact(n, &secrets);
        }
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
    sort(&mut requirements);
    Report {
        module: eval.module.clone(),
        findings,
        notes,
        requirements,
        files: eval.files.clone(),
        silenced,
        django: eval.django.clone(),
    }
}

/// The text of a file the evaluation read.
pub fn text_of<'e>(eval: &'e Evaluation, path: &Path) -> Option<&'e str> {
    eval.loaded
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.text.as_ref())
}
