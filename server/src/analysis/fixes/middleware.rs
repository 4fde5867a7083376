//! Fixes that add a middleware to MIDDLEWARE where Django documents it.

use super::*;
use crate::analysis::checks::{AUTH_MW, MESSAGE_MW};

pub(super) fn add_middleware(eval: &Evaluation, finding: &Finding, mw: &str) -> Vec<Fix> {
    let Some((origin, file, list)) = assigned_list(eval, "MIDDLEWARE") else {
        return vec![];
    };
    let mut c = list.walk();
    let items: Vec<Node> = list
        .named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect();
    if items.iter().any(|i| i.kind() != "string") {
        return vec![];
    }
    let names: Vec<String> = items
        .iter()
        .map(|i| {
            file.text[i.byte_range()]
                .trim_matches(['"', '\''])
                .to_string()
        })
        .collect();
    let index = position(mw, &names);
    let lit = quoted(file, &format!("\"{mw}\""));
    let edit = insert_entry(file, &origin.path, list, &items, index, &lit);
    let short = mw.rsplit('.').next().unwrap_or(mw);
    vec![Fix {
        title: format!("Add {short} to MIDDLEWARE"),
        code: finding.code.clone(),
        edits: vec![edit],
        safe: false,
        preferred: false,
    }]
}

const COMMON_MW: &str = "django.middleware.common.CommonMiddleware";
const LOGIN_REQUIRED_MW: &str = "django.contrib.auth.middleware.LoginRequiredMiddleware";

/// Where `mw` goes among `names`, in the order Django's middleware
/// documentation gives (`ref/middleware/#middleware-ordering`) and
/// startproject writes: SecurityMiddleware first; SessionMiddleware after
/// it (and the cache and GZip middleware that modify Vary) and before
/// everything that uses the session; CsrfViewMiddleware after sessions and
/// CommonMiddleware; AuthenticationMiddleware after sessions and CSRF and
/// before LoginRequiredMiddleware and MessageMiddleware; MessageMiddleware
/// after those; XFrameOptionsMiddleware last.
pub(super) fn position(mw: &str, names: &[String]) -> usize {
    let at = |n: &str| names.iter().position(|x| x == n);
    // After the first of `after` present (in that order of preference),
    // but before the first of `before` present.
    let between = |after: &[&str], before: &[&str]| {
        let lo = after.iter().find_map(|a| at(a)).map(|i| i + 1).unwrap_or(0);
        let hi = before
            .iter()
            .filter_map(|b| at(b))
            .min()
            .unwrap_or(names.len());
        lo.min(hi)
    };
    match mw {
        SEC_MW => 0,
        CSRF_MW => between(&[COMMON_MW, SESS_MW, SEC_MW], &[]),
        SESS_MW => between(
            &[
                "django.middleware.gzip.GZipMiddleware",
                "django.middleware.cache.UpdateCacheMiddleware",
                SEC_MW,
            ],
            &[
                COMMON_MW,
                "django.middleware.locale.LocaleMiddleware",
                CSRF_MW,
                AUTH_MW,
                LOGIN_REQUIRED_MW,
                MESSAGE_MW,
            ],
        ),
        AUTH_MW => between(
            &[CSRF_MW, COMMON_MW, SESS_MW, SEC_MW],
            &[LOGIN_REQUIRED_MW, MESSAGE_MW],
        ),
        MESSAGE_MW => between(&[AUTH_MW, CSRF_MW, COMMON_MW, SESS_MW, SEC_MW], &[XFO_MW]),
        _ => names.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::source::MemorySources;
    use std::path::PathBuf;

    const STARTPROJECT: [&str; 7] = [
        SEC_MW, SESS_MW, COMMON_MW, CSRF_MW, AUTH_MW, MESSAGE_MW, XFO_MW,
    ];

    fn without(mw: &str) -> Vec<String> {
        STARTPROJECT
            .iter()
            .filter(|m| **m != mw)
            .map(|m| m.to_string())
            .collect()
    }

    #[test]
    fn each_middleware_goes_back_where_startproject_has_it() {
        // CommonMiddleware is no check's fix.
        for (i, mw) in STARTPROJECT
            .iter()
            .enumerate()
            .filter(|(_, m)| **m != COMMON_MW)
        {
            assert_eq!(position(mw, &without(mw)), i, "{mw}");
        }
    }

    #[test]
    fn sessions_come_before_what_uses_them_and_authentication_before_login_required() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // Authentication before sessions in the list: sessions go first.
        assert_eq!(position(SESS_MW, &names(&[AUTH_MW, SEC_MW])), 0);
        assert_eq!(
            position(
                SESS_MW,
                &names(&[SEC_MW, "django.middleware.gzip.GZipMiddleware", COMMON_MW])
            ),
            2
        );
        assert_eq!(position(SESS_MW, &names(&[])), 0);
        assert_eq!(
            position(AUTH_MW, &names(&[SESS_MW, LOGIN_REQUIRED_MW, MESSAGE_MW])),
            1
        );
        assert_eq!(position(AUTH_MW, &names(&[LOGIN_REQUIRED_MW, SESS_MW])), 0);
        assert_eq!(position(MESSAGE_MW, &names(&[SESS_MW, AUTH_MW, "x.Y"])), 2);
        assert_eq!(position(MESSAGE_MW, &names(&[XFO_MW, SESS_MW])), 0);
    }

    /// The admin's middleware errors are fixed by inserting the middleware
    /// where it belongs, and the proof keeps the fix.
    #[test]
    fn the_admin_middleware_fixes_are_proven() {
        let mut sources = MemorySources::new();
        sources.put("/proj/manage.py", "");
        let text = "INSTALLED_APPS = [\"django.contrib.admin\", \"django.contrib.auth\", \"django.contrib.contenttypes\", \"django.contrib.sessions\", \"django.contrib.messages\"]\nMIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n    \"django.middleware.common.CommonMiddleware\",\n]\n";
        sources.put("/proj/settings.py", text);
        let path = PathBuf::from("/proj/settings.py");
        let eval = crate::analysis::eval::driver::evaluate(&path, &sources).unwrap();
        let report = crate::analysis::report::report(&eval);
        for (code, mw) in [
            ("admin.E408", AUTH_MW),
            ("admin.E409", MESSAGE_MW),
            ("admin.E410", SESS_MW),
        ] {
            let finding = report
                .findings
                .iter()
                .find(|f| f.code == code)
                .unwrap_or_else(|| panic!("{code}"));
            let fixes = crate::analysis::fixes::fixes_for(&eval, finding, &sources);
            let [fix] = &fixes[..] else {
                panic!("{code}: {fixes:?}")
            };
            let edited =
                crate::analysis::fixes::apply_edits(text, &fix.edits.iter().collect::<Vec<_>>());
            assert!(
                edited.contains(&format!("    \"{mw}\",\n")),
                "{code}: {edited}"
            );
        }
    }
}
