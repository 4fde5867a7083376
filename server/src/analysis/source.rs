//! Source files and their syntax trees. The evaluator reads modules through a
//! [`SourceProvider`], so the language server can put open (unsaved) documents
//! in front of the files on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use tree_sitter::{Parser, Tree};

/// Files bigger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub struct ParsedFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub tree: Tree,
}

impl ParsedFile {
    pub fn parse(path: PathBuf, text: Arc<str>) -> ParsedFile {
        let tree = parse_python(&text, None);
        ParsedFile { path, text, tree }
    }

    pub fn with_tree(path: PathBuf, text: Arc<str>, tree: Tree) -> ParsedFile {
        ParsedFile { path, text, tree }
    }
}

/// Parses Python source; with `old`, reuses the edited old tree. A lone
/// `\r` ends a line for Python (and LSP) but not for tree-sitter-python, so
/// the parser reads a same-length view with lone `\r` as `\n`: byte offsets
/// stay valid for the original text.
pub fn parse_python(text: &str, old: Option<&Tree>) -> Tree {
    let text = python_view(text);
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .expect("tree-sitter-python is compatible with the tree-sitter runtime");
    parser
        .parse(text.as_ref(), old)
        .expect("parsing without a timeout or cancellation flag always yields a tree")
}

/// A starred expression where Python refuses one ("can't use starred
/// expression here"): a statement or the value of an assignment that is
/// only `*x` or `**x`. tree-sitter-python accepts it without an error node,
/// and reads `*x[0]` two ways (the star around the subscript, or inside
/// it) depending on how it got there, so an edited tree can differ from a
/// fresh parse; callers treat it like a syntax error.
pub fn starred_statement(tree: &Tree) -> Option<std::ops::Range<usize>> {
    let splat = |n: tree_sitter::Node| matches!(n.kind(), "list_splat" | "dictionary_splat");
    find_in_preorder(tree, |node| {
        let bad = match node.kind() {
            "expression_statement" => {
                let mut c = node.walk();
                let found = node.named_children(&mut c).find(|&k| splat(k));
                found
            }
            "assignment" | "augmented_assignment" => {
                node.child_by_field_name("right").filter(|&r| splat(r))
            }
            _ => None,
        };
        bad.map(|n| n.byte_range())
    })
}

/// The first answer `visit` gives, visiting every node in document order,
/// iteratively (trees nest as deep as the brackets in the text).
pub fn find_in_preorder<T>(
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

/// The text as tree-sitter should see it: lone `\r` read as `\n`.
pub fn python_view(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    for (i, b) in out.iter_mut().enumerate() {
        if lone(i) {
            *b = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    NotFound,
    TooLarge(u64),
    NotUtf8,
    Io(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound => write!(f, "file not found"),
            LoadError::TooLarge(n) => write!(f, "file is too large ({n} bytes)"),
            LoadError::NotUtf8 => write!(f, "file is not valid UTF-8 text"),
            LoadError::Io(e) => write!(f, "{e}"),
        }
    }
}

pub trait SourceProvider {
    fn load(&self, path: &Path) -> Result<Arc<ParsedFile>, LoadError>;

    fn exists(&self, path: &Path) -> bool {
        path.is_file()
    }
}

/// Reads files from disk, keeping each parse until the file's size or
/// modification time changes.
/// A parse and the modification time and size it was made from.
type CacheEntry = (Option<SystemTime>, u64, Arc<ParsedFile>);

#[derive(Default)]
pub struct DiskSources {
    cache: Mutex<HashMap<PathBuf, CacheEntry>>,
}

impl DiskSources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn forget(&self, path: &Path) {
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
    }
}

pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound,
        _ => LoadError::Io(e.to_string()),
    })?;
    if !meta.is_file() {
        return Err(LoadError::NotFound);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge(meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| LoadError::Io(e.to_string()))?;
    String::from_utf8(bytes).map_err(|_| LoadError::NotUtf8)
}

impl SourceProvider for DiskSources {
    fn load(&self, path: &Path) -> Result<Arc<ParsedFile>, LoadError> {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound,
            _ => LoadError::Io(e.to_string()),
        })?;
        let stamp = (meta.modified().ok(), meta.len());
        if let Some((m, l, f)) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            if (*m, *l) == stamp {
                return Ok(f.clone());
            }
        }
        let text = read_text(path)?;
        let parsed = Arc::new(ParsedFile::parse(path.to_path_buf(), Arc::from(text)));
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), (stamp.0, stamp.1, parsed.clone()));
        Ok(parsed)
    }
}

/// Files held in memory in front of another provider: open editor documents,
/// or the edited text of a fix being verified.
pub struct OverlaySources<'a> {
    pub base: &'a dyn SourceProvider,
    pub files: std::collections::HashMap<PathBuf, Arc<ParsedFile>>,
}

impl<'a> OverlaySources<'a> {
    pub fn new(base: &'a dyn SourceProvider) -> Self {
        OverlaySources {
            base,
            files: HashMap::new(),
        }
    }

    pub fn put(&mut self, path: PathBuf, text: Arc<str>) {
        let parsed = ParsedFile::parse(path.clone(), text);
        self.files.insert(path, Arc::new(parsed));
    }
}

impl SourceProvider for OverlaySources<'_> {
    fn load(&self, path: &Path) -> Result<Arc<ParsedFile>, LoadError> {
        match self.files.get(path) {
            Some(f) => Ok(f.clone()),
            None => self.base.load(path),
        }
    }

    fn exists(&self, path: &Path) -> bool {
        self.files.contains_key(path) || self.base.exists(path)
    }
}

/// The id of a tree-sitter-python field, looked up once per call site
/// (`child_by_field_name` compares the name against every field each call).
#[macro_export]
macro_rules! field {
    ($name:literal) => {{
        static ID: std::sync::OnceLock<u16> = std::sync::OnceLock::new();
        *ID.get_or_init(|| {
            let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
            language
                .field_id_for_name($name)
                .map(|id| id.get())
                .unwrap_or(0)
        })
    }};
}

/// The same as a `FieldId`, for `children_by_field_id`.
#[macro_export]
macro_rules! field_id {
    ($name:literal) => {{
        static ID: std::sync::OnceLock<std::num::NonZeroU16> = std::sync::OnceLock::new();
        *ID.get_or_init(|| {
            let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
            language
                .field_id_for_name($name)
                .unwrap_or(std::num::NonZeroU16::MAX)
        })
    }};
}
