//! Fixes for findings. Each candidate edit is proven before it is offered:
//! the edited text is parsed and the checks re-run, and the fix is kept only
//! if the targeted finding is gone, no new finding appeared and no syntax
//! error was introduced.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tree_sitter::Node;

use super::checks::{check_by_id, FixKind, CSRF_MW, SEC_MW, SESS_MW, XFO_MW};
use super::django_version::ProjectVersion;
use super::eval::value::Value;
use super::eval::{read_styles, EnvRead, ReadStyle};
use super::evaluate_with;
use super::report::{self, text_of, Evaluation, Finding};
use super::source::{OverlaySources, ParsedFile, SourceProvider, SyntaxVerdict};

mod context_processors;
mod environment;
mod fix_all;
mod list_entry;
mod middleware;
mod rewrite;
mod scheme;
mod set_value;
mod suppress;
mod syntax;

pub use fix_all::{fix_all, FixPolicy};
pub use suppress::{suppress_at, suppress_fix};

use context_processors::*;
use environment::*;
use list_entry::*;
use middleware::*;
use rewrite::*;
use scheme::*;
use set_value::*;
use syntax::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub path: PathBuf,
    /// Byte range in the file's current text.
    pub range: Range<usize>,
    pub new_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    /// The finding code this fixes.
    pub code: String,
    pub edits: Vec<Edit>,
    /// Cannot break a running deployment by itself (`source.fixAll`, `--fix`).
    pub safe: bool,
    pub preferred: bool,
}

/// A fix is proven by running the module again with it applied; beyond
/// this much work per run (about 80 ms; real settings modules take under
/// 20,000 steps) no fix is offered rather than making the user wait.
pub const MAX_PROOF_STEPS: u64 = 250_000;

/// Verified fixes for a finding of the evaluated module `eval`.
pub fn fixes_for(eval: &Evaluation, finding: &Finding, sources: &dyn SourceProvider) -> Vec<Fix> {
    let mut out: Vec<Fix> = vec![];
    if eval.steps > MAX_PROOF_STEPS {
        return out;
    }
    for fix in candidates(eval, finding, sources) {
        if out.iter().any(|f| f.edits == fix.edits) {
            continue;
        }
        if verify(eval, finding, &fix, sources) {
            out.push(fix);
        }
    }
    if let Some(first) = out.first_mut() {
        first.preferred = true;
    }
    out
}

/// The smallest single edit turning `old` into `new`.
pub fn minimal_edit(path: &Path, old: &str, new: &str) -> Option<Edit> {
    if old == new {
        return None;
    }
    let prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let mut start = prefix;
    let mut old_end = old.len() - suffix;
    let mut new_end = new.len() - suffix;
    // Keep the edit on character boundaries of both texts.
    while start > 0 && !(old.is_char_boundary(start) && new.is_char_boundary(start)) {
        start -= 1;
    }
    while old_end < old.len() && !(old.is_char_boundary(old_end) && new.is_char_boundary(new_end)) {
        old_end += 1;
        new_end += 1;
    }
    Some(Edit {
        path: path.to_path_buf(),
        range: start..old_end,
        new_text: new[start..new_end].to_string(),
    })
}

/// Applies non-overlapping edits to a text.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for e in sorted {
        if e.range.start < pos || e.range.end > text.len() {
            continue;
        }
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.new_text);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// The texts after applying `edits`, per file.
pub fn edited_texts(
    eval: &Evaluation,
    edits: &[Edit],
    sources: &dyn SourceProvider,
) -> HashMap<PathBuf, String> {
    let mut by_file: HashMap<PathBuf, Vec<&Edit>> = HashMap::new();
    for e in edits {
        by_file.entry(e.path.clone()).or_default().push(e);
    }
    by_file
        .into_iter()
        .filter_map(|(path, es)| {
            let text = match text_of(eval, &path) {
                Some(t) => t.to_string(),
                None => sources.read_text(&path).ok()?,
            };
            Some((path, apply_edits(&text, &es)))
        })
        .collect()
}

fn verify(eval: &Evaluation, finding: &Finding, fix: &Fix, sources: &dyn SourceProvider) -> bool {
    let texts = edited_texts(eval, &fix.edits, sources);
    let mut overlay = OverlaySources::new(sources);
    for (path, text) in &texts {
        // Only Python files are run again; an example environment file is
        // text the fix appends a line to.
        if !is_python(path) {
            continue;
        }
        // A module Python cannot parse gets no fix: no edit makes it valid
        // Python, and the value an edit replaces is where tree-sitter's
        // error recovery put it, which may be another statement's.
        let broken = eval
            .loaded
            .iter()
            .find(|f| &f.path == path)
            .is_some_and(|f| f.tree.has_error() || f.syntax != SyntaxVerdict::Valid);
        let parsed = ParsedFile::parse(path.clone(), Arc::from(text.as_str()));
        if broken || parsed.tree.has_error() || parsed.syntax != SyntaxVerdict::Valid {
            return false;
        }
        overlay.files.insert(path.clone(), Arc::new(parsed));
    }
    let Ok(after) = evaluate_with(&eval.module, &overlay, eval.configured_version()) else {
        return false;
    };
    let before = report::report(eval).findings;
    let after = report::report(&after).findings;
    let key = |f: &Finding| (f.code.clone(), f.setting.clone());
    // Gone: one fewer of its kind (a check may report one finding per
    // entry, as 4_0.E001 and W025 do; the fix clears the one it names).
    let count = |fs: &[Finding]| fs.iter().filter(|f| key(f) == key(finding)).count();
    if count(&after) >= count(&before) {
        return false;
    }
    // No new finding: every finding after must have been there before, but
    // for the checks Django gates on what the fix adds.
    let reveals = check_by_id(&finding.code).map(|c| c.reveals).unwrap_or(&[]);
    let mut pool: Vec<(String, Option<String>)> = before.iter().map(key).collect();
    for f in after.iter().filter(|f| !reveals.contains(&f.code.as_str())) {
        match pool.iter().position(|k| *k == key(f)) {
            Some(i) => {
                pool.swap_remove(i);
            }
            None => return false,
        }
    }
    true
}

fn candidates(eval: &Evaluation, finding: &Finding, sources: &dyn SourceProvider) -> Vec<Fix> {
    let Some(setting) = finding.setting.as_deref() else {
        return vec![];
    };
    if super::secrets::CODES.contains(&finding.code.as_str()) {
        return secret_to_environment(eval, finding, sources);
    }
    let Some(check) = check_by_id(&finding.code) else {
        return vec![];
    };
    let mut out = vec![];
    for kind in check.fixes {
        match kind {
            FixKind::SetValue { values, safe } => {
                for (literal, why) in *values {
                    out.extend(set_value(eval, finding, setting, literal, why, *safe));
                }
                out.extend(secure_env_default(
                    eval,
                    finding,
                    setting,
                    safe_env_default(check.id),
                ));
            }
            FixKind::AddMiddleware(mw) => out.extend(add_middleware(eval, finding, mw)),
            FixKind::FromEnvironment => out.extend(from_environment(eval, finding, setting)),
            FixKind::AddScheme => out.extend(add_scheme(eval, finding, setting)),
            FixKind::AddContextProcessor(p) => out.extend(add_context_processor(eval, finding, p)),
            FixKind::LanguageTag => out.extend(language_tag(eval, finding, setting)),
            FixKind::SmtpMailer => out.extend(smtp_mailer(eval, finding)),
            FixKind::DropStaticRoot => out.extend(drop_static_root(eval, finding)),
        }
    }
    out
}

fn is_python(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "py" || e == "pyi")
}

/// Making an environment default secure is safe where setting the literal
/// itself would be (DEBUG's default off).
fn safe_env_default(id: &str) -> bool {
    check_by_id(id)
        .map(|c| {
            c.fixes
                .iter()
                .any(|k| matches!(k, FixKind::SetValue { safe: true, .. }))
        })
        .unwrap_or(false)
}
