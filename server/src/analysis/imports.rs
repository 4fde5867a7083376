//! Finding the file an import names, by path, the way `manage.py` would see
//! it: relative imports from the module's package; absolute imports from
//! `sys.path`, whose first entry is the folder of `manage.py`. The folder of
//! the importing module is not on the path (Python 3 has no implicit
//! relative imports), so `from celery import Celery` inside `proj/celery.py`
//! is the installed package, not the module itself.

use std::path::{Path, PathBuf};

use super::source::SourceProvider;

/// Modules the evaluator models itself instead of reading files.
pub const MODELLED_MODULES: &[&str] = &[
    "os",
    "os.path",
    "sys",
    "pathlib",
    "environ",
    "decouple",
    "dotenv",
    "django.core.exceptions",
    "distutils.util",
    "str2bool",
    "typing",
    "configparser",
    "dj_email_url",
    "inspect",
    "glob",
    "configurations",
    "configurations.values",
    "split_settings",
    "split_settings.tools",
];

#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// A file of the project.
    File(PathBuf),
    /// A module we model (`os`, `environ`, ...).
    Modelled(String),
    /// Not in the project: an installed package we cannot see.
    External(String),
    /// A project package exists but the module does not: `ImportError`.
    Missing(String),
    /// Relative import reaching above the project root, or from a module with
    /// no package.
    OutsideProject(String),
}

pub struct Resolver {
    pub project_root: PathBuf,
    /// The folder of the `manage.py` found above the entry module: then it is
    /// `sys.path[0]` for every module. Without one, each module's package
    /// root's parent and the project root stand in for it.
    pub manage_dir: Option<PathBuf>,
}

impl Resolver {
    /// The project root for a module: the nearest folder holding `manage.py`,
    /// `pyproject.toml`, `setup.py`, `setup.cfg` or `.git`; else the parent of
    /// its top-level package.
    pub fn for_module(path: &Path, sources: &dyn SourceProvider) -> Resolver {
        let dir = path.parent().unwrap_or(Path::new("/"));
        let manage_dir = dir
            .ancestors()
            .find(|anc| sources.is_file(&anc.join("manage.py")))
            .map(Path::to_path_buf);
        for anc in dir.ancestors() {
            if [
                "manage.py",
                "pyproject.toml",
                "setup.py",
                "setup.cfg",
                ".git",
            ]
            .iter()
            .any(|m| {
                let marker = anc.join(m);
                sources.is_file(&marker) || sources.is_dir(&marker)
            }) {
                return Resolver {
                    project_root: anc.to_path_buf(),
                    manage_dir,
                };
            }
        }
        Resolver {
            project_root: package_root_parent(dir, sources),
            manage_dir,
        }
    }

    pub fn inside(&self, path: &Path) -> bool {
        path.starts_with(&self.project_root)
    }

    /// Folders that act as `sys.path` entries for a module.
    fn roots(&self, module_dir: &Path, sources: &dyn SourceProvider) -> Vec<PathBuf> {
        let mut roots = match &self.manage_dir {
            Some(m) => vec![m.clone()],
            None => vec![package_root_parent(module_dir, sources)],
        };
        if self.manage_dir.is_none() && !roots.contains(&self.project_root) {
            roots.push(self.project_root.clone());
        }
        let src = self.project_root.join("src");
        if sources.is_dir(&src) && !roots.contains(&src) {
            roots.push(src);
        }
        roots
    }

    /// Resolves `from <level dots><dotted> import ...` written in `from_file`.
    pub fn resolve(
        &self,
        sources: &dyn SourceProvider,
        from_file: &Path,
        level: usize,
        dotted: &str,
    ) -> Resolved {
        let display = format!("{}{}", ".".repeat(level), dotted);
        if level == 0 {
            if MODELLED_MODULES.contains(&dotted) {
                return Resolved::Modelled(dotted.to_string());
            }
            let dir = from_file.parent().unwrap_or(Path::new("/"));
            let first = dotted.split('.').next().unwrap_or(dotted);
            let mut package_seen = false;
            for root in self.roots(dir, sources) {
                if let Some(p) = module_file(sources, &root, dotted) {
                    return Resolved::File(p);
                }
                let top = root.join(first);
                if sources.exists(&top.join("__init__.py"))
                    || sources.exists(&root.join(format!("{first}.py")))
                {
                    package_seen = true;
                }
            }
            if package_seen {
                return Resolved::Missing(display);
            }
            return Resolved::External(dotted.to_string());
        }
        let mut base = from_file.parent().unwrap_or(Path::new("/")).to_path_buf();
        for _ in 1..level {
            match base.parent() {
                Some(p) => base = p.to_path_buf(),
                None => return Resolved::OutsideProject(display),
            }
        }
        if !self.inside(&base) {
            return Resolved::OutsideProject(display);
        }
        if dotted.is_empty() {
            let init = base.join("__init__.py");
            return if sources.exists(&init) {
                Resolved::File(init)
            } else {
                Resolved::Missing(display)
            };
        }
        match module_file(sources, &base, dotted) {
            Some(p) => Resolved::File(p),
            None => Resolved::Missing(display),
        }
    }
}

fn module_file(sources: &dyn SourceProvider, root: &Path, dotted: &str) -> Option<PathBuf> {
    let mut p = root.to_path_buf();
    for part in dotted.split('.') {
        p.push(part);
    }
    let file = p.with_extension("py");
    if sources.exists(&file) {
        return Some(file);
    }
    let init = p.join("__init__.py");
    sources.exists(&init).then_some(init)
}

/// The parent of the outermost package containing `dir` (or `dir` itself).
pub fn package_root_parent(dir: &Path, sources: &dyn SourceProvider) -> PathBuf {
    let mut cur = dir.to_path_buf();
    while sources.is_file(&cur.join("__init__.py")) {
        match cur.parent() {
            Some(p) => cur = p.to_path_buf(),
            None => break,
        }
    }
    cur
}

/// The dotted module name of a file relative to its package root.
pub fn dotted_name(path: &Path, sources: &dyn SourceProvider) -> String {
    let dir = path.parent().unwrap_or(Path::new("/"));
    let root = package_root_parent(dir, sources);
    let rel = path.strip_prefix(&root).unwrap_or(path);
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut() {
        if let Some(stem) = last.strip_suffix(".py") {
            *last = stem.to_string();
        }
    }
    if parts.last().map(|s| s == "__init__").unwrap_or(false) {
        parts.pop();
    }
    parts.join(".")
}
/// Top-level modules of Python 3.11's standard library, and Django itself:
/// always importable, so a guarded import of them succeeds.
pub const ALWAYS_INSTALLED: &[&str] = &[
    "django",
    "abc",
    "aifc",
    "antigravity",
    "argparse",
    "array",
    "ast",
    "asynchat",
    "asyncio",
    "asyncore",
    "atexit",
    "audioop",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cgi",
    "cgitb",
    "chunk",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "crypt",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "distutils",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "idlelib",
    "imaplib",
    "imghdr",
    "imp",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "lib2to3",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "mailcap",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msilib",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nis",
    "nntplib",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "ossaudiodev",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pipes",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtpd",
    "smtplib",
    "sndhdr",
    "socket",
    "socketserver",
    "spwd",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "sunau",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "telnetlib",
    "tempfile",
    "termios",
    "textwrap",
    "this",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "turtledemo",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uu",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xdrlib",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];
