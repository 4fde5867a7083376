//! `--statistics`: how many findings each code has, most first, as ruff
//! prints them: the count, the code, `[*]` when `--fix` fixes it (`[-]`
//! when only `--fix --unsafe-fixes` does), what the code is about. With
//! `--output-format json`, the same as an array.

use std::collections::BTreeMap;
use std::io::Write;

use super::{rule_description, Row};

#[derive(serde::Serialize)]
struct Statistic {
    code: String,
    count: usize,
    /// `--fix` fixes it.
    fixable: bool,
    /// Only `--fix --unsafe-fixes` does.
    unsafe_fixable: bool,
    description: String,
}

fn statistics(rows: &[Row]) -> Vec<Statistic> {
    let mut by_code: BTreeMap<&str, Statistic> = BTreeMap::new();
    for r in rows {
        let s = by_code.entry(&r.code).or_insert_with(|| Statistic {
            code: r.code.clone(),
            count: 0,
            fixable: r.safe_fix,
            unsafe_fixable: r.fixable && !r.safe_fix,
            description: rule_description(&r.code),
        });
        s.count += 1;
    }
    let mut out: Vec<Statistic> = by_code.into_values().collect();
    // Most first; a tie by code (the map's order, kept by a stable sort).
    out.sort_by_key(|s| std::cmp::Reverse(s.count));
    out
}

pub(in crate::cli) fn write_statistics(
    out: &mut dyn Write,
    rows: &[Row],
    json: bool,
) -> std::io::Result<()> {
    let stats = statistics(rows);
    if json {
        serde_json::to_writer_pretty(&mut *out, &stats).map_err(std::io::Error::other)?;
        return writeln!(out);
    }
    let count_width = stats.iter().map(|s| s.count.to_string().len()).max();
    let code_width = stats.iter().map(|s| s.code.len()).max().unwrap_or(0);
    let any_fix = stats.iter().any(|s| s.fixable || s.unsafe_fixable);
    for s in &stats {
        let mark = match (any_fix, s.fixable, s.unsafe_fixable) {
            (false, _, _) => "",
            (true, true, _) => "[*] ",
            (true, false, true) => "[-] ",
            (true, false, false) => "[ ] ",
        };
        writeln!(
            out,
            "{:>cw$}\t{:<kw$}\t{mark}{}",
            s.count,
            s.code,
            s.description,
            cw = count_width.unwrap_or(1),
            kw = code_width
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Severity;
    use crate::cli::output::tests::row;

    #[test]
    fn counts_per_code_most_first() {
        let mut rows = vec![row(1, 1, Severity::Warning, None)];
        for line in 2..12 {
            let mut r = row(line, line, Severity::Warning, None);
            r.code = "security.W004".into();
            r.safe_fix = false;
            rows.push(r);
        }
        let mut out = vec![];
        write_statistics(&mut out, &rows, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(
            lines[0].starts_with("10\tsecurity.W004\t[-] SECURE_HSTS_SECONDS: expects"),
            "{text}"
        );
        assert!(
            lines[1].starts_with(" 1\tsecurity.W018\t[*] DEBUG: expects"),
            "{text}"
        );
        let mut out = vec![];
        write_statistics(&mut out, &rows, true).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json[0]["code"], "security.W004");
        assert_eq!(json[0]["count"], 10);
        assert_eq!(json[1]["fixable"], true);
    }
}
