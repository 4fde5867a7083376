//! The environment: reading and setting variables as the evaluator assumes
//! them, and the libraries that read it (os.environ/os.getenv,
//! python-decouple, django-environ, dotenv files).

pub(crate) mod configparser;
pub(crate) mod configurations;
pub(super) mod decouple;
pub(crate) mod email_url;
pub(super) mod environ;
pub(super) mod os;

use std::rc::Rc;

use crate::analysis::eval::value::{Tri, Unknown, Value};

use super::{EnvVar, Interp, R};

impl<'a> Interp<'a> {
    /// Reads an environment variable as the module would see it.
    /// Reads an environment variable as the module would see it; `default`
    /// is the default the code gives (None when it gives none).
    pub fn read_env(
        &mut self,
        name: &str,
        default: Option<&Value>,
    ) -> Option<Result<Rc<str>, Unknown>> {
        let name_rc: Rc<str> = Rc::from(name);
        // How much a guard that fires looks like it asks for this variable:
        // read without a default, then with an empty default, then others.
        let rank = match default {
            None => 0,
            Some(d) if d.truthy() == Tri::False => 1,
            Some(_) => 2,
        };
        let entry = self.read_ranks.entry(name_rc.clone()).or_insert(rank);
        *entry = (*entry).min(rank);
        self.add_taint(&[name_rc]);
        match self.env.get(name) {
            Some(EnvVar::Set(v)) => Some(Ok(v.clone())),
            Some(EnvVar::Required) => Some(Err(Unknown::new(required_variable_reason(name)))),
            None => self
                .env_open
                .as_ref()
                .map(|why| Err(Unknown::new(format!("{name} may be set by {why}")))),
        }
    }

    pub fn set_env(&mut self, name: &str, value: Rc<str>) {
        self.env.insert(name.to_string(), EnvVar::Set(value));
    }

    /// Whether a `.env` file sits in the project root or the entry module's
    /// folder (what `load_dotenv()` / `Env.read_env()` would read).
    pub fn dotenv_present(&self) -> bool {
        let mut dirs = vec![self.resolver.project_root.clone()];
        if let Some(d) = &self.entry_dir {
            dirs.push(d.clone());
        }
        dirs.iter().any(|d| self.sources.exists(&d.join(".env")))
    }
}

/// `load_dotenv()`, `Env.read_env()`: a `.env` file the settings load may set
/// any variable.
pub(super) fn read_dotenv(interp: &mut Interp) -> R<Value> {
    if interp.dotenv_present() {
        interp.env_open = Some(Rc::from("a .env file the settings load"));
    }
    Ok(Value::Bool(true))
}

/// Why a value read from a variable the module cannot do without is unknown.
pub(crate) fn required_variable_reason(name: &str) -> String {
    format!("the environment variable {name}, which must be set")
}

/// Whether an undecided check is undecided only because a variable the
/// module requires is taken as set to an unknown value: what the fixes
/// write, and nothing the editor needs to show (hover says it).
pub(crate) fn is_required_variable_reason(reason: &str) -> bool {
    reason.starts_with("the environment variable ") && reason.ends_with(", which must be set")
}
