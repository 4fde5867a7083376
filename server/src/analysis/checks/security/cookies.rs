//! Cookies over HTTPS only and out of scripts' reach: the session cookie
//! (W010-W015) and the CSRF cookie (W016).

use crate::analysis::checks::ctx::{and, decide, Ctx};
use crate::analysis::checks::Outcome;
use crate::analysis::checks::{CSRF_MW, SESS_APP, SESS_MW};

pub(crate) fn session_check(
    c: &Ctx,
    flag: &'static str,
    want_app: bool,
    want_mw: bool,
    id_help: &'static str,
) -> Vec<Outcome> {
    let q = and(Ok(c.is_true(flag).negate()), || {
        let app = c.has("INSTALLED_APPS", SESS_APP)?;
        let mw = c.has("MIDDLEWARE", SESS_MW)?;
        let app = if want_app { app } else { app.negate() };
        let mw = if want_mw { mw } else { mw.negate() };
        Ok(app.and(|| mw))
    });
    decide(q, || format!("{}: {id_help}", c.describe(flag)))
}

pub(crate) fn w010(c: &Ctx) -> Vec<Outcome> {
    session_check(c, "SESSION_COOKIE_SECURE", true, false, "with django.contrib.sessions installed, set it to True so the session cookie is only sent over HTTPS")
}

pub(crate) fn w011(c: &Ctx) -> Vec<Outcome> {
    session_check(c, "SESSION_COOKIE_SECURE", false, true, "with SessionMiddleware in MIDDLEWARE, set it to True so the session cookie is only sent over HTTPS")
}

pub(crate) fn w012(c: &Ctx) -> Vec<Outcome> {
    session_check(
        c,
        "SESSION_COOKIE_SECURE",
        true,
        true,
        "set it to True so the session cookie is only sent over HTTPS",
    )
}

pub(crate) fn w013(c: &Ctx) -> Vec<Outcome> {
    session_check(c, "SESSION_COOKIE_HTTPONLY", true, false, "with django.contrib.sessions installed, set it to True so scripts cannot read the session cookie")
}

pub(crate) fn w014(c: &Ctx) -> Vec<Outcome> {
    session_check(c, "SESSION_COOKIE_HTTPONLY", false, true, "with SessionMiddleware in MIDDLEWARE, set it to True so scripts cannot read the session cookie")
}

pub(crate) fn w015(c: &Ctx) -> Vec<Outcome> {
    session_check(
        c,
        "SESSION_COOKIE_HTTPONLY",
        true,
        true,
        "set it to True so scripts cannot read the session cookie",
    )
}

pub(crate) fn w016(c: &Ctx) -> Vec<Outcome> {
    let q = and(Ok(c.truthy("CSRF_USE_SESSIONS").negate()), || {
        and(c.has("MIDDLEWARE", CSRF_MW), || {
            Ok(c.is_true("CSRF_COOKIE_SECURE").negate())
        })
    });
    decide(q, || {
        format!(
            "{}: with CsrfViewMiddleware in MIDDLEWARE, set it to True so the CSRF cookie is only sent over HTTPS",
            c.describe("CSRF_COOKIE_SECURE")
        )
    })
}
