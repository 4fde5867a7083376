//! What bounds incremental reparsing (issue 5): tree-sitter-python cannot
//! reuse a top-level statement that starts with an identifier, because the
//! identifier is the grammar's keyword-capture token and is reusable only in
//! the parse state it was lexed in, which differs once the previous
//! statement is reduced; the module's statement list is also marked fragile.
//! So a one-character edit re-lexes and re-shifts every top-level statement:
//! reparsing is linear in the module, a third of a full parse, not a tenth.
//! This test fails when a tree-sitter or grammar upgrade lifts that limit,
//! which makes the ≥ 10× target in BENCHMARKS.md reachable.

#[path = "../benches/support/mod.rs"]
mod support;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use tree_sitter::{InputEdit, LogType, Parser, Point};

#[test]
fn a_one_character_edit_makes_tree_sitter_python_revisit_every_statement() {
    let text = support::settings_module(4000);
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .unwrap();
    let tree = parser.parse(&text, None).unwrap();
    let statements = tree.root_node().named_child_count();
    assert!(statements > 2000, "{statements}");

    let (line, offset) = (2000, text.match_indices('\n').nth(1999).unwrap().0 + 1);
    let mut edited = text.clone();
    edited.insert(offset, '#');
    let mut old = tree.clone();
    old.edit(&InputEdit {
        start_byte: offset,
        old_end_byte: offset,
        new_end_byte: offset + 1,
        start_position: Point::new(line, 0),
        old_end_position: Point::new(line, 0),
        new_end_position: Point::new(line, 1),
    });
    let events: Rc<RefCell<BTreeMap<String, usize>>> = Rc::default();
    let sink = events.clone();
    parser.set_logger(Some(Box::new(move |kind, message| {
        if kind == LogType::Parse {
            let event = message.split([' ', ':']).next().unwrap_or("");
            *sink.borrow_mut().entry(event.to_string()).or_default() += 1;
        }
    })));
    let reparsed = parser.parse(&edited, Some(&old)).unwrap();
    parser.set_logger(None);
    assert_eq!(
        reparsed.root_node().to_sexp(),
        parser.parse(&edited, None).unwrap().root_node().to_sexp()
    );
    let events = events.borrow();
    let refused = events.get("cant_reuse_node").copied().unwrap_or(0);
    let lexed = events.get("lexed_lookahead").copied().unwrap_or(0);
    assert!(
        refused * 10 > statements * 7 && lexed * 10 > statements * 7,
        "tree-sitter-python now reuses statements ({refused} refused, {lexed} tokens lexed for {statements} statements): \
         re-measure the incremental reparse in BENCHMARKS.md\n{events:?}"
    );
}
