//! python-decouple: `config(...)`, `Csv`, and the `.env` / `settings.ini`
//! file `AutoConfig` reads.

use crate::analysis::source::SourceProvider;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::analysis::eval::builtins::strtobool;
use crate::analysis::eval::objects::{Builtin, ExcClass, Object};
use crate::analysis::eval::repr::to_str;
use crate::analysis::eval::value::{Unknown, Value};
use crate::analysis::eval::{arg, display_path, kwarg, raise, raise_missing, Interp, R};

use super::{
    exception_class, function, DefaultArg, EnvLibrary, LibraryException, LibraryFunction,
    LibraryObject, ReadStyle,
};

pub(super) struct Decouple;

const NAME: &str = "python-decouple";

/// What `config()` raises for an unset variable without a default; it
/// derives from Exception only.
const UNDEFINED_VALUE_ERROR: LibraryException = LibraryException {
    name: "UndefinedValueError",
    base: ExcClass::Exception,
};

impl EnvLibrary for Decouple {
    fn name(&self) -> &'static str {
        NAME
    }

    fn modules(&self) -> &'static [&'static str] {
        &["decouple"]
    }

    fn attr(&self, _module: &str, attr: &str) -> Option<Value> {
        Some(match attr {
            "config" => function(NAME, "config"),
            "Csv" => function(NAME, "Csv"),
            "Choices" => function(NAME, "Choices"),
            "AutoConfig" | "Config" => Value::unknown("a custom decouple configuration"),
            "UndefinedValueError" => exception_class(&UNDEFINED_VALUE_ERROR),
            _ => return None,
        })
    }

    fn exceptions(&self) -> &'static [LibraryException] {
        &[UNDEFINED_VALUE_ERROR]
    }

    fn call(
        &self,
        interp: &mut Interp,
        function: &'static str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        match function {
            "config" => decouple_config(interp, args, kwargs),
            "Csv" => decouple_csv(args, kwargs),
            _ => Ok(Value::unknown("a decouple Choices cast")),
        }
    }

    fn call_object(
        &self,
        interp: &mut Interp,
        object: &Object,
        args: Vec<Value>,
        _kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        let Object::Library(o) = object else {
            return Ok(Value::unknown("a Csv call"));
        };
        match (o.state::<CsvCast>(), args.first()) {
            (Some(c), Some(v)) => csv_apply(interp, c, v),
            _ => Ok(Value::unknown("a Csv call")),
        }
    }

    fn read_style(
        &self,
        name: &str,
        value: &Value,
        bindings: &[(&str, &Value)],
    ) -> Option<ReadStyle> {
        if !is_function(value, "config") {
            return None;
        }
        let list = match bindings.iter().find(|(_, v)| is_function(v, "Csv")) {
            Some((csv, _)) => format!("{name}(\"{{var}}\", cast={csv}())"),
            None => {
                format!("{name}(\"{{var}}\", cast=lambda v: [h.strip() for h in v.split(\",\")])")
            }
        };
        Some(ReadStyle {
            required: format!("{name}(\"{{var}}\")"),
            flag: format!("{name}(\"{{var}}\", default=False, cast=bool)"),
            list,
            raw: format!("{name}(\"{{var}}\")"),
        })
    }
}

/// Whether `value` is decouple's function `name`.
fn is_function(value: &Value, name: &str) -> bool {
    matches!(value, Value::Object(o) if matches!(o.as_ref(),
        Object::Builtin(Builtin::Library(LibraryFunction { library: NAME, name: n })) if *n == name))
}

/// How python-decouple's `Csv(...)` casts.
#[derive(Debug, Clone)]
struct CsvCast {
    cast: Option<Value>,
    delimiter: String,
    post_tuple: bool,
}

/// The file python-decouple's `config` reads besides the environment.
pub enum DecoupleRepo {
    None,
    Env(PathBuf, HashMap<String, Rc<str>>),
    Ini(PathBuf),
}

fn load_decouple_repo(start: Option<&Path>, sources: &dyn SourceProvider) -> DecoupleRepo {
    let Some(start) = start else {
        return DecoupleRepo::None;
    };
    for dir in start.ancestors() {
        let ini = dir.join("settings.ini");
        if sources.is_file(&ini) {
            return DecoupleRepo::Ini(ini);
        }
        let env = dir.join(".env");
        if sources.is_file(&env) {
            let text = sources.read_text(&env).unwrap_or_default();
            return DecoupleRepo::Env(env, parse_dotenv(&text));
        }
    }
    DecoupleRepo::None
}

/// python-decouple's reading of a `.env` file: `KEY=VALUE` lines, comments
/// and blank lines skipped, matching surrounding quotes removed.
pub fn parse_dotenv(text: &str) -> HashMap<String, Rc<str>> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let k = k.trim();
        let k = k.strip_prefix("export ").unwrap_or(k).trim();
        let mut v = v.trim();
        for q in ['"', '\''] {
            if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
                v = &v[1..v.len() - 1];
            }
        }
        out.insert(k.to_string(), Rc::from(v));
    }
    out
}

impl<'a> Interp<'a> {
    /// What python-decouple's `AutoConfig` would find in a `.env` or
    /// `settings.ini` above the entry module.
    pub fn decouple_lookup(&mut self, name: &str) -> Option<Result<Rc<str>, Unknown>> {
        if self.decouple_repo.is_none() {
            self.decouple_repo = Some(load_decouple_repo(self.entry_dir.as_deref(), self.sources));
        }
        match self.decouple_repo.as_ref()? {
            DecoupleRepo::None => None,
            DecoupleRepo::Env(path, vars) => vars.get(name).map(|v| Ok(v.clone())).or_else(|| {
                let _ = path;
                None
            }),
            DecoupleRepo::Ini(path) => Some(Err(Unknown::new(format!(
                "{name} may be set in {}",
                display_path(path)
            )))),
        }
    }
}

fn decouple_config(
    interp: &mut Interp,
    args: Vec<Value>,
    kwargs: Vec<(Rc<str>, Value)>,
) -> R<Value> {
    let Some(Value::Str(name)) = args.first().cloned() else {
        return Ok(Value::unknown(
            "a decouple config() of a name the evaluator cannot see",
        ));
    };
    interp.record_read(
        NAME,
        &name,
        Some(DefaultArg {
            position: 1,
            keyword: "default",
        }),
    );
    let default = arg(&args, &kwargs, 1, "default").cloned();
    let cast = arg(&args, &kwargs, 2, "cast").cloned();
    let value = match interp.read_env(&name, default.as_ref()) {
        Some(Ok(v)) => Value::Str(v),
        Some(Err(u)) => return Ok(Value::Unknown(u)),
        None => match interp.decouple_lookup(&name) {
            Some(Ok(v)) => Value::Str(v),
            Some(Err(u)) => return Ok(Value::Unknown(u)),
            None => match default {
                Some(d) => d,
                None => {
                    return raise_missing(
                        ExcClass::Library(&UNDEFINED_VALUE_ERROR),
                        format!(
                            "{name} not found. Declare it as envvar or define a default value."
                        ),
                        &name,
                    )
                }
            },
        },
    };
    let Some(cast) = cast else {
        return Ok(value);
    };
    if let Value::Unknown(u) = &value {
        return Ok(Value::Unknown(u.clone()));
    }
    match &cast {
        Value::Object(o) => match o.as_ref() {
            Object::Builtin(Builtin::Bool) => {
                let Some(s) = to_str(&value) else {
                    return Ok(Value::unknown("a decouple bool cast"));
                };
                if s.is_empty() {
                    return Ok(Value::Bool(false));
                }
                match strtobool(&s) {
                    Some(b) => Ok(Value::Bool(b)),
                    None => raise(
                        ExcClass::ValueError,
                        format!("invalid truth value for {name}"),
                    ),
                }
            }
            Object::Library(l) if l.library == NAME => match l.state::<CsvCast>() {
                Some(c) => csv_apply(interp, c, &value),
                None => interp.call(&cast, vec![value], vec![]),
            },
            _ => interp.call(&cast, vec![value], vec![]),
        },
        _ => interp.call(&cast, vec![value], vec![]),
    }
}

/// Splits like python-decouple's `Csv`: a POSIX `shlex` whose only
/// whitespace is the delimiter, so runs of delimiters separate tokens, quotes
/// group, a backslash escapes, and `#` starts a comment to the end of line.
fn csv_tokens(s: &str, delimiter: &str) -> Vec<String> {
    let mut out = vec![];
    let mut token = String::new();
    let mut in_token = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if delimiter.contains(c) {
            if in_token {
                out.push(std::mem::take(&mut token));
                in_token = false;
            }
        } else if c == '#' {
            if in_token {
                out.push(std::mem::take(&mut token));
                in_token = false;
            }
            for n in chars.by_ref() {
                if n == '\n' {
                    break;
                }
            }
        } else if c == '"' || c == '\'' {
            in_token = true;
            while let Some(n) = chars.next() {
                if n == c {
                    break;
                }
                if c == '"' && n == '\\' && matches!(chars.peek(), Some('"') | Some('\\')) {
                    token.push(chars.next().unwrap_or('\\'));
                } else {
                    token.push(n);
                }
            }
        } else if c == '\\' {
            in_token = true;
            if let Some(n) = chars.next() {
                token.push(n);
            }
        } else {
            in_token = true;
            token.push(c);
        }
    }
    if in_token {
        out.push(token);
    }
    out
}

fn csv_apply(interp: &mut Interp, c: &CsvCast, value: &Value) -> R<Value> {
    let s = match value {
        Value::Str(s) => s.to_string(),
        Value::None => String::new(),
        Value::Unknown(u) => return Ok(Value::Unknown(u.clone())),
        other => {
            return raise(
                ExcClass::AttributeError,
                format!("'{}' object has no attribute 'read'", other.type_name()),
            )
        }
    };
    let mut items = vec![];
    for part in csv_tokens(&s, &c.delimiter) {
        // decouple strips string.whitespace from each token.
        let v = Value::str(part.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']));
        items.push(match &c.cast {
            Some(cast) => interp.call(cast, vec![v], vec![])?,
            None => v,
        });
    }
    Ok(if c.post_tuple {
        Value::tuple(items)
    } else {
        Value::list(items)
    })
}

/// `Csv(cast=..., delimiter=",", post_process=...)`.
fn decouple_csv(args: Vec<Value>, kwargs: Vec<(Rc<str>, Value)>) -> R<Value> {
    let cast = arg(&args, &kwargs, 0, "cast").cloned();
    let delimiter = match arg(&args, &kwargs, 1, "delimiter") {
        Some(Value::Str(s)) => s.to_string(),
        None => ",".to_string(),
        Some(_) => return Ok(Value::unknown("a Csv with an unusual delimiter")),
    };
    let post_tuple = matches!(
        kwarg(&kwargs, "post_process"),
        Some(Value::Object(o)) if matches!(o.as_ref(), Object::Builtin(Builtin::Tuple))
    );
    if kwarg(&kwargs, "strip").is_some() {
        return Ok(Value::unknown("a Csv with a custom strip"));
    }
    Ok(LibraryObject::value(
        NAME,
        "Csv",
        CsvCast {
            cast,
            delimiter,
            post_tuple,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::parse_dotenv;
    use crate::analysis::eval::testing::value_of;

    #[test]
    fn config_casts_its_default_as_decouple_does() {
        let module = "from decouple import config, Csv\nDEBUG = config('DEBUG', default='true', cast=bool)\nHOSTS = config('HOSTS', default='a, b', cast=Csv())\nPORT = config('PORT', default='8000', cast=int)\n";
        assert_eq!(value_of(module, "DEBUG"), "True");
        assert_eq!(value_of(module, "HOSTS"), "['a', 'b']");
        assert_eq!(value_of(module, "PORT"), "8000");
    }

    #[test]
    fn dotenv_lines() {
        let vars = parse_dotenv("# c\nexport A='1'\nB = \"two\"\n\nC\n");
        assert_eq!(vars.get("A").map(|v| v.as_ref()), Some("1"));
        assert_eq!(vars.get("B").map(|v| v.as_ref()), Some("two"));
        assert!(!vars.contains_key("C"));
    }
}
