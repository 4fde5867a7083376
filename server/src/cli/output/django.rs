//! `--output-format django`: each module's findings as Django's own
//! `manage.py check --deploy` prints them (`BaseCommand.check` of the
//! modelled release), character for character: Django's message and hint
//! from the checks registry, grouped under `ERRORS:`/`WARNINGS:`, each
//! group sorted as Django sorts it (by the rendered text), the summary with
//! the silenced count, on Django's stream (stderr when there are issues,
//! stdout otherwise) with Django's colours. Our own `dsl.*` codes are not
//! Django's and are left out; a module Django could not load or check
//! (`dsl.E001`, `dsl.E002`, where Django prints a traceback) is said so on
//! stderr and fails the run.

use std::io::Write;

use super::super::args::FailLevel;
use super::super::check::{fails, Checked};
use super::super::display_path;
use crate::analysis::checks::{check_by_id, own::CHECK_CRASH, own::LOAD_FAILURE};
use crate::analysis::Severity;

/// Django's `termcolors` for `style.ERROR` and `style.WARNING` (the `dark`
/// palette): red and yellow, bold.
const ERROR_STYLE: &str = "\x1b[31;1m";
const WARNING_STYLE: &str = "\x1b[33;1m";
const RESET: &str = "\x1b[0m";

/// One Django message: its level and `str(CheckMessage)`.
struct Message {
    level: Severity,
    text: String,
}

/// Writes every module's block; returns whether one fails the run (a
/// message at or above `fail_level`, as Django's `SystemCheckError`, or a
/// module Django could not check).
pub(in crate::cli) fn write_django(
    checked: &[Checked],
    fail_level: FailLevel,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    let mut failing = false;
    for c in checked {
        let title = (checked.len() > 1).then(|| format!("{}:\n", display_path(&c.module)));
        let stopped: Vec<_> = c
            .findings
            .iter()
            .filter(|f| f.code == LOAD_FAILURE || f.code == CHECK_CRASH)
            .collect();
        if !stopped.is_empty() {
            write!(err, "{}", title.unwrap_or_default())?;
            for f in stopped {
                writeln!(
                    err,
                    "django-settings-lsp check: {}: Django would stop with a traceback here, before printing its checks: {} {}",
                    display_path(&c.module),
                    f.code,
                    f.message
                )?;
            }
            failing = true;
            continue;
        }
        let messages: Vec<Message> = c
            .findings
            .iter()
            .filter_map(|f| {
                let def = check_by_id(&f.code)?;
                let mut text = format!(
                    "?: ({}) {}",
                    def.id,
                    def.django_message(c.django, f.django_names.as_deref())
                );
                if let Some(hint) = def.django_hint(c.django) {
                    text.push_str(&format!("\n\tHINT: {hint}"));
                }
                Some(Message {
                    level: def.severity,
                    text,
                })
            })
            .collect();
        let (text, serious) = render(&messages, c.silenced, fail_level, color);
        failing |= serious;
        let stream: &mut dyn Write = if messages.is_empty() {
            &mut *out
        } else {
            &mut *err
        };
        write!(stream, "{}{text}", title.unwrap_or_default())?;
    }
    Ok(failing)
}

/// Django's text for one module, with the final newline its
/// `OutputWrapper` adds, and whether it is a `SystemCheckError`.
fn render(
    messages: &[Message],
    silenced: usize,
    fail_level: FailLevel,
    color: bool,
) -> (String, bool) {
    let style = |s: &str, text: &str| {
        if color {
            format!("{s}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let mut body = String::new();
    for (level, name) in [
        (Severity::Error, "ERRORS"),
        (Severity::Warning, "WARNINGS"),
        (Severity::Info, "INFOS"),
    ] {
        let mut group: Vec<String> = messages
            .iter()
            .filter(|m| m.level == level)
            .map(|m| {
                let s = if m.level == Severity::Error {
                    ERROR_STYLE
                } else {
                    WARNING_STYLE
                };
                style(s, &m.text)
            })
            .collect();
        if group.is_empty() {
            continue;
        }
        group.sort();
        body.push_str(&format!("\n{name}:\n{}\n", group.join("\n")));
    }
    let visible = messages.len();
    let header = if visible > 0 {
        "System check identified some issues:\n"
    } else {
        ""
    };
    let issues = match visible {
        0 => "no issues".to_string(),
        1 => "1 issue".to_string(),
        n => format!("{n} issues"),
    };
    let footer = format!(
        "{}System check identified {issues} ({silenced} silenced).",
        if visible > 0 { "\n" } else { "" }
    );
    let serious = messages.iter().any(|m| fails(m.level, fail_level));
    let text = if serious {
        format!(
            "{}{body}{footer}\n",
            style(ERROR_STYLE, &format!("SystemCheckError: {header}"))
        )
    } else {
        format!("{header}{body}{footer}\n")
    };
    (text, serious)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(level: Severity, text: &str) -> Message {
        Message {
            level,
            text: text.into(),
        }
    }

    #[test]
    fn django_frames_its_messages() {
        let (text, serious) = render(&[], 2, FailLevel::Error, false);
        assert_eq!(text, "System check identified no issues (2 silenced).\n");
        assert!(!serious);
        let msgs = [
            m(
                Severity::Warning,
                "?: (security.W025) Your SECRET_KEY_FALLBACKS[2]",
            ),
            m(
                Severity::Warning,
                "?: (security.W025) Your SECRET_KEY_FALLBACKS[10]",
            ),
            m(Severity::Error, "?: (4_0.E001) x"),
        ];
        let (text, serious) = render(&msgs, 0, FailLevel::Error, false);
        assert!(serious);
        assert_eq!(
            text,
            "SystemCheckError: System check identified some issues:\n\nERRORS:\n?: (4_0.E001) x\n\nWARNINGS:\n?: (security.W025) Your SECRET_KEY_FALLBACKS[10]\n?: (security.W025) Your SECRET_KEY_FALLBACKS[2]\n\nSystem check identified 3 issues (0 silenced).\n"
        );
        let (text, serious) = render(&msgs[..1], 1, FailLevel::Error, false);
        assert!(!serious);
        assert_eq!(
            text,
            "System check identified some issues:\n\nWARNINGS:\n?: (security.W025) Your SECRET_KEY_FALLBACKS[2]\n\nSystem check identified 1 issue (1 silenced).\n"
        );
        let (text, serious) = render(&msgs[..1], 0, FailLevel::Warning, true);
        assert!(serious);
        assert!(text.starts_with("\x1b[31;1mSystemCheckError: System check identified some issues:\n\x1b[0m\nWARNINGS:\n\x1b[33;1m?: (security.W025)"), "{text:?}");
    }
}
