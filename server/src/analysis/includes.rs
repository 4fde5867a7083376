//! The files a module runs with django-split-settings' `include()`, read
//! statically for roles (the evaluator runs them: `eval/split_settings.rs`):
//! a component that a settings module includes is a base, judged through
//! that module, not a deploy module of its own. Only literal arguments
//! (`"components/*.py"`, `optional("local.py")`) are read; paths are
//! relative to the including file, a glob's `*` and `?` match within its
//! last part.

use std::path::{Path, PathBuf};

use tree_sitter::Node;

use super::glob::match_name;
use super::source::{lexical_normal, plain_string_literal, ParsedFile, SourceProvider};

/// How many enclosing folders are searched for a module that includes a
/// file (`settings/__init__.py` including `settings/components/base.py`).
const INCLUDER_LEVELS: usize = 3;
/// Folders with more Python files than this are not scanned.
const MAX_FILES: usize = 300;

/// Modules in `path`'s folder or the folders above it whose `include()`
/// names `path`.
pub fn includers(path: &Path, sources: &dyn SourceProvider) -> Vec<PathBuf> {
    let mut out = vec![];
    let Some(dir) = path.parent() else {
        return out;
    };
    for folder in dir.ancestors().take(INCLUDER_LEVELS) {
        let files: Vec<PathBuf> = sources
            .read_dir(folder)
            .into_iter()
            .filter(|e| !e.is_dir && e.path.extension().is_some_and(|x| x == "py"))
            .map(|e| e.path)
            .filter(|p| p != path)
            .collect();
        if files.len() > MAX_FILES {
            continue;
        }
        for f in files {
            let mentions = sources
                .read_text(&f)
                .map(|t| t.contains("include("))
                .unwrap_or(false);
            if mentions
                && included_patterns(&f, sources)
                    .iter()
                    .any(|p| matches(p, path))
            {
                out.push(f);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The paths (globs) a module's `include()` calls name, made absolute.
fn included_patterns(path: &Path, sources: &dyn SourceProvider) -> Vec<PathBuf> {
    let Ok(file) = sources.load(path) else {
        return vec![];
    };
    let folder = path.parent().unwrap_or(Path::new("/"));
    let mut out = vec![];
    let mut stack: Vec<_> = file.tree.roots().collect();
    while let Some(n) = stack.pop() {
        if n.kind() == "call" && is_include(&file, n) {
            if let Some(args) = n.child_by_field_id(crate::field!("arguments")) {
                let mut c = args.walk();
                for a in args.named_children(&mut c) {
                    if let Some(s) = literal_path(&file, a) {
                        out.push(folder.join(s));
                    }
                }
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    out
}

fn is_include(file: &ParsedFile, call: Node) -> bool {
    call.child_by_field_id(crate::field!("function"))
        .map(|f| &file.text[f.byte_range()])
        .is_some_and(|f| f == "include" || f.ends_with(".include"))
}

/// `"a/b.py"` or `optional("a/b.py")`.
fn literal_path(file: &ParsedFile, arg: Node) -> Option<String> {
    let node = if arg.kind() == "call" {
        let f = arg.child_by_field_id(crate::field!("function"))?;
        let name = &file.text[f.byte_range()];
        if name != "optional" && !name.ends_with(".optional") {
            return None;
        }
        arg.child_by_field_id(crate::field!("arguments"))?
            .named_child(0)?
    } else {
        arg
    };
    if node.kind() != "string" {
        return None;
    }
    plain_string_literal(&file.text[node.byte_range()]).map(str::to_string)
}

/// Whether a glob names `path`: the same folder (`..` resolved), the last
/// part matched with `*` and `?`.
fn matches(pattern: &Path, path: &Path) -> bool {
    let pattern = lexical_normal(pattern);
    let (Some(dir), Some(name)) = (pattern.parent(), pattern.file_name()) else {
        return false;
    };
    let Some(file) = path.file_name() else {
        return false;
    };
    path.parent() == Some(dir) && match_name(&name.to_string_lossy(), &file.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::source::MemorySources;

    #[test]
    fn components_a_settings_package_includes_have_it_as_includer() {
        let mut s = MemorySources::new();
        s.put(
            "/p/conf/settings/__init__.py",
            "from split_settings.tools import include, optional\ninclude('components/*.py', optional('components/deep/extra.py'))\n",
        );
        s.put("/p/conf/settings/components/base.py", "DEBUG = False\n");
        s.put(
            "/p/conf/settings/components/deep/extra.py",
            "DEBUG = True\n",
        );
        s.put("/p/conf/settings/other.py", "X = 1\n");
        let init = PathBuf::from("/p/conf/settings/__init__.py");
        assert_eq!(
            includers(Path::new("/p/conf/settings/components/base.py"), &s),
            vec![init.clone()]
        );
        assert_eq!(
            includers(Path::new("/p/conf/settings/components/deep/extra.py"), &s),
            vec![init]
        );
        assert!(includers(Path::new("/p/conf/settings/other.py"), &s).is_empty());
    }
}
