//! The standard library's `configparser`: settings read from an INI file.
//! A parser that has read no file is empty, and that is certain: `get`
//! returns its `fallback` or raises `NoSectionError`, `has_section` is False.
//! Reading a file that exists (or a path relative to the unknown working
//! directory, or a string) makes every later lookup undecided, naming the
//! file; reading a file that does not exist is silently skipped, as Python
//! does.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use crate::analysis::eval::objects::{object, Builtin, ExcClass, Object};
use crate::analysis::eval::paths::path_str;
use crate::analysis::eval::value::{Unknown, Value};

use super::super::{kwarg, raise, Interp, R};
use super::{function, EnvLibrary, LibraryObject};

pub(super) struct Configparser;

const NAME: &str = "configparser";

impl EnvLibrary for Configparser {
    fn name(&self) -> &'static str {
        NAME
    }

    fn modules(&self) -> &'static [&'static str] {
        &["configparser"]
    }

    fn attr(&self, _module: &str, attr: &str) -> Option<Value> {
        let class = match attr {
            "ConfigParser" | "RawConfigParser" | "SafeConfigParser" => {
                return Some(function(NAME, "ConfigParser"))
            }
            "Error" => ExcClass::ConfigparserError,
            "NoSectionError" => ExcClass::NoSectionError,
            "NoOptionError" => ExcClass::NoOptionError,
            _ => return None,
        };
        Some(object(Object::Builtin(Builtin::ExceptionClass(class))))
    }

    fn call(
        &self,
        _interp: &mut Interp,
        _function: &'static str,
        _args: Vec<Value>,
        _kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        Ok(new_parser())
    }

    fn method(
        &self,
        interp: &mut Interp,
        object: &Object,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        match object {
            Object::Library(o) => match o.state::<RefCell<IniParser>>() {
                Some(parser) => ini_method(interp, parser, name, args, kwargs),
                None => Ok(Value::unknown(format!("the result of .{name}()"))),
            },
            _ => Ok(Value::unknown(format!("the result of .{name}()"))),
        }
    }
}

/// What a `ConfigParser` holds: nothing yet, or contents the evaluator
/// cannot see.
#[derive(Debug, Default)]
struct IniParser {
    unseen: Option<Unknown>,
}

/// `ConfigParser()`, `RawConfigParser()`.
fn new_parser() -> Value {
    LibraryObject::value(NAME, "ConfigParser", RefCell::new(IniParser::default()))
}

fn ini_method(
    interp: &mut Interp,
    parser: &RefCell<IniParser>,
    name: &str,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    match name {
        "read" => read(interp, parser, args.first()),
        "read_string" | "read_file" | "read_dict" => {
            parser.borrow_mut().unseen =
                Some(Unknown::new(format!("what ConfigParser.{name}() parsed")));
            Ok(Value::None)
        }
        "get" | "getboolean" | "getint" | "getfloat" => {
            if let Some(u) = &parser.borrow().unseen {
                return Ok(Value::Unknown(u.clone()));
            }
            match kwarg(&kwargs, "fallback") {
                Some(v) => Ok(v.clone()),
                None => {
                    let section = args.first().and_then(|a| a.as_str().map(str::to_string));
                    raise(
                        ExcClass::NoSectionError,
                        format!(
                            "No section: {}",
                            section.map(|s| format!("'{s}'")).unwrap_or_default()
                        ),
                    )
                }
            }
        }
        "has_section" | "has_option" => Ok(match &parser.borrow().unseen {
            Some(u) => Value::Unknown(u.clone()),
            None => Value::Bool(false),
        }),
        "sections" => Ok(match &parser.borrow().unseen {
            Some(u) => Value::Unknown(u.clone()),
            None => Value::list(vec![]),
        }),
        _ => Ok(Value::unknown(format!("ConfigParser.{name}()"))),
    }
}

/// `parser.read(path or paths)`: the list of files read.
fn read(interp: &mut Interp, parser: &RefCell<IniParser>, paths: Option<&Value>) -> R<Value> {
    let paths: Vec<Value> = match paths {
        Some(Value::List(l)) => l.borrow().items.clone(),
        Some(Value::Tuple(t)) => t.items.clone(),
        Some(v) => vec![v.clone()],
        None => return raise(ExcClass::TypeError, "read() missing argument 'filenames'"),
    };
    for p in paths {
        let Some(path) = path_str(&p) else {
            let u = Unknown::new("a configuration file whose path the evaluator cannot see");
            parser.borrow_mut().unseen = Some(u.clone());
            return Ok(Value::Unknown(u));
        };
        let seen = if Path::new(&path).is_absolute() {
            interp
                .sources
                .is_file(Path::new(&path))
                .then_some(format!("the contents of {path}"))
        } else {
            Some(format!("{path}, read relative to the working directory"))
        };
        if let Some(why) = seen {
            parser.borrow_mut().unseen = Some(Unknown::new(why));
            return Ok(Value::unknown("the files ConfigParser.read() read"));
        }
    }
    // Every file was missing: Python skips them and reads nothing.
    Ok(Value::list(vec![]))
}
