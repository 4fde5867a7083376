//! Turning an evaluated settings module into findings: the deploy checks,
//! Django's load-time refusals and crashes, silencing, and notes about what
//! could not be seen.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::checks::{
    self, Ctx, DjangoVersion, FixKind, Outcome, Severity, CHECKS, LIST_OR_TUPLE_SETTINGS,
};
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
    NOQA_MOVED as CODE_NOQA_MOVED, REQUIRED_ENV as CODE_REQUIRED_ENV, UNDECIDED as CODE_UNDECIDED,
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
    /// The environment variables Django cannot start without (`dsl.I002`),
    /// and the checks undecided only because such a variable's value is
    /// unknown. The CLI prints them with the notes; the editor shows them
    /// in hover, not as diagnostics: a module that reads its secrets from
    /// the environment (what the fixes write) shows nothing.
    pub requirements: Vec<Finding>,
    /// Every file the evaluation read.
    pub files: Vec<PathBuf>,
}

pub fn analyze(entry: &Path, sources: &dyn SourceProvider) -> Result<Report, LoadError> {
    let eval = evaluate(entry, sources)?;
    Ok(report(&eval))
}

pub fn report(eval: &Evaluation) -> Report {
    let settings = Settings {
        namespace: &eval.namespace,
    };
    let loc = Locator {
        eval,
        settings: &settings,
    };
    let mut findings = vec![];
    // Keyed by setting and reason: checks on different settings that share
    // a reason are different notes, each on its own setting.
    let mut undecided: BTreeMap<(&'static str, String), Undecided> = BTreeMap::new();
    findings::from_checks(&loc, &mut findings, &mut undecided);
    findings::load_failures(&loc, &mut findings);
    findings::from_evaluation(&loc, &mut findings);
    let (mut notes, mut requirements) = notes::notes(&loc, undecided);
    notes.retain(|f| !suppressed(eval, f) && !suppressed_at_old_anchor(eval, f));
    requirements.retain(|f| !suppressed(eval, f) && !suppressed_at_old_anchor(eval, f));
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
    for f in findings
        .iter_mut()
        .chain(notes.iter_mut())
        .chain(requirements.iter_mut())
    {
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
    sort(&mut requirements);
    Report {
        module: eval.module.clone(),
        findings,
        notes,
        requirements,
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
