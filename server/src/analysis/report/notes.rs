//! Notes: what could not be decided, and why.

use super::*;
use crate::analysis::eval::is_required_variable_reason;

/// Undecided checks sharing one reason: their IDs, the setting the note is
/// shown on and the entries that make Django run them.
pub(crate) type Undecided = (Vec<&'static str>, &'static str, &'static [&'static str]);

/// The notes: what could not be decided (per setting and reason); and the
/// requirements: the environment variables the settings require, with the
/// checks undecided only because such a variable's value is unknown.
pub(crate) fn notes(
    loc: &Locator,
    undecided: BTreeMap<(&'static str, String), Undecided>,
) -> (Vec<Finding>, Vec<Finding>) {
    let eval = loc.eval;
    let mut notes: Vec<Finding> = vec![];
    // Notes that share a reason and a place are one note: an open namespace
    // (a star import, a class chosen by the environment) makes every
    // setting it could define undecided for the same reason, on one line.
    let mut merged: Vec<(String, Vec<&'static str>, Vec<&'static str>)> = vec![];
    for ((_, reason), (ids, setting, runs_because)) in undecided {
        // Undecided because a statement may have set any name: said once,
        // on that statement, with every setting it could have set.
        let cause = eval
            .open_causes
            .iter()
            .find(|c| reason.contains(c.reason.as_ref()));
        let reason = match cause {
            Some(c) => c.reason.to_string(),
            None => reason,
        };
        let (path, range, anchor, related, old_anchor) = match cause {
            Some(c) => (
                c.path.clone(),
                c.range.clone(),
                loc.anchor_for(&c.path, &c.range),
                vec![],
                None,
            ),
            None => loc.locate(setting, runs_because),
        };
        if let Some(i) = (0..notes.len())
            .find(|&i| notes[i].path == path && notes[i].range == range && merged[i].0 == reason)
        {
            merged[i].1.extend(ids);
            merged[i].2.push(setting);
            continue;
        }
        merged.push((reason.clone(), ids.clone(), vec![setting]));
        notes.push(Finding {
            code: CODE_UNDECIDED.into(),
            severity: Severity::Info,
            message: String::new(),
            path,
            range,
            anchor,
            setting: Some(setting.to_string()),
            docs: None,
            fixes: &[],
            related,
            old_anchor,
            django_names: None,
        });
    }
    for (note, (reason, ids, settings)) in notes.iter_mut().zip(&mut merged) {
        if settings.len() > 1 {
            ids.sort_unstable();
            ids.dedup();
            settings.sort_unstable();
        }
        let verb = if settings.len() == 1 {
            "depends"
        } else {
            "depend"
        };
        note.message = if eval.open_causes.iter().any(|c| c.reason.as_ref() == reason) {
            format!(
                "{} not decided: {reason}, and may set {}",
                ids.join(", "),
                settings.join(", ")
            )
        } else {
            format!(
                "{} not decided: {} {verb} on {reason}",
                ids.join(", "),
                settings.join(", ")
            )
        };
    }
    let (mut requirements, mut kept) = (vec![], vec![]);
    for (note, (reason, _, _)) in notes.into_iter().zip(merged) {
        if is_required_variable_reason(&reason) {
            requirements.push(note);
        } else {
            kept.push(note);
        }
    }
    let notes = kept;
    for var in &eval.required {
        let var_rc: Rc<str> = Rc::from(var.as_str());
        let holder = eval
            .namespace
            .bindings
            .iter()
            .filter(|(_, b)| b.env.contains(&var_rc))
            .filter_map(|(_, b)| b.origin.clone())
            .min_by_key(|o| (o.path != eval.module, o.statement.start));
        let (path, range) = match holder {
            Some(o) => (o.path, o.value),
            None => (eval.module.clone(), module_anchor(&eval.entry_text)),
        };
        let anchor = loc.anchor_for(&path, &range);
        requirements.push(Finding::at(
            CODE_REQUIRED_ENV,
            Severity::Info,
            format!(
                "Django cannot start unless the environment variable {var} is set; its value is taken as unknown"
            ),
            path,
            range,
            anchor,
        ));
    }

    if eval.django.is_default() {
        let range = module_anchor(&eval.entry_text);
        requirements.push(Finding::at(
            CODE_RELEASE_UNKNOWN,
            Severity::Info,
            format!("Judged by {}", eval.django.why()),
            eval.module.clone(),
            range.clone(),
            range,
        ));
    }
    (notes, requirements)
}
