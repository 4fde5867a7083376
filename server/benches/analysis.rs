//! Criterion benchmarks of the analysis core and the document layer.
//! `cargo bench --bench analysis`; see BENCHMARKS.md.

mod support;

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use django_settings_lsp::{
    editor::{Document, Encoding},
    evaluate, parse_python, report, DiskSources, ModuleTree, OverlaySources,
};
use tower_lsp_server::ls_types::{Position, Range};

/// Parse + evaluate + check, as `check` does for one module held in memory.
fn analyse(files: &[(PathBuf, Arc<str>)]) -> usize {
    let disk = DiskSources::new();
    let mut overlay = OverlaySources::new(&disk);
    for (p, t) in files {
        overlay.put(p.clone(), t.clone());
    }
    let eval = evaluate(&files[0].0, &overlay).expect("in memory");
    report(&eval).findings.len()
}

fn bench(c: &mut Criterion) {
    let dir = PathBuf::from("/nonexistent-bench/proj/settings");
    let one = |name: &str, text: String| vec![(dir.join(name), Arc::<str>::from(text))];

    let sp = one("settings.py", support::startproject());
    c.bench_function("analyse startproject settings", |b| b.iter(|| analyse(&sp)));

    let big_text = support::settings_module(4000);
    let big = one("settings.py", big_text.clone());
    c.bench_function("analyse 4000-line module", |b| b.iter(|| analyse(&big)));
    c.bench_function("parse 4000-line module (full)", |b| {
        b.iter(|| parse_python(&big_text, None))
    });

    c.bench_function("parse 4000-line module (a tree per statement)", |b| {
        b.iter(|| ModuleTree::parse(&big_text))
    });

    // One character typed in the middle of the 4000-line module: rope edit,
    // the touched statements split and parsed again, the later ones moved,
    // then analysis of the new text.
    let line = 2000u32;
    let doc = Document::new(&big_text);
    let at = Some(Range::new(Position::new(line, 0), Position::new(line, 0)));
    c.bench_function("incremental edit + reparse, 4000 lines", |b| {
        b.iter_batched(
            || {
                let mut d = doc.clone();
                d.tree();
                d
            },
            |mut d| {
                d.apply(at, "#", Encoding::Utf8).expect("in range");
                d.tree().statements().count()
            },
            BatchSize::SmallInput,
        )
    });
    c.bench_function("incremental edit + reparse + analysis, 4000 lines", |b| {
        b.iter_batched(
            || {
                let mut d = doc.clone();
                d.tree();
                d
            },
            |mut d| {
                d.apply(at, "#", Encoding::Utf8).expect("in range");
                let path = dir.join("settings.py");
                let parsed = d.parsed(&path);
                let disk = DiskSources::new();
                let mut overlay = OverlaySources::new(&disk);
                overlay.files.insert(path.clone(), parsed);
                let eval = evaluate(&path, &overlay).expect("in memory");
                report(&eval).findings.len()
            },
            BatchSize::SmallInput,
        )
    });

    let split = vec![
        (dir.join("production.py"), Arc::<str>::from("from .mixins import *\nMIDDLEWARE.append(\"django.middleware.clickjacking.XFrameOptionsMiddleware\")\nSECURE_SSL_REDIRECT = True\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\n")),
        (dir.join("mixins.py"), Arc::<str>::from("from .base import *\nSECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(\"HSTS_SUBDOMAINS\", True)\n")),
        (dir.join("base.py"), Arc::<str>::from(support::settings_module(200))),
        (dir.join("__init__.py"), Arc::<str>::from("")),
    ];
    c.bench_function("analyse three-module split project", |b| {
        b.iter(|| analyse(&split))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
