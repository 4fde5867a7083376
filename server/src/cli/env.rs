//! `env`: the environment contract of deploy settings modules, as a table,
//! JSON, or a `.env` file to fill in.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::env_contract::{contract, EnvVariable};
use crate::analysis::project::{deploy_modules, ProjectLayers};
use crate::analysis::{evaluate, DiskSources};

use super::args::{EnvArgs, EnvFormat};

/// `env` with its arguments; returns the exit status.
pub fn run(args: &EnvArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let disk = DiskSources::new();
    let mut layers = ProjectLayers::default();
    let mut modules = vec![];
    for p in &paths {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
        if abs.is_dir() {
            let found = deploy_modules(&abs, &mut |m| layers.config(m, &disk, &[]), &disk);
            if found.is_empty() {
                let _ = writeln!(
                    err,
                    "django-settings-lsp env: no settings modules found in {}",
                    p.display()
                );
                return 2;
            }
            modules.extend(found);
        } else if abs.is_file() {
            modules.push(abs);
        } else {
            let _ = writeln!(
                err,
                "django-settings-lsp env: {}: no such file or directory",
                p.display()
            );
            return 2;
        }
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = |p: &Path| p.strip_prefix(&cwd).unwrap_or(p).display().to_string();
    print_contracts(&modules, args.format, &shown, out, err)
}

/// The contract of each module, printed in `format`; the exit status (2
/// when a module cannot be read).
fn print_contracts(
    modules: &[PathBuf],
    format: EnvFormat,
    shown: &dyn Fn(&Path) -> String,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let sources = DiskSources::new();
    let mut all: Vec<(PathBuf, Vec<EnvVariable>)> = vec![];
    let mut status = 0;
    for m in modules {
        match evaluate(m, &sources) {
            Ok(eval) => all.push((m.clone(), contract(&eval))),
            Err(e) => {
                let _ = writeln!(err, "django-settings-lsp env: {}: {e}", shown(m));
                status = 2;
            }
        }
    }
    let _ = match format {
        EnvFormat::Json => json(&all, shown, out),
        EnvFormat::Table => table(&all, shown, out),
        EnvFormat::Dotenv => dotenv(&all, shown, out),
    };
    status
}

fn json(
    all: &[(PathBuf, Vec<EnvVariable>)],
    shown: &dyn Fn(&Path) -> String,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let rows: Vec<serde_json::Value> = all
        .iter()
        .map(|(m, vars)| {
            let vars: Vec<serde_json::Value> = vars
                .iter()
                .map(|v| {
                    let mut j = serde_json::to_value(v).unwrap_or_default();
                    if let Some(reads) = j.get_mut("reads").and_then(|r| r.as_array_mut()) {
                        for (r, site) in reads.iter_mut().zip(&v.reads) {
                            r["path"] = shown(&site.path).into();
                        }
                    }
                    j
                })
                .collect();
            serde_json::json!({"module": shown(m), "variables": vars})
        })
        .collect();
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&rows).unwrap_or_default()
    )
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn read_at(v: &EnvVariable, shown: &dyn Fn(&Path) -> String) -> String {
    v.reads
        .iter()
        .map(|r| format!("{}:{}", shown(&r.path), r.line))
        .collect::<Vec<_>>()
        .join(", ")
}

fn table(
    all: &[(PathBuf, Vec<EnvVariable>)],
    shown: &dyn Fn(&Path) -> String,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for (i, (m, vars)) in all.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", shown(m))?;
        if vars.is_empty() {
            writeln!(out, "  reads no environment variable")?;
            continue;
        }
        let header = [
            "VARIABLE", "REQUIRED", "SECRET", "TYPE", "DEFAULT", "SETTINGS", "READ AT",
        ];
        let rows: Vec<[String; 7]> = vars
            .iter()
            .map(|v| {
                [
                    v.name.clone(),
                    yes(v.required).into(),
                    yes(v.secret).into(),
                    v.kind.clone(),
                    v.default.clone().unwrap_or_else(|| "-".into()),
                    if v.settings.is_empty() {
                        "-".into()
                    } else {
                        v.settings.join(", ")
                    },
                    read_at(v, shown),
                ]
            })
            .collect();
        let mut widths = header.map(|h| h.chars().count());
        for r in &rows {
            for (w, cell) in widths.iter_mut().zip(r) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: Vec<&str>| -> String {
            let mut s = String::from("  ");
            for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(w - c.chars().count() + 2));
                }
            }
            s
        };
        writeln!(out, "{}", line(header.to_vec()))?;
        for r in &rows {
            writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
        }
    }
    Ok(())
}

/// An `.env` file to fill in: what a deploy must set (the required
/// variables and the secrets, whose defaults are for development) as
/// `NAME=`, the others commented out with their defaults.
fn dotenv(
    all: &[(PathBuf, Vec<EnvVariable>)],
    shown: &dyn Fn(&Path) -> String,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut done: Vec<&str> = vec![];
    for (m, vars) in all {
        writeln!(
            out,
            "# The environment variables {} reads (django-settings-lsp env).",
            shown(m)
        )?;
        writeln!(
            out,
            "# Set the uncommented ones; the commented ones show the default used when unset."
        )?;
        for v in vars {
            if done.contains(&v.name.as_str()) {
                continue;
            }
            done.push(&v.name);
            let mut about = vec![v.kind.clone()];
            if v.required {
                about.push("required".into());
            }
            if v.secret {
                about.push("secret".into());
            }
            let feeds = if v.settings.is_empty() {
                String::new()
            } else {
                format!("{} · ", v.settings.join(", "))
            };
            writeln!(out)?;
            writeln!(
                out,
                "# {feeds}{} · read at {}",
                about.join(", "),
                read_at(v, shown)
            )?;
            if v.required || v.secret {
                writeln!(out, "{}=", v.name)?;
            } else {
                let default = v.default.as_deref().map(dotenv_value).unwrap_or_default();
                writeln!(out, "# {}={default}", v.name)?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// A default's source text as a `.env` value: a string literal's content.
fn dotenv_value(source: &str) -> String {
    let t = source.trim();
    for q in ["\"", "'"] {
        if let Some(inner) = t.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    t.to_string()
}
