//! Fuzz targets shared by the quick property tests (`cargo test`, driven by
//! proptest with `DSL_FUZZ_CASES` cases) and the coverage-guided libFuzzer
//! harness in `fuzz/` (long runs, see CONTRIBUTING.md).
//!
//! Every target takes raw bytes and decodes them into structured input with
//! [`Bytes`] (an exhausted input reads as zeros), so both drivers explore the
//! same space: Python-ish settings modules built from statement templates
//! (assignments, lists, environment idioms, star imports, `if`/`try`
//! blocks, deep brackets), random mutations and truncations of the example
//! settings modules, and random LSP edit sequences.
//!
//! The targets panic on a violated property; a panic inside the code under
//! test propagates as itself.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use django_settings_lsp::{
    edited_texts,
    editor::{diagnostic, rope_offset, rope_position, Document, Encoding, Files, LineIndex},
    evaluate, fix_all, fixes_for, hover_markdown, parse_python, python_view, report, suppress_fix,
    verdict_of_one_tree, Config, Finding, FixPolicy, LoadError, MemorySources, ModuleTree,
    ParsedFile, SourceProvider,
};
use tower_lsp_server::ls_types::{Position, Range as LspRange, Uri};

/// How many cases a property test runs: `DSL_FUZZ_CASES`, else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("DSL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// The stack the binary's analysis runs on: the main thread's (8 MiB on
/// Linux; the language server's runtime is current-thread). Test threads
/// get 2 MiB, less than the evaluator's depth cap needs in a debug build,
/// so the property tests run each case on a thread of this size.
pub const MAIN_THREAD_STACK: usize = 8 << 20;

/// Runs `f` on a thread with the main thread's stack, passing panics on.
pub fn on_main_sized_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let handle = std::thread::Builder::new()
        .stack_size(MAIN_THREAD_STACK)
        .spawn(f)
        .expect("a thread");
    match handle.join() {
        Ok(v) => v,
        Err(p) => std::panic::resume_unwind(p),
    }
}

// ----- decoding bytes ---------------------------------------------------------------------

/// Reads structured choices from fuzzer bytes; past the end it reads zeros,
/// so every input decodes and short inputs decode to small structures.
pub struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data, pos: 0 }
    }

    pub fn done(&self) -> bool {
        self.pos >= self.data.len()
    }

    pub fn u8(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    pub fn u16(&mut self) -> u16 {
        u16::from(self.u8()) << 8 | u16::from(self.u8())
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 256 {
            self.u8() as usize % n
        } else {
            self.u16() as usize % n
        }
    }

    pub fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    /// The rest of the input.
    pub fn rest(&mut self) -> &'a [u8] {
        let r = &self.data[self.pos.min(self.data.len())..];
        self.pos = self.data.len();
        r
    }
}

// ----- generating settings modules ----------------------------------------------------------

pub const SETTINGS: &[&str] = &[
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "ALLOWED_HOSTS",
    "MIDDLEWARE",
    "INSTALLED_APPS",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_USE_SESSIONS",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SILENCED_SYSTEM_CHECKS",
    "DATABASES",
    "EMAIL_HOST_PASSWORD",
    "AWS_SECRET_ACCESS_KEY",
    "API_TOKEN",
    "STRIPE_API_KEY",
    "BASE_DIR",
    "x",
    "env",
    "hosts",
    "mw",
    "_private",
];

const MIDDLEWARES: &[&str] = &[
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.sessions",
];

const STRINGS: &[&str] = &[
    "",
    "True",
    "False",
    "1",
    "0",
    "deny",
    "DENY",
    "SAMEORIGIN",
    "same-origin",
    "no-referrer, strict-origin",
    "django-insecure-abc",
    "s3cr3t-v4lue-that-is-long-enough-0123456789abcdefghijklmnop",
    "changeme",
    "*",
    "example.com",
    "security.W018",
    "security.W0",
    "😀",
    "中文",
    "a\\nb",
    "\\x00",
];

const ENV_NAMES: &[&str] = &[
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "HSTS",
    "X",
];

/// Pieces of Python (and junk) inserted by mutations and edits.
pub const PIECES: &[&str] = &[
    "DEBUG = True",
    "DEBUG = False",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "    ",
    "é",
    "😀",
    "中文",
    "\u{feff}",
    "\u{2028}",
    "\0",
    " ",
    "'",
    "\"",
    "\"\"\"",
    "'''",
    "#",
    "# noqa: security.W018",
    "\\",
    "\\\n",
    "x",
    "=",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    ",",
    ":",
    "*",
    "if x:\n    ",
    "else:\n    ",
    "try:\n    ",
    "except ImportError:\n    pass\n",
    "from .base import *",
    "from . import *",
    "import os",
    "os.environ.get('X', 'True')",
    "SECURE_SSL_REDIRECT = True",
    "SECRET_KEY = os.environ['K']",
    "MIDDLEWARE = [",
    "'django.middleware.security.SecurityMiddleware',",
    "ALLOWED_HOSTS = ['a']",
    "lambda: ",
    "not ",
    "f'{",
    "}'",
    "((((((((((((((((",
    "))))))))))))))))",
];

/// Settings modules to mutate: the examples and some idioms.
pub const SEEDS: &[&str] = &[
    include_str!("../../../examples/startproject/mysite/settings.py"),
    include_str!("../../../examples/split/config/settings/base.py"),
    include_str!("../../../examples/split/config/settings/production.py"),
    include_str!("../../../examples/split/config/settings/local.py"),
    "import environ\nenv = environ.Env(DEBUG=(bool, False))\nDEBUG = env('DEBUG')\nSECRET_KEY = env.str('SECRET_KEY', default='django-insecure-x')\nALLOWED_HOSTS = env.list('ALLOWED_HOSTS', default=[])\n",
    "from decouple import config, Csv\nDEBUG = config('DEBUG', default=True, cast=bool)\nALLOWED_HOSTS = config('ALLOWED_HOSTS', default='', cast=Csv())\nSECURE_HSTS_SECONDS = config('HSTS', default=0, cast=int)\n",
    "from .base import *  # noqa\ntry:\n    from .local import *\nexcept ImportError:\n    pass\nif DEBUG:\n    MIDDLEWARE += ['x']\nelse:\n    SECURE_SSL_REDIRECT = True\n",
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'PASSWORD': 'hunter2-db-password'}}\nEMAIL_HOST_PASSWORD = 'mail-password-123'\nAPI_TOKEN = 'tok_abcdef'\n",
    "DEBUG = \\\n    True\nX_FRAME_OPTIONS = \"\"\"deny\"\"\"\nSECURE_REFERRER_POLICY = ('same-origin',\n    'no-referrer')\n",
];

pub struct Gen<'a, 'b> {
    pub b: &'b mut Bytes<'a>,
    pub eol: &'static str,
    pub indent: &'static str,
}

impl Gen<'_, '_> {
    fn eol(&mut self) -> &'static str {
        // Now and then a different line ending than the module's.
        if self.b.below(16) == 0 {
            self.b.pick(&["\n", "\r\n", "\r"])
        } else {
            self.eol
        }
    }

    fn string(&mut self) -> String {
        let s = self.b.pick(STRINGS);
        let prefix = self.b.pick(&["", "", "", "r", "b", "f", "u"]);
        let q = self.b.pick(&["'", "\"", "'", "\"\"\""]);
        format!("{prefix}{q}{s}{q}")
    }

    fn mw_string(&mut self) -> String {
        format!("'{}'", self.b.pick(MIDDLEWARES))
    }

    fn env_read(&mut self, depth: usize) -> String {
        let var = self.b.pick(ENV_NAMES);
        let d = self.expr(depth + 1);
        match self.b.below(10) {
            0 => format!("os.environ.get('{var}', {d})"),
            1 => format!("os.environ.get('{var}')"),
            2 => format!("os.getenv('{var}', {d})"),
            3 => format!("os.environ['{var}']"),
            4 => format!("env.bool('{var}', default={d})"),
            5 => format!("env('{var}', default={d})"),
            6 => format!("env.list('{var}', default={d})"),
            7 => format!("config('{var}', default={d}, cast=bool)"),
            8 => format!("config('{var}', default={d}, cast=Csv())"),
            _ => format!("os.environ.setdefault('{var}', {d})"),
        }
    }

    pub fn expr(&mut self, depth: usize) -> String {
        if depth > 4 {
            return self.atom();
        }
        match self.b.below(24) {
            0..=5 => self.atom(),
            6 | 7 => {
                let n = self.b.below(4);
                let items: Vec<String> = (0..n)
                    .map(|_| {
                        if self.b.bool() {
                            self.mw_string()
                        } else {
                            self.expr(depth + 1)
                        }
                    })
                    .collect();
                let trailing = if self.b.bool() { "," } else { "" };
                if self.b.bool() {
                    format!("[{}{trailing}]", items.join(", "))
                } else {
                    let sep = format!(",{}    ", self.eol);
                    format!("({}{}{trailing})", self.eol, items.join(&sep))
                }
            }
            8 | 9 => self.env_read(depth),
            10 => {
                let (a, b) = (self.expr(depth + 1), self.expr(depth + 1));
                let op = self.b.pick(&[
                    " + ",
                    " or ",
                    " and ",
                    " == ",
                    " != ",
                    " in ",
                    " * ",
                    " - ",
                    " if x else ",
                    " is ",
                    " % ",
                ]);
                format!("{a}{op}{b}")
            }
            11 => format!("not {}", self.expr(depth + 1)),
            12 => format!("{}.split(',')", self.expr(depth + 1)),
            13 => format!("{}.lower() == 'true'", self.expr(depth + 1)),
            14 => format!(
                "{}({})",
                self.b
                    .pick(&["int", "bool", "str", "tuple", "list", "len", "helper"]),
                self.expr(depth + 1)
            ),
            15 => {
                let k = self.string();
                let v = self.expr(depth + 1);
                format!("{{{k}: {v}, 'PASSWORD': 'pw-{}'}}", self.b.u8())
            }
            16 => format!("[h for h in {} if h]", self.expr(depth + 1)),
            17 => format!("{}[{}]", self.expr(depth + 1), self.b.below(3)),
            18 => format!("[*{}, {}]", self.expr(depth + 1), self.mw_string()),
            19 => {
                // Deep brackets, past Python's limit of 200 now and then.
                let n = self.b.pick(&[3usize, 50, 199, 201, 400]);
                let (o, c) = self.b.pick(&[("(", ")"), ("[", "]"), ("{", "}")]);
                format!("{}{}{}", o.repeat(n), self.atom(), c.repeat(n))
            }
            20 => format!("lambda: {}", self.expr(depth + 1)),
            21 => format!("{}.copy()", self.b.pick(SETTINGS)),
            22 => format!("f'{{{}}}'", self.expr(depth + 1)),
            _ => format!("({})", self.expr(depth + 1)),
        }
    }

    fn atom(&mut self) -> String {
        match self.b.below(10) {
            0 => "True".into(),
            1 => "False".into(),
            2 => "None".into(),
            3 => self
                .b
                .pick(&["0", "1", "3600", "-1", "31536000", "1.5", "0x10", "1_000"])
                .to_string(),
            4 | 5 => self.string(),
            6 => self.mw_string(),
            7 => self.b.pick(SETTINGS).to_string(),
            8 => "[]".into(),
            _ => self.b.pick(ENV_NAMES).to_string(),
        }
    }

    fn simple_statement(&mut self, depth: usize) -> String {
        let name = self.b.pick(SETTINGS);
        match self.b.below(22) {
            0..=7 => format!("{name} = {}", self.expr(depth)),
            8 => format!("{name} += {}", self.expr(depth)),
            9 => format!("MIDDLEWARE.append({})", self.mw_string()),
            10 => format!(
                "MIDDLEWARE.insert({}, {})",
                self.b.below(3),
                self.mw_string()
            ),
            11 => format!("MIDDLEWARE.remove({})", self.mw_string()),
            12 => self
                .b
                .pick(&[
                    "from .base import *",
                    "from .base import *  # noqa: F401,F403",
                    "from base import *",
                    "from . import *",
                    "from .local import *",
                    "from .missing import *",
                    "from ..outside import *",
                    "from .settings import *",
                    "from pkg.base import *",
                    "from django.conf.global_settings import *",
                    "from x import *",
                ])
                .to_string(),
            13 => self
                .b
                .pick(&[
                    "import os",
                    "import environ",
                    "env = environ.Env(DEBUG=(bool, False))",
                    "from decouple import config, Csv",
                    "from pathlib import Path",
                    "import sys",
                ])
                .to_string(),
            14 => format!("del {name}"),
            15 => format!(
                "{name} = {}  # noqa: security.W0{:02}",
                self.expr(depth),
                self.b.below(26)
            ),
            16 => format!("{name}: int = {}", self.expr(depth)),
            17 => format!(
                "{name}, {} = {}, {}",
                self.b.pick(SETTINGS),
                self.atom(),
                self.atom()
            ),
            18 => "pass".into(),
            19 => format!(
                "raise {}",
                self.b.pick(&["ImportError", "KeyError('x')", "SystemExit"])
            ),
            20 => format!("assert {}", self.expr(depth)),
            _ => self.b.pick(PIECES).to_string(),
        }
    }

    /// One statement (possibly a block) at `level` of indentation.
    pub fn statement(&mut self, level: usize, depth: usize) -> String {
        let pad = self.indent.repeat(level);
        let kind = if level < 3 { self.b.below(12) } else { 0 };
        let mut out = String::new();
        match kind {
            9 => {
                let cond = self.expr(depth);
                out.push_str(&format!("{pad}if {cond}:{}", self.eol()));
                out.push_str(&self.block(level + 1, depth));
                if self.b.bool() {
                    let cond = self.expr(depth);
                    out.push_str(&format!("{pad}elif {cond}:{}", self.eol()));
                    out.push_str(&self.block(level + 1, depth));
                }
                if self.b.bool() {
                    out.push_str(&format!("{pad}else:{}", self.eol()));
                    out.push_str(&self.block(level + 1, depth));
                }
            }
            10 => {
                out.push_str(&format!("{pad}try:{}", self.eol()));
                out.push_str(&self.block(level + 1, depth));
                let exc = self.b.pick(&[
                    "ImportError",
                    "KeyError",
                    "Exception",
                    "(KeyError, ValueError)",
                    "",
                ]);
                out.push_str(&format!("{pad}except {exc}:{}", self.eol()));
                out.push_str(&self.block(level + 1, depth));
                if self.b.bool() {
                    out.push_str(&format!("{pad}finally:{}", self.eol()));
                    out.push_str(&self.block(level + 1, depth));
                }
            }
            11 => {
                if self.b.bool() {
                    let it = self.expr(depth);
                    out.push_str(&format!("{pad}for m in {it}:{}", self.eol()));
                } else {
                    out.push_str(&format!("{pad}def helper(v=None):{}", self.eol()));
                }
                out.push_str(&self.block(level + 1, depth));
            }
            _ => {
                let s = self.simple_statement(depth);
                out.push_str(&pad);
                out.push_str(&s);
                out.push_str(self.eol());
            }
        }
        out
    }

    fn block(&mut self, level: usize, depth: usize) -> String {
        let n = 1 + self.b.below(3);
        (0..n).map(|_| self.statement(level, depth + 1)).collect()
    }
}

/// A generated module of up to `max_statements` statements.
pub fn module(b: &mut Bytes, max_statements: usize) -> String {
    let eol = b.pick(&["\n", "\n", "\n", "\r\n", "\r"]);
    let indent = b.pick(&["    ", "    ", "  ", "\t"]);
    let mut g = Gen { b, eol, indent };
    let n = g.b.below(max_statements + 1);
    let mut out = String::new();
    if g.b.bool() {
        out.push_str(&format!("import os{eol}"));
    }
    for _ in 0..n {
        if g.b.done() {
            break;
        }
        out.push_str(&g.statement(0, 0));
    }
    out
}

/// The largest char boundary at or below `at`.
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Random mutations: insertions of pieces and characters, deletions,
/// duplications, truncation.
pub fn mutate(b: &mut Bytes, mut text: String, rounds: usize) -> String {
    for _ in 0..rounds {
        let at = floor_boundary(&text, b.below(text.len() + 1));
        match b.below(7) {
            0 | 1 => text.insert_str(at, b.pick(PIECES)),
            2 => {
                let end = floor_boundary(&text, at + b.below(40));
                text.replace_range(at..end.max(at), "");
            }
            3 => {
                let end = floor_boundary(&text, at + b.below(80));
                let dup = text[at..end.max(at)].to_string();
                text.insert_str(at, &dup);
            }
            4 => text.truncate(at),
            5 => {
                let c = char::from_u32(u32::from(b.u16()) % 0x3000).unwrap_or('x');
                text.insert(at, c);
            }
            _ => {
                let end = floor_boundary(&text, at + 1 + b.below(8));
                let swap = ["True", "False", "0", "''", "None", "[]", "x"][b.below(7)];
                text.replace_range(at..end.max(at), swap);
            }
        }
    }
    text
}

/// A module: generated, a mutated seed, or the raw bytes as (lossy) text.
pub fn any_module(b: &mut Bytes) -> String {
    match b.below(8) {
        0..=3 => {
            let m = module(b, 24);
            let rounds = b.below(3);
            mutate(b, m, rounds)
        }
        4..=6 => {
            let seed = b.pick(SEEDS).to_string();
            let rounds = 1 + b.below(6);
            mutate(b, seed, rounds)
        }
        _ => String::from_utf8_lossy(b.rest()).into_owned(),
    }
}

/// Mostly modules Python would accept (fixes matter most there): generated
/// or seed modules without mutations; now and then any module.
pub fn mostly_valid_module(b: &mut Bytes) -> String {
    match b.below(8) {
        0..=4 => module(b, 24),
        5 | 6 => b.pick(SEEDS).to_string(),
        _ => any_module(b),
    }
}

// ----- an in-memory project -------------------------------------------------------------

/// A folder that does not exist, so the analysis reads nothing from disk.
pub const ROOT: &str = "/nonexistent-dsl-fuzz/project/pkg";

pub struct Project {
    pub files: MemorySources,
    pub entry: PathBuf,
}

impl Project {
    pub fn new(files: Vec<(&str, String)>) -> Project {
        let root = Path::new(ROOT);
        let mut memory = MemorySources::new();
        for (name, text) in files {
            memory.put(root.join(name), &text);
        }
        Project {
            files: memory,
            entry: root.join("settings.py"),
        }
    }

    /// The entry `settings.py` and, now and then, `base.py`, `local.py` and
    /// `__init__.py` beside it.
    pub fn decode(b: &mut Bytes) -> Project {
        Project::decode_with(b, any_module)
    }

    /// Like `decode`, with `entry` making the entry module.
    pub fn decode_with(b: &mut Bytes, entry: fn(&mut Bytes) -> String) -> Project {
        let mut files = vec![];
        let extra = b.u8();
        if extra & 1 == 1 {
            files.push(("base.py", module_or_seed(b)));
        }
        if extra & 2 == 2 {
            files.push(("local.py", module_or_seed(b)));
        }
        if extra & 4 == 4 {
            files.push(("__init__.py", module_or_seed(b)));
        }
        files.push(("settings.py", entry(b)));
        Project::new(files)
    }
}

fn module_or_seed(b: &mut Bytes) -> String {
    if b.bool() {
        module(b, 8)
    } else {
        b.pick(SEEDS).to_string()
    }
}

impl SourceProvider for Project {
    fn load(&self, path: &Path) -> Result<Arc<ParsedFile>, LoadError> {
        self.files.load(path)
    }

    fn read_text(&self, path: &Path) -> Result<String, LoadError> {
        self.files.read_text(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.is_file(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.files.is_dir(path)
    }

    fn read_dir(&self, path: &Path) -> Vec<django_settings_lsp::DirEntry> {
        self.files.read_dir(path)
    }
}

impl Files for Project {
    fn text(&self, path: &Path) -> Option<Arc<str>> {
        self.files.get(path).map(|f| f.text.clone())
    }
    fn uri(&self, path: &Path) -> Option<Uri> {
        Uri::from_file_path(path)
    }
}

// ----- target (a): the analyser -------------------------------------------------------------

/// What one input cost, for reporting the slowest.
pub struct Ran {
    pub elapsed: Duration,
    pub findings: usize,
}

fn check_range(what: &str, project: &Project, path: &Path, r: &std::ops::Range<usize>) {
    let Some(f) = project.files.get(path) else {
        panic!(
            "{what}: a finding in a file the analysis never read: {}",
            path.display()
        );
    };
    assert!(
        r.start <= r.end && r.end <= f.text.len(),
        "{what}: range {r:?} outside {} ({} bytes)",
        path.display(),
        f.text.len()
    );
}

/// Evaluates, reports, hovers every setting name the module binds and
/// converts every finding to a diagnostic in each encoding.
pub fn analyse(project: &Project) -> Ran {
    let started = Instant::now();
    let Ok(eval) = evaluate(&project.entry, project) else {
        return Ran {
            elapsed: started.elapsed(),
            findings: 0,
        };
    };
    let rep = report(&eval);
    let entry_text = project.files[&project.entry].text.clone();
    for f in rep.findings.iter().chain(rep.notes.iter()) {
        check_range(&f.code, project, &f.path, &f.range);
        assert!(
            f.anchor.start <= f.anchor.end && f.anchor.end <= entry_text.len(),
            "{}: anchor {:?} outside the entry ({} bytes)",
            f.code,
            f.anchor,
            entry_text.len()
        );
        for r in &f.related {
            check_range("related", project, &r.path, &r.range);
        }
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let _ = diagnostic(
                f,
                &project.entry,
                &entry_text,
                &Config::default(),
                enc,
                project,
            );
        }
    }
    let mut names: Vec<&str> = vec!["DEBUG", "SECRET_KEY", "MIDDLEWARE", "DATABASES", "NOPE"];
    names.extend(eval.namespace.bindings.keys().map(|k| &**k).take(64));
    for name in names {
        let _ = hover_markdown(&eval, name, project);
    }
    Ran {
        elapsed: started.elapsed(),
        findings: rep.findings.len() + rep.notes.len(),
    }
}

/// Target (a) on raw fuzzer bytes.
pub fn analyse_bytes(data: &[u8]) -> Ran {
    let mut b = Bytes::new(data);
    let project = Project::decode(&mut b);
    analyse(&project)
}

// ----- target (b): the document layer -------------------------------------------------------

/// Lines of `text` as (start, content end), breaking at `\n`, `\r\n` and `\r`.
pub fn reference_lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = vec![];
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, text.len()));
    out
}

fn width(c: char, enc: Encoding) -> u32 {
    match enc {
        Encoding::Utf8 => c.len_utf8() as u32,
        Encoding::Utf16 => c.len_utf16() as u32,
        Encoding::Utf32 => 1,
    }
}

/// The documented meaning of a position: `None` past the last line; a
/// column past the line's content clamps to its end; a column inside a
/// character rounds down to its start.
pub fn reference_offset(text: &str, p: Position, enc: Encoding) -> Option<usize> {
    let lines = reference_lines(text);
    let &(start, end) = lines.get(p.line as usize)?;
    let mut units = 0u32;
    let mut at = start;
    for c in text[start..end].chars() {
        let w = width(c, enc);
        if units.saturating_add(w) > p.character {
            break;
        }
        units += w;
        at += c.len_utf8();
    }
    Some(at)
}

/// The documented position of an offset (rounded down to a character; inside
/// a line break, the end of the line's content).
pub fn reference_position(text: &str, offset: usize, enc: Encoding) -> Position {
    reference_position_in(text, &reference_lines(text), offset, enc)
}

/// `reference_position` with the lines of `text` computed once.
pub fn reference_position_in(
    text: &str,
    lines: &[(usize, usize)],
    offset: usize,
    enc: Encoding,
) -> Position {
    let offset = floor_boundary(text, offset);
    let l = lines
        .iter()
        .rposition(|&(s, _)| s <= offset)
        .expect("line 0 starts at 0");
    let (start, end) = lines[l];
    let upto = offset.min(end);
    let col = text[start..upto].chars().map(|c| width(c, enc)).sum();
    Position::new(l as u32, col)
}

/// A node's kind, byte range, start and end points, and whether it is missing.
pub type NodeFacts = (u16, usize, usize, (usize, usize), (usize, usize), bool);

/// What the tree comparisons look at in one node.
fn node_facts(n: tree_sitter::Node) -> NodeFacts {
    let (s, e) = (n.start_position(), n.end_position());
    (
        n.kind_id(),
        n.start_byte(),
        n.end_byte(),
        (s.row, s.column),
        (e.row, e.column),
        n.is_missing(),
    )
}

/// Every node of a tree, walked without recursion.
pub fn nodes(tree: &tree_sitter::Tree) -> Vec<NodeFacts> {
    let mut out = vec![];
    let mut c = tree.walk();
    loop {
        out.push(node_facts(c.node()));
        if c.goto_first_child() {
            continue;
        }
        loop {
            if c.goto_next_sibling() {
                break;
            }
            if !c.goto_parent() {
                return out;
            }
        }
    }
}

/// A fresh split-and-parse of `text`, as a file read from disk gets.
fn fresh_tree(text: &str) -> ModuleTree {
    ModuleTree::parse(text)
}

/// Each piece of a module tree: its range, first row, and every node.
pub fn module_nodes(tree: &ModuleTree) -> Vec<(std::ops::Range<usize>, usize, Vec<NodeFacts>)> {
    tree.pieces()
        .map(|(range, row, t)| (range, row, nodes(t)))
        .collect()
}

/// The nodes of each top-level statement that is not a comment.
fn statement_nodes<'t>(
    statements: impl Iterator<Item = tree_sitter::Node<'t>>,
) -> Vec<Vec<NodeFacts>> {
    statements
        .filter(|n| n.kind() != "comment")
        .map(|n| {
            let mut out = vec![];
            let mut stack = vec![n];
            while let Some(n) = stack.pop() {
                out.push(node_facts(n));
                let mut c = n.walk();
                let children: Vec<_> = n.children(&mut c).collect();
                stack.extend(children.into_iter().rev());
            }
            out
        })
        .collect()
}

/// Whether one tree of the module holds a one-quote string that runs over
/// a line break without a backslash before it: tree-sitter-python accepts
/// it, Python refuses it ("unterminated string literal"), and so does the
/// statement split, which ends such a string with its line.
fn one_quote_string_over_a_break(tree: &tree_sitter::Tree, text: &str) -> bool {
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind() == "string" {
            let body = &text.as_bytes()[n.byte_range()];
            let quote = body.iter().position(|b| *b == b'\'' || *b == b'"');
            let triple = quote.is_some_and(|q| body[q..].starts_with(&[body[q]; 3]));
            let bare_break = body.iter().enumerate().any(|(i, b)| {
                matches!(b, b'\n' | b'\r')
                    && !(i > 0
                        && (body[i - 1] == b'\\'
                            || (body[i - 1] == b'\r'
                                && *b == b'\n'
                                && i > 1
                                && body[i - 2] == b'\\')))
            });
            if !triple && bare_break {
                return true;
            }
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    false
}

/// Whether Python reads statement `stmt` on past the line start `b`
/// inside it: `b` is inside a token or a string, inside brackets (counted
/// on the statement's own tokens), after a backslash, or at an `else`,
/// `elif`, `except`, `finally`, or the definition after a decorator.
fn python_goes_on_at(stmt: tree_sitter::Node, text: &str, b: usize) -> bool {
    let bytes = text.as_bytes();
    // A backslash continues the one line it ends (found by fuzz target
    // (b): after a blank line the statement has ended for Python).
    let line_break = if b >= 2 && bytes[b - 2] == b'\r' && bytes[b - 1] == b'\n' {
        b - 2
    } else {
        b - 1
    };
    if line_break > 0 && bytes[line_break - 1] == b'\\' {
        return true;
    }
    let mut depth = 0i32;
    let mut after: Option<tree_sitter::Node> = None;
    let mut stack = vec![stmt];
    while let Some(n) = stack.pop() {
        if n.start_byte() < b && b < n.end_byte() && (n.child_count() == 0 || n.kind() == "string")
        {
            return true;
        }
        if n.child_count() == 0 {
            if n.end_byte() <= b {
                match n.kind() {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => depth -= 1,
                    _ => {}
                }
            } else if after.is_none_or(|a| n.start_byte() < a.start_byte()) {
                after = Some(n);
            }
            continue;
        }
        let mut c = n.walk();
        let children: Vec<_> = n.children(&mut c).collect();
        stack.extend(children.into_iter().rev());
    }
    if depth > 0 {
        return true;
    }
    match after {
        Some(a) => {
            matches!(a.kind(), "else" | "elif" | "except" | "finally" | "except*")
                || (stmt.kind() == "decorated_definition" && decorator_line_before(text, b))
        }
        None => false,
    }
}

/// Whether the last line before `b` that is not blank or a comment is a
/// decorator.
fn decorator_line_before(text: &str, b: usize) -> bool {
    text[..b]
        .lines()
        .rev()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with('@'))
}

/// The split is never finer than Python's statements: where one tree of
/// the whole module is valid Python, the statements' trees have no error
/// either, the same statements node by node, and the same verdict. (One
/// tree may accept what Python refuses, `*` and a name on the next line:
/// the statements' trees then have an error of their own, as Python does.)
pub fn assert_split_matches_whole(text: &str) {
    if verdict_of_one_tree(text).is_error() {
        return;
    }
    let whole = parse_python(&python_view(text), None);
    if one_quote_string_over_a_break(&whole, text) {
        return;
    }
    // A piece boundary inside one of the whole tree's statements: the
    // split is finer than Python only if Python would go on past that
    // line break; tree-sitter-python also reads on past breaks Python
    // ends a statement at (`X =` and a name on the next line).
    let root = whole.root_node();
    let mut c = root.walk();
    let statements: Vec<tree_sitter::Node> = root.named_children(&mut c).collect();
    let split_at: Vec<usize> = ModuleTree::parse(text)
        .pieces()
        .map(|(r, _, _)| r.start)
        .collect();
    let mut lenient = false;
    for &b in &split_at {
        if let Some(stmt) = statements
            .iter()
            .find(|s| s.start_byte() < b && b < s.end_byte())
        {
            assert!(
                !python_goes_on_at(*stmt, text, b),
                "a statement split where Python goes on, at {b} of {text:?}"
            );
            lenient = true;
        }
    }
    if lenient {
        return;
    }
    let split = ModuleTree::parse(text);
    assert!(
        !split.has_error(),
        "a statement split where Python has none: {:?}\n{}",
        text,
        split.to_sexp()
    );
    let root = whole.root_node();
    let mut c = root.walk();
    let expected = statement_nodes(root.named_children(&mut c));
    assert_eq!(
        statement_nodes(split.statements()),
        expected,
        "the statements' trees differ from one tree of {text:?}"
    );
    assert_eq!(
        split.verdict(),
        verdict_of_one_tree(text),
        "verdict of {text:?}"
    );
}

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

fn random_position(b: &mut Bytes, text: &str, enc: Encoding) -> Position {
    let lines = reference_lines(text);
    let line = match b.below(16) {
        0 => lines.len() as u32 + b.below(3) as u32, // past the end
        1 => u32::MAX,
        _ => b.below(lines.len()) as u32,
    };
    let character = match b.below(16) {
        0 => u32::MAX,
        1 => 10_000,
        _ => {
            let (s, e) = lines.get(line as usize).copied().unwrap_or((0, 0));
            let max: u32 = text[s..e].chars().map(|c| width(c, enc)).sum();
            b.below(max as usize + 3) as u32
        }
    };
    Position::new(line, character)
}

/// Positions of `text` convert both ways consistently: `LineIndex` and the
/// rope agree with each other and with the documented meaning, and every
/// addressable offset round-trips.
pub fn check_positions(b: &mut Bytes, text: &str, rope: &ropey::Rope, enc: Encoding) {
    let index = LineIndex::new(text);
    let lines = reference_lines(text);
    // Every char boundary of a short text; a sample of a long one.
    let offsets: Vec<usize> = if text.len() <= 64 {
        (0..=text.len()).collect()
    } else {
        (0..64).map(|_| b.below(text.len() + 1)).collect()
    };
    for o in offsets {
        let p = index.position(o, enc);
        assert_eq!(
            p,
            reference_position_in(text, &lines, o, enc),
            "LineIndex::position({o}) in {text:?}"
        );
        assert_eq!(
            rope_position(rope, o, enc),
            p,
            "rope_position({o}) in {text:?}"
        );
        if text.is_char_boundary(o) {
            let back = index
                .offset(p, enc)
                .expect("a position made from an offset exists");
            let inside_crlf =
                o > 0 && text.as_bytes()[o - 1] == b'\r' && text.as_bytes().get(o) == Some(&b'\n');
            assert_eq!(
                back,
                if inside_crlf { o - 1 } else { o },
                "offset(position({o})) in {text:?}"
            );
            assert_eq!(rope_offset(rope, p, enc), Some(back));
        }
    }
    for _ in 0..8 {
        let p = random_position(b, text, enc);
        let expected = reference_offset(text, p, enc);
        assert_eq!(
            index.offset(p, enc),
            expected,
            "LineIndex::offset({p:?}) in {text:?}"
        );
        assert_eq!(
            rope_offset(rope, p, enc),
            expected,
            "rope_offset({p:?}) in {text:?}"
        );
        if let Some(o) = expected {
            // A clamped position maps to the same offset again.
            assert_eq!(index.offset(index.position(o, enc), enc), Some(o));
        }
    }
}

/// Target (b): a start text and a sequence of edits (valid, clamped,
/// reversed, out of range, full replacements) in one encoding, applied to a
/// `Document` and to a `String` by the documented rules.
pub fn document_edits(data: &[u8]) {
    let mut b = Bytes::new(data);
    let enc = b.pick(&ENCODINGS);
    let mut reference = match b.below(4) {
        0 => String::new(),
        1 => b.pick(SEEDS).to_string(),
        2 => module(&mut b, 6),
        _ => {
            let n = b.below(8);
            (0..n).map(|_| b.pick(PIECES)).collect()
        }
    };
    let mut doc = Document::new(&reference);
    let steps = 1 + b.below(24);
    for step in 0..steps {
        if b.done() && step > 0 {
            break;
        }
        let insert: String = {
            let n = b.below(5);
            (0..n).map(|_| b.pick(PIECES)).collect()
        };
        if b.below(20) == 0 {
            doc.apply(None, &insert, enc)
                .expect("a full text always applies");
            reference = insert;
        } else {
            let (start, end) = if b.below(4) == 0 {
                (
                    random_position(&mut b, &reference, enc),
                    random_position(&mut b, &reference, enc),
                )
            } else {
                // A range that exists, as editors send.
                let s = floor_boundary(&reference, b.below(reference.len() + 1));
                let e = floor_boundary(&reference, s + b.below(12));
                (
                    reference_position(&reference, s, enc),
                    reference_position(&reference, e, enc),
                )
            };
            let range = LspRange::new(start, end);
            let expected = reference_offset(&reference, start, enc)
                .zip(reference_offset(&reference, end, enc));
            if std::env::var_os("DSL_FUZZ_TRACE").is_some() {
                eprintln!("{enc:?} {reference:?} apply {range:?} {insert:?}");
            }
            let applied = doc.apply(Some(range), &insert, enc);
            match expected {
                Some((a, z)) => {
                    assert!(applied.is_ok(), "{range:?} exists in {reference:?}");
                    reference.replace_range(a.min(z)..a.max(z), &insert);
                }
                None => assert!(applied.is_err(), "{range:?} lies outside {reference:?}"),
            }
        }
        assert_eq!(doc.rope().to_string(), reference, "text after step {step}");
        // Reparse only now and then, so several edits pile up on the tree.
        if b.below(3) == 0 {
            if std::env::var_os("DSL_FUZZ_TRACE").is_some() {
                eprintln!("reparse");
            }
            assert_tree_fresh(&mut doc, &reference);
        }
    }
    assert_eq!(&*doc.text(), reference.as_str());
    assert_tree_fresh(&mut doc, &reference);
    assert_split_matches_whole(&reference);
    let rope = doc.rope().clone();
    check_positions(&mut b, &reference, &rope, enc);
    let path = Path::new(ROOT).join("settings.py");
    assert_eq!(&*doc.parsed(&path).text, reference.as_str());
}

/// The document's statements after its edits are those a fresh split
/// and parse of its text gives, node by node (kinds, byte ranges, points):
/// every statement an edit touched was parsed afresh, and the trees it
/// moved were moved exactly.
fn assert_tree_fresh(doc: &mut Document, text: &str) {
    let fresh = fresh_tree(text);
    let tree = doc.tree().clone();
    let (a, b) = (module_nodes(&tree), module_nodes(&fresh));
    if a == b {
        return;
    }
    let ranges = |m: &[(std::ops::Range<usize>, usize, Vec<NodeFacts>)]| {
        m.iter()
            .map(|(r, row, _)| (r.clone(), *row))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ranges(&a),
        ranges(&b),
        "the edited statements are not a fresh split of {text:?}"
    );
    assert_eq!(
        tree.to_sexp(),
        fresh.to_sexp(),
        "edited trees differ from a fresh parse of {text:?}"
    );
    let i = a
        .iter()
        .zip(b.iter())
        .position(|(x, y)| x != y)
        .unwrap_or(0);
    panic!(
        "statement {i} has the fresh parse's shape but not its positions: {:?} != {:?}, text {text:?}",
        a.get(i),
        b.get(i)
    );
}

// ----- target (c): fix validity ---------------------------------------------------------------

/// ERROR and MISSING nodes of a tree.
pub fn error_nodes(tree: &ModuleTree) -> usize {
    tree.pieces().map(|(_, _, t)| tree_error_nodes(t)).sum()
}

fn tree_error_nodes(tree: &tree_sitter::Tree) -> usize {
    let mut count = 0;
    let mut c = tree.walk();
    loop {
        let n = c.node();
        if n.is_error() || n.is_missing() {
            count += 1;
        } else if n.has_error()
            && !(0..n.child_count()).any(|i| n.child(i).is_some_and(|k| k.has_error()))
        {
            // A missing token the cursor does not visit (a hidden one, such
            // as the `_newline` missing in `X = 'a'Y = 1`): found by fuzz
            // target (c), which took such a module for a valid one.
            count += 1;
        }
        // Descend only where there is something to find.
        if n.has_error() && c.goto_first_child() {
            continue;
        }
        loop {
            if c.goto_next_sibling() {
                break;
            }
            if !c.goto_parent() {
                return count;
            }
        }
    }
}

/// A fixed text whose original compiled may be handed to Python later.
pub struct Fixed {
    pub label: String,
    pub before: String,
    pub after: String,
}

pub struct FixStats {
    pub findings: usize,
    pub fixes: usize,
    pub elapsed: Duration,
}

/// Target (c): every fix offered for every finding (and the noqa
/// suppression) applied to the module: it still parses with no new error
/// nodes, it edits only inside its ranges, and (for fixes, which are proven)
/// the finding is gone afterwards. Fixed texts go to `out` for an optional
/// check by Python's own compiler.
pub fn fix_validity(data: &[u8], out: &mut Vec<Fixed>, max_findings: usize) -> FixStats {
    let started = Instant::now();
    let mut b = Bytes::new(data);
    let project = Project::decode_with(&mut b, mostly_valid_module);
    let mut stats = FixStats {
        findings: 0,
        fixes: 0,
        elapsed: Duration::ZERO,
    };
    let Ok(eval) = evaluate(&project.entry, &project) else {
        return stats;
    };
    let rep = report(&eval);
    for finding in rep.findings.iter().take(max_findings) {
        stats.findings += 1;
        let mut all = fixes_for(&eval, finding, &project);
        if all.iter().filter(|f| f.preferred).count() != usize::from(!all.is_empty()) {
            panic!(
                "{}: not exactly one preferred fix among {all:?}",
                finding.code
            );
        }
        all.extend(suppress_fix(&eval, finding));
        for fix in &all {
            stats.fixes += 1;
            for e in &fix.edits {
                let text = &project
                    .files
                    .get(&e.path)
                    .unwrap_or_else(|| {
                        panic!(
                            "{:?} edits a file never read: {}",
                            fix.title,
                            e.path.display()
                        )
                    })
                    .text;
                assert!(
                    e.range.start <= e.range.end
                        && e.range.end <= text.len()
                        && text.is_char_boundary(e.range.start)
                        && text.is_char_boundary(e.range.end),
                    "{:?}: edit range {:?} is not in {} ({} bytes)",
                    fix.title,
                    e.range,
                    e.path.display(),
                    text.len()
                );
            }
            for (i, x) in fix.edits.iter().enumerate() {
                for y in &fix.edits[i + 1..] {
                    assert!(
                        x.path != y.path
                            || x.range.end <= y.range.start
                            || y.range.end <= x.range.start,
                        "{:?}: overlapping edits {x:?} {y:?}",
                        fix.title
                    );
                }
            }
            let texts = edited_texts(&eval, &fix.edits, &project);
            let mut overlay = django_settings_lsp::OverlaySources::new(&project);
            for (path, new) in &texts {
                let old = &project.files[path];
                let edits: Vec<_> = fix.edits.iter().filter(|e| &e.path == path).collect();
                let lo = edits.iter().map(|e| e.range.start).min().unwrap();
                let hi = edits.iter().map(|e| e.range.end).max().unwrap();
                assert!(
                    new.len() >= old.text.len() - (hi - lo)
                        && old.text[..lo] == new[..lo]
                        && old.text[hi..] == new[new.len() - (old.text.len() - hi)..],
                    "{:?} changes bytes outside its edits",
                    fix.title
                );
                let before_errors = error_nodes(&old.tree);
                let after = fresh_tree(new);
                let after_errors = error_nodes(&after);
                if fix.title.starts_with("Suppress") {
                    // The inserted `# noqa` must read as a comment (not
                    // text in a string, nor junk after a `\` continuation).
                    let inserted = &edits[0].new_text;
                    let at = lo + inserted.find('#').unwrap_or(0);
                    let comment = after
                        .descendant_for_byte_range(at, at + 1)
                        .is_some_and(|n| n.kind() == "comment" && n.start_byte() <= at);
                    assert!(
                        comment || before_errors > 0,
                        "{:?}: the inserted noqa is not a comment:\n{}",
                        fix.title,
                        clip(new)
                    );
                }
                // A module with no syntax error keeps none. In a module that
                // has errors already, tree-sitter's error recovery regroups
                // the junk around any edit (an unclosed quote or bracket
                // swallows what follows), so neither counting error nodes
                // nor asking whether an edit landed in one tells a broken
                // fix from recovery noise: the long runs found only noise.
                // Python cannot load such a module anyway (dsl.E001).
                // tree-sitter-python accepts a NUL or a U+FEFF past the start
                // in some places (Python never does): such a module counts
                // as broken already.
                let python_rejects = old.text.contains('\0')
                    || old
                        .text
                        .char_indices()
                        .any(|(i, c)| c == '\u{feff}' && i > 0);
                assert!(
                    before_errors > 0 || python_rejects || after_errors == 0,
                    "{:?} for {} leaves {after_errors} error nodes in a valid module:\n--- before\n{}\n--- after\n{}",
                    fix.title,
                    finding.code,
                    clip(&old.text),
                    clip(new)
                );
                overlay.put(path.clone(), Arc::from(new.as_str()));
                out.push(Fixed {
                    label: format!("{} for {}", fix.title, finding.code),
                    before: old.text.to_string(),
                    after: new.clone(),
                });
            }
            if !fix.title.starts_with("Suppress") {
                let after = evaluate(&project.entry, &overlay).expect("the fixed module loads");
                // One fewer of its kind: a check may report one finding per
                // entry (4_0.E001, W025, dsl.W001 per password), and a fix
                // clears the one it names.
                let kind = |f: &&Finding| f.code == finding.code && f.setting == finding.setting;
                let before_count = rep.findings.iter().filter(kind).count();
                let after_count = report(&after).findings.iter().filter(kind).count();
                assert!(
                    after_count < before_count,
                    "{:?} leaves {}",
                    fix.title,
                    finding.code
                );
            }
        }
    }
    if b.below(4) == 0 {
        let (changed, _) = fix_all(&project.entry, &project, &FixPolicy::SAFE);
        for (path, new) in changed {
            let before_errors = error_nodes(&project.files[&path].tree);
            let after_errors = error_nodes(&fresh_tree(&new));
            assert!(
                after_errors <= before_errors,
                "fix-all adds error nodes to {}:\n--- before\n{}\n--- after\n{}",
                path.display(),
                clip(&project.files[&path].text),
                clip(&new)
            );
        }
    }
    stats.elapsed = started.elapsed();
    stats
}

/// The lines around `start..end`, for failure messages.
pub fn around(text: &str, start: usize, end: usize) -> &str {
    let lo = floor_boundary(text, start.saturating_sub(300));
    let hi = floor_boundary(text, end + 300);
    &text[lo..hi]
}

/// At most 1500 bytes of a text, for failure messages.
pub fn clip(text: &str) -> &str {
    &text[..floor_boundary(text, 1500)]
}

/// Compiles each pair with Python when `python3` is on PATH: a fix must not
/// turn a module Python compiles into one it rejects. Returns how many
/// pairs were judged (0 without Python).
pub fn python_compiles_fixed(fixed: &[Fixed]) -> usize {
    use std::process::Command;
    if fixed.is_empty()
        || Command::new("python3")
            .arg("-c")
            .arg("pass")
            .output()
            .is_err()
    {
        return 0;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![];
    for (i, f) in fixed.iter().enumerate() {
        let a = dir.path().join(format!("b{i}.py"));
        let z = dir.path().join(format!("a{i}.py"));
        std::fs::write(&a, &f.before).unwrap();
        std::fs::write(&z, &f.after).unwrap();
        files.push((a, z));
    }
    let script = "import sys\nfor i in range(1, len(sys.argv), 2):\n    ok = []\n    for f in sys.argv[i:i+2]:\n        try:\n            compile(open(f, 'rb').read(), f, 'exec')\n            ok.append(True)\n        except BaseException:\n            ok.append(False)\n    if ok[0] and not ok[1]:\n        print((i - 1) // 2)\n";
    let mut cmd = Command::new("python3");
    cmd.arg("-c").arg(script);
    for (a, z) in &files {
        cmd.arg(a).arg(z);
    }
    let out = cmd.output().expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad: Vec<&Fixed> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse::<usize>().ok())
        .map(|i| &fixed[i])
        .collect();
    if let Some(f) = bad.first() {
        panic!(
            "{} of {} fixes break a module Python compiled; first: {}\n--- before\n{}\n--- after\n{}",
            bad.len(),
            fixed.len(),
            f.label,
            f.before,
            f.after
        );
    }
    fixed.len()
}
