//! Finding the file an import names, by path, the way `manage.py` would see
//! it: relative imports from the module's package; absolute imports from
//! `sys.path`, whose first entry is the folder of `manage.py`. The folder of
//! the importing module is not on the path (Python 3 has no implicit
//! relative imports), so `from celery import Celery` inside `proj/celery.py`
//! is the installed package, not the module itself.

use std::path::{Path, PathBuf};

use super::site_packages::{self, SitePackages};
use super::source::SourceProvider;

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
    /// A module of a package installed in the project's environment.
    Installed(PathBuf),
    /// In neither the project nor its environment (which shows everything
    /// it has): `ModuleNotFoundError`.
    NotInstalled(String),
}

pub struct Resolver {
    pub project_root: PathBuf,
    /// The folder of the `manage.py` found above the entry module: then it is
    /// `sys.path[0]` for every module. Without one, each module's package
    /// root's parent and the project root stand in for it.
    pub manage_dir: Option<PathBuf>,
    /// The project's installed packages, when its environment is found.
    pub site: Option<SitePackages>,
    /// Whether the evaluator models a module itself instead of reading its
    /// files (`eval`'s answer: the evaluator depends on this module, not
    /// the other way round).
    modelled: fn(&str) -> bool,
}

impl Resolver {
    /// The project root for a module: the nearest folder holding `manage.py`,
    /// `pyproject.toml`, `setup.py`, `setup.cfg` or `.git`; else the parent of
    /// its top-level package.
    pub fn for_module(
        path: &Path,
        sources: &dyn SourceProvider,
        modelled: fn(&str) -> bool,
    ) -> Resolver {
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
                return Resolver::new(anc.to_path_buf(), manage_dir, sources, modelled);
            }
        }
        Resolver::new(
            package_root_parent(dir, sources),
            manage_dir,
            sources,
            modelled,
        )
    }

    fn new(
        project_root: PathBuf,
        manage_dir: Option<PathBuf>,
        sources: &dyn SourceProvider,
        modelled: fn(&str) -> bool,
    ) -> Resolver {
        // The environment sits beside manage.py or higher up, at the root of
        // the repository (a `.git`, `pyproject.toml`, `setup.py` or
        // `setup.cfg` marks it): look there and in between, at most 5 up.
        let start = manage_dir.as_deref().unwrap_or(&project_root).to_path_buf();
        let mut bases: Vec<&Path> = vec![];
        for dir in start.ancestors().take(5) {
            bases.push(dir);
            let is_root = [".git", "pyproject.toml", "setup.py", "setup.cfg"]
                .iter()
                .any(|m| sources.is_file(&dir.join(m)) || sources.is_dir(&dir.join(m)));
            if is_root && dir != start {
                break;
            }
        }
        let virtual_env = std::env::var_os("VIRTUAL_ENV").map(PathBuf::from);
        let site = site_packages::find(&bases, virtual_env.as_deref(), sources);
        Resolver {
            project_root,
            manage_dir,
            site,
            modelled,
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
            if (self.modelled)(dotted) {
                // A library the evaluator models is still a package the
                // project's environment must have.
                let first = dotted.split('.').next().unwrap_or(dotted);
                if !ALWAYS_INSTALLED.contains(&first) && self.lacks(sources, first) {
                    return Resolved::NotInstalled(dotted.to_string());
                }
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
            return self.resolve_installed(sources, dotted);
        }
        let mut base = from_file.parent().unwrap_or(Path::new("/")).to_path_buf();
        for _ in 1..level {
            match base.parent() {
                Some(p) => base = p.to_path_buf(),
                None => return Resolved::OutsideProject(display),
            }
        }
        let installed = self.site.as_ref().is_some_and(|s| s.contains(&base));
        if !self.inside(&base) && !installed {
            return Resolved::OutsideProject(display);
        }
        if dotted.is_empty() {
            let init = base.join("__init__.py");
            return if sources.exists(&init) && installed {
                Resolved::Installed(init)
            } else if sources.exists(&init) {
                Resolved::File(init)
            } else {
                Resolved::Missing(display)
            };
        }
        match module_file(sources, &base, dotted) {
            Some(p) if installed => Resolved::Installed(p),
            Some(p) => Resolved::File(p),
            None => Resolved::Missing(display),
        }
    }
}

impl Resolver {
    /// Whether the project's environment shows everything it has and has no
    /// top-level module `first` (a package, a module or a compiled one).
    fn lacks(&self, sources: &dyn SourceProvider, first: &str) -> bool {
        let Some(site) = self.site.as_ref().filter(|s| s.complete) else {
            return false;
        };
        !site.roots.iter().any(|root| {
            sources.is_dir(&root.join(first))
                || sources.is_file(&root.join(format!("{first}.py")))
                || site_packages::compiled_module(root, first, sources)
        })
    }

    /// An absolute import the project does not have: the standard library
    /// and Django are always there (and never read); anything else is read
    /// from the environment's site-packages when there is one.
    fn resolve_installed(&self, sources: &dyn SourceProvider, dotted: &str) -> Resolved {
        let first = dotted.split('.').next().unwrap_or(dotted);
        let external = Resolved::External(dotted.to_string());
        let Some(site) = &self.site else {
            return external;
        };
        if ALWAYS_INSTALLED.contains(&first) {
            return external;
        }
        let mut package_seen = false;
        for root in &site.roots {
            if let Some(p) = module_file(sources, root, dotted) {
                return Resolved::Installed(p);
            }
            let parts: Vec<&str> = dotted.split('.').collect();
            let (parent, last) = parts.split_at(parts.len() - 1);
            let mut dir = root.clone();
            dir.extend(parent);
            if site_packages::compiled_module(&dir, last[0], sources) {
                return external;
            }
            if sources.is_dir(&root.join(first))
                || sources.is_file(&root.join(format!("{first}.py")))
            {
                package_seen = true;
            }
        }
        if package_seen || !site.complete {
            // A namespace package, a submodule built at install time, a
            // module only an import hook knows: the evaluator cannot see it.
            return external;
        }
        Resolved::NotInstalled(dotted.to_string())
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
    // Django's own dependencies: installed wherever Django is.
    "asgiref",
    "sqlparse",
    "tzdata",
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
