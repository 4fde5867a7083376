//! Non-container values: modules, functions, classes, paths, exception
//! classes; the environment libraries' functions and objects are
//! `Builtin::Library` and `Object::Library`, which `envlibs/` reads.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use super::envlibs::{LibraryException, LibraryFunction, LibraryObject};
use super::namespace::Namespace;
use super::value::{Extra, IterError, Tri, Unknown, Value};
use crate::analysis::source::ParsedFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    Set,
    Dict,
    Len,
    Sorted,
    Print,
    Isinstance,
    Getattr,
    Open,
    Any,
    All,
    Min,
    Max,
    Object,
    /// `setattr(obj, name, value)`.
    Setattr,
    /// `property(fget)`.
    Property,
    /// `glob.glob(pattern)`, `glob.iglob(pattern)`.
    Glob,
    /// `inspect.getmembers(obj)`.
    InspectGetmembers,
    /// A function or class of an environment library (`envlibs/`).
    Library(LibraryFunction),
    SplitInclude,
    SplitOptional,
    Repr,
    Range,
    OsPathJoin,
    OsPathDirname,
    OsPathBasename,
    OsPathAbspath,
    OsPathUnknown,
    PathNew,
    Strtobool,
    DynamicNamespace,
    Globals,
    Locals,
    Filter,
    Map,
    DictFromkeys,
    SysExit,
    ExceptionClass(ExcClass),
}

/// Exception classes the evaluator raises and matches by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExcClass {
    Exception,
    KeyError,
    ImportError,
    ModuleNotFoundError,
    ImproperlyConfigured,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    LookupError,
    OSError,
    RuntimeError,
    NameError,
    AssertionError,
    SystemExit,
    BaseException,
    /// `configparser.Error` and the two lookups' errors derived from it.
    ConfigparserError,
    NoSectionError,
    NoOptionError,
    /// An environment library's own exception class (`envlibs/`).
    Library(&'static LibraryException),
}

impl ExcClass {
    pub fn name(self) -> &'static str {
        match self {
            ExcClass::Exception => "Exception",
            ExcClass::KeyError => "KeyError",
            ExcClass::ImportError => "ImportError",
            ExcClass::ModuleNotFoundError => "ModuleNotFoundError",
            ExcClass::ImproperlyConfigured => "ImproperlyConfigured",
            ExcClass::ValueError => "ValueError",
            ExcClass::TypeError => "TypeError",
            ExcClass::AttributeError => "AttributeError",
            ExcClass::IndexError => "IndexError",
            ExcClass::LookupError => "LookupError",
            ExcClass::OSError => "OSError",
            ExcClass::RuntimeError => "RuntimeError",
            ExcClass::NameError => "NameError",
            ExcClass::AssertionError => "AssertionError",
            ExcClass::SystemExit => "SystemExit",
            ExcClass::BaseException => "BaseException",
            ExcClass::ConfigparserError => "configparser.Error",
            ExcClass::NoSectionError => "configparser.NoSectionError",
            ExcClass::NoOptionError => "configparser.NoOptionError",
            ExcClass::Library(e) => e.name,
        }
    }

    pub fn from_name(name: &str) -> Option<ExcClass> {
        Some(match name {
            "Exception" => ExcClass::Exception,
            "BaseException" => ExcClass::BaseException,
            "KeyError" => ExcClass::KeyError,
            "ImportError" => ExcClass::ImportError,
            "ModuleNotFoundError" => ExcClass::ModuleNotFoundError,
            "ImproperlyConfigured" => ExcClass::ImproperlyConfigured,
            "ValueError" => ExcClass::ValueError,
            "TypeError" => ExcClass::TypeError,
            "AttributeError" => ExcClass::AttributeError,
            "IndexError" => ExcClass::IndexError,
            "LookupError" => ExcClass::LookupError,
            "OSError" | "IOError" | "FileNotFoundError" | "EnvironmentError" => ExcClass::OSError,
            "RuntimeError" => ExcClass::RuntimeError,
            "NameError" => ExcClass::NameError,
            "AssertionError" => ExcClass::AssertionError,
            "SystemExit" => ExcClass::SystemExit,
            "NoSectionError" => ExcClass::NoSectionError,
            "NoOptionError" => ExcClass::NoOptionError,
            _ => return super::envlibs::exception_named(name),
        })
    }

    /// Whether an `except self:` clause catches an exception of class `raised`.
    pub fn catches(self, raised: ExcClass) -> bool {
        if self == raised || self == ExcClass::BaseException {
            return true;
        }
        if self == ExcClass::Exception {
            return raised != ExcClass::SystemExit;
        }
        if let ExcClass::Library(e) = raised {
            return self.catches(e.base);
        }
        matches!(
            (self, raised),
            (ExcClass::ImportError, ExcClass::ModuleNotFoundError)
                | (
                    ExcClass::LookupError,
                    ExcClass::KeyError | ExcClass::IndexError
                )
                | (
                    ExcClass::ConfigparserError,
                    ExcClass::NoSectionError | ExcClass::NoOptionError
                ) // ImproperlyConfigured derives from Exception only.
        )
    }
}

pub struct FunctionDef {
    pub file: Arc<ParsedFile>,
    pub start_byte: usize,
    pub name: Rc<str>,
    pub globals: Rc<RefCell<Namespace>>,
    pub defaults: Vec<(Rc<str>, Value)>,
    /// The enclosing function's locals, for nested functions.
    pub closure: HashMap<Rc<str>, Value>,
}

pub struct ModuleObj {
    pub name: Rc<str>,
    pub path: PathBuf,
    pub namespace: Rc<RefCell<Namespace>>,
}

pub enum Object {
    /// A module of the project, evaluated from its file.
    Module(ModuleObj),
    /// A module we model by name (`os`, `environ`, ...) or cannot see.
    External(Rc<str>),
    Builtin(Builtin),
    BoundMethod {
        receiver: Value,
        name: Rc<str>,
    },
    Function(FunctionDef),
    Path(Rc<str>),
    /// `os.environ`.
    Environ,
    /// An instance of an exception class, ready to be raised.
    ExceptionInstance(ExcClass),
    /// A class defined in the settings code.
    Class(crate::analysis::eval::classes::ClassObj),
    /// An instance of such a class.
    Instance(crate::analysis::eval::classes::InstanceObj),
    /// A function under `@property`, `@classmethod` or `@staticmethod`.
    Wrapped {
        wrapper: crate::analysis::eval::classes::Wrapper,
        function: Value,
    },
    /// `str.strip` and the like, used as functions (`map(str.strip, ...)`).
    UnboundStrMethod(Rc<str>),
    /// `globals()`: the module's namespace as a dict.
    Namespace(Rc<RefCell<Namespace>>),
    /// `object()`: nothing but an identity (a sentinel).
    Sentinel,
    /// `sys.modules`: the modules loaded so far, by dotted name.
    SysModules,
    /// django-split-settings' `optional(path)`.
    OptionalFile(Rc<str>),
    /// An object an environment library made (`envlibs/`).
    Library(LibraryObject),
}

impl std::fmt::Debug for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}>", self.type_name())
    }
}

impl Object {
    pub fn type_name(&self) -> &'static str {
        match self {
            Object::Module(_) | Object::External(_) => "module",
            Object::Builtin(_) => "builtin_function_or_method",
            Object::BoundMethod { .. } => "method",
            Object::Function(_) => "function",
            Object::Path(_) => "PosixPath",
            Object::Environ => "_Environ",
            Object::ExceptionInstance(_) => "exception",
            Object::Class(_) => "type",
            Object::Instance(_) => "object",
            Object::Wrapped { .. } => "property",
            Object::Namespace(_) => "dict",
            Object::UnboundStrMethod(_) => "method_descriptor",
            Object::Sentinel => "object",
            Object::SysModules => "dict",
            Object::OptionalFile(_) => "_Optional",
            Object::Library(o) => o.type_name,
        }
    }

    pub fn truthy(&self) -> Tri {
        match self {
            Object::Environ => Tri::Unknown(Unknown::new("the contents of os.environ")),
            _ => Tri::True,
        }
    }

    pub fn py_eq(&self, other: &Object) -> Tri {
        match (self, other) {
            (Object::Path(a), Object::Path(b)) => Tri::from_bool(a == b),
            (Object::Builtin(a), Object::Builtin(b)) => Tri::from_bool(a == b),
            (Object::External(a), Object::External(b)) => Tri::from_bool(a == b),
            _ => Tri::False,
        }
    }

    pub fn iter_items(&self) -> Result<(Vec<Value>, Extra), IterError> {
        match self {
            Object::Namespace(ns) => {
                let ns = ns.borrow();
                let mut names: Vec<&Rc<str>> = ns.bindings.keys().collect();
                names.sort();
                let items = names.into_iter().map(|n| Value::Str(n.clone())).collect();
                let extra = match &ns.open {
                    Some(why) => Extra::MayContainMore(Unknown {
                        reason: why.clone(),
                    }),
                    None => Extra::Exact,
                };
                Ok((items, extra))
            }
            Object::Environ => Err(IterError::Unknown(Unknown::new(
                "the contents of os.environ",
            ))),
            Object::External(name) => Err(IterError::Unknown(Unknown::new(format!(
                "the contents of {name}"
            )))),
            // A class is iterable only through its metaclass (an Enum's
            // members): one with a base the evaluator cannot see may be.
            Object::Class(_) if crate::analysis::eval::classes::has_opaque_base(self) => {
                Err(IterError::Unknown(Unknown::new(
                    "the members of a class whose base the evaluator cannot see",
                )))
            }
            _ => Err(IterError::NotIterable(self.type_name())),
        }
    }
}

pub fn object(o: Object) -> Value {
    Value::Object(Rc::new(o))
}
