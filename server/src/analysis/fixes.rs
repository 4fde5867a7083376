//! Fixes for findings. Each candidate edit is proven before it is offered:
//! the edited text is parsed and the checks re-run, and the fix is kept only
//! if the targeted finding is gone, no new finding appeared and no syntax
//! error was introduced.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tree_sitter::Node;

use super::checks::{check_by_id, FixKind, CSRF_MW, SEC_MW, XFO_MW};
use super::objects::{Builtin, Object};
use super::report::{self, evaluate, text_of, Evaluation, Finding};
use super::source::{OverlaySources, ParsedFile, SourceProvider};
use super::value::Value;

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

/// The environment-reading style a module already uses.
#[derive(Debug, Clone, PartialEq)]
enum Idiom {
    Os,
    /// django-environ, through the `Env` instance bound to this name.
    Environ(String),
    /// python-decouple's `config`, bound to this name; `Csv` if imported.
    Decouple(String, Option<String>),
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
    for fix in candidates(eval, finding) {
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

/// Adds `# noqa: CODE` to the line the finding is shown on in the checked module.
pub fn suppress_fix(eval: &Evaluation, finding: &Finding) -> Option<Fix> {
    let file = parsed(eval, &eval.module)?;
    suppress_at(file, finding.anchor.start, &finding.code)
}

/// Adds `# noqa: CODE` where `noqa` looks for a comment about `offset` in
/// `file` (its line, or the line closing a multi-line string running past
/// it), or adds the code to the `# noqa:` already there. `None` after a
/// `\` line continuation, where no comment can go.
pub fn suppress_at(file: &ParsedFile, offset: usize, code: &str) -> Option<Fix> {
    let path = file.path.as_path();
    let line_end = super::noqa::comment_line_end(file, offset)?;
    // Into the codes of a `# noqa:` already there (which a comment after
    // it, `# noqa: A  # why`, may follow), else a new comment.
    let existing = super::noqa::comment_on_line(file, line_end).and_then(|c| {
        let comment = &file.text[c.clone()];
        let i = comment.find("# noqa:")? + "# noqa:".len();
        let tail = &comment[i..];
        let list = tail[..tail.find('#').unwrap_or(tail.len())].trim_end();
        (!list.trim().is_empty()).then_some(c.start + i + list.len())
    });
    let (at, new_text) = match existing {
        Some(at) => (at, format!(", {code}")),
        None => (line_end, format!("  # noqa: {code}")),
    };
    Some(Fix {
        title: format!("Suppress {code} on this line (# noqa)"),
        code: code.to_string(),
        edits: vec![Edit {
            path: path.to_path_buf(),
            range: at..at,
            new_text,
        }],
        safe: false,
        preferred: false,
    })
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
                None => sources.load(&path).ok()?.text.to_string(),
            };
            Some((path, apply_edits(&text, &es)))
        })
        .collect()
}

fn verify(eval: &Evaluation, finding: &Finding, fix: &Fix, sources: &dyn SourceProvider) -> bool {
    let texts = edited_texts(eval, &fix.edits, sources);
    let mut overlay = OverlaySources::new(sources);
    for (path, text) in &texts {
        let before_error = eval
            .loaded
            .iter()
            .find(|f| &f.path == path)
            .map(|f| f.tree.root_node().has_error())
            .unwrap_or(false);
        let parsed = ParsedFile::parse(path.clone(), Arc::from(text.as_str()));
        if parsed.tree.root_node().has_error() && !before_error {
            return false;
        }
        overlay.files.insert(path.clone(), Arc::new(parsed));
    }
    let Ok(after) = evaluate(&eval.module, &overlay) else {
        return false;
    };
    let before = report::report(eval).findings;
    let after = report::report(&after).findings;
    let key = |f: &Finding| (f.code.clone(), f.setting.clone());
    let still_there = after.iter().any(|f| key(f) == key(finding));
    if still_there {
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

fn candidates(eval: &Evaluation, finding: &Finding) -> Vec<Fix> {
    let Some(setting) = finding.setting.as_deref() else {
        return vec![];
    };
    if finding.code == super::credentials::CODE {
        return credential_to_environment(eval, finding, setting);
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
        }
    }
    out
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

// ----- syntax helpers ------------------------------------------------------------------

fn parsed<'e>(eval: &'e Evaluation, path: &Path) -> Option<&'e Arc<ParsedFile>> {
    eval.loaded.iter().find(|f| f.path == path)
}

/// The node spanning exactly `range`.
fn node_at<'t>(file: &'t ParsedFile, range: &Range<usize>) -> Option<Node<'t>> {
    let mut n = file
        .tree
        .root_node()
        .descendant_for_byte_range(range.start, range.end)?;
    loop {
        if n.byte_range() == *range {
            return Some(n);
        }
        n = n.parent()?;
        if n.start_byte() < range.start || n.end_byte() > range.end {
            return None;
        }
    }
}

/// Whether a node is a literal (nested literals included). Iterative: a
/// module may nest brackets thousands deep.
fn is_literal(file: &ParsedFile, n: Node) -> bool {
    let mut stack = vec![n];
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            return false;
        }
        match n.kind() {
            "true" | "false" | "none" | "integer" | "float" | "concatenated_string" => {}
            "string" => {
                let t = &file.text[n.byte_range()];
                if t.trim_start_matches(['r', 'R', 'b', 'B', 'u', 'U'])
                    .starts_with(['f', 'F'])
                {
                    return false;
                }
            }
            "unary_operator" => match n.child_by_field_id(crate::field!("argument")) {
                Some(a) => stack.push(a),
                None => return false,
            },
            "list" | "tuple" | "set" => {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c).filter(|k| k.kind() != "comment"));
            }
            _ => return false,
        }
    }
    true
}

fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// Whether the module mostly writes strings with single quotes.
fn prefers_single_quotes(file: &ParsedFile) -> bool {
    let (mut single, mut double) = (0, 0);
    let mut stack = vec![file.tree.root_node()];
    let mut seen = 0;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 20_000 {
            break;
        }
        if n.kind() == "string_start" {
            let t = &file.text[n.byte_range()];
            if t.ends_with('\'') {
                single += 1;
            } else {
                double += 1;
            }
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    single > double
}

/// Rewrites the double-quoted strings of a literal we generate into the
/// module's quote style.
fn quoted(file: &ParsedFile, literal: &str) -> String {
    if prefers_single_quotes(file) && !literal.contains('\'') {
        literal.replace('"', "'")
    } else {
        literal.to_string()
    }
}

/// Top-level statements of a module.
fn top_level(file: &ParsedFile) -> Vec<Node<'_>> {
    let root = file.tree.root_node();
    let mut c = root.walk();
    root.named_children(&mut c).collect()
}

/// The name a top-level statement assigns, if it is a simple assignment.
fn assigned_name<'f>(file: &'f ParsedFile, stmt: Node) -> Option<&'f str> {
    if stmt.kind() != "expression_statement" {
        return None;
    }
    let a = stmt.named_child(0)?;
    if a.kind() != "assignment" {
        return None;
    }
    let left = a.child_by_field_id(crate::field!("left"))?;
    (left.kind() == "identifier").then(|| &file.text[left.byte_range()])
}

fn family(name: &str) -> &str {
    match name {
        "X_FRAME_OPTIONS" => "SECURE",
        _ => name.split('_').next().unwrap_or(name),
    }
}

/// Where to insert a new `NAME = value` line in the checked module: after the
/// last assignment of a related setting, else at the end.
fn insertion_point(file: &ParsedFile, name: &str) -> usize {
    match related_statement(file, name) {
        Some(s) => line_end_after(&file.text, s.end_byte()),
        None => file.text.len(),
    }
}

/// The last top-level assignment of a setting of `name`'s family.
fn related_statement<'f>(file: &'f ParsedFile, name: &str) -> Option<Node<'f>> {
    let fam = family(name);
    top_level(file).into_iter().rfind(|s| {
        assigned_name(file, *s)
            .map(|n| family(n) == fam && n != name)
            .unwrap_or(false)
    })
}

/// The statement after which the fix for a missing `name` inserts it (the
/// last related setting, else the module's last statement): where a
/// finding about it is shown when nothing else in the module is its
/// reason (its first line). `None` for a module without statements.
pub fn insertion_anchor(file: &ParsedFile, name: &str) -> Option<Range<usize>> {
    related_statement(file, name)
        .or_else(|| top_level(file).into_iter().rfind(|s| s.kind() != "comment"))
        .map(|s| s.start_byte()..line_end_after(&file.text, s.start_byte()).min(s.end_byte()))
}

fn line_end_after(text: &str, at: usize) -> usize {
    text[at..]
        .find(['\n', '\r'])
        .map(|i| at + i)
        .unwrap_or(text.len())
}

/// An edit inserting `line` (without line break) as a new line at `at`, a
/// line end or the end of the file.
fn insert_line(file: &ParsedFile, at: usize, line: &str) -> Edit {
    let nl = line_ending(&file.text);
    let text = &file.text;
    let new_text = if at >= text.len() {
        if text.is_empty() || text.ends_with(['\n', '\r']) {
            format!("{line}{nl}")
        } else {
            format!("{nl}{line}{nl}")
        }
    } else {
        format!("{nl}{line}")
    };
    Edit {
        path: file.path.clone(),
        range: at..at,
        new_text,
    }
}

// ----- set a value ---------------------------------------------------------------------

fn set_value(
    eval: &Evaluation,
    finding: &Finding,
    setting: &str,
    literal: &str,
    why: &str,
    safe: bool,
) -> Vec<Fix> {
    let why = if why.is_empty() {
        String::new()
    } else {
        format!(" ({why})")
    };
    let ns_binding = eval.namespace.get(setting);
    match ns_binding.and_then(|b| b.origin.clone()) {
        None if ns_binding.is_none() => {
            let Some(file) = parsed(eval, &eval.module) else {
                return vec![];
            };
            let lit = quoted(file, literal);
            let at = insertion_point(file, setting);
            vec![Fix {
                title: format!("Set {setting} = {lit}{why}"),
                code: finding.code.clone(),
                edits: vec![insert_line(file, at, &format!("{setting} = {lit}"))],
                safe,
                preferred: false,
            }]
        }
        Some(origin) => {
            let Some(file) = parsed(eval, &origin.path) else {
                return vec![];
            };
            let Some(node) = node_at(file, &origin.value) else {
                return vec![];
            };
            if !is_literal(file, node) {
                return vec![];
            }
            let old = &file.text[node.byte_range()];
            let lit = quoted(file, literal);
            // Changing only the case of a string ("deny" -> "DENY") keeps behaviour.
            let case_only = old
                .trim_matches(['"', '\''])
                .eq_ignore_ascii_case(lit.trim_matches(['"', '\'']));
            vec![Fix {
                title: format!("Change {setting} to {lit}{why}"),
                code: finding.code.clone(),
                edits: vec![Edit {
                    path: origin.path.clone(),
                    range: node.byte_range(),
                    new_text: lit,
                }],
                safe: safe || case_only,
                preferred: false,
            }]
        }
        None => vec![],
    }
}

/// An environment read inside a value: the call, the variable and its default.
struct EnvRead<'t> {
    call: Node<'t>,
    var: String,
    default: Option<Node<'t>>,
}

fn env_reads<'t>(file: &'t ParsedFile, value: Node<'t>) -> Vec<EnvRead<'t>> {
    let mut out = vec![];
    let mut stack = vec![value];
    while let Some(n) = stack.pop() {
        if n.kind() == "call" {
            if let Some(r) = env_read(file, n) {
                out.push(r);
                continue;
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    out
}

fn env_read<'t>(file: &'t ParsedFile, call: Node<'t>) -> Option<EnvRead<'t>> {
    let func = &file.text[call
        .child_by_field_id(crate::field!("function"))?
        .byte_range()];
    let args = call.child_by_field_id(crate::field!("arguments"))?;
    let mut c = args.walk();
    let kids: Vec<Node> = args
        .named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect();
    let positional: Vec<Node> = kids
        .iter()
        .copied()
        .filter(|k| k.kind() != "keyword_argument")
        .collect();
    let keyword = |name: &str| {
        kids.iter()
            .find(|k| {
                k.kind() == "keyword_argument"
                    && k.child_by_field_id(crate::field!("name"))
                        .map(|n| &file.text[n.byte_range()] == name)
                        .unwrap_or(false)
            })
            .and_then(|k| k.child_by_field_id(crate::field!("value")))
    };
    let name_node = *positional.first()?;
    if name_node.kind() != "string" {
        return None;
    }
    let var = file.text[name_node.byte_range()]
        .trim_matches(['"', '\''])
        .to_string();
    let last = func.rsplit('.').next().unwrap_or(func);
    let default = match (func, last) {
        ("os.environ.get" | "os.getenv" | "getenv" | "environ.get", _) => {
            positional.get(1).copied().or_else(|| keyword("default"))
        }
        (_, "bool" | "str" | "int" | "float" | "list") if func.contains('.') => {
            keyword("default").or_else(|| positional.get(1).copied())
        }
        ("env", _) => keyword("default").or_else(|| positional.get(2).copied()),
        ("config", _) => keyword("default").or_else(|| positional.get(1).copied()),
        _ => return None,
    };
    Some(EnvRead { call, var, default })
}

/// Flipped forms of an insecure default: True -> False, "1" -> "0", ...
fn flipped(literal: &str) -> Vec<String> {
    const PAIRS: [(&str, &str); 7] = [
        ("true", "false"),
        ("1", "0"),
        ("yes", "no"),
        ("on", "off"),
        ("t", "f"),
        ("y", "n"),
        ("", "1"),
    ];
    let quote = literal.chars().next().filter(|c| *c == '"' || *c == '\'');
    let body = match quote {
        Some(q) => literal.trim_matches(q),
        None => literal,
    };
    let mut out = vec![];
    for (a, b) in PAIRS {
        for (from, to) in [(a, b), (b, a)] {
            if body.eq_ignore_ascii_case(from) && !(quote.is_none() && from.is_empty()) {
                let to = if body
                    .chars()
                    .next()
                    .map(|c| c.is_uppercase())
                    .unwrap_or(false)
                {
                    let mut cs = to.chars();
                    cs.next()
                        .map(|f| f.to_uppercase().collect::<String>() + cs.as_str())
                        .unwrap_or_default()
                } else if !body.is_empty() && body.chars().all(|c| !c.is_lowercase()) {
                    to.to_uppercase()
                } else {
                    to.to_string()
                };
                out.push(match quote {
                    Some(q) => format!("{q}{to}{q}"),
                    None => to,
                });
            }
        }
    }
    out
}

fn secure_env_default(eval: &Evaluation, finding: &Finding, setting: &str, safe: bool) -> Vec<Fix> {
    let Some(origin) = eval.namespace.get(setting).and_then(|b| b.origin.clone()) else {
        return vec![];
    };
    let Some(file) = parsed(eval, &origin.path) else {
        return vec![];
    };
    let Some(value) = node_at(file, &origin.value) else {
        return vec![];
    };
    let mut out = vec![];
    for read in env_reads(file, value) {
        let Some(d) = read.default else { continue };
        let old = &file.text[d.byte_range()];
        for new in flipped(old) {
            out.push(Fix {
                title: format!(
                    "Make {setting}'s default secure when {} is unset ({old} → {new})",
                    read.var
                ),
                code: finding.code.clone(),
                edits: vec![Edit {
                    path: origin.path.clone(),
                    range: d.byte_range(),
                    new_text: new,
                }],
                safe,
                preferred: false,
            });
        }
    }
    out
}

// ----- middleware ----------------------------------------------------------------------

fn add_middleware(eval: &Evaluation, finding: &Finding, mw: &str) -> Vec<Fix> {
    let Some(origin) = eval
        .namespace
        .get("MIDDLEWARE")
        .and_then(|b| b.origin.clone())
    else {
        return vec![];
    };
    let Some(file) = parsed(eval, &origin.path) else {
        return vec![];
    };
    let Some(list) = node_at(file, &origin.value) else {
        return vec![];
    };
    if !matches!(list.kind(), "list" | "tuple") {
        return vec![];
    }
    let mut c = list.walk();
    let items: Vec<Node> = list
        .named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect();
    if items.iter().any(|i| i.kind() != "string") {
        return vec![];
    }
    let names: Vec<String> = items
        .iter()
        .map(|i| {
            file.text[i.byte_range()]
                .trim_matches(['"', '\''])
                .to_string()
        })
        .collect();
    // Django's documented order: SecurityMiddleware first; CSRF after
    // sessions/common (as startproject writes it); clickjacking last.
    let index = match mw {
        SEC_MW => 0,
        CSRF_MW => {
            let after = [
                "django.middleware.common.CommonMiddleware",
                "django.contrib.sessions.middleware.SessionMiddleware",
                SEC_MW,
            ];
            after
                .iter()
                .find_map(|a| names.iter().position(|n| n == a))
                .map(|i| i + 1)
                .unwrap_or(0)
        }
        XFO_MW => names.len(),
        _ => names.len(),
    };
    let lit = quoted(file, &format!("\"{mw}\""));
    let text = &file.text;
    let multiline = items
        .first()
        .map(|first| first.start_position().row != list.start_position().row)
        .unwrap_or(false);
    let edit = if items.is_empty() {
        let open = list.start_byte() + 1;
        let inner = if list.kind() == "tuple" {
            format!("{lit},")
        } else {
            lit.clone()
        };
        Edit {
            path: origin.path.clone(),
            range: open..list.end_byte() - 1,
            new_text: inner,
        }
    } else if multiline {
        let nl = line_ending(text);
        if index < items.len() {
            let item = items[index];
            let line_start = text[..item.start_byte()]
                .rfind(['\n', '\r'])
                .map(|i| i + 1)
                .unwrap_or(0);
            let indent = &text[line_start..item.start_byte()];
            Edit {
                path: origin.path.clone(),
                range: line_start..line_start,
                new_text: format!("{indent}{lit},{nl}"),
            }
        } else {
            let last = items[items.len() - 1];
            let line_start = text[..last.start_byte()]
                .rfind(['\n', '\r'])
                .map(|i| i + 1)
                .unwrap_or(0);
            let indent = &text[line_start..last.start_byte()];
            let (after_last, needs_comma) = after_item(text, last, list);
            let comma = if needs_comma { "," } else { "" };
            let at = line_end_after(text, after_last);
            Edit {
                path: origin.path.clone(),
                range: last.end_byte()..at,
                new_text: format!("{comma}{}{nl}{indent}{lit},", &text[last.end_byte()..at]),
            }
        }
    } else if index < items.len() {
        let at = items[index].start_byte();
        Edit {
            path: origin.path.clone(),
            range: at..at,
            new_text: format!("{lit}, "),
        }
    } else {
        let last = items[items.len() - 1];
        let (after_last, needs_comma) = after_item(text, last, list);
        if needs_comma {
            Edit {
                path: origin.path.clone(),
                range: last.end_byte()..last.end_byte(),
                new_text: format!(", {lit}"),
            }
        } else {
            Edit {
                path: origin.path.clone(),
                range: after_last..after_last,
                new_text: format!(" {lit},"),
            }
        }
    };
    let short = mw.rsplit('.').next().unwrap_or(mw);
    vec![Fix {
        title: format!("Add {short} to MIDDLEWARE"),
        code: finding.code.clone(),
        edits: vec![edit],
        safe: false,
        preferred: false,
    }]
}

/// The byte after the last item's trailing comma (if any), and whether a
/// comma must be added after it.
fn after_item(text: &str, last: Node, list: Node) -> (usize, bool) {
    let rest = &text[last.end_byte()..list.end_byte()];
    match rest.find(',') {
        Some(i) if !rest[..i].contains('#') => (last.end_byte() + i + 1, false),
        _ => (last.end_byte(), true),
    }
}

// ----- environment -------------------------------------------------------------------

fn idioms(eval: &Evaluation) -> Vec<Idiom> {
    let mut out = vec![];
    let mut names: Vec<(&std::rc::Rc<str>, &Value)> = eval
        .namespace
        .bindings
        .iter()
        .map(|(k, b)| (k, &b.value))
        .collect();
    names.sort_by_key(|(k, _)| k.to_string());
    let csv = names.iter().find_map(|(k, v)| match v {
        Value::Object(o) if matches!(o.as_ref(), Object::Builtin(Builtin::DecoupleCsv)) => {
            Some(k.to_string())
        }
        _ => None,
    });
    for (k, v) in &names {
        if let Value::Object(o) = v {
            match o.as_ref() {
                Object::EnvScheme(_) => out.push(Idiom::Environ(k.to_string())),
                Object::Builtin(Builtin::DecoupleConfig) => {
                    out.push(Idiom::Decouple(k.to_string(), csv.clone()))
                }
                _ => {}
            }
        }
    }
    out.push(Idiom::Os);
    out
}

fn env_expression(idiom: &Idiom, setting: &str, var: &str) -> String {
    match (idiom, setting) {
        (Idiom::Os, "DEBUG") => format!("os.environ.get(\"{var}\", \"False\") == \"True\""),
        (Idiom::Os, "ALLOWED_HOSTS") => format!("os.environ[\"{var}\"].split(\",\")"),
        (Idiom::Os, _) => format!("os.environ[\"{var}\"]"),
        (Idiom::Environ(e), "DEBUG") => format!("{e}.bool(\"{var}\", default=False)"),
        (Idiom::Environ(e), "ALLOWED_HOSTS") => format!("{e}.list(\"{var}\")"),
        (Idiom::Environ(e), _) => format!("{e}(\"{var}\")"),
        (Idiom::Decouple(c, _), "DEBUG") => format!("{c}(\"{var}\", default=False, cast=bool)"),
        (Idiom::Decouple(c, Some(csv)), "ALLOWED_HOSTS") => format!("{c}(\"{var}\", cast={csv}())"),
        (Idiom::Decouple(c, None), "ALLOWED_HOSTS") => {
            format!("{c}(\"{var}\", cast=lambda v: [h.strip() for h in v.split(\",\")])")
        }
        (Idiom::Decouple(c, _), _) => format!("{c}(\"{var}\")"),
    }
}

/// Where `import os` goes: before the first top-level import, else after the
/// docstring and `__future__` imports, else at the top. `None` when the
/// module already imports os.
fn import_os_edit(file: &ParsedFile) -> Option<Edit> {
    let stmts = top_level(file);
    let imports_os = stmts.iter().any(|s| {
        s.kind() == "import_statement" && {
            let t = &file.text[s.byte_range()];
            t.trim_start_matches("import").split(',').any(|p| {
                let p = p.trim();
                p == "os" || p.starts_with("os.") || p.starts_with("os ")
            })
        }
    });
    if imports_os {
        return None;
    }
    let nl = line_ending(&file.text);
    let first_import = stmts
        .iter()
        .find(|s| matches!(s.kind(), "import_statement" | "import_from_statement"));
    if let Some(s) = first_import {
        let at = s.start_byte();
        return Some(Edit {
            path: file.path.clone(),
            range: at..at,
            new_text: format!("import os{nl}"),
        });
    }
    let mut after = 0;
    for s in &stmts {
        let is_doc = s.kind() == "expression_statement"
            && s.named_child(0)
                .map(|n| n.kind() == "string")
                .unwrap_or(false);
        if is_doc || s.kind() == "future_import_statement" || s.kind() == "comment" {
            after = s.end_byte();
        } else {
            break;
        }
    }
    if after == 0 {
        return Some(Edit {
            path: file.path.clone(),
            range: 0..0,
            new_text: format!("import os{nl}"),
        });
    }
    let at = line_end_after(&file.text, after);
    Some(Edit {
        path: file.path.clone(),
        range: at..at,
        new_text: format!("{nl}import os"),
    })
}

fn from_environment(eval: &Evaluation, finding: &Finding, setting: &str) -> Vec<Fix> {
    let binding = eval.namespace.get(setting);
    let origin = binding.and_then(|b| b.origin.clone());
    let (file, target_range, existing_var) = match &origin {
        Some(o) => {
            let Some(file) = parsed(eval, &o.path) else {
                return vec![];
            };
            let Some(node) = node_at(file, &o.value) else {
                return vec![];
            };
            let reads = env_reads(file, node);
            let var = reads.first().map(|r| r.var.clone());
            // A literal, or an environment read whose default is the problem.
            let replace = if is_literal(file, node) {
                Some(node.byte_range())
            } else if reads.len() == 1 && reads[0].default.is_some() {
                Some(
                    if setting == "SECRET_KEY" || node.byte_range() == reads[0].call.byte_range() {
                        node.byte_range()
                    } else {
                        reads[0].call.byte_range()
                    },
                )
            } else {
                None
            };
            let Some(range) = replace else { return vec![] };
            (file, Some(range), var)
        }
        None if binding.is_none() => {
            let Some(file) = parsed(eval, &eval.module) else {
                return vec![];
            };
            (file, None, None)
        }
        None => return vec![],
    };
    let var = existing_var.unwrap_or_else(|| format!("DJANGO_{setting}"));
    let mut out = vec![];
    for idiom in idioms(eval) {
        let mut expr = env_expression(&idiom, setting, &var);
        // Replacing only the call inside a larger expression (`... == "True"`)
        // keeps the expression: read the raw variable.
        if let (Some(o), Some(r)) = (&origin, &target_range) {
            if *r != o.value {
                expr = match &idiom {
                    Idiom::Os => format!("os.environ[\"{var}\"]"),
                    Idiom::Environ(e) => format!("{e}.str(\"{var}\")"),
                    Idiom::Decouple(c, _) => format!("{c}(\"{var}\")"),
                };
            }
        }
        let expr = quoted(file, &expr);
        let mut edits = vec![];
        match &target_range {
            Some(r) => edits.push(Edit {
                path: file.path.clone(),
                range: r.clone(),
                new_text: expr.clone(),
            }),
            None => {
                let at = insertion_point(file, setting);
                edits.push(insert_line(file, at, &format!("{setting} = {expr}")));
            }
        }
        if idiom == Idiom::Os {
            if let Some(e) = import_os_edit(file) {
                edits.push(e);
            }
        }
        out.push(Fix {
            title: format!("Read {setting} from the environment variable {var}"),
            code: finding.code.clone(),
            edits,
            safe: false,
            preferred: false,
        });
    }
    out
}

// ----- fix all --------------------------------------------------------------------------

/// Which fixes `fix_all` applies.
pub struct FixPolicy<'p> {
    /// Also apply fixes that need a decision (e.g. an environment variable
    /// to be set): the preferred fix of each finding.
    pub unsafe_fixes: bool,
    /// Only findings whose code this accepts.
    pub select: &'p dyn Fn(&str) -> bool,
}

impl FixPolicy<'_> {
    pub const SAFE: FixPolicy<'static> = FixPolicy {
        unsafe_fixes: false,
        select: &|_| true,
    };
}

/// Applies fixes to the module and its bases, one at a time and re-checking
/// after each, until none is left. Returns the new text of each changed file
/// and the titles applied.
pub fn fix_all(
    entry: &Path,
    sources: &dyn SourceProvider,
    policy: &FixPolicy,
) -> (HashMap<PathBuf, String>, Vec<String>) {
    let mut changed: HashMap<PathBuf, String> = HashMap::new();
    let mut applied = vec![];
    for _round in 0..32 {
        let mut overlay = OverlaySources::new(sources);
        for (p, t) in &changed {
            overlay.put(p.clone(), Arc::from(t.as_str()));
        }
        let Ok(eval) = evaluate(entry, &overlay) else {
            break;
        };
        let rep = report::report(&eval);
        let mut taken: Vec<Edit> = vec![];
        let mut titles = vec![];
        for f in &rep.findings {
            if !(policy.select)(&f.code) {
                continue;
            }
            let fixes = fixes_for(&eval, f, &overlay);
            let chosen = if policy.unsafe_fixes {
                fixes.into_iter().find(|x| x.preferred)
            } else {
                fixes.into_iter().find(|x| x.safe)
            };
            let Some(fix) = chosen else {
                continue;
            };
            let overlaps = fix.edits.iter().any(|e| {
                taken.iter().any(|t| {
                    t.path == e.path
                        && t.range.start < e.range.end.max(e.range.start + 1)
                        && e.range.start < t.range.end.max(t.range.start + 1)
                })
            });
            if overlaps {
                continue;
            }
            titles.push(fix.title.clone());
            taken.extend(fix.edits);
            // One fix per round keeps insertions from interfering.
            break;
        }
        if taken.is_empty() {
            break;
        }
        for (p, t) in edited_texts(&eval, &taken, &overlay) {
            changed.insert(p, t);
        }
        applied.extend(titles);
    }
    (changed, applied)
}

/// A hardcoded credential becomes an environment read; the variable is named
/// after the setting (`DATABASES[...]["PASSWORD"]` reads `DATABASE_PASSWORD`).
fn credential_to_environment(eval: &Evaluation, finding: &Finding, setting: &str) -> Vec<Fix> {
    let Some(file) = parsed(eval, &finding.path) else {
        return vec![];
    };
    let Some(node) = node_at(file, &finding.range) else {
        return vec![];
    };
    if !is_literal(file, node) {
        return vec![];
    }
    let var = if setting.starts_with("DATABASES") {
        "DATABASE_PASSWORD".to_string()
    } else {
        setting.to_string()
    };
    let mut out = vec![];
    for idiom in idioms(eval) {
        let expr = quoted(file, &env_expression(&idiom, "", &var));
        let mut edits = vec![Edit {
            path: finding.path.clone(),
            range: finding.range.clone(),
            new_text: expr,
        }];
        if idiom == Idiom::Os {
            edits.extend(import_os_edit(file));
        }
        out.push(Fix {
            title: format!("Read {setting} from the environment variable {var}"),
            code: finding.code.clone(),
            edits,
            safe: false,
            preferred: false,
        });
    }
    out
}
