//! HTTPS transport: HSTS (W004, W005, W021) and the SSL redirect (W008),
//! all under SecurityMiddleware.

use crate::analysis::checks::ctx::{and, decide, Ctx, Q};
use crate::analysis::checks::Outcome;

pub(crate) fn w004(c: &Ctx) -> Vec<Outcome> {
    decide(
        and(c.sec_mw(), || Ok(c.truthy("SECURE_HSTS_SECONDS").negate())),
        || {
            format!(
            "{}: HTTP Strict Transport Security is off. Set it to a positive number of seconds once the whole site is served over HTTPS (start small: HSTS is hard to undo)",
            c.describe("SECURE_HSTS_SECONDS")
        )
        },
    )
}

pub(crate) fn hsts_on(c: &Ctx) -> Q {
    and(c.sec_mw(), || Ok(c.truthy("SECURE_HSTS_SECONDS")))
}

pub(crate) fn w005(c: &Ctx) -> Vec<Outcome> {
    decide(
        and(hsts_on(c), || {
            Ok(c.is_true("SECURE_HSTS_INCLUDE_SUBDOMAINS").negate())
        }),
        || {
            format!(
                "{}, but HSTS is on: set it to True so subdomains are also HTTPS-only",
                c.describe("SECURE_HSTS_INCLUDE_SUBDOMAINS")
            )
        },
    )
}

pub(crate) fn w021(c: &Ctx) -> Vec<Outcome> {
    decide(
        and(hsts_on(c), || Ok(c.is_true("SECURE_HSTS_PRELOAD").negate())),
        || {
            format!(
            "{}, but HSTS is on: set it to True to allow submitting the site to browsers' preload lists",
            c.describe("SECURE_HSTS_PRELOAD")
        )
        },
    )
}

pub(crate) fn w008(c: &Ctx) -> Vec<Outcome> {
    decide(
        and(c.sec_mw(), || Ok(c.is_true("SECURE_SSL_REDIRECT").negate())),
        || {
            format!(
            "{}: set it to True to redirect all HTTP requests to HTTPS (or redirect at the proxy and silence this check)",
            c.describe("SECURE_SSL_REDIRECT")
        )
        },
    )
}
