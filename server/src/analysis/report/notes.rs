//! Notes: what could not be decided, and why.

use super::*;

/// Undecided checks sharing one reason: their IDs, the setting the note is
/// shown on and the entries that make Django run them.
pub(crate) type Undecided = (Vec<&'static str>, &'static str, &'static [&'static str]);

/// The notes: what could not be decided (per setting and reason), and
/// the environment variables the settings require.
pub(crate) fn notes(
    loc: &Locator,
    undecided: BTreeMap<(&'static str, String), Undecided>,
) -> Vec<Finding> {
    let eval = loc.eval;
    let mut notes = vec![];
    for ((_, reason), (ids, setting, runs_because)) in undecided {
        let (path, range, anchor, related, old_anchor) = loc.locate(setting, runs_because);
        notes.push(Finding {
            code: CODE_UNDECIDED.into(),
            severity: Severity::Info,
            message: format!(
                "{} not decided: {setting} depends on {reason}",
                ids.join(", ")
            ),
            path,
            range,
            anchor,
            setting: Some(setting.to_string()),
            docs: None,
            fixes: &[],
            related,
            old_anchor,
        });
    }
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
        notes.push(Finding {
            code: CODE_REQUIRED_ENV.into(),
            severity: Severity::Info,
            message: format!(
                "Django cannot start unless the environment variable {var} is set; its value is taken as unknown"
            ),
            anchor: loc.anchor_for(&path, &range),
            path,
            range,
            setting: None,
            docs: None,
            fixes: &[],
            related: vec![],
            old_anchor: None,
        });
    }

    notes
}
