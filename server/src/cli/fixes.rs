//! `--fix` and `--diff`: the safe (or, with `--unsafe-fixes`, preferred)
//! fixes of every module, written atomically or printed as a diff.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::check::{Configs, FixMode};
use super::{absolute, display_path};
use crate::analysis::fixes::{fix_all, FixPolicy};
use crate::analysis::DiskSources;

/// `--fix` / `--diff`: the safe fixes of every module, written atomically
/// (a temporary file renamed over the original) or printed as a diff.
pub(super) fn apply_fixes(
    modules: &[PathBuf],
    sources: &DiskSources,
    mode: FixMode,
    unsafe_fixes: bool,
    configs: &mut Configs,
    out: &mut dyn Write,
) -> Result<(), i32> {
    let mut all: std::collections::BTreeMap<PathBuf, String> = Default::default();
    for m in modules {
        let abs = absolute(m);
        let config = configs.of(&abs);
        let select = |code: &str| !config.hides(code);
        let policy = FixPolicy {
            unsafe_fixes,
            select: &select,
            version: config.django_version.as_ref(),
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
