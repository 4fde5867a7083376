//! Code actions: the core's proven fixes as LSP quick fixes, a `# noqa`
//! suppression per finding, and `source.fixAll.django-settings` (safe fixes
//! only). Everything is recomputed from the current analysis at request
//! time; `context.diagnostics` is not trusted.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::convert::{self, Files};
use super::encoding::{Encoding, LineIndex};
use crate::analysis::config::Config;
use crate::analysis::evaluate_with;
use crate::analysis::fixes::{self, Edit, Fix, FixPolicy};
use crate::analysis::ide::actions;
use crate::analysis::report::Evaluation;
use crate::analysis::source::SourceProvider;

pub const FIX_ALL: &str = "source.fixAll.django-settings";

pub fn kinds() -> Vec<CodeActionKind> {
    vec![CodeActionKind::QUICKFIX, CodeActionKind::from(FIX_ALL)]
}

/// Whether the client asked for `kind`: `only` lists kinds by prefix
/// (`source.fixAll` selects `source.fixAll.django-settings`).
fn wanted(only: &Option<Vec<CodeActionKind>>, kind: &str) -> bool {
    match only {
        None => kind != FIX_ALL,
        Some(kinds) => kinds.iter().any(|k| {
            let k = k.as_str();
            kind == k || kind.starts_with(&format!("{k}."))
        }),
    }
}

pub struct Request<'a> {
    /// The document the request is for, and its text.
    pub path: &'a Path,
    pub text: &'a str,
    /// The byte range asked about.
    pub range: Range<usize>,
    pub only: Option<Vec<CodeActionKind>>,
    /// The deploy modules whose findings this document shows.
    pub judges: Vec<PathBuf>,
    pub config: &'a Config,
    pub encoding: Encoding,
    /// Versions of open documents, for versioned edits.
    pub versions: HashMap<PathBuf, i32>,
    pub document_changes: bool,
    /// The judges' evaluations the server already has and that are still
    /// fresh; the others are evaluated here.
    pub evaluations: HashMap<PathBuf, std::rc::Rc<Evaluation>>,
}

pub fn code_actions(
    req: &Request,
    sources: &dyn SourceProvider,
    files: &dyn Files,
) -> Vec<CodeActionOrCommand> {
    let mut out: Vec<CodeActionOrCommand> = vec![];
    let asked = actions::asked_lines(req.text, &req.range);
    let quickfix = wanted(&req.only, CodeActionKind::QUICKFIX.as_str());
    let fix_all = wanted(&req.only, FIX_ALL);
    for judge in &req.judges {
        let eval = match req.evaluations.get(judge) {
            Some(e) => e.clone(),
            None => match evaluate_with(judge, sources, req.config.django_version.as_ref()) {
                Ok(e) => std::rc::Rc::new(e),
                Err(_) => continue,
            },
        };
        if quickfix {
            for offered in actions::quick_fixes(&eval, judge, req.path, &asked, req.config, sources)
            {
                let diagnostic = convert::diagnostic(
                    &offered.finding,
                    req.path,
                    req.text,
                    req.config,
                    req.encoding,
                    files,
                );
                for fix in offered.fixes {
                    let Some(edit) = workspace_edit(req, &fix.edits, files) else {
                        continue;
                    };
                    if out.iter().any(|a| same_action(a, &fix.title, &edit)) {
                        continue;
                    }
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: diagnostic.clone().map(|d| vec![d]),
                        edit: Some(edit),
                        is_preferred: fix.preferred.then_some(true),
                        ..Default::default()
                    }));
                }
            }
        }
        if fix_all {
            let policy = FixPolicy {
                version: eval.configured_version(),
                ..FixPolicy::SAFE
            };
            let (changed, titles) = fixes::fix_all(judge, sources, &policy);
            let edits: Vec<Edit> = changed
                .iter()
                .filter_map(|(path, new)| {
                    let old = files.text(path)?;
                    fixes::minimal_edit(path, &old, new)
                })
                .collect();
            if let Some(edit) = workspace_edit(req, &edits, files) {
                let fix = Fix {
                    title: format!("Fix all safe django-settings findings ({})", titles.len()),
                    code: String::new(),
                    edits,
                    safe: true,
                    preferred: false,
                };
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title,
                    kind: Some(CodeActionKind::from(FIX_ALL)),
                    edit: Some(edit),
                    ..Default::default()
                }));
            }
        }
    }
    out
}

fn same_action(a: &CodeActionOrCommand, title: &str, edit: &WorkspaceEdit) -> bool {
    match a {
        CodeActionOrCommand::CodeAction(c) => c.title == title && c.edit.as_ref() == Some(edit),
        CodeActionOrCommand::Command(_) => false,
    }
}

/// Byte edits as a workspace edit: versioned `documentChanges` when the
/// client supports them, else `changes`.
fn workspace_edit(req: &Request, edits: &[Edit], files: &dyn Files) -> Option<WorkspaceEdit> {
    if edits.is_empty() {
        return None;
    }
    let mut by_file: Vec<(PathBuf, Vec<&Edit>)> = vec![];
    for e in edits {
        match by_file.iter_mut().find(|(p, _)| *p == e.path) {
            Some((_, v)) => v.push(e),
            None => by_file.push((e.path.clone(), vec![e])),
        }
    }
    let mut per_uri: Vec<(Uri, PathBuf, Vec<TextEdit>)> = vec![];
    for (path, es) in by_file {
        let text = if path == req.path {
            req.text.into()
        } else {
            files.text(&path)?
        };
        let uri = files.uri(&path)?;
        let index = LineIndex::new(&text);
        let mut text_edits: Vec<TextEdit> = es
            .iter()
            .map(|e| TextEdit {
                range: index.range(&e.range, req.encoding),
                new_text: e.new_text.clone(),
            })
            .collect();
        text_edits.sort_by_key(|t| (t.range.start.line, t.range.start.character));
        per_uri.push((uri, path, text_edits));
    }
    if req.document_changes {
        let changes = per_uri
            .into_iter()
            .map(|(uri, path, edits)| TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri,
                    version: req.versions.get(&path).copied(),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            })
            .collect();
        Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(changes)),
            ..Default::default()
        })
    } else {
        Some(WorkspaceEdit {
            changes: Some(
                per_uri
                    .into_iter()
                    .map(|(uri, _, edits)| (uri, edits))
                    .collect(),
            ),
            ..Default::default()
        })
    }
}
