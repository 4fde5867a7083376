//! Where a finding is shown: the value it is about, the entry that makes
//! Django run a check about a setting the module leaves out, or the star
//! import that brings a base module's value in.

use super::*;

/// The module's first line: where findings with no place of their own go
/// (and where findings about absent settings went before `old_anchor`).
pub fn module_anchor(text: &str) -> Range<usize> {
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    0..end
}

/// Where a finding is: path and range of what it is about, its anchor in
/// the checked module, related places, and its old anchor (see
/// `Finding::old_anchor`).
pub(crate) type Located = (
    PathBuf,
    Range<usize>,
    Range<usize>,
    Vec<Related>,
    Option<Range<usize>>,
);

/// The first of `entries` (dotted paths of middleware or apps) written as a
/// string literal in a file the evaluation read, the checked module first:
/// the `MIDDLEWARE` or `INSTALLED_APPS` line that makes Django run a check.
pub(crate) fn reason_entry<'a>(
    eval: &Evaluation,
    entries: &[&'a str],
) -> Option<(PathBuf, Range<usize>, &'a str)> {
    let files: Vec<_> = checked_file(eval)
        .into_iter()
        .chain(eval.loaded.iter().filter(|f| f.path != eval.module))
        .collect();
    entries.iter().find_map(|entry| {
        files.iter().find_map(|file| {
            string_literal(file, entry).map(|range| (file.path.clone(), range, *entry))
        })
    })
}

/// The checked module's parsed file.
pub fn checked_file(
    eval: &Evaluation,
) -> Option<&std::sync::Arc<crate::analysis::source::ParsedFile>> {
    eval.loaded.iter().find(|f| f.path == eval.module)
}

/// The first string literal in `file` whose text is exactly `value`.
pub(crate) fn string_literal(
    file: &crate::analysis::source::ParsedFile,
    value: &str,
) -> Option<Range<usize>> {
    if !file.text.contains(value) {
        return None;
    }
    file.tree.find_in_preorder(|n| {
        if n.kind() != "string" {
            return None;
        }
        let text = &file.text[n.byte_range()];
        let inner = text
            .strip_prefix(['"', '\''])
            .and_then(|t| t.strip_suffix(['"', '\'']))?;
        (inner == value).then(|| n.byte_range())
    })
}

/// Finds where each finding goes, for one evaluation.
pub(crate) struct Locator<'e> {
    pub(crate) eval: &'e Evaluation,
    pub(crate) settings: &'e Settings<'e>,
    /// The project's files, for the checks that read them.
    pub(crate) disk: Option<crate::analysis::checks::ProjectDisk<'e>>,
}

impl<'e> Locator<'e> {
    /// What the rules ask: the settings, what the evaluation found out
    /// from the project's files, and the disk.
    pub(crate) fn ctx(&self) -> crate::analysis::checks::Ctx<'e> {
        let eval = self.eval;
        let mut ctx = crate::analysis::checks::Ctx::with_facts(
            self.settings,
            crate::analysis::checks::Facts {
                apps: &eval.apps,
                folders: Some(&eval.folders),
                classes: &eval.classes,
                libraries: &eval.libraries,
            },
        );
        ctx.disk = self.disk;
        ctx
    }

    /// Where a finding about `range` of `path` is shown in the checked
    /// module: there, or on the star import that brings it in.
    pub(crate) fn anchor_for(&self, path: &Path, range: &Range<usize>) -> Range<usize> {
        let eval = self.eval;
        if path == eval.module {
            range.clone()
        } else {
            eval.star_imports
                .first()
                .cloned()
                .unwrap_or_else(|| module_anchor(&eval.entry_text))
        }
    }
    /// Where a finding about `setting` is: its value, or for a setting the
    /// module leaves out, the first of `runs_because` installed.
    pub(crate) fn locate(&self, setting: &'static str, runs_because: &[&str]) -> Located {
        let eval = self.eval;
        let s = self.settings.get(setting);
        match s.origin() {
            Some(o) => {
                let anchor = self.anchor_for(&o.path, &o.value);
                let related = if o.path != eval.module {
                    vec![Related {
                        path: o.path.clone(),
                        range: o.statement.clone(),
                        message: format!("{setting} is set here"),
                    }]
                } else {
                    vec![]
                };
                (o.path.clone(), o.value.clone(), anchor, related, None)
            }
            None => {
                let old = Some(module_anchor(&eval.entry_text));
                match reason_entry(eval, runs_because) {
                    Some((path, range, entry)) => {
                        let related = if path != eval.module {
                            vec![Related {
                                path: path.clone(),
                                range: range.clone(),
                                message: format!(
                                    "{entry} is installed here, so Django runs this check"
                                ),
                            }]
                        } else {
                            vec![]
                        };
                        (
                            path.clone(),
                            range.clone(),
                            self.anchor_for(&path, &range),
                            related,
                            old,
                        )
                    }
                    None => {
                        let a = checked_file(eval)
                            .and_then(|f| crate::analysis::placement::insertion_anchor(f, setting))
                            .unwrap_or_else(|| module_anchor(&eval.entry_text));
                        (eval.module.clone(), a.clone(), a, vec![], old)
                    }
                }
            }
        }
    }
}
