//! Django's `security.*` deploy checks (`django/core/checks/security/`),
//! one file per topic, each rule with Django's exact condition.

pub(crate) mod cookies;
pub(crate) mod csp;
pub(crate) mod headers;
pub(crate) mod hosts_debug;
pub(crate) mod hsts;
pub(crate) mod middleware;
pub(crate) mod secret_key;
