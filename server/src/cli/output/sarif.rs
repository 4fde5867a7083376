//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning, one rule per
//! code with its documentation link.

use std::io::Write;
use std::path::Path;

use super::{rule_description, Row};
use crate::analysis::Severity;

/// SARIF 2.1.0, as GitHub code scanning takes it: one rule per code that
/// appears (with its documentation link), one result per finding, paths
/// relative to the current directory (`%SRCROOT%`), columns in Unicode code
/// points (1-based, end exclusive).
pub(super) fn write_sarif(out: &mut dyn Write, rows: &[Row]) -> std::io::Result<()> {
    use serde_json::{json, Value};
    let mut rule_index: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut rules: Vec<Value> = vec![];
    for r in rows {
        if rule_index.contains_key(r.code.as_str()) {
            continue;
        }
        rule_index.insert(&r.code, rules.len());
        let description = rule_description(&r.code);
        let docs = rows
            .iter()
            .filter(|o| o.code == r.code)
            .find_map(|o| o.docs.clone());
        let security = r.code.starts_with("security.")
            || crate::analysis::secrets::CODES.contains(&r.code.as_str());
        let tags: Vec<&str> = if security {
            vec!["security", "django"]
        } else {
            vec!["django"]
        };
        let mut rule = json!({
            "id": r.code,
            "name": r.code.replace('.', "_"),
            "shortDescription": {"text": description},
            "defaultConfiguration": {"level": sarif_level(r.severity)},
            "properties": {"tags": tags},
        });
        if let Some(url) = docs {
            rule["helpUri"] = json!(url);
            rule["help"] = json!({
                "text": format!("{description}. Django's documentation: {url}"),
                "markdown": format!("{description}. See [Django's documentation]({url})."),
            });
        }
        rules.push(rule);
    }
    let results: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut artifact = json!({});
            if Path::new(&r.path).is_absolute() {
                artifact["uri"] = json!(file_uri(&r.path));
            } else {
                artifact["uri"] = json!(uri_path(&r.path));
                artifact["uriBaseId"] = json!("%SRCROOT%");
            }
            json!({
                "ruleId": r.code,
                "ruleIndex": rule_index[r.code.as_str()],
                "level": sarif_level(r.severity),
                "message": {"text": r.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": r.line,
                            "startColumn": r.column,
                            "endLine": r.end_line,
                            "endColumn": r.end_column,
                        },
                    },
                }],
                "properties": {"fixable": r.fixable},
            })
        })
        .collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "django-settings-lsp",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            },
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(cwd) = std::env::current_dir()
        .ok()
        .and_then(|c| std::fs::canonicalize(c).ok())
    {
        let mut root = file_uri(&cwd.display().to_string());
        if !root.ends_with('/') {
            root.push('/');
        }
        run["originalUriBaseIds"] = json!({"%SRCROOT%": {"uri": root}});
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::other)?;
    writeln!(out)
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference: `/` separators, every byte outside RFC 3986's
/// unreserved set percent-encoded.
fn uri_path(p: &str) -> String {
    let p = if std::path::MAIN_SEPARATOR == '\\' {
        p.replace('\\', "/")
    } else {
        p.to_string()
    };
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn file_uri(abs: &str) -> String {
    let path = uri_path(abs);
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        // A Windows path, C:/...
        format!("file:///{}", path.replacen("%3A", ":", 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::output::tests::row;

    #[test]
    fn uris() {
        assert_eq!(uri_path("my site/é,1.py"), "my%20site/%C3%A9%2C1.py");
        assert_eq!(
            file_uri("/srv/app/settings.py"),
            "file:///srv/app/settings.py"
        );
    }

    #[test]
    fn sarif_rules_and_results() {
        let mut out = vec![];
        let docs = "https://docs.djangoproject.com/en/5.2/ref/settings/#debug";
        write_sarif(
            &mut out,
            &[
                row(3, 3, Severity::Warning, Some(docs)),
                row(7, 7, Severity::Warning, Some(docs)),
            ],
        )
        .unwrap();
        let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 1, "one rule per code");
        assert_eq!(rules[0]["id"], "security.W018");
        assert_eq!(rules[0]["helpUri"], docs);
        assert!(rules[0]["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with("DEBUG: expects"));
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        let loc = &results[1]["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "app/settings.py");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(loc["region"]["startLine"], 7);
        assert_eq!(loc["region"]["startColumn"], 5);
        assert_eq!(loc["region"]["endColumn"], 9);
        assert_eq!(results[1]["level"], "warning");
        assert_eq!(results[1]["ruleIndex"], 0);
    }
}
