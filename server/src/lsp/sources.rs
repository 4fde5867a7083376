//! What the analysis reads while the server runs: the editor's text of open
//! documents first (unsaved changes included), then the files on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::source::{DiskSources, LoadError, ParsedFile, SourceProvider};

pub struct EditorSources<'a> {
    pub open: &'a HashMap<PathBuf, Arc<ParsedFile>>,
    pub disk: &'a DiskSources,
}

impl SourceProvider for EditorSources<'_> {
    fn load(&self, path: &Path) -> Result<Arc<ParsedFile>, LoadError> {
        match self.open.get(path) {
            Some(f) => Ok(f.clone()),
            None => self.disk.load(path),
        }
    }

    fn exists(&self, path: &Path) -> bool {
        self.open.contains_key(path) || path.is_file()
    }
}
