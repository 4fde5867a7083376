//! The Django requirement a folder's dependency files declare, one reader
//! per format. Each reader takes the first requirement on Django whose
//! spec some release satisfies (a contradiction says nothing), in the
//! order the file gives them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::read_capped;
use super::requirements::{
    compare_releases, django_requirement, is_django, parse_spec, release_of, Spec,
};
use super::DjangoVersion;
use crate::analysis::source::{
    find_in_preorder, parse_python, plain_string_literal, FileStamp, SourceProvider,
};

/// A `-r` chain longer than this is a loop the visited set did not catch,
/// or not a real project.
const MAX_REQUIREMENT_FILES: usize = 64;

/// The Django requirement a file declares.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Declaration {
    pub file: PathBuf,
    /// As written (`Django>=4.2,<5.0`), `django ^4.2` for Poetry's and
    /// Pipfile's tables, the bare release (`5.2.19`) for a lock file.
    pub requirement: String,
    pub version: DjangoVersion,
}

/// The requirement as shown and the series it picks.
type Found = (String, DjangoVersion);

/// A file's name and the reader of its format.
type Reader = (&'static str, fn(&str) -> Option<Found>);

/// The files read before the requirements files, in order.
const READ_FIRST: [Reader; 5] = [
    ("uv.lock", toml_lock),
    ("poetry.lock", toml_lock),
    ("Pipfile.lock", pipfile_lock),
    ("pyproject.toml", pyproject),
    ("Pipfile", pipfile),
];

/// The files read after them.
const READ_LAST: [Reader; 2] = [("setup.cfg", setup_cfg), ("setup.py", setup_py)];

fn found(requirement: &str, spec: Option<Spec>) -> Option<Found> {
    Some((requirement.trim().to_string(), spec?.choose()?))
}

/// The folder's Django requirement: lock files first (they are exact),
/// then `pyproject.toml`, `Pipfile`, the requirements files, `setup.cfg`,
/// `setup.py`. `visited` holds the requirements files already read (they
/// include each other).
pub(super) fn in_folder(
    dir: &Path,
    sources: &dyn SourceProvider,
    visited: &mut HashSet<PathBuf>,
) -> Option<Declaration> {
    let read = |(name, reader): &Reader| {
        let file = dir.join(name);
        let (requirement, version) = read_cached(&file, *reader, sources)?;
        Some(Declaration {
            file,
            requirement,
            version,
        })
    };
    READ_FIRST.iter().find_map(&read).or_else(|| {
        requirements_files(dir, sources)
            .into_iter()
            .find_map(|file| requirements(&file, sources, visited))
            .or_else(|| READ_LAST.iter().find_map(&read))
    })
}

/// What the files read so far said, by path and stamp: a lock file can
/// be megabytes of TOML, and the language server detects the release on
/// every edit of the module.
static READ: Mutex<Option<HashMap<PathBuf, Said>>> = Mutex::new(None);

/// A file's stamp when it was read, and what it said then.
type Said = (FileStamp, Option<Found>);

/// `reader` on the file's text, or what it said last time when the file
/// has not changed since (files held in memory are always read again).
fn read_cached(
    file: &Path,
    reader: fn(&str) -> Option<Found>,
    sources: &dyn SourceProvider,
) -> Option<Found> {
    let stamp = sources.stamp(file);
    if let Some(stamp) = stamp {
        let cache = READ.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, said)) = cache.as_ref().and_then(|c| c.get(file)) {
            if *seen == stamp {
                return said.clone();
            }
        }
    } else if !sources.is_file(file) {
        return None;
    }
    let said = read_capped(sources, file).and_then(|text| reader(&text));
    if let Some(stamp) = stamp {
        READ.lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert_with(HashMap::new)
            .insert(file.to_path_buf(), (stamp, said.clone()));
    }
    said
}

/// `uv.lock` and `poetry.lock`: `[[package]] name = "django" version =
/// "5.2.19"`. A lock resolved per environment can hold several Django
/// releases: the newest counts, as for a range.
fn toml_lock(text: &str) -> Option<Found> {
    let lock: toml::Table = toml::from_str(text).ok()?;
    let newest = lock
        .get("package")?
        .as_array()?
        .iter()
        .filter_map(|package| {
            let package = package.as_table()?;
            is_django(package.get("name")?.as_str()?).then_some(())?;
            let version = package.get("version")?.as_str()?;
            Some((release_of(version)?, version))
        })
        .max_by(|a, b| compare_releases(&a.0, &b.0))?;
    found(newest.1, Some(Spec::exact(&newest.0)))
}

/// `Pipfile.lock`: `{"default": {"django": {"version": "==5.2.19"}}}`,
/// else the same in `develop`.
fn pipfile_lock(text: &str) -> Option<Found> {
    let lock: serde_json::Value = serde_json::from_str(text).ok()?;
    ["default", "develop"].iter().find_map(|section| {
        let (_, package) = lock
            .get(section)?
            .as_object()?
            .iter()
            .find(|(name, _)| is_django(name))?;
        let version = package.get("version")?.as_str()?;
        let version = version.trim().trim_start_matches("==");
        found(version, Some(Spec::exact(&release_of(version)?)))
    })
}

/// `pyproject.toml`: PEP 621's `[project] dependencies`, Poetry's
/// `[tool.poetry.dependencies]`, then the optional ones:
/// `[project.optional-dependencies]`, PEP 735's `[dependency-groups]`,
/// Poetry's groups and `dev-dependencies`.
fn pyproject(text: &str) -> Option<Found> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let project = table.get("project");
    let poetry = table.get("tool").and_then(|t| t.get("poetry"));
    let poetry_groups = values_of(poetry.and_then(|p| p.get("group")));
    pep508_list(project.and_then(|p| p.get("dependencies")))
        .or_else(|| poetry_table(poetry.and_then(|p| p.get("dependencies"))))
        .or_else(|| {
            let optional = values_of(project.and_then(|p| p.get("optional-dependencies")));
            optional.into_iter().find_map(|l| pep508_list(Some(l)))
        })
        .or_else(|| {
            let groups = values_of(table.get("dependency-groups"));
            groups.into_iter().find_map(|l| pep508_list(Some(l)))
        })
        .or_else(|| {
            poetry_groups
                .into_iter()
                .find_map(|g| poetry_table(g.get("dependencies")))
        })
        .or_else(|| poetry_table(poetry.and_then(|p| p.get("dev-dependencies"))))
}

/// The values of a table (`[project.optional-dependencies]`' lists).
fn values_of(table: Option<&toml::Value>) -> Vec<&toml::Value> {
    let table = table.and_then(toml::Value::as_table);
    table.map(|t| t.values().collect()).unwrap_or_default()
}

/// A list of PEP 508 strings (tables in it, such as PEP 735's
/// `{include-group = …}`, name no release).
fn pep508_list(list: Option<&toml::Value>) -> Option<Found> {
    list?
        .as_array()?
        .iter()
        .filter_map(toml::Value::as_str)
        .find_map(|r| found(r, django_requirement(r)))
}

/// Poetry's and Pipfile's `django = "^4.2"`, `django = {version =
/// "~5.2", extras = […]}`, or a list of such tables (one per marker).
fn poetry_table(table: Option<&toml::Value>) -> Option<Found> {
    let (name, value) = table?
        .as_table()?
        .iter()
        .find(|(name, _)| is_django(name))?;
    let constraint_of = |v: &toml::Value| -> Option<String> {
        match v {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Table(t) => Some(t.get("version")?.as_str()?.to_string()),
            _ => None,
        }
    };
    let constraints: Vec<String> = match value {
        toml::Value::Array(items) => items.iter().filter_map(constraint_of).collect(),
        other => constraint_of(other).into_iter().collect(),
    };
    constraints
        .iter()
        .find_map(|c| found(&format!("{name} {c}"), parse_spec(c)))
}

/// `Pipfile`: `[packages] django = "~=5.2"`, else `[dev-packages]`.
fn pipfile(text: &str) -> Option<Found> {
    let table: toml::Table = toml::from_str(text).ok()?;
    poetry_table(table.get("packages")).or_else(|| poetry_table(table.get("dev-packages")))
}

/// The folder's requirements files: `requirements*.txt` and `.in`, then
/// those in `requirements/`. Compiled `.txt` files (exact) come before
/// the `.in` they are compiled from, `requirements.txt` first, the rest
/// in name order.
fn requirements_files(dir: &Path, sources: &dyn SourceProvider) -> Vec<PathBuf> {
    let listed = |folder: &Path, all: bool| -> Vec<PathBuf> {
        let mut files: Vec<(bool, bool, PathBuf)> = sources
            .read_dir(folder)
            .into_iter()
            .filter(|e| !e.is_dir)
            .filter_map(|e| {
                let name = e.path.file_name()?.to_str()?.to_string();
                let (stem, ext) = name.rsplit_once('.')?;
                let wanted =
                    matches!(ext, "txt" | "in") && (all || stem.starts_with("requirements"));
                wanted.then(|| (ext != "txt", stem != "requirements", e.path))
            })
            .collect();
        files.sort();
        files.into_iter().map(|(_, _, path)| path).collect()
    };
    let mut files = listed(dir, false);
    files.extend(listed(&dir.join("requirements"), true));
    files
}

/// A requirements file's Django requirement, following its `-r` and `-c`
/// includes (relative to it) where they stand, each file once.
fn requirements(
    file: &Path,
    sources: &dyn SourceProvider,
    visited: &mut HashSet<PathBuf>,
) -> Option<Declaration> {
    if visited.len() >= MAX_REQUIREMENT_FILES || !visited.insert(file.to_path_buf()) {
        return None;
    }
    let text = read_capped(sources, file)?;
    for line in logical_lines(&text) {
        let line = without_comment(&line).trim();
        if let Some(included) = include_of(line) {
            let target = file.parent().unwrap_or(Path::new("")).join(included);
            if let Some(declaration) = requirements(&target, sources, visited) {
                return Some(declaration);
            }
            continue;
        }
        if line.starts_with('-') {
            // `-e`, `-i`, `--hash` on a line of its own: no requirement.
            continue;
        }
        let requirement = without_options(line);
        if let Some((requirement, version)) = found(requirement, django_requirement(requirement)) {
            return Some(Declaration {
                file: file.to_path_buf(),
                requirement,
                version,
            });
        }
    }
    None
}

/// The file's lines with `\` continuations joined, as pip reads them.
fn logical_lines(text: &str) -> Vec<String> {
    let mut lines = vec![];
    let mut current = String::new();
    for line in text.lines() {
        match line.strip_suffix('\\') {
            Some(continued) => current.push_str(continued),
            None => {
                current.push_str(line);
                lines.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// The line before its comment: `#` at its start or after a space (pip's
/// rule: `#` inside a URL fragment stays).
fn without_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let comment = (0..bytes.len())
        .find(|&i| bytes[i] == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()));
    &line[..comment.unwrap_or(line.len())]
}

/// A requirement line before its options (`--hash=sha256:…`).
fn without_options(line: &str) -> &str {
    let bytes = line.as_bytes();
    let option = (1..bytes.len())
        .find(|&i| bytes[i - 1].is_ascii_whitespace() && line[i..].starts_with("--"));
    &line[..option.unwrap_or(line.len())]
}

/// The file an include line names: `-r base.txt`, `-rbase.txt`,
/// `--requirement base.txt`, `--requirement=base.txt`, and the same for
/// constraints (`-c`, `--constraint`: they pin releases too). Not URLs.
fn include_of(line: &str) -> Option<&str> {
    let path = ["--requirement", "--constraint"]
        .iter()
        .find_map(|long| {
            let rest = line.strip_prefix(long)?;
            let path = rest.strip_prefix('=').unwrap_or(rest);
            (path.len() < rest.len() || rest.starts_with(char::is_whitespace)).then_some(path)
        })
        .or_else(|| line.strip_prefix("-r").or_else(|| line.strip_prefix("-c")))?
        .trim();
    (!path.is_empty() && !path.contains("://")).then_some(path)
}

/// `setup.cfg`: `[options] install_requires`, a list one per line, then
/// each list of `[options.extras_require]`. Comment lines (`#`, `;`) are
/// skipped; a line that is not indented ends a list.
fn setup_cfg(text: &str) -> Option<Found> {
    let (mut install, mut extras) = (vec![], vec![]);
    let mut section = String::new();
    let mut in_list: Option<bool> = None; // Some(true): install_requires
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        let mut item = trimmed;
        if !line.starts_with(char::is_whitespace) {
            in_list = None;
            if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                section = name.trim().to_string();
                continue;
            }
            let Some((key, value)) = trimmed.split_once(['=', ':']) else {
                continue;
            };
            in_list = match section.as_str() {
                "options" if key.trim() == "install_requires" => Some(true),
                "options.extras_require" => Some(false),
                _ => None,
            };
            item = value.trim();
        }
        match in_list {
            Some(true) => install.push(item),
            Some(false) => extras.push(item),
            None => {}
        }
    }
    install
        .into_iter()
        .chain(extras)
        .find_map(|r| found(r, django_requirement(r)))
}

/// `setup.py`, read, never run: the first plain string literal that is a
/// requirement on a Django release (`"Django>=4.2,<5.0"` in an
/// `install_requires` list, or a list it names). A bare `"django"` is a
/// package name as often as a requirement: it says nothing.
fn setup_py(text: &str) -> Option<Found> {
    let tree = parse_python(text, None);
    find_in_preorder(&tree, |node| {
        if node.kind() != "string" {
            return None;
        }
        let literal = plain_string_literal(text.get(node.byte_range())?)?;
        let spec = django_requirement(literal).filter(Spec::names_a_release);
        found(literal, spec)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_options_and_includes_of_requirement_lines() {
        assert_eq!(without_comment("Django==5.2  # the web"), "Django==5.2  ");
        assert_eq!(without_comment("# all of it"), "");
        assert_eq!(
            without_comment("git+https://x/y#egg=Django"),
            "git+https://x/y#egg=Django"
        );
        assert_eq!(
            without_options("Django==5.2 --hash=sha256:abc --hash=sha256:def"),
            "Django==5.2 "
        );
        assert_eq!(include_of("-r base.txt"), Some("base.txt"));
        assert_eq!(include_of("-rbase.txt"), Some("base.txt"));
        assert_eq!(include_of("--requirement=base.txt"), Some("base.txt"));
        assert_eq!(include_of("--requirement base.txt"), Some("base.txt"));
        assert_eq!(include_of("-c constraints.txt"), Some("constraints.txt"));
        assert_eq!(include_of("-r https://example.com/r.txt"), None);
        assert_eq!(include_of("-e ."), None);
        assert_eq!(include_of("--requirements x"), None);
        assert_eq!(
            logical_lines("Django==5.2 \\\n  --hash=sha256:abc\nx"),
            vec![
                "Django==5.2   --hash=sha256:abc".to_string(),
                "x".to_string()
            ]
        );
    }

    #[test]
    fn malformed_files_say_nothing() {
        for text in ["[[package]\nname=", "\u{0}\u{1}binary", "", "package = 3"] {
            assert_eq!(toml_lock(text), None);
            assert_eq!(pyproject(text), None);
            assert_eq!(pipfile(text), None);
            assert_eq!(pipfile_lock(text), None);
            assert_eq!(setup_cfg(text), None);
            assert_eq!(setup_py(text), None);
        }
        assert_eq!(
            pipfile_lock(r#"{"default": {"django": {"version": 5}}}"#),
            None
        );
        assert_eq!(pipfile_lock(r#"{"default": []}"#), None);
        assert_eq!(
            toml_lock("[[package]]\nname = \"django\"\nversion = \"x\""),
            None
        );
        assert_eq!(pyproject("[project]\ndependencies = \"Django\""), None);
        assert_eq!(pyproject("[tool.poetry.dependencies]\ndjango = 4"), None);
        let deep = "[".repeat(100_000);
        assert_eq!(pyproject(&deep), None);
        assert_eq!(setup_py(&"(".repeat(100_000)), None);
    }
}
