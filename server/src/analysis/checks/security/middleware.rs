//! The middleware Django expects: W001 SecurityMiddleware, W002
//! XFrameOptionsMiddleware, W003 CsrfViewMiddleware.

use crate::analysis::checks::ctx::{decide, not, Ctx};
use crate::analysis::checks::Outcome;
use crate::analysis::checks::{CSRF_MW, SEC_MW, XFO_MW};

pub(crate) fn w001(c: &Ctx) -> Vec<Outcome> {
    decide(not(c.sec_mw()), || {
        format!("{SEC_MW} is not in MIDDLEWARE, so none of its security headers or HTTPS redirects are applied")
    })
}

pub(crate) fn w002(c: &Ctx) -> Vec<Outcome> {
    decide(not(c.has("MIDDLEWARE", XFO_MW)), || {
        format!(
            "{XFO_MW} is not in MIDDLEWARE, so pages may be framed by other sites (clickjacking)"
        )
    })
}

pub(crate) fn w003(c: &Ctx) -> Vec<Outcome> {
    decide(not(c.has("MIDDLEWARE", CSRF_MW)), || {
        format!("{CSRF_MW} is not in MIDDLEWARE, so forms are not protected against cross-site request forgery")
    })
}
