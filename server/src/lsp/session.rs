//! The server's state between messages: the open documents (their text,
//! configuration, role and last diagnostics), what was judged, and the
//! view of files the analysis reads (open documents before the disk).

use super::actor::*;

pub(crate) struct Doc {
    pub(crate) path: Option<PathBuf>,
    pub(crate) version: i32,
    pub(crate) document: Document,
    /// A change could not be applied: the text is unknown until the next
    /// full text (a change without range, or a save with text).
    pub(crate) out_of_sync: bool,
    /// Decided when first needed; forgotten when files or configuration change.
    pub(crate) role: Option<Role>,
    pub(crate) config: Option<Config>,
}

/// The findings of one deploy module, kept until a file it read changes.
pub(crate) struct Judged {
    pub(crate) files: Vec<PathBuf>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) notes: Vec<Finding>,
}

/// Texts and URIs of the files findings may point into.
pub(crate) fn file_view<'a>(
    docs: &HashMap<Uri, Doc>,
    disk: &'a DiskSources,
    open: &'a HashMap<PathBuf, Arc<ParsedFile>>,
) -> FileView<'a> {
    FileView {
        open,
        disk,
        uris: docs
            .iter()
            .filter_map(|(u, d)| d.path.clone().map(|p| (p, u.clone())))
            .collect(),
    }
}

/// Texts and URIs of files for conversion: open documents as the editor
/// has them, other files from disk.
pub(crate) struct FileView<'a> {
    pub(crate) open: &'a HashMap<PathBuf, Arc<ParsedFile>>,
    pub(crate) disk: &'a DiskSources,
    pub(crate) uris: HashMap<PathBuf, Uri>,
}

impl Files for FileView<'_> {
    fn text(&self, path: &Path) -> Option<Arc<str>> {
        use crate::analysis::source::SourceProvider;
        match self.open.get(path) {
            Some(f) => Some(f.text.clone()),
            None => self.disk.load(path).ok().map(|f| f.text.clone()),
        }
    }

    fn uri(&self, path: &Path) -> Option<Uri> {
        self.uris
            .get(path)
            .cloned()
            .or_else(|| Uri::from_file_path(path))
    }
}

impl Actor {
    /// The open documents the analysis should read instead of the disk.
    pub(crate) fn open_files(&mut self) -> HashMap<PathBuf, Arc<ParsedFile>> {
        let mut open = HashMap::new();
        for d in self.docs.values_mut() {
            if d.out_of_sync {
                continue;
            }
            if let Some(p) = &d.path {
                open.insert(p.clone(), d.document.parsed(p));
            }
        }
        open
    }

    /// A module's configuration, resolved as `check` resolves it (see
    /// `analysis::project`), with the editor's layers on top.
    pub(crate) fn module_config(&mut self, module: &Path) -> Config {
        let (layer, first_sight) = self.projects.layer(module, &self.disk);
        if let Some((file, warnings)) = first_sight {
            info!("configuration from {}: {layer:?}", file.display());
            for w in &warnings {
                self.warn_client(format!("{}: {w}", file.display()));
            }
        }
        self.projects
            .config(module, &self.disk, &[&self.init_layer, &self.editor_layer])
    }

    /// Re-analyses what changed and publishes every document whose
    /// diagnostics or version changed.
    /// Decides a document's configuration and role if not yet decided.
    pub(crate) fn prepare(&mut self, uri: &Uri, open: &HashMap<PathBuf, Arc<ParsedFile>>) {
        let Some(path) = self.docs.get(uri).and_then(|d| d.path.clone()) else {
            return;
        };
        if self.docs[uri].config.is_none() {
            let config = self.module_config(&path);
            self.docs.get_mut(uri).unwrap().config = Some(config);
        }
        let doc = self.docs.get_mut(uri).unwrap();
        if doc.role.is_none() {
            let sources = EditorSources {
                open,
                disk: &self.disk,
            };
            let role = classify(&path, doc.config.as_ref().unwrap(), &sources);
            debug!("{}: {}", path.display(), role.describe());
            doc.role = Some(role);
        }
    }
}
