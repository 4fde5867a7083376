//! Path globs for configured module patterns: `*` and `?` within one path
//! component, `**` across any number of folders. A pattern is matched against
//! the end of a path, component-aligned, so `settings/prod*.py` matches
//! `/srv/app/config/settings/production.py` without knowing the project root.

use std::path::Path;

/// Whether `pattern` matches a trailing run of `path`'s components.
pub fn matches_path(pattern: &str, path: &Path) -> bool {
    let pat: Vec<&str> = pattern
        .trim_start_matches("./")
        .split(['/', '\\'])
        .filter(|p| !p.is_empty())
        .collect();
    if pat.is_empty() {
        return false;
    }
    let comps: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let comps: Vec<&str> = comps.iter().map(String::as_str).collect();
    (0..=comps.len()).any(|start| match_components(&pat, &comps[start..]))
}

fn match_components(pat: &[&str], comps: &[&str]) -> bool {
    match pat.split_first() {
        None => comps.is_empty(),
        Some((&"**", rest)) => (0..=comps.len()).any(|skip| match_components(rest, &comps[skip..])),
        Some((p, rest)) => match comps.split_first() {
            Some((c, crest)) => match_name(p, c) && match_components(rest, crest),
            None => false,
        },
    }
}

/// `*` and `?` wildcards within one name.
pub fn match_name(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Classic two-pointer match with backtracking to the last `*`.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(match_name("prod*.py", "production.py"));
        assert!(match_name("*", ""));
        assert!(match_name("a?c", "abc"));
        assert!(!match_name("a?c", "ac"));
        assert!(!match_name("prod*.py", "local.py"));
        assert!(match_name("*_prod*", "eu_production"));
    }

    #[test]
    fn paths_match_by_suffix() {
        let p = Path::new("/srv/app/config/settings/production.py");
        assert!(matches_path("settings/prod*.py", p));
        assert!(matches_path("production.py", p));
        assert!(matches_path("config/**/production.py", p));
        assert!(matches_path("**/settings/*.py", p));
        assert!(!matches_path("settings/local.py", p));
        assert!(!matches_path("app/production.py", p));
        assert!(!matches_path("", p));
    }
}
