//! Source files and their syntax trees (`syntax::ModuleTree`: one per
//! top-level statement). The evaluator reads modules through a
//! [`SourceProvider`], so the language server can put open (unsaved) documents
//! in front of the files on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

pub(crate) use super::syntax::find_in_preorder;
pub use super::syntax::{parse_python, python_view, ModuleTree, SyntaxErrorKind, SyntaxVerdict};

/// Files bigger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub struct ParsedFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub tree: ModuleTree,
    /// Python's verdict on the text, judged once when the tree was made.
    pub syntax: SyntaxVerdict,
}

impl ParsedFile {
    /// The node spanning exactly `range`, if there is one (an
    /// evaluation's origin, a finding's range).
    pub fn node_spanning(&self, range: &std::ops::Range<usize>) -> Option<tree_sitter::Node<'_>> {
        let mut n = self
            .tree
            .descendant_for_byte_range(range.start, range.end)?;
        loop {
            if n.byte_range() == *range {
                return Some(n);
            }
            n = n.parent()?;
            if n.start_byte() < range.start || n.end_byte() > range.end {
                return None;
            }
        }
    }

    pub fn parse(path: PathBuf, text: Arc<str>) -> ParsedFile {
        let tree = ModuleTree::parse(&text);
        let syntax = tree.verdict();
        ParsedFile {
            path,
            text,
            tree,
            syntax,
        }
    }

    /// A file from a tree and its verdict (an open document's, kept with
    /// its tree and edited with it).
    pub fn with_tree(
        path: PathBuf,
        text: Arc<str>,
        tree: ModuleTree,
        syntax: SyntaxVerdict,
    ) -> ParsedFile {
        ParsedFile {
            path,
            text,
            tree,
            syntax,
        }
    }
}

/// `a/b/../c` as `a/c`, lexically (paths in `.pth` files and `include()`
/// are relative to a folder; nothing is resolved on disk).
pub fn lexical_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The value of a plain string literal's source text (`"x"` or `'x'`: no
/// prefix, escape or nested quote), as settings files name paths and labels.
pub fn plain_string_literal(source: &str) -> Option<&str> {
    let inner = source
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| source.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))?;
    (!inner.contains(['\\', '"', '\''])).then_some(inner)
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

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DirEntry {
    pub path: PathBuf,
    pub is_dir: bool,
}

/// The only door to files: the core reads Python modules, `pyproject.toml`,
/// `.env`, folders and entry points through it, never through `std::fs`,
/// so the editor can put open documents in front of the disk
/// (`EditorSources`), a fix proof its edited text (`OverlaySources`), and a
/// test a whole project written in one string (`MemorySources`).
pub trait SourceProvider {
    /// The parsed Python module at `path`.
    fn load(&self, path: &Path) -> Result<Arc<ParsedFile>, LoadError>;

    /// The text of any file (`pyproject.toml`, `.env`, `settings.ini`).
    fn read_text(&self, path: &Path) -> Result<String, LoadError>;

    fn is_file(&self, path: &Path) -> bool;

    fn is_dir(&self, path: &Path) -> bool;

    /// The entries of a folder, in name order; empty when it cannot be read.
    /// Symlinked folders are listed as files (never followed: no loops).
    fn read_dir(&self, path: &Path) -> Vec<DirEntry>;

    /// Whether a file exists (the name Python's import system would use).
    fn exists(&self, path: &Path) -> bool {
        self.is_file(path)
    }

    /// The file's modification time and length on disk, for caches of
    /// what was made of its text; `None` (read it again) for a file this
    /// provider holds in memory, or one that is not there.
    fn stamp(&self, _path: &Path) -> Option<FileStamp> {
        None
    }
}

/// A file's modification time and length: what says it changed.
pub type FileStamp = (std::time::SystemTime, u64);

/// `read_dir` on the real disk, the one listing every provider falls back to.
pub fn read_dir_on_disk(path: &Path) -> Vec<DirEntry> {
    let Ok(entries) = std::fs::read_dir(path) else {
        return vec![];
    };
    let mut out: Vec<DirEntry> = entries
        .flatten()
        .filter_map(|e| {
            let ft = e.file_type().ok()?;
            Some(DirEntry {
                path: e.path(),
                is_dir: ft.is_dir(),
            })
        })
        .collect();
    out.sort();
    out
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
    fn read_text(&self, path: &Path) -> Result<String, LoadError> {
        read_text(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn read_dir(&self, path: &Path) -> Vec<DirEntry> {
        read_dir_on_disk(path)
    }

    fn stamp(&self, path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.modified().ok()?, meta.len()))
    }

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

    fn read_text(&self, path: &Path) -> Result<String, LoadError> {
        match self.files.get(path) {
            Some(f) => Ok(f.text.to_string()),
            None => self.base.read_text(path),
        }
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(path) || self.base.is_file(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.files.keys().any(|f| f.starts_with(path) && f != path) || self.base.is_dir(path)
    }

    fn read_dir(&self, path: &Path) -> Vec<DirEntry> {
        merged_listing(self.base.read_dir(path), self.files.keys(), path)
    }

    fn stamp(&self, path: &Path) -> Option<FileStamp> {
        match self.files.contains_key(path) {
            true => None,
            false => self.base.stamp(path),
        }
    }
}

/// A folder's listing with the in-memory files below it added.
fn merged_listing<'p>(
    mut listing: Vec<DirEntry>,
    files: impl Iterator<Item = &'p PathBuf>,
    dir: &Path,
) -> Vec<DirEntry> {
    for f in files {
        let Ok(rest) = f.strip_prefix(dir) else {
            continue;
        };
        let mut parts = rest.components();
        let Some(first) = parts.next() else { continue };
        let entry = DirEntry {
            path: dir.join(first),
            is_dir: parts.next().is_some(),
        };
        if !listing.iter().any(|e| e.path == entry.path) {
            listing.push(entry);
        }
    }
    listing.sort();
    listing
}

/// A project held in memory, for tests and fuzzing: every file a path and
/// its parse, no disk behind it. It derefs to its map of files.
#[derive(Default)]
pub struct MemorySources {
    files: HashMap<PathBuf, Arc<ParsedFile>>,
}

impl std::ops::Deref for MemorySources {
    type Target = HashMap<PathBuf, Arc<ParsedFile>>;
    fn deref(&self) -> &Self::Target {
        &self.files
    }
}

impl std::ops::DerefMut for MemorySources {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.files
    }
}

impl MemorySources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn put(&mut self, path: impl Into<PathBuf>, text: &str) {
        let path = path.into();
        let parsed = ParsedFile::parse(path.clone(), Arc::from(text));
        self.files.insert(path, Arc::new(parsed));
    }

    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.keys()
    }
}

impl SourceProvider for MemorySources {
    fn load(&self, path: &Path) -> Result<Arc<ParsedFile>, LoadError> {
        self.files.get(path).cloned().ok_or(LoadError::NotFound)
    }

    fn read_text(&self, path: &Path) -> Result<String, LoadError> {
        self.load(path).map(|f| f.text.to_string())
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.files.keys().any(|f| f.starts_with(path) && f != path)
    }

    fn read_dir(&self, path: &Path) -> Vec<DirEntry> {
        merged_listing(vec![], self.files.keys(), path)
    }
}

/// The id of a tree-sitter-python field, looked up once per call site
/// (`child_by_field_name` compares the name against every field each call).
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

pub(crate) use {field, field_id};
