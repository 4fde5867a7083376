//! Every safe (or, by policy, preferred) fix of a module at once: `source.fixAll`
//! in the editor, `check --fix`.

use super::*;

/// Which fixes `fix_all` applies.
pub struct FixPolicy<'p> {
    /// Also apply fixes that need a decision (e.g. an environment variable
    /// to be set): the preferred fix of each finding.
    pub unsafe_fixes: bool,
    /// Only findings whose code this accepts.
    pub select: &'p dyn Fn(&str) -> bool,
    /// The Django release a configuration names (else the project's own).
    pub version: Option<&'p ProjectVersion>,
}

impl FixPolicy<'_> {
    pub const SAFE: FixPolicy<'static> = FixPolicy {
        unsafe_fixes: false,
        select: &|_| true,
        version: None,
    };
}

/// Applies fixes to the module and its bases, one at a time and re-checking
/// after each, until none is left. Returns the new text of each changed file
/// and the titles applied.
pub fn fix_all(
    entry: &Path,
    sources: &dyn SourceProvider,
    policy: &FixPolicy,
) -> (HashMap<PathBuf, String>, Vec<String>) {
    let mut changed: HashMap<PathBuf, String> = HashMap::new();
    let mut applied = vec![];
    for _round in 0..32 {
        let mut overlay = OverlaySources::new(sources);
        for (p, t) in &changed {
            overlay.put(p.clone(), Arc::from(t.as_str()));
        }
        let Ok(eval) = evaluate_with(entry, &overlay, policy.version) else {
            break;
        };
        let rep = report::report(&eval);
        let mut taken: Vec<Edit> = vec![];
        let mut titles = vec![];
        for f in &rep.findings {
            if !(policy.select)(&f.code) {
                continue;
            }
            let fixes = fixes_for(&eval, f, &overlay);
            let chosen = if policy.unsafe_fixes {
                fixes.into_iter().find(|x| x.preferred)
            } else {
                fixes.into_iter().find(|x| x.safe)
            };
            let Some(fix) = chosen else {
                continue;
            };
            let overlaps = fix.edits.iter().any(|e| {
                taken.iter().any(|t| {
                    t.path == e.path
                        && t.range.start < e.range.end.max(e.range.start + 1)
                        && e.range.start < t.range.end.max(t.range.start + 1)
                })
            });
            if overlaps {
                continue;
            }
            titles.push(fix.title.clone());
            taken.extend(fix.edits);
            // One fix per round keeps insertions from interfering.
            break;
        }
        if taken.is_empty() {
            break;
        }
        for (p, t) in edited_texts(&eval, &taken, &overlay) {
            changed.insert(p, t);
        }
        applied.extend(titles);
    }
    (changed, applied)
}
