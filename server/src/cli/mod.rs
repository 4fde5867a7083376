//! `django-settings-lsp check`: the analysis core's findings, printed for
//! people (text) or programs (json). Exit 0: no findings; 1: findings;
//! 2: usage or I/O error.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

pub mod env;
mod fixes;
mod output;

use fixes::apply_fixes;
use output::{parse_format, Format};

use crate::analysis::config::{Config, ConfigLayer};
use crate::analysis::lines::LineIndex;
use crate::analysis::project::{deploy_modules, shown_severity, ProjectLayers};
use crate::analysis::{analyze, DiskSources, Finding, Severity};

pub const CHECK_USAGE: &str = "\
usage: django-settings-lsp check [--format text|json|sarif|github] [--show-notes]
                                [--fix | --diff] [--unsafe-fixes]
                                [--select CODES] [--ignore CODES] PATH...

Checks Django settings modules as `manage.py check --deploy` would, without
importing them. A file PATH is a deploy settings module (the module
DJANGO_SETTINGS_MODULE names). A directory PATH is searched for the modules
the editor checks: those a deploy-modules glob matches, those
DJANGO_SETTINGS_MODULE names in wsgi.py/asgi.py or manage.py, and every
settings.py and settings/*.py that is neither a development module (local,
dev, development, test, tests, ci, testing, or as configured) nor a base
other settings modules star-import. [tool.django-settings-lsp] in the nearest
pyproject.toml configures it as it configures the editor; --select and
--ignore replace its lists.

  --format FORMAT      output format (default: text):
                         text    path:line:col: code message, and a summary
                         json    an array of findings
                         sarif   SARIF 2.1.0, for GitHub code scanning
                         github  GitHub Actions workflow annotations
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
    /// The flags as a configuration layer, over the project's
    /// `pyproject.toml` (a list given here replaces the file's).
    fn layer(&self) -> ConfigLayer {
        ConfigLayer {
            select: (!self.select.is_empty()).then(|| self.select.clone()),
            ignore: (!self.ignore.is_empty()).then(|| self.ignore.clone()),
            ..ConfigLayer::default()
        }
    }
}

/// Each module's configuration, as the editor resolves it: the nearest
/// `pyproject.toml` table, then the command line's flags. Warnings about a
/// `pyproject.toml` are printed once.
struct Configs<'e> {
    flags: ConfigLayer,
    layers: ProjectLayers,
    disk: &'e DiskSources,
    err: &'e mut dyn Write,
}

impl Configs<'_> {
    fn of(&mut self, module: &Path) -> Config {
        let (_, first_sight) = self.layers.layer(module, self.disk);
        if let Some((file, warnings)) = first_sight {
            for w in warnings {
                let _ = writeln!(
                    self.err,
                    "django-settings-lsp check: {}: {w}",
                    display_path(&file)
                );
            }
        }
        self.layers.config(module, self.disk, &[&self.flags])
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
                let v = it
                    .next()
                    .ok_or("--format needs a value: text, json, sarif or github")?;
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
    let disk = DiskSources::new();
    let mut configs = Configs {
        flags: opts.layer(),
        layers: ProjectLayers::default(),
        disk: &disk,
        err: &mut *err,
    };
    let mut modules = vec![];
    for p in &opts.paths {
        if p.is_dir() {
            let found = deploy_modules(&absolute(p), &mut |m| configs.of(m), &disk);
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
        match apply_fixes(&modules, &sources, &opts, &mut configs, out) {
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
        #[cfg(debug_assertions)]
        crate::fault::inject(&std::fs::read_to_string(&abs).unwrap_or_default());
        let report = match analyze(&abs, &sources) {
            Ok(r) => r,
            Err(e) => {
                let _ = writeln!(
                    configs.err,
                    "django-settings-lsp check: {}: {e}",
                    m.display()
                );
                return 2;
            }
        };
        let config = configs.of(&abs);
        let notes = if opts.show_notes {
            let mut n = report.notes;
            n.extend(report.requirements);
            n
        } else {
            vec![]
        };
        for mut f in report.findings.into_iter().chain(notes) {
            // What the configuration hides is not reported; its severity
            // (a warning made an error, or information) is the one shown.
            let Some(severity) = shown_severity(&config, &f) else {
                continue;
            };
            f.severity = severity;
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
    let mut indexed = Indexed::new();
    let rows: Vec<Row> = findings.iter().map(|f| row(f, &mut indexed)).collect();
    let failing = findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .count();
    if let Err(e) = output::write(opts.format, out, &rows, modules.len()) {
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
    /// The finding's documentation link (SARIF's rule `helpUri`); not part
    /// of the JSON output.
    #[serde(skip)]
    docs: Option<String>,
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

/// Line indexes of the files findings are in, built once per file.
type Indexed = std::collections::HashMap<PathBuf, (String, LineIndex)>;

fn row(f: &Finding, indexed: &mut Indexed) -> Row {
    let (text, idx) = indexed.entry(f.path.clone()).or_insert_with(|| {
        let text = crate::analysis::source::read_text(&f.path).unwrap_or_default();
        let idx = LineIndex::new(&text);
        (text, idx)
    });
    let (l1, c1) = idx.line_col_chars(text, f.range.start);
    let (l2, c2) = idx.line_col_chars(text, f.range.end);
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
        docs: f.docs.clone(),
    }
}
