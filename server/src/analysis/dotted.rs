//! What a dotted path a setting names is (a MIDDLEWARE entry, an
//! authentication backend, a staticfiles finder), read statically from the
//! project's files and its installed packages', as Django's checks would
//! import it (`import_string`): a class and the Django classes its bases
//! lead to, something that is not a class, nothing at all (ImportError), or
//! unknown. Django's own modules are the checks' known facts, not read here.

use std::path::Path;

use tree_sitter::Node;

use super::imports::{Resolved, Resolver};
use super::source::{ParsedFile, SourceProvider};

#[derive(Debug, Clone, PartialEq)]
pub enum DottedFact {
    /// A class: the `django.` classes its bases reach (none when it
    /// derives from nothing of Django's).
    Class(Vec<String>),
    /// A function or another object: `issubclass()` of it raises TypeError.
    NotAClass,
    /// `import_string` raises ImportError: no such module (the project's
    /// package lacks it, or the environment shows everything it has) or
    /// no such name in it.
    ImportError,
    /// The files do not say (a package the checker cannot see, a name
    /// bound by code, a base it cannot follow).
    Unknown,
}

/// How far a chain of base classes is followed.
const MAX_DEPTH: usize = 8;

/// The fact of each distinct path that is not Django's own.
pub fn dotted_facts(
    paths: &[&str],
    resolver: &Resolver,
    sources: &dyn SourceProvider,
    from: &Path,
) -> Vec<(String, DottedFact)> {
    let mut out: Vec<(String, DottedFact)> = vec![];
    for p in paths.iter().take(200) {
        if p.starts_with("django.") || out.iter().any(|(k, _)| k == p) {
            continue;
        }
        let fact = Reader { resolver, sources }.path(p, from, 0);
        out.push((p.to_string(), fact));
    }
    out
}

struct Reader<'r> {
    resolver: &'r Resolver,
    sources: &'r dyn SourceProvider,
}

/// Where a name a file binds comes from.
enum Binding {
    Class(Vec<String>),
    Function,
    /// `from <level dots><module> import <name>`.
    Imported {
        level: usize,
        module: String,
        name: String,
    },
    /// `import a.b.c` binds `a`; `import a.b as c` binds `c` to `a.b`.
    Module(String),
    Unknown,
}

impl Reader<'_> {
    /// `import_string(path)`, `path` an absolute dotted path.
    fn path(&self, path: &str, from: &Path, depth: usize) -> DottedFact {
        if path.starts_with("django.") {
            return DottedFact::Class(vec![path.to_string()]);
        }
        let Some((module, name)) = path.rsplit_once('.') else {
            return DottedFact::ImportError;
        };
        self.in_module(0, module, name, from, depth)
    }

    fn in_module(
        &self,
        level: usize,
        module: &str,
        name: &str,
        from: &Path,
        depth: usize,
    ) -> DottedFact {
        if level == 0 && (module == "django" || module.starts_with("django.")) {
            return DottedFact::Class(vec![format!("{module}.{name}")]);
        }
        match self.resolver.resolve(self.sources, from, level, module) {
            Resolved::File(p) | Resolved::Installed(p) => self.in_file(&p, name, depth),
            Resolved::Missing(_) | Resolved::NotInstalled(_) => DottedFact::ImportError,
            _ => DottedFact::Unknown,
        }
    }

    /// What `name` is in the module `file`.
    fn in_file(&self, file: &Path, name: &str, depth: usize) -> DottedFact {
        if depth > MAX_DEPTH {
            return DottedFact::Unknown;
        }
        let Ok(parsed) = self.sources.load(file) else {
            return DottedFact::Unknown;
        };
        match binding(&parsed, name) {
            None => {
                // A submodule of that name is imported only if something
                // imported it first.
                let dir = file.parent().unwrap_or(Path::new("/"));
                let is_package = file.file_name().is_some_and(|f| f == "__init__.py");
                if is_package
                    && (self.sources.is_file(&dir.join(format!("{name}.py")))
                        || self.sources.is_dir(&dir.join(name)))
                {
                    DottedFact::Unknown
                } else {
                    DottedFact::ImportError
                }
            }
            Some(Binding::Function) => DottedFact::NotAClass,
            Some(Binding::Unknown) => DottedFact::Unknown,
            Some(Binding::Module(_)) => DottedFact::NotAClass,
            Some(Binding::Imported {
                level,
                module,
                name: imported,
            }) => self.in_module(level, &module, &imported, file, depth + 1),
            Some(Binding::Class(bases)) => {
                let mut reached = vec![];
                for base in bases {
                    match self.base(&parsed, file, &base, depth) {
                        DottedFact::Class(b) => reached.extend(b),
                        _ => return DottedFact::Unknown,
                    }
                }
                reached.sort();
                reached.dedup();
                DottedFact::Class(reached)
            }
        }
    }

    /// A base class as written in `file` (`Base`, `mod.Base`).
    fn base(&self, parsed: &ParsedFile, file: &Path, written: &str, depth: usize) -> DottedFact {
        if written == "object" {
            return DottedFact::Class(vec![]);
        }
        let (head, rest) = written.split_once('.').unwrap_or((written, ""));
        match binding(parsed, head) {
            Some(Binding::Class(_)) if rest.is_empty() => self.in_file(file, head, depth + 1),
            Some(Binding::Imported {
                level,
                module,
                name,
            }) if rest.is_empty() => self.in_module(level, &module, &name, file, depth + 1),
            // `from pkg import mod` then `mod.Base`.
            Some(Binding::Imported {
                level,
                module,
                name,
            }) => {
                let dotted = if module.is_empty() {
                    name
                } else {
                    format!("{module}.{name}")
                };
                match rest.rsplit_once('.') {
                    None => self.in_module(level, &dotted, rest, file, depth + 1),
                    Some((m, n)) => {
                        self.in_module(level, &format!("{dotted}.{m}"), n, file, depth + 1)
                    }
                }
            }
            Some(Binding::Module(m)) if !rest.is_empty() => {
                let full = if m == head {
                    written.to_string()
                } else {
                    format!("{m}.{rest}")
                };
                self.path(&full, file, depth + 1)
            }
            _ => DottedFact::Unknown,
        }
    }
}

/// The binding of `name` at the top level of a module: its last
/// definition, import or assignment; `Binding::Unknown` when code that may
/// rebind it (a branch, a loop, a star import) comes after that.
fn binding(parsed: &ParsedFile, name: &str) -> Option<Binding> {
    if parsed.tree.has_error() {
        return Some(Binding::Unknown);
    }
    let text = |n: Node| &parsed.text[n.byte_range()];
    let mut found: Option<Binding> = None;
    for stmt in parsed.tree.statements() {
        let stmt = if stmt.kind() == "decorated_definition" {
            match stmt.child_by_field_id(crate::field!("definition")) {
                Some(d) => d,
                None => continue,
            }
        } else {
            stmt
        };
        match stmt.kind() {
            "class_definition" | "function_definition" => {
                if stmt.child_by_field_id(crate::field!("name")).map(text) != Some(name) {
                    continue;
                }
                found = Some(if stmt.kind() == "function_definition" {
                    Binding::Function
                } else {
                    class_bases(parsed, stmt)
                });
            }
            "import_from_statement" => {
                if let Some(b) = from_import(parsed, stmt, name) {
                    found = Some(b);
                }
            }
            "import_statement" => {
                let mut nc = stmt.walk();
                for n in stmt.children_by_field_name("name", &mut nc) {
                    match n.kind() {
                        "aliased_import" => {
                            let alias = n.child_by_field_id(crate::field!("alias")).map(text);
                            let module = n.child_by_field_id(crate::field!("name")).map(text);
                            if alias == Some(name) {
                                found = module.map(|m| Binding::Module(m.to_string()));
                            }
                        }
                        _ => {
                            if text(n).split('.').next() == Some(name) {
                                found = Some(Binding::Module(name.to_string()));
                            }
                        }
                    }
                }
            }
            "expression_statement" => {
                // An assignment binds what its targets name; other code
                // that names it (setattr, globals()) may.
                let code = match stmt.named_child(0) {
                    Some(a) if matches!(a.kind(), "assignment" | "augmented_assignment") => a
                        .child_by_field_id(crate::field!("left"))
                        .map(text)
                        .unwrap_or(""),
                    _ => text(stmt),
                };
                if mentions(code, name) {
                    found = Some(Binding::Unknown);
                }
            }
            "if_statement" | "try_statement" | "for_statement" | "while_statement"
            | "with_statement"
                if mentions(text(stmt), name) =>
            {
                found = Some(Binding::Unknown);
            }
            _ => {}
        }
    }
    found
}

/// Whether `code` has `name` as a whole word.
fn mentions(code: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(name).any(|(i, _)| {
        !code[..i].chars().next_back().is_some_and(word)
            && !code[i + name.len()..].chars().next().is_some_and(word)
    })
}

fn class_bases(parsed: &ParsedFile, class: Node) -> Binding {
    let Some(args) = class.child_by_field_id(crate::field!("superclasses")) else {
        return Binding::Class(vec![]);
    };
    let mut c = args.walk();
    let mut bases = vec![];
    for b in args.named_children(&mut c) {
        match b.kind() {
            "identifier" | "attribute" => bases.push(parsed.text[b.byte_range()].to_string()),
            "comment" => {}
            // A keyword (metaclass=...), a call, a subscript: not followed.
            _ => return Binding::Unknown,
        }
    }
    Binding::Class(bases)
}

/// `from M import a, b as c` binding `name`; a star import may bind any.
fn from_import(parsed: &ParsedFile, stmt: Node, name: &str) -> Option<Binding> {
    let text = |n: Node| &parsed.text[n.byte_range()];
    let module = stmt.child_by_field_id(crate::field!("module_name"))?;
    let (level, module) = match module.kind() {
        "relative_import" => {
            let t = text(module);
            let level = t.chars().take_while(|c| *c == '.').count();
            (level, t[level..].to_string())
        }
        _ => (0, text(module).to_string()),
    };
    let mut c = stmt.walk();
    if stmt
        .named_children(&mut c)
        .any(|n| n.kind() == "wildcard_import")
    {
        return Some(Binding::Unknown);
    }
    let mut nc = stmt.walk();
    let mut out = None;
    for n in stmt.children_by_field_name("name", &mut nc) {
        let (imported, local) = match n.kind() {
            "aliased_import" => (
                n.child_by_field_id(crate::field!("name")).map(text),
                n.child_by_field_id(crate::field!("alias")).map(text),
            ),
            _ => (Some(text(n)), Some(text(n))),
        };
        if local == Some(name) {
            out = imported.map(|i| Binding::Imported {
                level,
                module: module.clone(),
                name: i.to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::source::MemorySources;
    use std::path::PathBuf;

    #[test]
    fn classes_are_followed_through_their_bases_and_imports() {
        let mut sources = MemorySources::new();
        sources.put("/proj/manage.py", "");
        sources.put("/proj/settings.py", "");
        sources.put("/proj/proj/__init__.py", "");
        sources.put(
            "/proj/proj/mw.py",
            "from django.contrib.auth.middleware import AuthenticationMiddleware as Auth\nfrom .base import Base\nimport proj.base\n\nclass Mine(Auth):\n    pass\n\ndef func(get_response):\n    return get_response\n\nclass Plain:\n    pass\n\nclass Chain(Plain):\n    pass\n\nclass Rel(Base):\n    pass\n\nclass Dotted(proj.base.Base):\n    pass\n\nclass Meta(Plain, metaclass=type):\n    pass\n\nRebound = Plain\n\nclass Later:\n    pass\nif True:\n    Later = 1\n",
        );
        sources.put(
            "/proj/proj/base.py",
            "from django.utils.deprecation import MiddlewareMixin\n\nclass Base(MiddlewareMixin):\n    pass\n",
        );
        let from = PathBuf::from("/proj/settings.py");
        let resolver = Resolver::for_module(&from, &sources, |_| false);
        let paths = [
            "proj.mw.Mine",
            "proj.mw.func",
            "proj.mw.Plain",
            "proj.mw.Chain",
            "proj.mw.Rel",
            "proj.mw.Dotted",
            "proj.mw.Meta",
            "proj.mw.Rebound",
            "proj.mw.Later",
            "proj.mw.Missing",
            "proj.nomodule.X",
            "nodots",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ];
        let got: Vec<DottedFact> = dotted_facts(&paths, &resolver, &sources, &from)
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        let class = |b: &[&str]| DottedFact::Class(b.iter().map(|s| s.to_string()).collect());
        let mixin = "django.utils.deprecation.MiddlewareMixin";
        assert_eq!(
            got,
            vec![
                class(&["django.contrib.auth.middleware.AuthenticationMiddleware"]),
                DottedFact::NotAClass,
                class(&[]),
                class(&[]),
                class(&[mixin]),
                class(&[mixin]),
                DottedFact::Unknown,
                DottedFact::Unknown,
                DottedFact::Unknown,
                DottedFact::ImportError,
                DottedFact::ImportError,
                DottedFact::ImportError,
            ]
        );
    }
}
