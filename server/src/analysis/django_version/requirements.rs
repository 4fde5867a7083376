//! PEP 508 requirements and PEP 440 (and Poetry) version specifiers, read
//! as far as choosing a Django series needs: the release numbers of each
//! version (pre-, post-, dev- and local parts dropped: pre-releases are not
//! reasoned about), the clauses every allowed release must satisfy, and
//! which supported series some release `X.Y.0` … `X.Y.999` satisfies.

use std::cmp::Ordering;

use super::DjangoVersion;

/// More clauses, alternatives or release numbers than any real
/// declaration writes: a text past these is not read (the work to judge a
/// spec grows with their product).
const MAX_CLAUSES: usize = 32;
const MAX_ALTERNATIVES: usize = 8;
const MAX_RELEASE_NUMBERS: usize = 8;

/// The micro releases a series is reasoned over: `X.Y.0` … `X.Y.999`.
const LAST_MICRO: u32 = 999;

/// Any minor (or major) release: the series just below `X.0` is
/// `(X - 1, ANY)`.
const ANY: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `==5.2.*`: the release starts with these numbers.
    Prefix,
    /// `!=5.2.*`.
    NotPrefix,
}

#[derive(Debug, Clone, PartialEq)]
struct Clause {
    op: Op,
    version: Vec<u32>,
}

impl Clause {
    fn allows(&self, release: &[u32]) -> bool {
        let order = compare_releases(release, &self.version);
        match self.op {
            Op::Eq => order == Ordering::Equal,
            Op::Ne => order != Ordering::Equal,
            Op::Lt => order == Ordering::Less,
            Op::Le => order != Ordering::Greater,
            Op::Gt => order == Ordering::Greater,
            Op::Ge => order != Ordering::Less,
            Op::Prefix => starts_with(release, &self.version),
            Op::NotPrefix => !starts_with(release, &self.version),
        }
    }

    /// The series (`major`, `minor`) the clause's version is in.
    fn series(&self) -> (u32, u32) {
        (number(&self.version, 0), number(&self.version, 1))
    }
}

/// The releases a declaration allows: those satisfying every clause of
/// one of the alternatives (Poetry's `||`; PEP 440 has one). An
/// alternative without clauses allows every release.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Spec {
    alternatives: Vec<Vec<Clause>>,
}

impl Spec {
    /// Exactly this release (a lock file's, the installed one).
    pub(super) fn exact(release: &[u32]) -> Spec {
        Spec {
            alternatives: vec![vec![Clause {
                op: Op::Eq,
                version: release.to_vec(),
            }]],
        }
    }

    /// Whether the spec says anything of the release (`Django` alone and
    /// `Django *` do not).
    pub(super) fn names_a_release(&self) -> bool {
        self.alternatives.iter().all(|a| !a.is_empty())
    }

    /// Whether some release of the series satisfies the spec.
    pub(super) fn allows(&self, version: DjangoVersion) -> bool {
        self.allows_series(u32::from(version.major), u32::from(version.minor))
    }

    fn allows_series(&self, major: u32, minor: u32) -> bool {
        self.alternatives.iter().any(|clauses| {
            // The clauses on other series hold for all of this one's
            // releases or for none: only the micros next to the bounds
            // inside it (and its ends) can differ.
            let mut micros = vec![0, LAST_MICRO];
            for clause in clauses.iter().filter(|c| c.series() == (major, minor)) {
                let micro = number(&clause.version, 2).min(LAST_MICRO);
                micros.extend([micro.saturating_sub(1), micro, (micro + 1).min(LAST_MICRO)]);
            }
            micros.iter().any(|&micro| {
                let release = [major, minor, micro];
                clauses.iter().all(|c| c.allows(&release))
            })
        })
    }

    /// The supported series the spec allows, oldest first.
    pub(super) fn supported_allowed(&self) -> Vec<DjangoVersion> {
        DjangoVersion::SUPPORTED
            .into_iter()
            .filter(|v| self.allows(*v))
            .collect()
    }

    /// The newest series some allowed release is in (`ANY` numbers for
    /// no bound), or None when the clauses contradict each other.
    pub(super) fn highest_series(&self) -> Option<(u32, u32)> {
        // The highest allowed release is unbounded, or at or just below a
        // bound: in a bound's series, or in the series before it.
        let mut candidates = vec![(ANY, ANY)];
        for clause in self.alternatives.iter().flatten() {
            let (major, minor) = clause.series();
            candidates.extend([(major, minor), (major, ANY)]);
            if minor > 0 {
                candidates.push((major, minor - 1));
            }
            if major > 0 {
                candidates.push((major - 1, ANY));
            }
        }
        candidates.sort_unstable_by(|a, b| b.cmp(a));
        candidates
            .into_iter()
            .find(|&(major, minor)| self.allows_series(major, minor))
    }

    /// The series the analysis follows for this spec: the newest supported
    /// series it allows; when it allows none (it names an unsupported
    /// release), the newest supported series not newer than the highest
    /// release it allows, else the oldest supported series. None when no
    /// release satisfies it at all.
    pub(super) fn choose(&self) -> Option<DjangoVersion> {
        if let Some(newest) = self.supported_allowed().last() {
            return Some(*newest);
        }
        Some(nearest_supported_up_to(self.highest_series()?))
    }
}

/// The newest supported series not newer than `series`, else the oldest.
pub(super) fn nearest_supported_up_to(series: (u32, u32)) -> DjangoVersion {
    DjangoVersion::SUPPORTED
        .into_iter()
        .rev()
        .find(|v| (u32::from(v.major), u32::from(v.minor)) <= series)
        .unwrap_or(DjangoVersion::SUPPORTED[0])
}

/// Whether a distribution name is Django's, compared as PEP 503
/// normalises names (case, and runs of `-`, `_`, `.`, are one `-`):
/// `Django` and `django` are, `django-environ` is not.
pub(super) fn is_django(name: &str) -> bool {
    let mut normal = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !normal.ends_with('-') {
                normal.push('-');
            }
        } else {
            normal.push(c.to_ascii_lowercase());
        }
    }
    normal == "django"
}

/// The spec of a PEP 508 requirement on Django (`Django[argon2]>=4.2,<5.0;
/// python_version >= "3.10"`, `Django (>=4.2)`, `django ^4.2`): None when
/// it names another distribution, a URL (`Django @ https://…`) or a spec
/// that cannot be read. Markers are not evaluated: the requirement counts
/// whatever the environment.
pub(super) fn django_requirement(text: &str) -> Option<Spec> {
    let text = text.trim();
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len());
    if !is_django(&text[..name_end]) {
        return None;
    }
    let mut rest = text[name_end..].trim_start();
    if let Some(extras) = rest.strip_prefix('[') {
        rest = extras.split_once(']')?.1;
    }
    let rest = rest.split(';').next().unwrap_or_default().trim();
    let rest = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(rest);
    if rest.starts_with('@') {
        return None;
    }
    parse_spec(rest)
}

/// A version specifier: PEP 440 (`>=4.2,<5.0`, `~=5.2.0`, `==5.2.*`,
/// `!=5.1.*`, `===5.2.1`) or Poetry's (`^4.2`, `~5.2`, `5.2.*`, `*`,
/// `>=4.2 <5.0`, `^4.2 || ^5.0`). Empty: every release.
pub(super) fn parse_spec(text: &str) -> Option<Spec> {
    let alternatives = text
        .split("||")
        .map(parse_clauses)
        .collect::<Option<Vec<_>>>()?;
    (alternatives.len() <= MAX_ALTERNATIVES).then_some(Spec { alternatives })
}

/// Clauses separated by commas or (Poetry) spaces; `>= 4.2` is one clause.
fn parse_clauses(text: &str) -> Option<Vec<Clause>> {
    let is_op = |c: char| matches!(c, '<' | '>' | '=' | '!' | '~' | '^');
    let is_version =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '*' | '+' | '!' | '-' | '_');
    let mut clauses = vec![];
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            return Some(clauses);
        }
        let (op, after) = rest.split_at(rest.find(|c| !is_op(c)).unwrap_or(rest.len()));
        let after = after.trim_start();
        let (version, after) =
            after.split_at(after.find(|c| !is_version(c)).unwrap_or(after.len()));
        if version.is_empty() {
            return None;
        }
        clauses.extend(clauses_of(op, version)?);
        if clauses.len() > MAX_CLAUSES {
            return None;
        }
        rest = after;
    }
}

/// One operator and version as the primitive clauses it means.
fn clauses_of(op: &str, version: &str) -> Option<Vec<Clause>> {
    if version == "*" {
        // `*` and `==*`: any release.
        return matches!(op, "" | "==").then(Vec::new);
    }
    let (release, wildcard) = parse_version(version)?;
    let clause = |op: Op, version: &[u32]| Clause {
        op,
        version: version.to_vec(),
    };
    let at_least = clause(Op::Ge, &release);
    let clauses = match (op, wildcard) {
        // A bare version is Poetry's exact pin; `=` is Poetry's too.
        ("" | "=" | "==" | "===", false) => vec![clause(Op::Eq, &release)],
        ("" | "=" | "==", true) => vec![clause(Op::Prefix, &release)],
        ("!=", false) => vec![clause(Op::Ne, &release)],
        ("!=", true) => vec![clause(Op::NotPrefix, &release)],
        ("<", _) => vec![clause(Op::Lt, &release)],
        ("<=", _) => vec![clause(Op::Le, &release)],
        (">", _) => vec![clause(Op::Gt, &release)],
        (">=", _) => vec![at_least],
        // `~=5.2.0`: at least 5.2.0, and 5.2.*.
        ("~=", false) if release.len() >= 2 => {
            vec![at_least, clause(Op::Prefix, &release[..release.len() - 1])]
        }
        // Poetry's `~5.2` and `~5.2.1`: below 5.3; `~5`: below 6.
        ("~", _) => {
            let upper = bump(&release, if release.len() == 1 { 0 } else { 1 });
            vec![at_least, clause(Op::Lt, &upper)]
        }
        // Poetry's `^5.2`: below 6.0; `^0.2`: below 0.3.
        ("^", _) => {
            let first_non_zero = release.iter().position(|&n| n != 0);
            let upper = bump(&release, first_non_zero.unwrap_or(release.len() - 1));
            vec![at_least, clause(Op::Lt, &upper)]
        }
        _ => return None,
    };
    Some(clauses)
}

/// A version's release numbers, and whether it ends in `.*`: `5.2.19` is
/// [5, 2, 19]; `5.2rc1`, `5.2.post1`, `5.2+local` and `v5.2` are [5, 2].
/// None for a non-zero epoch (`1!2.0`: no Django release has one).
fn parse_version(text: &str) -> Option<(Vec<u32>, bool)> {
    let text = text.split('+').next().unwrap_or_default();
    let text = match text.split_once('!') {
        Some((epoch, rest)) if epoch.parse::<u32>().ok()? == 0 => rest,
        Some(_) => return None,
        None => text,
    };
    let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let mut release = vec![];
    let mut wildcard = false;
    for part in text.split('.') {
        if part == "*" {
            wildcard = true;
            break;
        }
        let digits = part.len() - part.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            break;
        }
        release.push(part[..digits].parse().ok()?);
        if digits < part.len() {
            break;
        }
    }
    let readable = !release.is_empty() && release.len() <= MAX_RELEASE_NUMBERS;
    readable.then_some((release, wildcard))
}

/// A release's numbers (`5.2.19`, a lock file's or a `.dist-info`'s),
/// None when it is not a release.
pub(super) fn release_of(text: &str) -> Option<Vec<u32>> {
    match parse_version(text.trim())? {
        (release, false) => Some(release),
        (_, true) => None,
    }
}

/// PEP 440's order of releases: missing numbers are zeros (`5.2` is
/// `5.2.0`).
pub(super) fn compare_releases(a: &[u32], b: &[u32]) -> Ordering {
    (0..a.len().max(b.len()))
        .map(|i| number(a, i).cmp(&number(b, i)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

fn starts_with(release: &[u32], prefix: &[u32]) -> bool {
    (0..prefix.len()).all(|i| number(release, i) == prefix[i])
}

fn number(release: &[u32], i: usize) -> u32 {
    release.get(i).copied().unwrap_or(0)
}

/// The release after every one starting with `release[..=at]`: `bump([5,
/// 2, 1], 1)` is [5, 3].
fn bump(release: &[u32], at: usize) -> Vec<u32> {
    let mut upper: Vec<u32> = (0..=at).map(|i| number(release, i)).collect();
    upper[at] = upper[at].saturating_add(1);
    upper
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(spec: &str) -> Option<DjangoVersion> {
        parse_spec(spec)?.choose()
    }

    #[test]
    fn a_range_picks_its_newest_supported_series() {
        assert_eq!(chosen(">=4.2,<5.0"), Some(DjangoVersion::V4_2));
        assert_eq!(chosen(">=4.2"), Some(DjangoVersion::V6_1));
        assert_eq!(chosen("~=5.2.0"), Some(DjangoVersion::V5_2));
        assert_eq!(chosen("~=5.2"), Some(DjangoVersion::V5_2));
        assert_eq!(chosen("==6.0.*"), Some(DjangoVersion::V6_0));
        assert_eq!(chosen("!=5.2.*"), Some(DjangoVersion::V6_1));
        assert_eq!(chosen("!=6.1.*,!=6.0.*"), Some(DjangoVersion::V5_2));
        assert_eq!(chosen(">= 4.2 , < 6"), Some(DjangoVersion::V5_2));
        assert_eq!(chosen("<6.0.3"), Some(DjangoVersion::V6_0));
        assert_eq!(chosen(">5.2.999,<6.1"), Some(DjangoVersion::V6_0));
        assert_eq!(chosen("===5.2.1"), Some(DjangoVersion::V5_2));
        assert_eq!(chosen(""), Some(DjangoVersion::V6_1));
        assert_eq!(chosen(">=5.2rc1,<6.0a1"), Some(DjangoVersion::V5_2));
    }

    #[test]
    fn poetry_constraints() {
        assert_eq!(chosen("^5.2"), Some(DjangoVersion::V5_2));
        assert_eq!(chosen("^4.2.7"), Some(DjangoVersion::V4_2));
        assert_eq!(chosen("^6"), Some(DjangoVersion::V6_1));
        assert_eq!(chosen("~5.2"), Some(DjangoVersion::V5_2));
        assert_eq!(chosen("~6"), Some(DjangoVersion::V6_1));
        assert_eq!(chosen("6.0.2"), Some(DjangoVersion::V6_0));
        assert_eq!(chosen("5.2.*"), Some(DjangoVersion::V5_2));
        assert_eq!(chosen("*"), Some(DjangoVersion::V6_1));
        assert_eq!(chosen(">=4.2 <5.0"), Some(DjangoVersion::V4_2));
        assert_eq!(chosen("^4.2 || ^5.0"), Some(DjangoVersion::V5_2));
        // `^0.2` is below 0.3: far older than any supported series.
        assert_eq!(chosen("^0.2"), Some(DjangoVersion::V4_2));
    }

    #[test]
    fn an_unsupported_release_follows_the_nearest_supported_one_below() {
        assert_eq!(chosen("==5.1.4"), Some(DjangoVersion::V4_2));
        assert_eq!(chosen("==5.1.*"), Some(DjangoVersion::V4_2));
        assert_eq!(chosen("==6.2"), Some(DjangoVersion::V6_1));
        assert_eq!(chosen(">=7.0"), Some(DjangoVersion::V6_1));
        assert_eq!(chosen("<=5"), Some(DjangoVersion::V4_2));
        assert_eq!(chosen("~=5.1.0"), Some(DjangoVersion::V4_2));
        // Nothing supported is older: the oldest supported series.
        assert_eq!(chosen("==3.2.25"), Some(DjangoVersion::V4_2));
        assert_eq!(chosen("<4.0"), Some(DjangoVersion::V4_2));
        // Contradictions allow nothing.
        assert_eq!(chosen(">=5.0,<4.0"), None);
        assert_eq!(chosen("==5.2.1,!=5.2.1"), None);
    }

    #[test]
    fn highest_series_of_unsupported_specs() {
        let highest = |s: &str| parse_spec(s).unwrap().highest_series();
        assert_eq!(highest("==5.1.4"), Some((5, 1)));
        assert_eq!(highest("<5.0"), Some((4, ANY)));
        assert_eq!(highest("==5.*"), Some((5, ANY)));
        assert_eq!(highest(">=3.0"), Some((ANY, ANY)));
    }

    #[test]
    fn unreadable_specs_are_refused() {
        for spec in [
            ">>4.2", "~=5", ">=", "4.2)", "=>*", "1!5.2", "==x", ">=4.2;", "%",
        ] {
            assert_eq!(parse_spec(spec), None, "{spec}");
        }
        let many = vec![">=1"; 40].join(",");
        assert_eq!(parse_spec(&many), None);
        assert_eq!(parse_spec("==99999999999"), None);
        assert_eq!(parse_spec("==1.2.3.4.5.6.7.8.9"), None);
    }

    #[test]
    fn requirements_name_django_only() {
        let v = |r: &str| django_requirement(r).and_then(|s| s.choose());
        assert_eq!(v("Django>=4.2,<5.0"), Some(DjangoVersion::V4_2));
        assert_eq!(
            v("django[argon2,bcrypt] ~= 5.2.0"),
            Some(DjangoVersion::V5_2)
        );
        assert_eq!(
            v("Django==6.0.1 ; python_version >= \"3.12\""),
            Some(DjangoVersion::V6_0)
        );
        assert_eq!(v("Django (>=4.2,<4.3)"), Some(DjangoVersion::V4_2));
        assert_eq!(v("DJANGO"), Some(DjangoVersion::V6_1));
        assert_eq!(v("django ^5.2"), Some(DjangoVersion::V5_2));
        assert!(!django_requirement("Django").unwrap().names_a_release());
        for other in [
            "django-environ>=0.11",
            "djangorestframework==3.15",
            "django_extensions",
            "Django @ https://example.com/Django-5.2.tar.gz",
            "git+https://github.com/django/django.git",
            "Django[argon2>=4.2",
        ] {
            assert_eq!(django_requirement(other), None, "{other}");
        }
        assert!(is_django("Django") && is_django("dJaNgO") && !is_django("django-"));
    }
}
