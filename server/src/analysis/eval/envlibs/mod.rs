//! The environment: reading and setting variables as the evaluator assumes
//! them, and the libraries that read it, each behind [`EnvLibrary`] and
//! listed once in [`LIBRARIES`]: what their modules hold, what calling
//! their functions does and what their objects' methods do. The rest of the
//! evaluator asks the registry, so a library is one file here. A library
//! records each read it runs (`Interp::record_read`, `reads.rs`): the fixes
//! edit those.

pub(crate) mod configparser;
pub(crate) mod configurations;
pub(super) mod decouple;
mod dotenv;
pub(crate) mod email_url;
pub(super) mod environ;
mod environs;
pub(super) mod os;
mod reads;

use std::any::Any;
use std::rc::Rc;

use crate::analysis::eval::objects::{object, Builtin, ExcClass, Object};
use crate::analysis::eval::value::{Tri, Unknown, Value};

use super::{EnvVar, Interp, R};

pub use reads::EnvRead;
pub(super) use reads::{CallSite, DefaultArg, EnvReads, ReadPlace};

/// The environment libraries the evaluator models.
pub(super) static LIBRARIES: &[&dyn EnvLibrary] = &[
    &os::Os,
    &environ::DjangoEnviron,
    &decouple::Decouple,
    &dotenv::Dotenv,
    &configparser::Configparser,
    &email_url::EmailUrl,
    &configurations::Configurations,
    &environs::Environs,
];

/// What an environment library provides the evaluator. A library's
/// functions are values of [`LibraryFunction`], its objects of
/// [`LibraryObject`] (or an `Object` variant of its own, when other parts of
/// the language reach into it, as `os.environ[...]` does); both carry the
/// library's [`name`](EnvLibrary::name), which routes calls and methods
/// back to it.
pub(super) trait EnvLibrary: Sync {
    /// How its functions and objects name it.
    fn name(&self) -> &'static str;

    /// The modules it models, as `import` names them.
    fn modules(&self) -> &'static [&'static str];

    /// `module.attr` for one of its modules; `None` when the evaluator does
    /// not model that attribute (its value is then unknown).
    fn attr(&self, module: &str, attr: &str) -> Option<Value>;

    /// Calls `function`, one of the functions `attr` gave.
    fn call(
        &self,
        interp: &mut Interp,
        function: &'static str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value>;

    /// Its own exception classes, which `except` clauses name.
    fn exceptions(&self) -> &'static [LibraryException] {
        &[]
    }

    /// An attribute of one of its functions or classes
    /// (`environ.Env.read_env`).
    fn function_attr(&self, _function: &'static str, _attr: &str) -> Option<Value> {
        None
    }

    /// Whether `object` is one of its objects.
    fn owns(&self, object: &Object) -> bool {
        matches!(object, Object::Library(o) if o.library == self.name())
    }

    /// Calls one of its objects (`env("X")`).
    fn call_object(
        &self,
        _interp: &mut Interp,
        _object: &Object,
        _args: Vec<Value>,
        _kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        Ok(Value::unknown("the result of a call"))
    }

    /// `object.name(...)` for one of its objects.
    fn method(
        &self,
        _interp: &mut Interp,
        _object: &Object,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        Ok(Value::unknown(format!("the result of .{name}()")))
    }

    /// How the fixes write a read in this library's style, when `value`,
    /// bound to `name` in the module, is what the library reads with (an
    /// `Env()`, decouple's `config`); `bindings` are all the module's names,
    /// sorted, for the helpers the style uses (decouple's `Csv`).
    fn read_style(
        &self,
        _name: &str,
        _value: &Value,
        _bindings: &[(&str, &Value)],
    ) -> Option<ReadStyle> {
        None
    }
}

/// How the fixes write a read of the variable `{var}` in a library's style.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadStyle {
    /// A string the settings cannot do without (SECRET_KEY, a credential).
    pub required: String,
    /// A boolean, False when unset (DEBUG).
    pub flag: String,
    /// A list from a comma-separated string (ALLOWED_HOSTS).
    pub list: String,
    /// The string as it is, where the read replaces a call inside a larger
    /// expression (`... == "True"`).
    pub raw: String,
}

/// The styles of the libraries whose readers the module binds, in the order
/// of the names bound to them (`bindings` sorted by name).
pub(crate) fn read_styles(bindings: &[(&str, &Value)]) -> Vec<ReadStyle> {
    bindings
        .iter()
        .filter_map(|(name, value)| {
            LIBRARIES
                .iter()
                .find_map(|l| l.read_style(name, value, bindings))
        })
        .collect()
}

/// A function (or class) of an environment library, as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LibraryFunction {
    pub library: &'static str,
    pub name: &'static str,
}

/// An exception class of an environment library: its name, as `except`
/// clauses and messages write it, and the builtin class it derives from
/// (what else catches it).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct LibraryException {
    pub name: &'static str,
    pub base: ExcClass,
}

/// The exception class `e`, as a value.
pub(super) fn exception_class(e: &'static LibraryException) -> Value {
    object(Object::Builtin(Builtin::ExceptionClass(ExcClass::Library(
        e,
    ))))
}

/// The library exception class an `except` clause names.
pub(super) fn exception_named(name: &str) -> Option<ExcClass> {
    LIBRARIES
        .iter()
        .flat_map(|l| l.exceptions())
        .find(|e| e.name == name)
        .map(ExcClass::Library)
}

/// The value of a library's function `name`.
pub(super) fn function(library: &'static str, name: &'static str) -> Value {
    object(Object::Builtin(Builtin::Library(LibraryFunction {
        library,
        name,
    })))
}

/// An object an environment library made (an `environ.Env()`, a `Csv()`):
/// its Python type's name and its state, which only that library reads.
pub struct LibraryObject {
    pub library: &'static str,
    pub type_name: &'static str,
    state: Box<dyn Any>,
}

impl LibraryObject {
    pub(super) fn value<T: Any>(library: &'static str, type_name: &'static str, state: T) -> Value {
        object(Object::Library(LibraryObject {
            library,
            type_name,
            state: Box::new(state),
        }))
    }

    pub(super) fn state<T: Any>(&self) -> Option<&T> {
        self.state.downcast_ref()
    }
}

/// The state of `value` when it is an object of `library` holding a `T`.
pub(super) fn state_of<'v, T: Any>(value: &'v Value, library: &str) -> Option<&'v T> {
    match value {
        Value::Object(o) => match o.as_ref() {
            Object::Library(l) if l.library == library => l.state(),
            _ => None,
        },
        _ => None,
    }
}

fn library_named(name: &str) -> Option<&'static dyn EnvLibrary> {
    LIBRARIES.iter().copied().find(|l| l.name() == name)
}

fn library_of_module(module: &str) -> Option<&'static dyn EnvLibrary> {
    LIBRARIES
        .iter()
        .copied()
        .find(|l| l.modules().contains(&module))
}

/// Whether an environment library models `module`.
pub(super) fn models_module(module: &str) -> bool {
    library_of_module(module).is_some()
}

/// `module.attr` for a module an environment library models.
pub(super) fn module_attr(module: &str, attr: &str) -> Option<Value> {
    library_of_module(module)?.attr(module, attr)
}

pub(super) fn function_attr(f: LibraryFunction, attr: &str) -> Option<Value> {
    library_named(f.library)?.function_attr(f.name, attr)
}

pub(super) fn call_function(
    interp: &mut Interp,
    f: LibraryFunction,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    match library_named(f.library) {
        Some(l) => l.call(interp, f.name, args, kwargs),
        None => Ok(Value::unknown("the result of a call")),
    }
}

fn owner(object: &Object) -> Option<&'static dyn EnvLibrary> {
    LIBRARIES.iter().copied().find(|l| l.owns(object))
}

pub(super) fn call_object(
    interp: &mut Interp,
    object: &Object,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    match owner(object) {
        Some(l) => l.call_object(interp, object, args, kwargs),
        None => Ok(Value::unknown("the result of a call")),
    }
}

pub(super) fn call_method(
    interp: &mut Interp,
    object: &Object,
    name: &str,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    match owner(object) {
        Some(l) => l.method(interp, object, name, args, kwargs),
        None => Ok(Value::unknown(format!("the result of .{name}()"))),
    }
}

impl<'a> Interp<'a> {
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

#[cfg(test)]
mod tests {
    use super::LIBRARIES;

    #[test]
    fn each_library_has_its_own_name_and_modules() {
        let mut names: Vec<&str> = LIBRARIES.iter().map(|l| l.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), LIBRARIES.len());
        let mut modules: Vec<&str> = LIBRARIES
            .iter()
            .flat_map(|l| l.modules())
            .copied()
            .collect();
        let all = modules.len();
        modules.sort();
        modules.dedup();
        assert_eq!(modules.len(), all, "a module modelled by two libraries");
    }
}
