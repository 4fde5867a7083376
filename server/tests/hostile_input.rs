//! Hostile input on disk, through the library and the built binary: huge
//! modules, deep nesting, binary and invalid UTF-8 files reached through
//! star imports, import cycles, symlink loops, imports leaving the project,
//! missing modules. Each must end with an answer (no panic, no stack
//! overflow, no hang). Time limits are generous and only detect hangs.

use crate::common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::write;
use django_settings_lsp::{analyze, DiskSources};

/// Far above what a debug build needs; only a hang reaches it.
const HANG: Duration = Duration::from_secs(120);

pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with `args` in `dir`; panics if it is still running after
/// `HANG` (and kills it), or if it died of a signal (a stack overflow
/// aborts).
pub fn cli(dir: &Path, args: &[&str]) -> Output {
    cli_within(dir, args, HANG)
}

/// `cli` with its own hang limit.
pub fn cli_within(dir: &Path, args: &[&str], hang: Duration) -> Output {
    run(
        Command::new(env!("CARGO_BIN_EXE_django-settings-lsp")).args(args),
        dir,
        args,
        hang,
    )
}

/// `cli_within` with the process's address space limited to `kib` (the
/// shell's `ulimit -v`): an allocation past it fails, and a failed
/// allocation aborts the process, which `cli_within` reports.
pub fn cli_in_memory(dir: &Path, args: &[&str], kib: u64, hang: Duration) -> Output {
    let script = format!("ulimit -v {kib} && exec \"$0\" \"$@\"");
    run(
        Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_django-settings-lsp")])
            .args(args),
        dir,
        args,
        hang,
    )
}

fn run(cmd: &mut Command, dir: &Path, args: &[&str], hang: Duration) -> Output {
    let mut child = cmd
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut s = vec![];
        out.read_to_end(&mut s).unwrap();
        s
    });
    let e = std::thread::spawn(move || {
        let mut s = vec![];
        err.read_to_end(&mut s).unwrap();
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > hang {
            let _ = child.kill();
            panic!("`{args:?}` still running after {hang:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&o.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&e.join().unwrap()).into_owned();
    assert!(
        status.code().is_some(),
        "`{args:?}` died of a signal ({status:?}; a stack overflow aborts):\n{stderr}"
    );
    Output {
        code: status.code(),
        stdout,
        stderr,
    }
}

/// A project with `manage.py`, package `pkg` and `pkg/settings.py`.
fn project(dir: &Path, settings: &str) -> PathBuf {
    write(dir, "manage.py", "");
    write(dir, "pkg/__init__.py", "");
    write(dir, "pkg/settings.py", settings)
}

fn with_deadline<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    // The binary's stack (main thread) rather than a test thread's 2 MiB.
    let h = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(f)
        .unwrap();
    let started = Instant::now();
    while !h.is_finished() {
        assert!(
            started.elapsed() < HANG,
            "{what}: still running after {HANG:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    match h.join() {
        Ok(v) => v,
        Err(p) => std::panic::resume_unwind(p),
    }
}

#[test]
fn five_megabyte_module() {
    let t = tempfile::tempdir().unwrap();
    let mut text = String::from("\"\"\"Generated settings.\"\"\"\nimport os\n");
    let mut i = 0;
    while text.len() < 5 << 20 {
        if i % 5 == 0 {
            text.push_str(&format!(
                "SETTING_{i} = {{'name': 'value {i}', 'items': [{i}, '{i}'], 'on': True}}\n"
            ));
        } else {
            text.push_str("# padding: a settings module is mostly comments when it is this big ............\n");
        }
        i += 1;
    }
    text.push_str("DEBUG = True\n");
    let lines = text.lines().count();
    project(t.path(), &text);
    let out = cli(t.path(), &["check", "pkg/settings.py"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stdout
            .contains(&format!("pkg/settings.py:{lines}:9: security.W018")),
        "{}",
        &out.stdout[..out.stdout.len().min(2000)]
    );
}

#[test]
fn hundred_thousand_line_module() {
    let t = tempfile::tempdir().unwrap();
    let mut text: String = (0..100_000).map(|i| format!("X_{i} = {i}\n")).collect();
    text.push_str("DEBUG = True\n");
    project(t.path(), &text);
    let out = cli(t.path(), &["check", "--format", "json", "pkg/settings.py"]);
    assert_eq!(out.code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let w018 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "security.W018")
        .unwrap();
    assert_eq!(w018["line"], 100_001);
}

#[test]
fn one_megabyte_single_line() {
    let t = tempfile::tempdir().unwrap();
    let hosts: Vec<String> = (0..100_000)
        .map(|i| format!("'h{i}.example.com'"))
        .collect();
    let mut text = format!("ALLOWED_HOSTS = [{}]", hosts.join(", "));
    assert!(text.len() > 1 << 20);
    text.push_str("; DEBUG = True\n");
    project(t.path(), &text);
    let out = cli(t.path(), &["check", "--format", "json", "pkg/settings.py"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let w018 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "security.W018")
        .unwrap();
    assert_eq!(w018["line"], 1);
    // 1-based columns, in characters.
    assert_eq!(w018["column"], text.chars().count() as u64 - 4);
}

/// 10,000 nested brackets: Python refuses more than 200 (a load failure,
/// dsl.E001); the evaluator, the checks and the fixes must not overflow
/// the stack on the way.
#[test]
fn ten_thousand_nested_brackets() {
    let t = tempfile::tempdir().unwrap();
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = format!(
        "DEBUG = {}True{}\nX = {deep}\nMIDDLEWARE = {}]{}\nSECRET_KEY = ({})\n",
        "[".repeat(10_000),
        "]".repeat(10_000),
        "[".repeat(10_000),
        "]".repeat(9_999),
        "(".repeat(5_000) + "'k'" + &")".repeat(5_000)
    );
    let path = project(t.path(), &text);
    let report = with_deadline("analyse 10,000 brackets", move || {
        analyze(&path, &DiskSources::new()).unwrap()
    });
    assert!(
        report.findings.iter().any(|f| f.code == "dsl.E001"),
        "Python's nesting limit is a load failure"
    );
    for args in [
        &["check", "--show-notes", "pkg/settings.py"][..],
        &["check", "--format", "json", "pkg/settings.py"],
        &["check", "--diff", "pkg/settings.py"],
        &["check", "--diff", "--unsafe-fixes", "pkg/settings.py"],
    ] {
        let out = cli(t.path(), args);
        assert!(
            out.code == Some(0) || out.code == Some(1),
            "{args:?}: {}",
            out.stderr
        );
    }
}

/// Nesting deeper than any file Python accepts, in a value a fix edits: the
/// fix code must not recurse once per bracket.
#[test]
fn hundred_thousand_nested_brackets_in_a_fixed_setting() {
    let t = tempfile::tempdir().unwrap();
    let text = format!(
        "DEBUG = {}True{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    project(t.path(), &text);
    let out = cli(
        t.path(),
        &["check", "--diff", "--unsafe-fixes", "pkg/settings.py"],
    );
    assert!(out.code == Some(0) || out.code == Some(1), "{}", out.stderr);
}

#[test]
fn binary_and_invalid_utf8_files_reached_through_star_imports() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    project(d, "from .binary import *\nDEBUG = True\n");
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    binary.extend_from_slice(b"\0\0\xff\xfe");
    std::fs::write(d.join("pkg/binary.py"), &binary).unwrap();
    write(d, "pkg/latin.py", "");
    std::fs::write(d.join("pkg/latin.py"), b"SECRET_KEY = 'caf\xe9'\n").unwrap();
    write(
        d,
        "pkg/prod.py",
        "from .latin import *\nfrom .settings import *\n",
    );
    for (entry, args) in [
        ("pkg/settings.py", &["check", "--show-notes"][..]),
        (
            "pkg/prod.py",
            &["check", "--show-notes", "--format", "json"],
        ),
        ("pkg/binary.py", &["check"]),
        ("pkg/latin.py", &["check"]),
    ] {
        let mut a = args.to_vec();
        a.push(entry);
        let out = cli(d, &a);
        assert!(
            matches!(out.code, Some(0..=2)),
            "{entry}: {:?}\n{}",
            out.code,
            out.stderr
        );
        if entry == "pkg/settings.py" {
            assert!(out.stdout.contains("dsl.E001"), "{}", out.stdout);
            assert!(out.stdout.contains("not valid UTF-8"), "{}", out.stdout);
        }
        if entry.ends_with("binary.py") || entry.ends_with("latin.py") {
            assert_eq!(out.code, Some(2), "an unreadable entry is an I/O error");
            assert!(out.stderr.contains("UTF-8"), "{}", out.stderr);
        }
    }
    // The directory search meets them too.
    let out = cli(d, &["check", "."]);
    assert!(matches!(out.code, Some(0..=2)), "{}", out.stderr);
}

#[test]
fn cyclic_star_imports_and_a_star_import_of_itself() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    project(
        d,
        "from .settings import *\nfrom .settings import *\nDEBUG = True\n",
    );
    write(d, "pkg/a.py", "from .b import *\nDEBUG = True\nX = 1\n");
    write(
        d,
        "pkg/b.py",
        "from .a import *\nSECURE_SSL_REDIRECT = True\nY = X\n",
    );
    write(d, "pkg/c.py", "from pkg.c import *\nfrom pkg import *\n");
    write(d, "pkg/__init__.py", "from .a import *\n");
    for entry in [
        "pkg/settings.py",
        "pkg/a.py",
        "pkg/b.py",
        "pkg/c.py",
        "pkg/__init__.py",
    ] {
        let path = std::fs::canonicalize(d.join(entry)).unwrap();
        let report = with_deadline(entry, move || analyze(&path, &DiskSources::new()).unwrap());
        assert!(
            !report.findings.is_empty() || !report.notes.is_empty(),
            "{entry}"
        );
        let out = cli(d, &["check", "--show-notes", entry]);
        assert!(matches!(out.code, Some(0 | 1)), "{entry}: {}", out.stderr);
    }
    // a imports b which imports a half-loaded: b sees `X` unset (NameError in
    // Python), so checking a is a load failure, as Django would have it.
    let out = cli(d, &["check", "pkg/a.py"]);
    assert!(out.stdout.contains("dsl.E001"), "{}", out.stdout);
    // Every module here is star-imported by another: no deploy module to
    // find is a usage error, not a hang.
    let out = cli(d, &["check", "."]);
    assert!(matches!(out.code, Some(0..=2)), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_the_project_tree() {
    use std::os::unix::fs::symlink;
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    project(d, "from .base import *\nDEBUG = True\n");
    write(d, "pkg/base.py", "ALLOWED_HOSTS = ['x']\n");
    symlink(".", d.join("pkg/loop")).unwrap();
    symlink("..", d.join("pkg/up")).unwrap();
    symlink(d, d.join("pkg/root")).unwrap();
    std::fs::create_dir_all(d.join("deep/a")).unwrap();
    symlink("../../deep", d.join("deep/a/b")).unwrap();
    symlink("self.py", d.join("pkg/self.py")).unwrap();
    symlink("pong.py", d.join("pkg/ping.py")).unwrap();
    symlink("ping.py", d.join("pkg/pong.py")).unwrap();
    symlink(".", d.join("pkg/settings")).unwrap();
    write(
        d,
        "pkg/uses_loops.py",
        "from .ping import *\nfrom .self import *\nfrom .loop.loop.base import *\nDEBUG = True\n",
    );
    let out = cli(d, &["check", "."]);
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    assert!(out.stdout.contains("security.W018"), "{}", out.stdout);
    let out = cli(d, &["check", "pkg"]);
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    let out = cli(d, &["check", "--show-notes", "pkg/uses_loops.py"]);
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    let out = cli(d, &["check", "pkg/ping.py"]);
    assert_eq!(
        out.code,
        Some(2),
        "a symlink loop is an I/O error: {}",
        out.stderr
    );
}

/// `from ..outside import *` from the top package climbs out of the project
/// (the folder with `manage.py`): not followed, even though the file exists.
#[test]
fn a_star_import_pointing_outside_the_workspace_is_not_followed() {
    let t = tempfile::tempdir().unwrap();
    let outer = t.path();
    write(
        outer,
        "outside.py",
        "SECURE_SSL_REDIRECT = True\nDEBUG = False\n",
    );
    write(outer, "__init__.py", "");
    let proj = outer.join("proj");
    let path = project(
        &proj,
        "from ..outside import *\nfrom ...outside import *\nSECURE_SSL_REDIRECT = False\nfrom ..outside import *\n",
    );
    let report = analyze(&std::fs::canonicalize(&path).unwrap(), &DiskSources::new()).unwrap();
    let outside = std::fs::canonicalize(outer.join("outside.py")).unwrap();
    assert!(
        !report.files.contains(&outside),
        "read {}: {:?}",
        outside.display(),
        report.files
    );
    let out = cli(&proj, &["check", "--show-notes", "pkg/settings.py"]);
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    assert!(
        !out.stdout.contains("outside.py"),
        "nothing reported from outside: {}",
        out.stdout
    );
}

#[test]
fn star_import_of_a_missing_module() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    project(d, "from .missing import *\nDEBUG = True\n");
    write(
        d,
        "pkg/absolute.py",
        "from pkg.missing import *\nDEBUG = True\n",
    );
    write(
        d,
        "pkg/external.py",
        "from some_installed_package import *\nDEBUG = True\n",
    );
    write(
        d,
        "pkg/optional.py",
        "try:\n    from .missing import *\nexcept ImportError:\n    pass\nDEBUG = True\n",
    );
    let out = cli(d, &["check", "pkg/settings.py"]);
    assert!(out.stdout.contains("dsl.E001"), "{}", out.stdout);
    assert!(out.stdout.contains("No module named"), "{}", out.stdout);
    let out = cli(d, &["check", "pkg/absolute.py"]);
    assert!(out.stdout.contains("dsl.E001"), "{}", out.stdout);
    // An installed package may define anything: nothing decided, no crash.
    let out = cli(d, &["check", "--show-notes", "pkg/external.py"]);
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    assert!(out.stdout.contains("dsl.I001"), "{}", out.stdout);
    let out = cli(d, &["check", "pkg/optional.py"]);
    assert!(out.stdout.contains("security.W018"), "{}", out.stdout);
    assert!(!out.stdout.contains("dsl.E001"), "{}", out.stdout);
}

/// Found by fuzz target (a). Every environment read inside one top-level
/// statement is pushed onto `Interp::taint` (duplicates included) and every
/// assignment clones, sorts and dedups the whole list, so a loop that reads
/// a variable costs time proportional to reads × assignments: this module
/// (16,900 reads, a million assignments) takes minutes in a release build
/// instead of about a second; every keystroke in it would freeze the
/// server. Small bound: `for a in range(8000): S = os.environ.get('X')`
/// already takes 0.6 s (release) against 0.02 s for 1,000.
#[test]
fn environment_reads_in_a_loop_do_not_make_evaluation_quadratic() {
    let t = tempfile::tempdir().unwrap();
    project(
        t.path(),
        "import os\nfor a in range(130):\n    for b in range(130):\n        for c in range(62):\n            X = 1\n        S = os.environ.get('X')\nDEBUG = True\n",
    );
    // About a second in a release build once linear; minutes now.
    let out = cli_within(
        t.path(),
        &["check", "--show-notes", "pkg/settings.py"],
        Duration::from_secs(60),
    );
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
}

/// Found by fuzz target (a) on 482e8fe (fixed in 6a5fdbd). The time to check this module
/// doubles with each level of the nested set in `DEBUG` (0.44 s at 24
/// levels, 2 s at 26, 8 s at 28 in a release build): 40 levels, far below
/// Python's limit of 200, would take hours. It needs the set nesting, an
/// undecidable `if`/`elif` (the names come from a star import that is not
/// followed) and the branch rebinding `DEBUG` in a tuple assignment.
#[test]
fn nested_sets_in_an_undecided_branch_do_not_take_exponential_time() {
    let t = tempfile::tempdir().unwrap();
    let n = 40;
    let text = format!(
        "DEBUG = {}\"\"\"1\"\"\"{}\nfrom ..outside import *\nif ALLOWED_HOSTS.copy():\n    pass\nelif {{b\"\"\"s3cr3t-v4lue-that-is-long-enough-0123456789abcdefghijklmnop\"\"\": lambda: [h for h in x if h], 'PASSWORD': 'pw-88'}}.split(',')[1]:\n    x, DEBUG = True, True\n    SECURE_HSTS_PRELOAD = [h for h in {{b\"s3cr3t-v4lue-that-is-long-enough-0123456789abcdefghijklmnop\": [h for h in True if h], 'PASSWORD': 'pw-0'}} if h]\n",
        "{".repeat(n),
        "}".repeat(n)
    );
    project(t.path(), &text);
    let out = cli_within(
        t.path(),
        &["check", "--show-notes", "pkg/settings.py"],
        Duration::from_secs(60),
    );
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
}

/// Found by fuzz target (a): building values costs in proportion to their
/// size, which one step per statement did not bound. Release build, before
/// the size charge: `S = S + "x"` in a 1,000 × 1,000 loop 4.6 s, `L = L +
/// [1]` 230 s, a reason string growing by "the result of calling ..." each
/// iteration 22 s; after: under 0.1 s each. Each of these would take
/// minutes here without it.
#[test]
fn values_growing_in_nested_loops_are_bounded_work() {
    for body in [
        "S = ''\nfor i in range(1000):\n    for j in range(1000):\n        S = S + 'x'\n",
        "L = []\nfor i in range(1000):\n    for j in range(1000):\n        L = L + [1]\n",
        "L = list(range(5000))\nfor i in range(1000):\n    for j in range(1000):\n        L = L.copy()\n",
        "D = {i: i for i in range(50000)}\nfor i in range(1000):\n    for j in range(1000):\n        D = {**D}\n        E = dict(D)\n",
        "import somepkg\nX = somepkg.thing\nfor i in range(1000):\n    for j in range(1000):\n        X = X.copy()\n",
        "S = 'ab' * 1000\nfor i in range(1000):\n    S = S * 100000\n",
    ] {
        let t = tempfile::tempdir().unwrap();
        project(t.path(), &format!("{body}DEBUG = True\n"));
        let out = cli_within(
            t.path(),
            &["check", "--show-notes", "pkg/settings.py"],
            Duration::from_secs(60),
        );
        assert!(matches!(out.code, Some(0 | 1)), "{body}\n{}", out.stderr);
    }
}

/// Values much larger than what they are built from, each in a loop that
/// would double it 60 times. The first is fuzz target (a)'s module: a
/// nested f-string holding the repr of a tuple that holds the value, so its
/// quotes are escaped again each round; before the byte budget `check` grew
/// past 2.4 GB in 10 s and aborted ("memory allocation of 2147483648 bytes
/// failed"). The first seven abort without the byte budget in the address
/// space given here; the others were already bounded by the step budget
/// and stay as guards of the same shape; the last has an exponentially
/// long repr, which a message once built whole. Each must answer
/// promptly in 150 MB of address space (binary, stack and parse included).
#[test]
fn values_that_outgrow_their_inputs_are_bounded_memory() {
    for body in [
        "DEBUG = True\nAWS_SECRET_ACCESS_KEY = AWS_SECRET_ACCESS_KEY\r\nSECRET_KEY_FALLBACKS = 0\r\nfor m in ('django.middleware.clickjacking.XFrameOptionsMiddleware'):\r\n    DEBUG = f'{f'{(\r\nf'{DEBUG}',\r\n    'django.middleware.security.SecurityMiddleware' or None)}'}'\r\nSECURE_SSL_REDIRECT = ''\nMIDDLEWARE.remove('django.middleware.common.CommonMiddleware')\nCSRF_USE_SESSIONS = f'{True}'\nCSRF_USE_SESSIONS = True\n",
        "S = '\\'\"'\nfor i in range(60):\n    S = repr((S, S))\n",
        "S = 'x'\nfor i in range(60):\n    S = f'{S}{S}'\n",
        "S = 'x'\nfor i in range(60):\n    S = S.join([S, S, S])\n",
        "S = 'x'.zfill(10 ** 12)\n",
        "from pathlib import Path\nP = Path('a')\nfor i in range(60):\n    P = P / str(P)\n",
        "L = ['x' * 1000000]\nfor i in range(60):\n    L = L + L\nS = ''.join(L)\n",
        "S = 'x'\nfor i in range(60):\n    S = '{}{}'.format(S, S)\n",
        "S = 'x'\nfor i in range(60):\n    S = S.replace('x', 'xx')\n",
        "S = 'ß' * 100000\nfor i in range(60):\n    S = S.upper() + S.upper()\n",
        "S = 'x'.replace('', 'y' * 1000000)\n",
        "S = 'x' * 1000000\nfor i in range(100):\n    T = list(S)\n",
        "T = ('x' * 1000,)\nfor i in range(60):\n    T = (T, T)\nDEBUG = T\n",
    ] {
        let t = tempfile::tempdir().unwrap();
        project(t.path(), body);
        let out = cli_in_memory(
            t.path(),
            &["check", "--show-notes", "pkg/settings.py"],
            150 * 1024,
            Duration::from_secs(60),
        );
        assert!(matches!(out.code, Some(0 | 1)), "{body}\n{}", out.stderr);
    }
}
