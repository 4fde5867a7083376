//! `django-settings-lsp check`: the analysis core's findings, printed for
//! people (text) or programs (json). Exit 0: no findings; 1: findings;
//! 2: usage or I/O error.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::config::{Config, ConfigLayer};
use crate::analysis::fixes::{fix_all, FixPolicy};
use crate::analysis::lines::LineIndex;
use crate::analysis::project::{deploy_modules, shown_severity, ProjectLayers};
use crate::analysis::{analyze, DiskSources, Finding, Severity};

pub const CHECK_USAGE: &str = "\
usage: django-settings-lsp check [--format text|json|sarif|github] [--show-notes]
                                [--fix | --diff] [--unsafe-fixes]
                                [--select CODES] [--ignore CODES] PATH...

Checks Django settings modules as `manage.py check --deploy` would, without
importing them. A file PATH is a deploy settings module (the module
DJANGO_SETTINGS_MODULE names). A directory PATH is searched for them: the
modules named by DJANGO_SETTINGS_MODULE in wsgi.py/asgi.py (else manage.py),
or failing that every settings.py and settings/*.py that is neither a
development module (local, dev, development, test, tests, ci, testing) nor a
base other settings modules star-import.

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
enum Format {
    Text,
    Json,
    Sarif,
    Github,
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
    err: &'e mut dyn Write,
}

impl Configs<'_> {
    fn of(&mut self, module: &Path) -> Config {
        let (_, first_sight) = self.layers.layer(module);
        if let Some((file, warnings)) = first_sight {
            for w in warnings {
                let _ = writeln!(
                    self.err,
                    "django-settings-lsp check: {}: {w}",
                    display_path(&file)
                );
            }
        }
        self.layers.config(module, &[&self.flags])
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

fn parse_format(v: &str) -> Result<Format, String> {
    match v {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        "sarif" => Ok(Format::Sarif),
        "github" => Ok(Format::Github),
        other => Err(format!(
            "unknown format {other:?}: use text, json, sarif or github"
        )),
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
    let mut configs = Configs {
        flags: opts.layer(),
        layers: ProjectLayers::default(),
        err: &mut *err,
    };
    let disk = DiskSources::new();
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
            report.notes
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
    let written = match opts.format {
        Format::Json => serde_json::to_writer_pretty(&mut *out, &rows)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out)),
        Format::Text => write_text(out, &rows, modules.len()),
        Format::Sarif => write_sarif(out, &rows),
        Format::Github => write_github(out, &rows),
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

/// What a code is about, in a sentence (SARIF's rule `shortDescription`).
fn rule_description(code: &str) -> String {
    if let Some(c) = crate::analysis::checks::check_by_id(code) {
        return format!("{}: expects {}", c.setting, c.expects);
    }
    match code {
        "dsl.E001" => "Django cannot load these settings".into(),
        "dsl.E002" => "One of Django's deploy checks would crash on this value".into(),
        "dsl.I001" => "A deploy check could not be decided: the value depends on something the checker cannot see".into(),
        "dsl.I002" => "The settings require an environment variable; its value is taken as unknown".into(),
        "dsl.I003" => "A # noqa on line 1, where earlier releases showed findings about absent settings, still suppresses one; move it to the line named".into(),
        "dsl.W001" => "A credential written into the settings as a string literal".into(),
        other => other.to_string(),
    }
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference: `/` separators, every byte outside RFC 3986's
/// unreserved set percent-encoded.
fn uri_path(p: &str) -> String {
    let p = if std::path::MAIN_SEPARATOR == '\\' {
        p.replace('\\', "/")
    } else {
        p.to_string()
    };
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn file_uri(abs: &str) -> String {
    let path = uri_path(abs);
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        // A Windows path, C:/...
        format!("file:///{}", path.replacen("%3A", ":", 1))
    }
}

/// SARIF 2.1.0, as GitHub code scanning takes it: one rule per code that
/// appears (with its documentation link), one result per finding, paths
/// relative to the current directory (`%SRCROOT%`), columns in Unicode code
/// points (1-based, end exclusive).
fn write_sarif(out: &mut dyn Write, rows: &[Row]) -> std::io::Result<()> {
    use serde_json::{json, Value};
    let mut rule_index: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut rules: Vec<Value> = vec![];
    for r in rows {
        if rule_index.contains_key(r.code.as_str()) {
            continue;
        }
        rule_index.insert(&r.code, rules.len());
        let description = rule_description(&r.code);
        let docs = rows
            .iter()
            .filter(|o| o.code == r.code)
            .find_map(|o| o.docs.clone());
        let security = r.code.starts_with("security.") || r.code == "dsl.W001";
        let tags: Vec<&str> = if security {
            vec!["security", "django"]
        } else {
            vec!["django"]
        };
        let mut rule = json!({
            "id": r.code,
            "name": r.code.replace('.', "_"),
            "shortDescription": {"text": description},
            "defaultConfiguration": {"level": sarif_level(r.severity)},
            "properties": {"tags": tags},
        });
        if let Some(url) = docs {
            rule["helpUri"] = json!(url);
            rule["help"] = json!({
                "text": format!("{description}. Django's documentation: {url}"),
                "markdown": format!("{description}. See [Django's documentation]({url})."),
            });
        }
        rules.push(rule);
    }
    let results: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut artifact = json!({});
            if Path::new(&r.path).is_absolute() {
                artifact["uri"] = json!(file_uri(&r.path));
            } else {
                artifact["uri"] = json!(uri_path(&r.path));
                artifact["uriBaseId"] = json!("%SRCROOT%");
            }
            json!({
                "ruleId": r.code,
                "ruleIndex": rule_index[r.code.as_str()],
                "level": sarif_level(r.severity),
                "message": {"text": r.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": r.line,
                            "startColumn": r.column,
                            "endLine": r.end_line,
                            "endColumn": r.end_column,
                        },
                    },
                }],
                "properties": {"fixable": r.fixable},
            })
        })
        .collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "django-settings-lsp",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            },
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(cwd) = std::env::current_dir()
        .ok()
        .and_then(|c| std::fs::canonicalize(c).ok())
    {
        let mut root = file_uri(&cwd.display().to_string());
        if !root.ends_with('/') {
            root.push('/');
        }
        run["originalUriBaseIds"] = json!({"%SRCROOT%": {"uri": root}});
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// A workflow command's message, escaped as GitHub's runner unescapes it.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow annotations, one line per finding:
/// `::warning file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::message`.
/// GitHub takes columns only for a range on one line, so a range spanning
/// lines gives lines only.
fn write_github(out: &mut dyn Write, rows: &[Row]) -> std::io::Result<()> {
    for r in rows {
        let command = match r.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = format!(
            "file={},line={}",
            github_property(&r.path.replace('\\', "/")),
            r.line
        );
        if r.line == r.end_line {
            props.push_str(&format!(",col={}", r.column));
        }
        props.push_str(&format!(",endLine={}", r.end_line));
        if r.line == r.end_line {
            props.push_str(&format!(",endColumn={}", r.end_column));
        }
        props.push_str(&format!(",title={}", github_property(&r.code)));
        writeln!(out, "::{command} {props}::{}", github_data(&r.message))?;
    }
    Ok(())
}

/// `--fix` / `--diff`: the safe fixes of every module, written atomically
/// (a temporary file renamed over the original) or printed as a diff.
fn apply_fixes(
    modules: &[PathBuf],
    sources: &DiskSources,
    opts: &Options,
    configs: &mut Configs,
    out: &mut dyn Write,
) -> Result<(), i32> {
    let mode = opts.fix;
    let mut all: std::collections::BTreeMap<PathBuf, String> = Default::default();
    for m in modules {
        let abs = absolute(m);
        let config = configs.of(&abs);
        let select = |code: &str| !config.hides(code);
        let policy = FixPolicy {
            unsafe_fixes: opts.unsafe_fixes,
            select: &select,
        };
        let mut overlay = crate::analysis::source::OverlaySources::new(sources);
        for (p, t) in &all {
            overlay.put(p.clone(), std::sync::Arc::from(t.as_str()));
        }
        let (changed, titles) = fix_all(&abs, &overlay, &policy);
        for t in &titles {
            let _ = writeln!(configs.err, "fixed: {}: {t}", display_path(&abs));
        }
        all.extend(changed);
    }
    for (path, new_text) in &all {
        let old = crate::analysis::source::read_text(path).map_err(|e| {
            let _ = writeln!(
                configs.err,
                "django-settings-lsp check: {}: {e}",
                path.display()
            );
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
                    configs.err,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping() {
        assert_eq!(github_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(github_property("a,b:c%d\n"), "a%2Cb%3Ac%25d%0A".to_string());
    }

    #[test]
    fn uris() {
        assert_eq!(uri_path("my site/é,1.py"), "my%20site/%C3%A9%2C1.py");
        assert_eq!(
            file_uri("/srv/app/settings.py"),
            "file:///srv/app/settings.py"
        );
    }

    #[test]
    fn formats_parse() {
        assert_eq!(parse_format("sarif"), Ok(Format::Sarif));
        assert_eq!(parse_format("github"), Ok(Format::Github));
        assert!(parse_format("xml").unwrap_err().contains("sarif or github"));
    }

    fn row(line: usize, end_line: usize, severity: Severity, docs: Option<&str>) -> Row {
        Row {
            path: "app/settings.py".into(),
            line,
            column: 5,
            end_line,
            end_column: 9,
            code: "security.W018".into(),
            severity,
            message: "DEBUG is True".into(),
            fixable: true,
            docs: docs.map(String::from),
        }
    }

    #[test]
    fn github_annotation_lines() {
        let mut out = vec![];
        write_github(
            &mut out,
            &[
                row(3, 3, Severity::Warning, None),
                row(3, 4, Severity::Error, None),
                row(1, 1, Severity::Info, None),
            ],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "::warning file=app/settings.py,line=3,col=5,endLine=3,endColumn=9,title=security.W018::DEBUG is True"
        );
        // Columns only for a range on one line.
        assert_eq!(
            lines[1],
            "::error file=app/settings.py,line=3,endLine=4,title=security.W018::DEBUG is True"
        );
        assert!(lines[2].starts_with("::notice "));
    }

    #[test]
    fn sarif_rules_and_results() {
        let mut out = vec![];
        let docs = "https://docs.djangoproject.com/en/5.2/ref/settings/#debug";
        write_sarif(
            &mut out,
            &[
                row(3, 3, Severity::Warning, Some(docs)),
                row(7, 7, Severity::Warning, Some(docs)),
            ],
        )
        .unwrap();
        let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 1, "one rule per code");
        assert_eq!(rules[0]["id"], "security.W018");
        assert_eq!(rules[0]["helpUri"], docs);
        assert!(rules[0]["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with("DEBUG: expects"));
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        let loc = &results[1]["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "app/settings.py");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(loc["region"]["startLine"], 7);
        assert_eq!(loc["region"]["startColumn"], 5);
        assert_eq!(loc["region"]["endColumn"], 9);
        assert_eq!(results[1]["level"], "warning");
        assert_eq!(results[1]["ruleIndex"], 0);
    }
}
