//! Minimal reproducers of bugs the fuzzers found. Each fails until its bug
//! is fixed (then the matching exemption in `fuzzing/mod.rs` goes too).

use std::path::Path;
use std::sync::Arc;

use django_settings_lsp::analysis::fixes::{edited_texts, suppress_fix};
use django_settings_lsp::analysis::report::{evaluate, report};
use django_settings_lsp::analysis::{DiskSources, ParsedFile};

fn module(dir: &Path, text: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("manage.py"), "").unwrap();
    let p = dir.join("settings.py");
    std::fs::write(&p, text).unwrap();
    p
}

/// Found by fuzz target (c). The "Suppress ... (# noqa)" quick fix appends
/// `  # noqa: CODE` to the line the finding is shown on; when that line ends
/// in a `\` continuation the result is `DEBUG = \  # noqa: ...`, a syntax
/// error (a backslash must end its line). Here every finding about a
/// setting the module leaves out is shown on line 1.
#[test]
fn noqa_suppression_after_a_line_continuation_keeps_the_module_valid() {
    let t = tempfile::tempdir().unwrap();
    let path = module(t.path(), "DEBUG = \\\n    False\n");
    let sources = DiskSources::new();
    let eval = evaluate(&path, &sources).unwrap();
    let findings = report(&eval).findings;
    assert!(!findings.is_empty());
    let mut broken = vec![];
    for f in &findings {
        // No suppression is offered where a comment cannot go.
        let Some(fix) = suppress_fix(&eval, f) else {
            continue;
        };
        for (p, text) in edited_texts(&eval, &fix.edits, &sources) {
            let parsed = ParsedFile::parse(p, Arc::from(text.as_str()));
            if parsed.tree.root_node().has_error() {
                broken.push(format!("{}: {text:?}", f.code));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} suppressions leave a syntax error, e.g. {}",
        broken.len(),
        broken[0]
    );
}

/// Found by fuzz target (b). After these edits the incrementally reparsed
/// tree of a document with a syntax error differs from a fresh parse of the
/// same text: tree-sitter recovers from the error differently when it reuses
/// the old tree (a plain tree-sitter tree given exactly the same edits does
/// the same, so the edits `Document` computes are right). The analysis of
/// an open document with a syntax error can then depend on its edit history
/// (the diagnostics of `didOpen` and of the same text reached by edits can
/// differ), and `document_props`' first property can fail on such inputs.
/// A fix: in `Document::text`, when the reparsed tree `has_error()`, parse
/// once more without the old tree.
#[test]
fn an_edited_document_with_a_syntax_error_parses_like_a_fresh_one() {
    use django_settings_lsp::analysis::source::{parse_python, python_view};
    use django_settings_lsp::lsp::document::Document;
    use django_settings_lsp::lsp::encoding::Encoding;
    use tower_lsp_server::ls_types::{Position, Range};
    let r = |l1, c1, l2, c2| Some(Range::new(Position::new(l1, c1), Position::new(l2, c2)));
    let mut doc = Document::new(
        "if x:\n    from .base import *\r中文os.environ.get('X', 'True')#os.environ.get('X', 'True')",
    );
    doc.apply(r(2, 0, 2, 8), ",,,", Encoding::Utf8).unwrap();
    doc.apply(r(2, 0, 2, 6), "from .base import *😀,", Encoding::Utf8)
        .unwrap();
    doc.text(); // reparse here, as the server does between bursts of edits
    doc.apply(
        r(2, 5, 2, 8),
        "os.environ.get('X', 'True')\\\n",
        Encoding::Utf8,
    )
    .unwrap();
    let text = doc.text();
    let fresh = parse_python(&python_view(&text), None);
    assert_eq!(
        doc.tree().root_node().to_sexp(),
        fresh.root_node().to_sexp(),
        "text {text:?}"
    );
}
