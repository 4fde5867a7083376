//! `django-settings-lsp check`: the analysis core's findings for each
//! module, shown as each module's configuration says, printed in the
//! format asked for. Exit 0: no findings at or above the fail level; 1:
//! findings; 2: usage or I/O error.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::args::{CheckArgs, FailLevel, OutputFormat};
use super::fixes::apply_fixes;
use super::output::{self, Indexed, Row};
use super::{absolute, display_path, Terminal};
use crate::analysis::checks::{check_by_id, DjangoVersion};
use crate::analysis::config::{Config, ConfigLayer};
use crate::analysis::django_version::ProjectVersion;
use crate::analysis::project::{deploy_modules, shown_severity, ProjectLayers};
use crate::analysis::secrets::secret_values;
use crate::analysis::source::LoadError;
use crate::analysis::source::SourceProvider;
use crate::analysis::{evaluate_with, report_reading, DiskSources, Finding, Report, Severity};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum FixMode {
    None,
    Write,
    Diff,
}

/// Each module's configuration, as the editor resolves it: the nearest
/// `pyproject.toml` table (or the `--config` file's), then the command
/// line's flags. Warnings about a configuration file are printed once.
pub(super) struct Configs<'e> {
    flags: ConfigLayer,
    /// `--config FILE`: this layer for every module, in place of the
    /// nearest `pyproject.toml`'s.
    file: Option<ConfigLayer>,
    layers: ProjectLayers,
    disk: &'e DiskSources,
    pub(super) err: &'e mut dyn Write,
}

impl Configs<'_> {
    pub(super) fn of(&mut self, module: &Path) -> Config {
        if let Some(file) = &self.file {
            return Config::layered([file, &self.flags]);
        }
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

/// What one checked module shows.
pub(super) struct Checked {
    pub module: PathBuf,
    /// Shown by its configuration, at the severity it shows them.
    pub findings: Vec<Finding>,
    /// Django's messages that `SILENCED_SYSTEM_CHECKS`, a `# noqa` or the
    /// configuration keep quiet (Django's "(N silenced)").
    pub silenced: usize,
    /// The release the module was judged by (whose words `--format django`
    /// prints).
    pub django: DjangoVersion,
}

fn codes(v: &[String]) -> Vec<String> {
    v.iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Runs `check` with its parsed arguments; returns the exit status.
pub(super) fn run(
    opts: &CheckArgs,
    term: Terminal,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let format = opts.output_format.unwrap_or(if term.stdout_is_terminal {
        OutputFormat::Full
    } else {
        OutputFormat::Concise
    });
    let fix = match (opts.fix, opts.diff) {
        (true, _) => FixMode::Write,
        (_, true) => FixMode::Diff,
        _ => FixMode::None,
    };
    let disk = DiskSources::new();
    let file = match &opts.config {
        Some(path) => match config_file(path, &disk, err) {
            Some(layer) => Some(layer),
            None => return 2,
        },
        None => None,
    };
    let (select, ignore) = (codes(&opts.select), codes(&opts.ignore));
    let mut configs = Configs {
        flags: ConfigLayer {
            select: (!select.is_empty()).then_some(select),
            ignore: (!ignore.is_empty()).then_some(ignore),
            django_version: opts
                .django_version
                .map(|v| ProjectVersion::configured(v, "--django-version")),
            ..ConfigLayer::default()
        },
        file,
        layers: ProjectLayers::default(),
        disk: &disk,
        err: &mut *err,
    };
    let Some(modules) = modules_of(&opts.paths, &mut configs, &disk) else {
        return 2;
    };
    if fix != FixMode::None {
        let sources = DiskSources::new();
        if let Err(code) = apply_fixes(
            &modules,
            &sources,
            fix,
            opts.unsafe_fixes,
            &mut configs,
            out,
        ) {
            return code;
        }
        if fix == FixMode::Diff {
            return 0;
        }
    }
    let Some((checked, secrets)) = check_modules(&modules, opts.show_notes, &mut configs) else {
        return 2;
    };
    let fail_level = opts.fail_level.unwrap_or(match format {
        OutputFormat::Django => FailLevel::Error,
        _ => FailLevel::Warning,
    });
    let written = if format == OutputFormat::Django && !opts.statistics {
        output::django::write_django(&checked, fail_level, term.color, out, err)
    } else {
        let (rows, indexed) = merged_rows(&checked);
        let view = output::View {
            rows: &rows,
            modules: modules.len(),
            texts: &indexed,
            secrets: &secrets,
            color: term.color,
        };
        if opts.statistics {
            output::statistics::write_statistics(out, &rows, format == OutputFormat::Json)
        } else {
            output::write(format, out, &view)
        }
        .map(|()| rows.iter().any(|r| fails(r.severity, fail_level)))
    };
    match written {
        Ok(failing) if failing && !opts.exit_zero => 1,
        Ok(_) => 0,
        Err(e) => {
            let _ = writeln!(err, "django-settings-lsp check: cannot write output: {e}");
            2
        }
    }
}

pub(super) fn fails(severity: Severity, level: FailLevel) -> bool {
    match severity {
        Severity::Error => true,
        Severity::Warning => level == FailLevel::Warning,
        Severity::Info => false,
    }
}

/// `--config FILE`, read once for every module.
fn config_file(path: &Path, disk: &DiskSources, err: &mut dyn Write) -> Option<ConfigLayer> {
    let text = match disk.read_text(&absolute(path)) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "django-settings-lsp check: {}: {e}", path.display());
            return None;
        }
    };
    match ConfigLayer::from_config_file(path, &text) {
        Ok((layer, warnings)) => {
            for w in warnings {
                let _ = writeln!(err, "django-settings-lsp check: {}: {w}", path.display());
            }
            Some(layer.with_origin(&format!("django-version in {}", path.display())))
        }
        Err(e) => {
            let _ = writeln!(err, "django-settings-lsp check: {}: {e}", path.display());
            None
        }
    }
}

/// The modules the PATHs name; `None` (after saying why) when one is
/// missing or a folder has none.
fn modules_of(
    paths: &[PathBuf],
    configs: &mut Configs,
    disk: &DiskSources,
) -> Option<Vec<PathBuf>> {
    let mut modules = vec![];
    for p in paths {
        if p.is_dir() {
            let found = deploy_modules(&absolute(p), &mut |m| configs.of(m), disk);
            if found.is_empty() {
                let _ = writeln!(
                    configs.err,
                    "django-settings-lsp check: no settings modules found in {}",
                    p.display()
                );
                return None;
            }
            modules.extend(found);
        } else if p.is_file() {
            modules.push(p.clone());
        } else {
            let _ = writeln!(
                configs.err,
                "django-settings-lsp check: {}: no such file or directory",
                p.display()
            );
            return None;
        }
    }
    Some(modules)
}

/// Each module analysed and filtered by its configuration, and the secret
/// values of them all (what a code frame must hide); `None` (after saying
/// why) when one cannot be read.
fn check_modules(
    modules: &[PathBuf],
    show_notes: bool,
    configs: &mut Configs,
) -> Option<(Vec<Checked>, Vec<String>)> {
    let mut checked = vec![];
    let mut secrets: Vec<String> = vec![];
    let versions: Vec<Option<ProjectVersion>> = modules
        .iter()
        .map(|m| configs.of(&absolute(m)).django_version)
        .collect();
    for (m, analysed) in modules.iter().zip(analyse_all(modules, &versions)) {
        let abs = absolute(m);
        let (rep, module_secrets) = match analysed {
            Ok(r) => r,
            Err(e) => {
                let _ = writeln!(
                    configs.err,
                    "django-settings-lsp check: {}: {e}",
                    m.display()
                );
                return None;
            }
        };
        secrets.extend(module_secrets);
        let config = configs.of(&abs);
        let notes = if show_notes {
            let mut n = rep.notes;
            n.extend(rep.requirements);
            n
        } else {
            vec![]
        };
        let mut silenced = rep.silenced.len();
        let mut findings = vec![];
        for mut f in rep.findings.into_iter().chain(notes) {
            // What the configuration hides is not reported; its severity
            // (a warning made an error, or information) is the one shown.
            let Some(severity) = shown_severity(&config, &f) else {
                silenced += usize::from(check_by_id(&f.code).is_some());
                continue;
            };
            f.severity = severity;
            findings.push(f);
        }
        checked.push(Checked {
            django: rep.django.version,
            module: abs,
            findings,
            silenced,
        });
    }
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    Some((checked, secrets))
}

/// How many modules are analysed at once: `DJANGO_SETTINGS_LSP_THREADS`
/// when set to a positive number, else one per core.
fn threads() -> usize {
    std::env::var("DJANGO_SETTINGS_LSP_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A module's report and the secret values its code frames must hide.
type Analysed = Result<(Report, Vec<String>), LoadError>;

/// The stack each analysis thread gets: the main thread's (8 MiB on
/// Linux), which the evaluator's depth cap is measured against.
const ANALYSIS_STACK: usize = 8 << 20;

/// Every module evaluated and reported on, in order, on as many threads as
/// there are cores (each module's evaluation is independent: its own
/// interpreter; the disk cache is shared).
fn analyse_all(modules: &[PathBuf], versions: &[Option<ProjectVersion>]) -> Vec<Analysed> {
    let sources = DiskSources::new();
    let analyse = |i: usize| {
        let abs = absolute(&modules[i]);
        #[cfg(debug_assertions)]
        crate::fault::inject(&std::fs::read_to_string(&abs).unwrap_or_default());
        evaluate_with(&abs, &sources, versions[i].as_ref()).map(|eval| {
            (
                report_reading(&eval, &sources),
                secret_values(&eval.namespace),
            )
        })
    };
    let threads = threads().min(modules.len());
    if threads <= 1 {
        return (0..modules.len()).map(analyse).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Analysed>>> = modules.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            std::thread::Builder::new()
                .stack_size(ANALYSIS_STACK)
                .spawn_scoped(scope, || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= modules.len() {
                        break;
                    }
                    let done = analyse(i);
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
                })
                .expect("an analysis thread");
        }
    });
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every module analysed")
        })
        .collect()
}

/// The findings of every module, once each (a base module's finding is
/// every module's that imports it), sorted, as rows.
/// What makes two findings the same one: where, which code, what it says.
type FindingKey<'f> = (&'f PathBuf, usize, usize, &'f String, &'f String);

fn merged_rows(checked: &[Checked]) -> (Vec<Row>, Indexed) {
    // A finding in a base module that several deploy modules read is
    // printed once; one module's equal findings stay as many as Django
    // prints (a string CSRF_TRUSTED_ORIGINS: one 4_0.E001 per character).
    let mut findings: Vec<&Finding> = vec![];
    let mut printed: BTreeMap<FindingKey, usize> = BTreeMap::new();
    for c in checked {
        let mut here: BTreeMap<FindingKey, usize> = BTreeMap::new();
        for f in &c.findings {
            let key = (&f.path, f.range.start, f.range.end, &f.code, &f.message);
            let n = here.entry(key).or_default();
            *n += 1;
            let shown = printed.entry(key).or_default();
            if *n > *shown {
                *shown = *n;
                findings.push(f);
            }
        }
    }
    findings
        .sort_by(|a, b| (&a.path, a.range.start, &a.code).cmp(&(&b.path, b.range.start, &b.code)));
    let mut indexed = Indexed::new();
    let rows = findings
        .iter()
        .map(|f| output::row(f, &mut indexed))
        .collect();
    (rows, indexed)
}
