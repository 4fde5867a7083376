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
    /// The diagnostics last converted for this document and what they were
    /// converted from: reused while those inputs stay the same.
    pub(crate) converted: Option<(Converted, Vec<Diagnostic>)>,
}

/// What a document's diagnostics are converted from: the analyses whose
/// findings it shows (a new analysis has a new generation; an edit to any
/// file an analysis read makes a new one), its text (through the identity
/// of its line index: a new text has a new index) and the configuration
/// generation. Equal inputs convert to equal diagnostics.
pub(crate) struct Converted {
    pub(crate) analyses: Vec<(PathBuf, Option<u64>)>,
    pub(crate) index: Arc<LineIndex>,
    pub(crate) config_generation: u64,
}

impl PartialEq for Converted {
    fn eq(&self, o: &Converted) -> bool {
        self.analyses == o.analyses
            && Arc::ptr_eq(&self.index, &o.index)
            && self.config_generation == o.config_generation
    }
}

/// The findings of one deploy module, kept until a file it read changes.
pub(crate) struct Judged {
    pub(crate) files: Vec<PathBuf>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) notes: Vec<Finding>,
    /// Which analysis this is: its evaluation is kept under this number
    /// (`keep_evaluation`), for hover and code actions while nothing it
    /// read has changed.
    pub(crate) generation: u64,
    /// Its evaluation was kept (when an open document needed it); the
    /// workspace check keeps findings only.
    pub(crate) for_editor: bool,
    /// The analysis panicked (the user is told once).
    pub(crate) crashed: bool,
}

/// Numbers the analyses, so a kept evaluation is known to be the latest.
static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

pub(crate) fn next_generation() -> u64 {
    GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

thread_local! {
    /// The last evaluation of each judged module, kept on the thread that
    /// made it. Evaluations hold `Rc`s (not `Send`) and the state task must
    /// be `Send`, so they live beside it, not in it; a task polled on
    /// another thread (a multi-threaded test runtime) finds none there and
    /// evaluates again, which is only slower.
    static EVALUATIONS: std::cell::RefCell<HashMap<PathBuf, (u64, std::rc::Rc<Evaluation>)>> =
        std::cell::RefCell::new(HashMap::new());
}

pub(crate) fn keep_evaluation(path: &Path, generation: u64, eval: Evaluation) {
    EVALUATIONS.with(|m| {
        m.borrow_mut()
            .insert(path.to_path_buf(), (generation, std::rc::Rc::new(eval)))
    });
}

/// The evaluations of modules no longer judged are dropped.
pub(crate) fn forget_evaluations_except(keep: &HashSet<PathBuf>) {
    EVALUATIONS.with(|m| m.borrow_mut().retain(|p, _| keep.contains(p)));
}

fn kept_evaluation(path: &Path, generation: u64) -> Option<std::rc::Rc<Evaluation>> {
    EVALUATIONS.with(|m| {
        m.borrow()
            .get(path)
            .filter(|(g, _)| *g == generation)
            .map(|(_, e)| e.clone())
    })
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
        indexes: std::cell::RefCell::new(
            docs.values()
                .filter(|d| !d.out_of_sync)
                .filter_map(|d| Some((d.path.clone()?, d.document.current_line_index()?)))
                .collect(),
        ),
    }
}

/// Texts and URIs of files for conversion: open documents as the editor
/// has them, other files from disk.
pub(crate) struct FileView<'a> {
    pub(crate) open: &'a HashMap<PathBuf, Arc<ParsedFile>>,
    pub(crate) disk: &'a DiskSources,
    pub(crate) uris: HashMap<PathBuf, Uri>,
    /// Line indexes: the open documents' own (kept with each document until
    /// its text changes), and those of other files built once per view.
    pub(crate) indexes: std::cell::RefCell<HashMap<PathBuf, Arc<LineIndex>>>,
}

impl Files for FileView<'_> {
    fn text(&self, path: &Path) -> Option<Arc<str>> {
        use crate::analysis::source::SourceProvider;
        match self.open.get(path) {
            Some(f) => Some(f.text.clone()),
            None => self.disk.load(path).ok().map(|f| f.text.clone()),
        }
    }

    fn index(&self, path: &Path) -> Option<Arc<LineIndex>> {
        let text = self.text(path)?;
        if let Some(i) = self.indexes.borrow().get(path) {
            if i.indexes(&text) {
                return Some(i.clone());
            }
        }
        let index = Arc::new(LineIndex::of(text));
        self.indexes
            .borrow_mut()
            .insert(path.to_path_buf(), index.clone());
        Some(index)
    }

    fn uri(&self, path: &Path) -> Option<Uri> {
        self.uris
            .get(path)
            .cloned()
            .or_else(|| Uri::from_file_path(path))
    }
}

impl Actor {
    /// The cached evaluation of `module`, when nothing it read has changed
    /// since (edits queued before a request are applied first, and mark
    /// what they touch dirty until the next analysis).
    pub(crate) fn fresh_evaluation(&self, module: &Path) -> Option<std::rc::Rc<Evaluation>> {
        let j = self.judged.get(module)?;
        let stale = self.all_dirty
            || self.dirty.contains(module)
            || j.files.iter().any(|f| self.dirty.contains(f));
        if stale {
            return None;
        }
        kept_evaluation(module, j.generation)
    }

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
