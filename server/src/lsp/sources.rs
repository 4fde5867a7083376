//! What the analysis reads while the server runs: the editor's text of open
//! documents first (unsaved changes included), then the files on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::source::{
    DirEntry, DiskSources, FileStamp, LoadError, ParsedFile, SourceProvider,
};

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

    fn read_text(&self, path: &Path) -> Result<String, LoadError> {
        match self.open.get(path) {
            Some(f) => Ok(f.text.to_string()),
            None => self.disk.read_text(path),
        }
    }

    fn is_file(&self, path: &Path) -> bool {
        self.open.contains_key(path) || self.disk.is_file(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.disk.is_dir(path)
    }

    fn read_dir(&self, path: &Path) -> Vec<DirEntry> {
        // Open documents are files on disk (or unsaved new ones, which the
        // editor has not written yet: their folder lists them once saved).
        self.disk.read_dir(path)
    }

    fn stamp(&self, path: &Path) -> Option<FileStamp> {
        match self.open.contains_key(path) {
            true => None,
            false => self.disk.stamp(path),
        }
    }
}
