//! Fuzz target (c), quick run: on generated and mutated settings modules,
//! every fix `fixes_for` offers for every finding, and the `# noqa`
//! suppression, applied to the module: the result parses with no new error
//! nodes, only the edited ranges change, the fixed finding is gone; and when
//! `python3` is on PATH, no fix turns a module Python compiles into one it
//! rejects. `DSL_FUZZ_CASES` sets the number of cases; the long run is
//! `fuzz/run fixes` (CONTRIBUTING.md).

use crate::fuzzing;

use std::sync::Mutex;

use fuzzing::{on_main_sized_stack, Fixed};
use proptest::prelude::*;

static FIXED: Mutex<Vec<Fixed>> = Mutex::new(Vec::new());

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzzing::cases(24), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_offered_fix_keeps_the_module_parseable(data in prop::collection::vec(any::<u8>(), 0..1536)) {
        let fixed = on_main_sized_stack(move || {
            let mut out = vec![];
            fuzzing::fix_validity(&data, &mut out, 8);
            out
        });
        FIXED.lock().unwrap_or_else(|e| e.into_inner()).extend(fixed);
    }
}

/// Runs after (or beside) the property; judges what it collected so far, then
/// its own small batch, with Python's compiler.
#[test]
fn fixed_modules_still_compile_with_python() {
    let fixed = on_main_sized_stack(|| {
        let mut out = vec![];
        for seed in 0u32..16 {
            let data: Vec<u8> = (0..1024u32)
                .map(|i| {
                    (seed
                        .wrapping_mul(0x9e37_79b9)
                        .wrapping_add(i.wrapping_mul(97))
                        >> 5) as u8
                })
                .collect();
            fuzzing::fix_validity(&data, &mut out, 8);
        }
        out
    });
    assert!(!fixed.is_empty(), "the batch offers fixes");
    let mut all = std::mem::take(&mut *FIXED.lock().unwrap_or_else(|e| e.into_inner()));
    all.extend(fixed);
    fuzzing::python_compiles_fixed(&all);
}

/// Found by fuzz target (c): `API_TOKEN = 'tok'DEBUG = True` parses with a
/// missing `_newline`, a hidden token the tree cursor never visits, so the
/// harness counted no error node and took the module (which Python
/// rejects) for a valid one that a fix had broken.
#[test]
fn a_hidden_missing_token_counts_as_an_error_node() {
    let text = "EMAIL_HOST_PASSWORD = 'x'\nAPI_TOKEN = 'tok_abcdef'DEBUG = True\n";
    let tree = django_settings_lsp::ModuleTree::parse(text);
    assert!(tree.has_error());
    assert!(fuzzing::error_nodes(&tree) > 0);
    let valid = django_settings_lsp::ModuleTree::parse("A = 1\nB = [1, 2]\n");
    assert_eq!(fuzzing::error_nodes(&valid), 0);
}

/// Found by the `fixes` target: a module with two hardcoded database
/// passwords (two dsl.W001 on DATABASES). Moving one into the environment
/// leaves the other, and the target took that for the fix leaving its own
/// finding; a fix is proven by one fewer finding of its kind.
#[test]
fn a_fix_for_one_of_two_findings_of_a_kind_clears_its_own() {
    let data = [
        0x40, 0xff, 0x5e, 0xb2, 0xe0, 0xeb, 0x5e, 0x6e, 0xff, 0xff, 0xff, 0x4e, 0xff, 0xff,
    ];
    on_main_sized_stack(move || {
        let mut out: Vec<Fixed> = vec![];
        fuzzing::fix_validity(&data, &mut out, 8);
    });
}

/// Found by the `fixes` target: in a module Python cannot parse
/// (`DEBUG = TrueDEBUG = TrueDATABASES = {...`), tree-sitter's error recovery bound
/// DEBUG to the next statement's value, and fix-all's `DEBUG = False`
/// replaced a password instead. A module with a syntax error gets no fix.
#[test]
fn a_module_python_cannot_parse_gets_no_fix() {
    let data = [
        0xe0, 0x27, 0x24, 0x10, 0xff, 0xff, 0xff, 0xe4, 0xff, 0xff, 0xff,
    ];
    on_main_sized_stack(move || {
        let mut out: Vec<Fixed> = vec![];
        fuzzing::fix_validity(&data, &mut out, 8);
    });
    let t = tempfile::tempdir().unwrap();
    let module = crate::common::write(
        t.path(),
        "settings.py",
        "DEBUG = TrueDEBUG = TrueDATABASES = {'default': {'ENGIefault': {'ENGINE': 'x', 'PASSWORD': 'hunter2-db-password'}}\nEMAIL_HOST_PASSWORD = 'mail-password-123'\nAPI_Tnter2-db-password'}}\nAPI_TOKEN = 'tok_abcdef'\n",
    );
    let sources = django_settings_lsp::DiskSources::new();
    let eval = django_settings_lsp::evaluate(&module, &sources).unwrap();
    let rep = django_settings_lsp::report(&eval);
    assert!(rep.findings.iter().any(|f| f.code == "dsl.E001"));
    for f in &rep.findings {
        assert!(
            django_settings_lsp::fixes_for(&eval, f, &sources).is_empty(),
            "{} is offered a fix",
            f.code
        );
    }
    let (changed, _) =
        django_settings_lsp::fix_all(&module, &sources, &django_settings_lsp::FixPolicy::SAFE);
    assert!(changed.is_empty(), "{changed:?}");
}
