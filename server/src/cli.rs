//! `django-settings-lsp check`: the analysis core's findings, printed for
//! people (text) or programs (json). Exit 0: no findings; 1: findings;
//! 2: usage or I/O error.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::discover::{deploy_modules, DEV_MODULE_NAMES};
use crate::analysis::fixes::{fix_all, FixPolicy};
use crate::analysis::lines::LineIndex;
use crate::analysis::{analyze, DiskSources, Finding, Severity};

pub const CHECK_USAGE: &str = "\
usage: django-settings-lsp check [--format text|json] [--show-notes]
                                [--fix | --diff] [--unsafe-fixes]
                                [--select CODES] [--ignore CODES] PATH...

Checks Django settings modules as `manage.py check --deploy` would, without
importing them. A file PATH is a deploy settings module (the module
DJANGO_SETTINGS_MODULE names). A directory PATH is searched for them: the
modules named by DJANGO_SETTINGS_MODULE in wsgi.py/asgi.py (else manage.py),
or failing that every settings.py and settings/*.py that is neither a
development module (local, dev, development, test, tests, ci, testing) nor a
base other settings modules star-import.

  --format text|json   output format (default: text)
  --show-notes         also print notes about values that could not be
                       evaluated (severity info; they never fail the run)
  --fix                apply the safe fixes (those that cannot break a
                       running deployment by themselves), write the files,
                       then report what is left
  --diff               print the safe fixes as a unified diff; write nothing
  --unsafe-fixes       with --fix/--diff, apply each finding's preferred fix
                       even when it needs a decision (moving a secret into an
                       environment variable, enabling HTTPS-only settings)
  --select CODES       only these codes (comma-separated; a prefix such as
                       security.W0 or dsl. selects every code it starts)
  --ignore CODES       never these codes (same syntax)

Exit status: 0 no findings, 1 findings, 2 usage or I/O error.";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum FixMode {
    None,
    Write,
    Diff,
}

struct Options {
    format: Format,
    show_notes: bool,
    fix: FixMode,
    unsafe_fixes: bool,
    select: Vec<String>,
    ignore: Vec<String>,
    paths: Vec<PathBuf>,
}

impl Options {
    fn selects(&self, code: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|p| code.starts_with(p.as_str())))
            && !self.ignore.iter().any(|p| code.starts_with(p.as_str()))
    }
}

fn codes(v: &str) -> Vec<String> {
    v.split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut format = Format::Text;
    let mut show_notes = false;
    let mut fix = FixMode::None;
    let mut unsafe_fixes = false;
    let mut select = vec![];
    let mut ignore = vec![];
    let mut paths = vec![];
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => {
                let v = it.next().ok_or("--format needs a value: text or json")?;
                format = parse_format(v)?;
            }
            s if s.starts_with("--format=") => format = parse_format(&s["--format=".len()..])?,
            "--show-notes" => show_notes = true,
            "--unsafe-fixes" => unsafe_fixes = true,
            "--select" => select.extend(codes(it.next().ok_or("--select needs codes")?)),
            "--ignore" => ignore.extend(codes(it.next().ok_or("--ignore needs codes")?)),
            s if s.starts_with("--select=") => select.extend(codes(&s["--select=".len()..])),
            s if s.starts_with("--ignore=") => ignore.extend(codes(&s["--ignore=".len()..])),
            "--fix" if fix != FixMode::Diff => fix = FixMode::Write,
            "--diff" if fix != FixMode::Write => fix = FixMode::Diff,
            "--fix" | "--diff" => return Err("--fix and --diff exclude each other".into()),
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option {s}")),
            p => paths.push(PathBuf::from(p)),
        }
    }
    if paths.is_empty() {
        return Err("no PATH given".into());
    }
    if unsafe_fixes && fix == FixMode::None {
        return Err("--unsafe-fixes goes with --fix or --diff".into());
    }
    Ok(Options {
        format,
        show_notes,
        fix,
        unsafe_fixes,
        select,
        ignore,
        paths,
    })
}

fn parse_format(v: &str) -> Result<Format, String> {
    match v {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        other => Err(format!("unknown format {other:?}: use text or json")),
    }
}

/// Runs `check` with its arguments; returns the exit status.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let opts = match parse(args) {
        Ok(o) => o,
        Err(msg) if msg.is_empty() => {
            let _ = writeln!(out, "{CHECK_USAGE}");
            return 0;
        }
        Err(msg) => {
            let _ = writeln!(err, "django-settings-lsp check: {msg}\n\n{CHECK_USAGE}");
            return 2;
        }
    };
    let dev: Vec<String> = DEV_MODULE_NAMES.iter().map(|s| s.to_string()).collect();
    let mut modules = vec![];
    for p in &opts.paths {
        if p.is_dir() {
            let found = deploy_modules(p, &dev);
            if found.is_empty() {
                let _ = writeln!(
                    err,
                    "django-settings-lsp check: no settings modules found in {}",
                    p.display()
                );
                return 2;
            }
            modules.extend(found);
        } else if p.is_file() {
            modules.push(p.clone());
        } else {
            let _ = writeln!(
                err,
                "django-settings-lsp check: {}: no such file or directory",
                p.display()
            );
            return 2;
        }
    }
    let sources = DiskSources::new();
    if opts.fix != FixMode::None {
        match apply_fixes(&modules, &sources, &opts, out, err) {
            Ok(()) => {}
            Err(code) => return code,
        }
        if opts.fix == FixMode::Diff {
            return 0;
        }
    }
    let sources = DiskSources::new();
    let mut findings: Vec<Finding> = vec![];
    let mut seen = BTreeSet::new();
    for m in &modules {
        let abs = absolute(m);
        let report = match analyze(&abs, &sources) {
            Ok(r) => r,
            Err(e) => {
                let _ = writeln!(err, "django-settings-lsp check: {}: {e}", m.display());
                return 2;
            }
        };
        let notes = if opts.show_notes {
            report.notes
        } else {
            vec![]
        };
        for f in report
            .findings
            .into_iter()
            .chain(notes)
            .filter(|f| opts.selects(&f.code))
        {
            let key = (
                f.path.clone(),
                f.range.start,
                f.range.end,
                f.code.clone(),
                f.message.clone(),
            );
            if seen.insert(key) {
                findings.push(f);
            }
        }
    }
    findings
        .sort_by(|a, b| (&a.path, a.range.start, &a.code).cmp(&(&b.path, b.range.start, &b.code)));
    let rows: Vec<Row> = findings.iter().map(row).collect();
    let failing = findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .count();
    let written = match opts.format {
        Format::Json => serde_json::to_writer_pretty(&mut *out, &rows)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out)),
        Format::Text => write_text(out, &rows, modules.len()),
    };
    if let Err(e) = written {
        let _ = writeln!(err, "django-settings-lsp check: cannot write output: {e}");
        return 2;
    }
    if failing > 0 {
        1
    } else {
        0
    }
}

#[derive(serde::Serialize)]
struct Row {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    code: String,
    severity: Severity,
    message: String,
    fixable: bool,
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn display_path(p: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| std::fs::canonicalize(c).ok());
    match cwd.as_ref().and_then(|c| p.strip_prefix(c).ok()) {
        Some(rel) => rel.display().to_string(),
        None => p.display().to_string(),
    }
}

fn row(f: &Finding) -> Row {
    let text = crate::analysis::source::read_text(&f.path).unwrap_or_default();
    let idx = LineIndex::new(&text);
    let (l1, c1) = idx.line_col_chars(&text, f.range.start);
    let (l2, c2) = idx.line_col_chars(&text, f.range.end);
    Row {
        path: display_path(&f.path),
        line: l1 + 1,
        column: c1 + 1,
        end_line: l2 + 1,
        end_column: c2 + 1,
        code: f.code.clone(),
        severity: f.severity,
        message: f.message.clone(),
        fixable: f.fixable(),
    }
}

fn write_text(out: &mut dyn Write, rows: &[Row], modules: usize) -> std::io::Result<()> {
    for r in rows {
        writeln!(
            out,
            "{}:{}:{}: {} {}",
            r.path, r.line, r.column, r.code, r.message
        )?;
    }
    let errors = rows
        .iter()
        .filter(|r| r.severity == Severity::Error)
        .count();
    let warnings = rows
        .iter()
        .filter(|r| r.severity == Severity::Warning)
        .count();
    let notes = rows.iter().filter(|r| r.severity == Severity::Info).count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut summary = if errors + warnings == 0 {
        format!(
            "No deploy findings in {}.",
            plural(modules, "settings module")
        )
    } else {
        format!(
            "Found {} and {} in {}.",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(modules, "settings module")
        )
    };
    if notes > 0 {
        summary.push_str(&format!(" {}.", plural(notes, "note")));
    }
    writeln!(out, "{summary}")
}

/// `--fix` / `--diff`: the safe fixes of every module, written atomically
/// (a temporary file renamed over the original) or printed as a diff.
fn apply_fixes(
    modules: &[PathBuf],
    sources: &DiskSources,
    opts: &Options,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), i32> {
    let mode = opts.fix;
    let select = |code: &str| opts.selects(code);
    let policy = FixPolicy {
        unsafe_fixes: opts.unsafe_fixes,
        select: &select,
    };
    let mut all: std::collections::BTreeMap<PathBuf, String> = Default::default();
    for m in modules {
        let abs = absolute(m);
        let mut overlay = crate::analysis::source::OverlaySources::new(sources);
        for (p, t) in &all {
            overlay.put(p.clone(), std::sync::Arc::from(t.as_str()));
        }
        let (changed, titles) = fix_all(&abs, &overlay, &policy);
        for t in &titles {
            let _ = writeln!(err, "fixed: {}: {t}", display_path(&abs));
        }
        all.extend(changed);
    }
    for (path, new_text) in &all {
        let old = crate::analysis::source::read_text(path).map_err(|e| {
            let _ = writeln!(err, "django-settings-lsp check: {}: {e}", path.display());
            2
        })?;
        if &old == new_text {
            continue;
        }
        match mode {
            FixMode::Diff => {
                let name = display_path(path);
                let diff = similar::TextDiff::from_lines(old.as_str(), new_text.as_str());
                let _ = write!(
                    out,
                    "{}",
                    diff.unified_diff()
                        .header(&diff_name("a", &name), &diff_name("b", &name))
                );
            }
            FixMode::Write => write_atomically(path, new_text).map_err(|e| {
                let _ = writeln!(
                    err,
                    "django-settings-lsp check: cannot write {}: {e}",
                    path.display()
                );
                2
            })?,
            FixMode::None => {}
        }
    }
    Ok(())
}

fn diff_name(side: &str, name: &str) -> String {
    if name.starts_with('/') {
        name.to_string()
    } else {
        format!("{side}/{name}")
    }
}

fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.django-settings-lsp.tmp"));
    std::fs::write(&tmp, text)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path)
}
