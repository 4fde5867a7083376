//! `# noqa: CODE` on a finding's line, and on line 1 where earlier
//! releases showed findings about absent settings (with a note).

use super::*;

pub(crate) fn suppressed(eval: &Evaluation, f: &Finding) -> bool {
    let named = |path: &Path, offset: usize| {
        eval.loaded
            .iter()
            .find(|file| file.path == path)
            .is_some_and(|file| crate::analysis::noqa::codes_for(file, offset).contains(&f.code))
    };
    named(&f.path, f.range.start) || named(&eval.module, f.anchor.start)
}

/// A `# noqa` for `f` on line 1 of the checked module, where findings about
/// settings the module leaves out were shown before they got their own
/// anchors: still honoured, until the next release.
pub(crate) fn suppressed_at_old_anchor(eval: &Evaluation, f: &Finding) -> bool {
    let Some(old) = &f.old_anchor else {
        return false;
    };
    checked_file(eval)
        .is_some_and(|file| crate::analysis::noqa::codes_for(file, old.start).contains(&f.code))
}

/// The note that says where a `# noqa` on the old anchor should move.
pub(crate) fn noqa_moved_note(eval: &Evaluation, f: &Finding) -> Finding {
    let old = f.old_anchor.clone().unwrap_or(0..0);
    let line = crate::analysis::lines::LineIndex::new(&eval.entry_text).line_of(f.anchor.start) + 1;
    Finding {
        code: CODE_NOQA_MOVED.into(),
        severity: Severity::Info,
        message: format!(
            "`# noqa: {code}` on line 1 suppresses {code}, which is now shown on line {line} (the reason Django runs the check): move the comment there; line 1 stops suppressing it in the next release",
            code = f.code
        ),
        path: eval.module.clone(),
        range: old.clone(),
        anchor: old,
        setting: f.setting.clone(),
        docs: None,
        fixes: &[],
        related: vec![Related {
            path: eval.module.clone(),
            range: f.anchor.clone(),
            message: format!("{} is shown here", f.code),
        }],
        old_anchor: None,
        django_names: None,
    }
}
