//! Where the environment is read: each read a library runs is recorded with
//! its place in the source (the call, the default argument it gives), so
//! the fixes edit what the evaluator ran instead of recognising calls by
//! their names.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use tree_sitter::Node;

use crate::analysis::source::ParsedFile;

use super::super::Interp;

/// An environment read the evaluator ran, where the source writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvRead {
    /// The variable read.
    pub var: String,
    /// The library that read it (`EnvLibrary::name`).
    pub library: &'static str,
    pub path: PathBuf,
    /// The call that reads it (or the `os.environ[...]` subscript).
    pub call: Range<usize>,
    /// The default argument the call gives, when it gives one.
    pub default: Option<Range<usize>>,
}

/// The call (or subscript) being evaluated: a library function that reads
/// the environment records the read there.
#[derive(Clone)]
pub(in crate::analysis::eval) struct CallSite {
    pub file: Arc<ParsedFile>,
    pub range: Range<usize>,
}

/// Where a library takes a read's default from: the argument's position,
/// or its keyword.
#[derive(Debug, Clone, Copy)]
pub(in crate::analysis::eval) struct DefaultArg {
    pub position: usize,
    pub keyword: &'static str,
}

/// A read's place in the source, taken before the read itself when the
/// library reads later than the call (django-configurations reads when the
/// class is set up).
#[derive(Debug, Clone)]
pub(in crate::analysis::eval) struct ReadPlace {
    path: PathBuf,
    call: Range<usize>,
    default: Option<Range<usize>>,
}

/// The reads of one evaluation, each (place, variable) once: a read in a
/// loop must not grow this without bound.
#[derive(Default)]
pub(in crate::analysis::eval) struct EnvReads {
    reads: Vec<EnvRead>,
    /// The reads at each call range, by index.
    at: HashMap<(usize, usize), Vec<usize>>,
}

impl EnvReads {
    fn contains(&self, path: &std::path::Path, call: &Range<usize>, var: &str) -> bool {
        self.at.get(&(call.start, call.end)).is_some_and(|ids| {
            ids.iter()
                .any(|&i| self.reads[i].path == path && self.reads[i].var == var)
        })
    }

    fn push(&mut self, read: EnvRead) {
        self.at
            .entry((read.call.start, read.call.end))
            .or_default()
            .push(self.reads.len());
        self.reads.push(read);
    }

    pub(in crate::analysis::eval) fn into_reads(self) -> Vec<EnvRead> {
        self.reads
    }
}

impl<'a> Interp<'a> {
    /// Where the call being evaluated is, with its argument `default` when
    /// the source gives it; `None` for a call the evaluator makes itself (a
    /// cast, `map`'s function), which has no place of its own.
    pub(in crate::analysis::eval) fn read_place(
        &self,
        default: Option<DefaultArg>,
    ) -> Option<ReadPlace> {
        let site = self.call_site.as_ref()?;
        Some(ReadPlace {
            path: site.file.path.clone(),
            call: site.range.clone(),
            default: default.and_then(|d| argument_range(&site.file, &site.range, d)),
        })
    }

    /// Records that `library` read `var` at `place`.
    pub(in crate::analysis::eval) fn record_read_at(
        &mut self,
        library: &'static str,
        var: &str,
        place: &ReadPlace,
    ) {
        if self.env_reads.contains(&place.path, &place.call, var) {
            return;
        }
        self.env_reads.push(EnvRead {
            var: var.to_string(),
            library,
            path: place.path.clone(),
            call: place.call.clone(),
            default: place.default.clone(),
        });
    }

    /// Records that `library` read `var` in the call being evaluated, whose
    /// argument `default` is the read's default.
    pub(in crate::analysis::eval) fn record_read(
        &mut self,
        library: &'static str,
        var: &str,
        default: Option<DefaultArg>,
    ) {
        let Some(site) = &self.call_site else {
            return;
        };
        if self.env_reads.contains(&site.file.path, &site.range, var) {
            return;
        }
        if let Some(place) = self.read_place(default) {
            self.record_read_at(library, var, &place);
        }
    }
}

/// The source range of argument `arg` of the call at `call` in `file`.
fn argument_range(file: &ParsedFile, call: &Range<usize>, arg: DefaultArg) -> Option<Range<usize>> {
    let mut node = file.tree.descendant_for_byte_range(call.start, call.end)?;
    while node.kind() != "call" {
        node = node.parent().filter(|p| p.byte_range() == *call)?;
    }
    let args = node.child_by_field_id(crate::field!("arguments"))?;
    let mut c = args.walk();
    let kids: Vec<Node> = args
        .named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect();
    // After `*args` the positions the library saw are not the source's.
    let positional = kids
        .iter()
        .take_while(|k| k.kind() != "list_splat")
        .filter(|k| k.kind() != "keyword_argument")
        .nth(arg.position);
    let keyword = || {
        kids.iter()
            .find(|k| {
                k.kind() == "keyword_argument"
                    && k.child_by_field_id(crate::field!("name"))
                        .is_some_and(|n| file.text.get(n.byte_range()) == Some(arg.keyword))
            })
            .and_then(|k| k.child_by_field_id(crate::field!("value")))
    };
    positional.copied().or_else(keyword).map(|n| n.byte_range())
}

#[cfg(test)]
mod tests {
    use crate::analysis::eval::testing::evaluate_module;

    /// Each read as `library var call-text default-text`.
    fn reads(module: &str) -> Vec<String> {
        let eval = evaluate_module(module);
        eval.env_reads
            .iter()
            .map(|r| {
                let default = r.default.clone().map(|d| &module[d]).unwrap_or("-");
                format!(
                    "{} {} {} {default}",
                    r.library,
                    r.var,
                    &module[r.call.clone()]
                )
            })
            .collect()
    }

    #[test]
    fn os_reads_and_their_defaults() {
        let module = "import os\nA = os.environ.get('A', 'x')\nB = os.getenv('B', default='y')\nC = os.environ['C']\n";
        assert_eq!(
            reads(module),
            [
                "os A os.environ.get('A', 'x') 'x'",
                "os B os.getenv('B', default='y') 'y'",
                "os C os.environ['C'] -",
            ]
        );
    }

    #[test]
    fn library_reads_take_their_defaults_where_the_library_does() {
        let module = "import environ\nfrom decouple import config\nenv = environ.Env()\nA = env('A', str, 'a')\nB = env.bool('B', default=True)\nC = env.list('C', None, ['c'])\nD = config('D', 'd', cast=str)\n";
        assert_eq!(
            reads(module),
            [
                "django-environ A env('A', str, 'a') 'a'",
                "django-environ B env.bool('B', default=True) True",
                "django-environ C env.list('C', None, ['c']) ['c']",
                "python-decouple D config('D', 'd', cast=str) 'd'",
            ]
        );
    }

    #[test]
    fn a_configurations_value_is_read_where_it_is_written() {
        let module = "from configurations import Configuration, values\nclass Prod(Configuration):\n    DEBUG = values.BooleanValue(True)\n";
        assert_eq!(
            reads(module),
            ["django-configurations DJANGO_DEBUG values.BooleanValue(True) True"]
        );
    }

    #[test]
    fn a_read_in_a_loop_is_one_read_and_a_cast_has_no_place() {
        let module = "import os\nfor i in range(3):\n    X = os.environ.get('X', 'x')\nY = list(map(os.getenv, ['Y']))\n";
        assert_eq!(reads(module), ["os X os.environ.get('X', 'x') 'x'"]);
    }
}
