//! Python's verdict on a module's syntax: what tree-sitter-python cannot
//! parse, brackets nested deeper than Python's tokenizer allows, and what
//! the grammar accepts that Python refuses.

use tree_sitter::Tree;

/// Whether Python can parse a module, and if not, where it first refuses
/// it: judged once per statement as it is parsed (`Judged`), the module's
/// verdict put together from its statements' (`ModuleTree::verdict`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxVerdict {
    Valid,
    Error {
        /// Bytes of the text; empty at a missing token.
        range: std::ops::Range<usize>,
        kind: SyntaxErrorKind,
    },
}

/// Why Python refuses a module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// tree-sitter's error or missing node (the first in the text).
    Unparsed,
    /// More than 200 nested brackets (Python's "too many nested
    /// parentheses"): the range is the first bracket past that.
    TooDeep,
    /// Text tree-sitter accepts and Python refuses: a misplaced star,
    /// arguments out of order, a bare tuple as a comprehension's iterable.
    Refused,
}

impl SyntaxVerdict {
    /// Where Python first refuses the text, if it does.
    pub fn error_range(&self) -> Option<std::ops::Range<usize>> {
        match self {
            SyntaxVerdict::Valid => None,
            SyntaxVerdict::Error { range, .. } => Some(range.clone()),
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, SyntaxVerdict::Error { .. })
    }
}

/// What Python would refuse in one parsed piece of a module, each kind
/// found separately (a module's verdict takes the first error of any
/// piece, else the first nesting too deep, else the first refusal), in
/// offsets relative to the piece's start, so a piece moved by an edit
/// elsewhere keeps its judgement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Judged {
    pub error: Option<std::ops::Range<usize>>,
    pub too_deep: Option<usize>,
    pub refused: Option<std::ops::Range<usize>>,
}

impl Judged {
    /// Judges `tree`, parsed from `text` with its piece starting at
    /// `start`: tree-sitter's first error, brackets nested too deep, what
    /// Python refuses and tree-sitter accepts. The later checks only run
    /// when the earlier find nothing: they would never be shown.
    pub fn of(text: &str, start: usize, tree: &Tree) -> Judged {
        let rel = |r: std::ops::Range<usize>| r.start - start..r.end - start;
        let root = tree.root_node();
        if root.has_error() {
            let error = first_error(root).unwrap_or(start..start);
            return Judged {
                error: Some(rel(error)),
                ..Judged::default()
            };
        }
        if let Some(at) = too_deep_brackets(text, tree) {
            return Judged {
                too_deep: Some(at - start),
                ..Judged::default()
            };
        }
        Judged {
            refused: syntax_error_tree_sitter_accepts(tree).map(rel),
            ..Judged::default()
        }
    }
}

/// The first place where Python refuses the text but tree-sitter-python
/// accepts it without an error node: a starred expression outside the
/// places Python allows one (`*x`, `x = *a`, `(*a)`, `f(x=*a)`, `[*a for
/// a in b]`, `*a = b`), and call arguments in an order Python refuses
/// (`f(a=1, b)`, `f(**k, *a)`), and a bare tuple as a comprehension's
/// iterable (`[x for x in a, b]`). Callers treat it as a syntax error.
///
/// tree-sitter also nests the star too tightly: `*a.b` comes out as
/// `(*a).b`, and the same text as `*(a.b)` after some edits, so an edited
/// tree can differ from a fresh parse. Python applies the star to the
/// whole operand (`*a.b, c`, `[*a[0]]` and `*a + b,` are valid), so the
/// star is judged by where that operand sits, found by climbing out of the
/// expressions it is the leftmost part of; both shapes climb to the same
/// place and get the same answer.
pub(super) fn syntax_error_tree_sitter_accepts(tree: &Tree) -> Option<std::ops::Range<usize>> {
    find_in_preorder(tree, |node| {
        let refused = match node.kind() {
            "list_splat" => !list_splat_allowed(node),
            "dictionary_splat" => !node
                .parent()
                .is_some_and(|p| matches!(p.kind(), "dictionary" | "argument_list")),
            // `*a = b`, `for *a in b`: a starred target must be in a list
            // or tuple.
            "list_splat_pattern" => node.parent().is_some_and(|p| {
                matches!(
                    p.kind(),
                    "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause"
                )
            }),
            "argument_list" => return arguments_out_of_order(node),
            // `[x for x in a, b]`: the iterable of a comprehension is not
            // a bare tuple.
            "for_in_clause" => {
                let mut c = node.walk();
                let comma = node.children(&mut c).any(|k| k.kind() == ",");
                comma
            }
            _ => false,
        };
        refused.then(|| node.byte_range())
    })
}

/// Whether Python accepts `*operand` where this `list_splat` is.
fn list_splat_allowed(splat: tree_sitter::Node) -> bool {
    // The operand Python sees: the largest expression the star starts.
    let mut operand = splat;
    let mut parent = operand.parent();
    while let Some(p) = parent {
        let field = match p.kind() {
            "attribute" => "object",
            "subscript" => "value",
            "call" => "function",
            "binary_operator" => "left",
            _ => break,
        };
        if p.child_by_field_name(field).map(|c| c.id()) != Some(operand.id()) {
            break;
        }
        operand = p;
        parent = p.parent();
    }
    let Some(p) = parent else {
        return false;
    };
    let has_comma = || {
        let mut c = p.walk();
        let found = p.children(&mut c).any(|k| k.kind() == ",");
        found
    };
    match p.kind() {
        "list" | "set" | "argument_list" | "expression_list" | "pattern_list" | "list_pattern"
        | "tuple_pattern" => true,
        // `a[*b]`: the operand is an index, not the subscripted value
        // (that would have been climbed out of).
        "subscript" => true,
        // `(*a,)` and `*a, b` are tuples; `(*a)` and `*a` are not.
        "tuple" | "expression_statement" => has_comma(),
        _ => false,
    }
}

/// Call arguments in an order Python refuses: a positional argument after
/// a keyword argument or `**`, or `*` after `**`.
fn arguments_out_of_order(args: tree_sitter::Node) -> Option<std::ops::Range<usize>> {
    let (mut keyword, mut double_star) = (false, false);
    let mut c = args.walk();
    let found = args.named_children(&mut c).find(|arg| match arg.kind() {
        "comment" => false,
        "keyword_argument" => {
            keyword = true;
            false
        }
        "dictionary_splat" => {
            double_star = true;
            false
        }
        "list_splat" => double_star,
        _ => keyword || double_star,
    });
    found.map(|n| n.byte_range())
}

/// Python's tokenizer refuses more than 200 nested brackets ("too many
/// nested parentheses"); the offset of the first bracket past that.
pub(super) fn too_deep_brackets(text: &str, tree: &Tree) -> Option<usize> {
    // `text` is the piece's text: brackets never stay open across pieces.
    const MAX_LEVEL: usize = 200;
    let opens = text
        .bytes()
        .filter(|b| matches!(b, b'(' | b'[' | b'{'))
        .count();
    if opens <= MAX_LEVEL {
        return None;
    }
    let mut level = 0usize;
    find_in_preorder(tree, |n| {
        if n.child_count() == 0 {
            match n.kind() {
                "(" | "[" | "{" => {
                    level += 1;
                    if level > MAX_LEVEL {
                        return Some(n.start_byte());
                    }
                }
                ")" | "]" | "}" => level = level.saturating_sub(1),
                _ => {}
            }
        }
        None
    })
}

/// The range of the error or missing node that starts first.
pub(super) fn first_error(root: tree_sitter::Node) -> Option<std::ops::Range<usize>> {
    let mut stack = vec![root];
    let mut best: Option<tree_sitter::Node> = None;
    while let Some(n) = stack.pop() {
        if !n.has_error() {
            continue;
        }
        if n.is_error() || n.is_missing() {
            if best
                .map(|b| n.start_byte() < b.start_byte())
                .unwrap_or(true)
            {
                best = Some(n);
            }
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    best.map(|n| {
        let r = n.byte_range();
        if r.is_empty() {
            r.start..r.start
        } else {
            r
        }
    })
}

/// The first answer `visit` gives, visiting every node in document order,
/// iteratively (trees nest as deep as the brackets in the text).
pub(crate) fn find_in_preorder<T>(
    tree: &Tree,
    mut visit: impl FnMut(tree_sitter::Node) -> Option<T>,
) -> Option<T> {
    let mut cursor = tree.walk();
    loop {
        if let Some(found) = visit(cursor.node()) {
            return Some(found);
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}
