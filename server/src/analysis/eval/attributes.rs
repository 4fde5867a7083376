//! Attributes: of project modules, of modelled library modules (sys,
//! pathlib, os.path...; the environment libraries' modules answer through
//! `envlibs::LIBRARIES`), and bound methods of values.

use std::rc::Rc;

use crate::analysis::eval::objects::{object, Builtin, ExcClass, Object};
use crate::analysis::eval::value::{Unknown, Value};

use super::envlibs;
use super::paths::parent_of;
use super::{raise, Interp, R};

/// The `sys.argv` of `manage.py check --deploy`.
const ARGV: [&str; 3] = ["manage.py", "check", "--deploy"];

/// The modules `modelled_attr` models, besides the environment libraries'.
const MODELLED_HERE: &[&str] = &[
    "os.path",
    "sys",
    "pathlib",
    "django.core.exceptions",
    "distutils.util",
    "str2bool",
    "typing",
    "inspect",
    "glob",
    "split_settings",
    "split_settings.tools",
];

/// Whether the evaluator models `module` itself instead of reading its
/// files (the resolver asks this of every absolute import).
pub(crate) fn is_modelled_module(module: &str) -> bool {
    MODELLED_HERE.contains(&module) || envlibs::models_module(module)
}

pub fn modelled_module(name: &str) -> Value {
    object(Object::External(Rc::from(name)))
}

fn modelled_attr(module: &str, attr: &str) -> Option<Value> {
    let b = match (module, attr) {
        ("os", "path") => return Some(modelled_module("os.path")),
        ("os", "sep") => return Some(Value::str("/")),
        ("os.path", "join") => Builtin::OsPathJoin,
        ("os.path", "dirname") => Builtin::OsPathDirname,
        ("os.path", "basename") => Builtin::OsPathBasename,
        ("os.path", "abspath" | "realpath" | "normpath" | "expanduser") => Builtin::OsPathAbspath,
        ("os.path", _) => Builtin::OsPathUnknown,
        ("sys", "exit") => Builtin::SysExit,
        ("typing", "TYPE_CHECKING") => return Some(Value::Bool(false)),
        ("sys", "modules") => return Some(object(Object::SysModules)),
        ("inspect", "getmembers") => Builtin::InspectGetmembers,
        ("glob", "glob" | "iglob") => Builtin::Glob,
        ("sys", "argv") => {
            return Some(Value::list(ARGV.iter().map(|a| Value::str(a)).collect()));
        }
        ("pathlib", "Path" | "PosixPath" | "PurePath") => Builtin::PathNew,
        ("django.core.exceptions", "ImproperlyConfigured") => {
            Builtin::ExceptionClass(ExcClass::ImproperlyConfigured)
        }
        ("distutils.util", "strtobool") => Builtin::Strtobool,
        ("str2bool", "str2bool") => Builtin::Strtobool,
        ("split_settings", "tools") => return Some(modelled_module("split_settings.tools")),
        ("split_settings.tools", "include") => Builtin::SplitInclude,
        ("split_settings.tools", "optional") => Builtin::SplitOptional,
        _ => return None,
    };
    Some(object(Object::Builtin(b)))
}

pub fn get_attr(interp: &mut Interp, o: &Value, attr: &str) -> R<Value> {
    match o {
        Value::None => raise(
            ExcClass::AttributeError,
            format!("'NoneType' object has no attribute '{attr}'"),
        ),
        Value::Unknown(u) => Ok(Value::Unknown(u.clone())),
        Value::Object(obj) => match obj.as_ref() {
            Object::Module(m) => {
                let b = m.namespace.borrow().get(attr).cloned();
                match b {
                    Some(b) => {
                        interp.add_taint(&b.env);
                        Ok(b.value)
                    }
                    None => match m.namespace.borrow().open.clone() {
                        Some(why) => Ok(Value::Unknown(Unknown { reason: why })),
                        None => raise(
                            ExcClass::AttributeError,
                            format!("module '{}' has no attribute '{attr}'", m.name),
                        ),
                    },
                }
            }
            Object::External(name) => Ok(envlibs::module_attr(name, attr)
                .or_else(|| modelled_attr(name, attr))
                .unwrap_or_else(|| {
                    if is_modelled_module(name) {
                        Value::unknown(format!("{name}.{attr}"))
                    } else {
                        Value::unknown(format!("{name}.{attr}, from a package outside the project"))
                    }
                })),
            Object::Builtin(Builtin::Str) => Ok(object(Object::UnboundStrMethod(Rc::from(attr)))),
            Object::Builtin(Builtin::Dict) if attr == "fromkeys" => {
                Ok(object(Object::Builtin(Builtin::DictFromkeys)))
            }
            Object::Builtin(Builtin::Library(f)) => Ok(envlibs::function_attr(*f, attr)
                .unwrap_or_else(|| Value::unknown(format!("the attribute {attr}")))),
            Object::Path(p) => match attr {
                "parent" => Ok(object(Object::Path(Rc::from(parent_of(p))))),
                "name" => Ok(Value::str(p.rsplit('/').next().unwrap_or(""))),
                _ => Ok(bound(o, attr)),
            },
            Object::Class(_) => interp.class_attr(o, attr),
            Object::Instance(i) => interp.instance_attr(o, i, attr),
            Object::Function(_) | Object::Builtin(_) | Object::ExceptionInstance(_) => {
                Ok(Value::unknown(format!("the attribute {attr}")))
            }
            _ => Ok(bound(o, attr)),
        },
        Value::Str(_)
        | Value::Bytes(_)
        | Value::List(_)
        | Value::Dict(_)
        | Value::Tuple(_)
        | Value::Set(_) => Ok(bound(o, attr)),
        _ => Ok(Value::unknown(format!("the attribute {attr}"))),
    }
}

fn bound(o: &Value, attr: &str) -> Value {
    object(Object::BoundMethod {
        receiver: o.clone(),
        name: Rc::from(attr),
    })
}
