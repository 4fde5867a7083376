//! The findings of one evaluation, by where they come from.

use super::*;

/// The most findings one check gives a module; the last says how many
/// more Django would print.
pub(crate) const MAX_FINDINGS_PER_CHECK: usize = 100;

/// The deploy checks of the modelled Django release: findings, the codes
/// `SILENCED_SYSTEM_CHECKS` silences (one per message, as Django counts
/// them), and the undecided ones by setting and reason.
pub(crate) fn from_checks(
    loc: &Locator,
    findings: &mut Vec<Finding>,
    silenced: &mut Vec<String>,
    undecided: &mut BTreeMap<(&'static str, String), Undecided>,
) {
    let settings = loc.settings;
    let ctx = loc.ctx();
    for check in CHECKS
        .iter()
        .filter(|c| c.exists_in(loc.eval.django.version))
    {
        let outcomes = (check.rule)(&ctx);
        let fires = outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Fire(_) | Outcome::FireNaming(..)))
            .count();
        let mut shown = 0;
        for outcome in outcomes {
            let (message, django_names) = match outcome {
                Outcome::Pass => continue,
                // One finding per entry (W025, 4_0.E001) is Django's way,
                // but a value built by a loop can have a million entries:
                // past the first ones, the last shown says how many more.
                Outcome::Fire(_) | Outcome::FireNaming(..) if shown == MAX_FINDINGS_PER_CHECK => {
                    continue
                }
                Outcome::Fire(message) => (message, None),
                Outcome::FireNaming(message, names) => (message, Some(names)),
                Outcome::Undecided(u) => {
                    undecided
                        .entry((check.setting, u.reason.to_string()))
                        .or_insert_with(|| (vec![], check.setting, check.runs_because))
                        .0
                        .push(check.id);
                    continue;
                }
                Outcome::Crash(why) => {
                    let (path, range, anchor, related, old_anchor) =
                        loc.locate(check.setting, check.runs_because);
                    findings.push(Finding {
                        code: CODE_CHECK_CRASH.into(),
                        severity: Severity::Error,
                        message: format!("Django's {} check would crash: {why}", check.id),
                        path,
                        range,
                        anchor,
                        setting: Some(check.setting.to_string()),
                        docs: Some(check.docs_url(loc.eval.django.version)),
                        fixes: &[],
                        related,
                        old_anchor,
                        django_names: None,
                    });
                    continue;
                }
            };
            shown += 1;
            let message = if shown == MAX_FINDINGS_PER_CHECK && fires > shown {
                format!(
                    "{message} (and {} more entries Django reports the same way)",
                    fires - shown
                )
            } else {
                message
            };
            match checks::silenced(settings, check.id) {
                Tri::True => silenced.push(check.id.to_string()),
                Tri::False => {
                    let (path, range, anchor, related, old_anchor) =
                        loc.locate(check.setting, check.runs_because);
                    findings.push(Finding {
                        code: check.id.to_string(),
                        severity: check.severity,
                        message,
                        path,
                        range,
                        anchor,
                        setting: Some(check.setting.to_string()),
                        docs: Some(check.docs_url(loc.eval.django.version)),
                        fixes: check.fixes,
                        related,
                        old_anchor,
                        django_names,
                    })
                }
                Tri::Unknown(u) => {
                    let reason = format!("SILENCED_SYSTEM_CHECKS cannot be read ({})", u.reason);
                    undecided
                        .entry(("SILENCED_SYSTEM_CHECKS", reason))
                        .or_insert_with(|| (vec![], "SILENCED_SYSTEM_CHECKS", &[]))
                        .0
                        .push(check.id);
                }
            }
        }
    }
}

/// Django refuses to load settings whose list settings are not lists, and
/// cannot start with duplicate app labels.
pub(crate) fn load_failures(loc: &Locator, findings: &mut Vec<Finding>) {
    let settings = loc.settings;
    // Django refuses to load settings whose list settings are not lists.
    for name in LIST_OR_TUPLE_SETTINGS {
        let s = settings.get(name);
        if s.is_absent() {
            continue;
        }
        if !matches!(
            s.value,
            Value::List(_) | Value::Tuple(_) | Value::Unknown(_)
        ) {
            let (path, range, anchor, related, old_anchor) = loc.locate(name, &[]);
            findings.push(Finding {
                code: CODE_LOAD_FAILURE.into(),
                severity: Severity::Error,
                message: format!(
                    "Django refuses to load these settings: {name} must be a list or a tuple, not {}",
                    s.value.a_type_name()
                ),
                path,
                range,
                anchor,
                setting: Some(name.to_string()),
                docs: Some(checks::settings_docs(name, loc.eval.django.version)),
                fixes: &[],
                related,
                old_anchor,
                django_names: None,
            });
        }
    }

    let facts = checks::loading::LoadFacts {
        labels: &loc.eval.app_labels,
        zone_file: loc.eval.time_zone_file,
        unimportable_app: loc.eval.unimportable_app.as_ref(),
    };
    let ctx = loc.ctx();
    for (setting, why) in app_loading_crashes(&ctx, &facts) {
        let (path, range, anchor, related, old_anchor) = loc.locate(setting, &[]);
        findings.push(Finding {
            code: CODE_LOAD_FAILURE.into(),
            severity: Severity::Error,
            message: format!("Django cannot start with these settings: {why}"),
            path,
            range,
            anchor,
            setting: Some(setting.to_string()),
            docs: Some(checks::settings_docs(setting, loc.eval.django.version)),
            fixes: &[],
            related,
            old_anchor,
            django_names: None,
        });
    }
}

/// What the evaluation saw: import failures, syntax errors, an
/// environment that allows async-unsafe calls, hardcoded credentials.
pub(crate) fn from_evaluation(loc: &Locator, findings: &mut Vec<Finding>) {
    let eval = loc.eval;
    let _settings = loc.settings;
    for event in &eval.events {
        let (path, range, message) = match event {
            EvalEvent::LoadFailure { path, range, message } => (
                path,
                range,
                format!("Django cannot import these settings: this statement raises {message}"),
            ),
            EvalEvent::SyntaxError { path, range } => (
                path,
                range,
                "Django cannot import these settings: Python cannot parse this module (syntax error)".to_string(),
            ),
        };
        findings.push(Finding::at(
            CODE_LOAD_FAILURE,
            Severity::Error,
            message,
            path.clone(),
            range.clone(),
            loc.anchor_for(path, range),
        ));
    }

    if let Some(EnvVar::Set(v)) = eval.env.get("DJANGO_ALLOW_ASYNC_UNSAFE") {
        if !v.is_empty() {
            let a = module_anchor(&eval.entry_text);
            findings.push(Finding {
                code: checks::ASYNC_UNSAFE.id.into(),
                severity: checks::ASYNC_UNSAFE.severity,
                message: "the settings set DJANGO_ALLOW_ASYNC_UNSAFE in the environment; it must not be set in deployment".into(),
                path: eval.module.clone(),
                range: a.clone(),
                anchor: a,
                setting: None,
                docs: Some(checks::ASYNC_UNSAFE.docs_url(loc.eval.django.version)),
                fixes: &[],
                related: vec![],
                old_anchor: None,
                django_names: None,
            });
        }
    }

    for c in crate::analysis::secrets::hardcoded(eval) {
        let anchor = loc.anchor_for(&c.path, &c.range);
        findings.push(Finding {
            code: c.code.into(),
            severity: Severity::Warning,
            message: c.message,
            path: c.path,
            range: c.range,
            anchor,
            setting: Some(c.setting),
            docs: Some(format!(
                "{}{}",
                loc.eval.django.version.docs_root(),
                crate::analysis::secrets::DOCS
            )),
            fixes: &[FixKind::FromEnvironment],
            related: vec![],
            old_anchor: None,
            django_names: None,
        });
    }
}
