//! `django-settings-lsp explain CODE`: what a code checks, why it matters,
//! how to fix it, Django's documentation and the releases that have it, all
//! from the checks registry (`checks::CHECKS`, `ASYNC_UNSAFE`) and our own
//! codes' table (`checks::own::OWN_CODES`). An unknown code is exit status
//! 2, with the codes it is closest to.

use std::io::Write;

use super::Terminal;
use crate::analysis::checks::own::OWN_CODES;
use crate::analysis::checks::{
    check_by_id, own_code, CheckDef, DjangoVersion, FixKind, ASYNC_UNSAFE, CHECKS,
};
use crate::analysis::django_version::ProjectVersion;
use crate::analysis::project::folder_version;
use crate::analysis::{DiskSources, Severity};

const WIDTH: usize = 79;

/// The release `explain` speaks of: `--django-version`, else the one the
/// project in the current folder runs, found as `check` finds it (its
/// configuration, its virtualenv, its dependency files), else the newest.
pub(super) fn release(asked: Option<DjangoVersion>) -> ProjectVersion {
    if let Some(v) = asked {
        return ProjectVersion::configured(v, "--django-version");
    }
    let dir = std::env::current_dir().unwrap_or_default();
    folder_version(&dir, &DiskSources::new())
}

pub(super) fn run(
    code: &str,
    version: &ProjectVersion,
    term: Terminal,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(found) = resolve(code) else {
        let near = suggestions(code);
        let mut msg = format!("django-settings-lsp explain: unknown code {code:?}");
        if !near.is_empty() {
            msg.push_str(&format!("; did you mean {}?", near.join(", ")));
        }
        let _ = writeln!(
            err,
            "{msg}\nThe codes are listed in the README (\"What it checks\"); `explain` takes one, such as security.W018 or dsl.W001."
        );
        return 2;
    };
    let text = match found {
        Code::Django(c) => django_text(c, version, term.color),
        Code::Own(code) => own_text(code, version.version, term.color),
    };
    match write!(out, "{text}") {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

enum Code {
    Django(&'static CheckDef),
    Own(&'static str),
}

fn every_code() -> impl Iterator<Item = &'static str> {
    CHECKS
        .iter()
        .chain(std::iter::once(&ASYNC_UNSAFE))
        .map(|c| c.id)
        .chain(OWN_CODES.iter().map(|c| c.code))
}

/// The code as written, in any case, or a Django security ID without its
/// `security.` prefix (`W018`).
fn resolve(code: &str) -> Option<Code> {
    let code = code.trim();
    let exact = every_code()
        .find(|c| c.eq_ignore_ascii_case(code))
        .or_else(|| {
            let prefixed = format!("security.{code}");
            every_code().find(|c| c.eq_ignore_ascii_case(&prefixed))
        })?;
    match check_by_id(exact) {
        Some(c) => Some(Code::Django(c)),
        None => Some(Code::Own(exact)),
    }
}

/// Up to three codes close to `code`: by edit distance (two edits at
/// most), or ending as it does (`E001` names `4_0.E001` and `dsl.E001`).
fn suggestions(code: &str) -> Vec<&'static str> {
    let wanted = code.trim().to_ascii_lowercase();
    let mut scored: Vec<(usize, &'static str)> = every_code()
        .filter_map(|c| {
            let lower = c.to_ascii_lowercase();
            let d = distance(&wanted, &lower);
            let tail = lower.rsplit('.').next().unwrap_or("");
            if d <= 2 {
                Some((d, c))
            } else if !wanted.is_empty() && (tail == wanted || lower.ends_with(&wanted)) {
                Some((3, c))
            } else {
                let d_tail = distance(wanted.rsplit('.').next().unwrap_or(""), tail);
                (d_tail <= 1 && wanted.contains('.') == lower.contains('.'))
                    .then_some((4 + d_tail, c))
            }
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// Levenshtein distance, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A heading, bold when coloured.
fn heading(title: &str, color: bool) -> String {
    if color {
        let bold = anstyle::Style::new().bold();
        format!("\n{}{title}{}\n", bold.render(), bold.render_reset())
    } else {
        format!("\n{title}\n")
    }
}

/// `text` wrapped at `WIDTH`, each line indented by two spaces.
fn paragraph(text: &str) -> String {
    wrap(text, "  ", "  ")
}

/// `text` wrapped at `WIDTH`: its first line after `first`, the others
/// after `rest`.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut indent = first;
    for word in text.split_whitespace() {
        if !line.is_empty()
            && indent.len() + line.chars().count() + 1 + word.chars().count() > WIDTH
        {
            out.push_str(&format!("{indent}{line}\n"));
            line.clear();
            indent = rest;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out
}

fn releases(c: &CheckDef) -> String {
    let have: Vec<String> = DjangoVersion::SUPPORTED
        .iter()
        .filter(|v| c.exists_in(**v))
        .map(|v| v.to_string())
        .collect();
    let oldest = DjangoVersion::SUPPORTED[0];
    let mut text = have.join(", ");
    if c.since <= oldest {
        text.push_str(&format!(
            " (every release this checker models; the check is older than {oldest})"
        ));
    } else {
        text.push_str(&format!(" (the check is new in {})", c.since));
    }
    if let Some(u) = c.until {
        text.push_str(&format!("; removed in {u}"));
    }
    text
}

fn fix_lines(c: &CheckDef) -> Vec<String> {
    let mut out = vec![];
    for kind in c.fixes {
        match kind {
            FixKind::SetValue { values, safe } => {
                for (literal, why) in *values {
                    let how = if *safe {
                        "safe: `check --fix` applies it"
                    } else {
                        "it needs a decision: `check --fix --unsafe-fixes`"
                    };
                    let why = if why.is_empty() {
                        String::new()
                    } else {
                        format!(", {why}")
                    };
                    out.push(format!("set {} = {literal}{why} ({how})", c.setting));
                }
            }
            FixKind::AddMiddleware(mw) => out.push(format!(
                "add '{mw}' to MIDDLEWARE where Django's documentation puts it (`check --fix --unsafe-fixes`)"
            )),
            FixKind::FromEnvironment => out.push(format!(
                "read {} from an environment variable, in the module's own idiom (`check --fix --unsafe-fixes`)",
                c.setting
            )),
            FixKind::AddScheme => out.push(
                "give the entry its scheme, https:// or http:// (`check --fix --unsafe-fixes`)"
                    .to_string(),
            ),
            FixKind::AddContextProcessor(p) => out.push(format!(
                "add '{p}' to the context processors of the first DjangoTemplates engine, where startproject writes it (safe: `check --fix` applies it)"
            )),
            FixKind::LanguageTag => out.push(
                "write the language code as Django's tag: 'en_US' becomes 'en-us' (safe: `check --fix` applies it)"
                    .to_string(),
            ),
            FixKind::DropStaticRoot => out.push(
                "take the STATIC_ROOT entry out of STATICFILES_DIRS (`check --fix --unsafe-fixes`)".to_string(),
            ),
            FixKind::SmtpMailer => out.push(
                "send the default mailer's e-mail with the SMTP backend (`check --fix --unsafe-fixes`; give it the SMTP server's OPTIONS)"
                    .to_string(),
            ),
        }
    }
    out
}

fn django_text(c: &CheckDef, release: &ProjectVersion, color: bool) -> String {
    let version = release.version;
    let mut t = format!(
        "{} ({}, on {})\n",
        c.id,
        severity_word(c.severity),
        c.setting
    );
    t.push_str(&paragraph(&format!("Expects {}.", c.expects)));
    t.push_str(&paragraph(&format!("Explained for {}.", release.why())));
    if !c.exists_in(version) {
        t.push_str(&paragraph(&format!(
            "Django {version} does not have this check: it is never reported for a project on {version}."
        )));
    }
    t.push_str(&heading("What it checks", color));
    let mut what = if c.reads.is_empty() {
        format!(
            "Django's check reads the {} environment variable.",
            c.setting
        )
    } else {
        format!("Django's check reads {}.", c.reads.join(", "))
    };
    if !c.runs_because.is_empty() {
        let when: Vec<String> = c
            .runs_because
            .iter()
            .map(|entry| {
                let list = if entry.contains(".middleware.") {
                    "MIDDLEWARE"
                } else {
                    "INSTALLED_APPS"
                };
                format!("{list} has {entry}")
            })
            .collect();
        what.push_str(&format!(" Django runs it only when {}.", when.join(" or ")));
    }
    what.push_str(" It prints:");
    t.push_str(&paragraph(&what));
    let mut message = format!("?: ({}) {}", c.id, c.django_message(version, Some("…")));
    if let Some(h) = c.django_hint(version) {
        message.push_str(&format!("\n\tHINT: {h}"));
    }
    for line in message.lines() {
        t.push_str(&wrap(line, "    ", "      "));
    }
    t.push_str(&heading("Why it matters", color));
    t.push_str(&paragraph(c.why));
    t.push_str(&heading("How to fix it", color));
    t.push_str(&paragraph(c.fix));
    let fixes = fix_lines(c);
    if !fixes.is_empty() {
        t.push_str(&paragraph("The fixes offered (in the editor too):"));
        for f in fixes {
            t.push_str(&wrap(&f, "  - ", "    "));
        }
    }
    t.push_str(&heading("Documentation", color));
    t.push_str(&format!("  {}\n", c.docs_url(version)));
    t.push_str(&heading("Django releases", color));
    t.push_str(&paragraph(&releases(c)));
    t
}

fn own_text(code: &str, version: DjangoVersion, color: bool) -> String {
    let Some(c) = own_code(code) else {
        return String::new();
    };
    let mut t = format!(
        "{} ({})
",
        c.code,
        severity_word(c.severity)
    );
    t.push_str(&paragraph(&format!("{}.", c.summary)));
    t.push_str(&heading("What it reports", color));
    t.push_str(&paragraph(&format!(
        "Our own code, not one of Django's (it is not printed by `--output-format django`): {}.",
        c.meaning
    )));
    t.push_str(&heading("Why it matters", color));
    t.push_str(&paragraph(c.why));
    t.push_str(&heading("How to fix it", color));
    t.push_str(&paragraph(c.fix));
    if let Some(docs) = c.docs {
        t.push_str(&heading("Documentation", color));
        t.push_str(&format!(
            "  {}{docs} (Django's, on the subject)\n",
            version.docs_root()
        ));
    }
    t.push_str(&heading("Django releases", color));
    t.push_str(&paragraph(
        "Not a Django check: reported whichever Django release the project uses.",
    ));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explain(code: &str) -> (i32, String, String) {
        let (mut out, mut err) = (vec![], vec![]);
        let release = ProjectVersion::configured(DjangoVersion::V5_2, "the test");
        let status = run(code, &release, Terminal::PLAIN, &mut out, &mut err);
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn every_code_is_explained() {
        for code in every_code() {
            let (status, out, err) = explain(code);
            assert_eq!(status, 0, "{code}: {err}");
            assert!(out.starts_with(code), "{code}: {out}");
            for part in ["Why it matters", "How to fix it", "Django releases"] {
                assert!(out.contains(part), "{code}: no {part}:\n{out}");
            }
            assert!(
                out.lines().all(|l| l.chars().count() <= WIDTH
                    || !l.contains(' ')
                    || l.trim_start().starts_with("https://")),
                "{code}: a line over {WIDTH} characters:\n{out}"
            );
        }
    }

    #[test]
    fn a_django_check_says_what_django_prints_and_where_it_is_documented() {
        let (_, out, _) = explain("security.W018");
        assert!(
            out.contains("?: (security.W018) You should not have DEBUG set to True in deployment."),
            "{out}"
        );
        assert!(
            out.contains("https://docs.djangoproject.com/en/5.2/ref/settings/#debug"),
            "{out}"
        );
        assert!(out.contains("4.2, 5.2, 6.0, 6.1"), "{out}");
        assert!(
            out.contains("set DEBUG = False (safe: `check --fix` applies it)"),
            "{out}"
        );
        let (_, out, _) = explain("security.E023");
        assert!(
            out.contains("HINT: Valid values are: no-referrer,"),
            "{out}"
        );
        let (_, out, _) = explain("dsl.W003");
        assert!(out.contains("not one of Django's"), "{out}");
        // Any case, and a security ID without its prefix.
        assert_eq!(explain("SECURITY.w018").1, explain("security.W018").1);
        assert_eq!(explain("W018").1, explain("security.W018").1);
    }

    #[test]
    fn an_unknown_code_is_exit_2_with_close_matches() {
        let (status, out, err) = explain("security.W19");
        assert_eq!(status, 2);
        assert!(out.is_empty());
        assert!(err.contains("unknown code \"security.W19\""), "{err}");
        assert!(err.contains("security.W019"), "{err}");
        let (_, _, err) = explain("E001");
        assert!(
            err.contains("4_0.E001") && err.matches(".E001").count() >= 3,
            "{err}"
        );
        let (status, _, err) = explain("nonsense-code-xyz");
        assert_eq!(status, 2);
        assert!(!err.contains("did you mean"), "{err}");
    }
}
