//! Paths: `os.path` strings and `pathlib.Path` objects.

use crate::analysis::byte_budget;
use crate::analysis::objects::Object;
use crate::analysis::value::Value;

pub(super) fn path_str(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.to_string()),
        Value::Object(o) => match o.as_ref() {
            Object::Path(p) => Some(p.to_string()),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn join_path(base: &str, part: &str) -> Option<String> {
    if !byte_budget::reserve(base.len() + part.len() + 1) {
        return None;
    }
    Some(if part.starts_with('/') || base.is_empty() {
        part.to_string()
    } else if base.ends_with('/') {
        format!("{base}{part}")
    } else {
        format!("{base}/{part}")
    })
}

pub(super) fn parent_of(p: &str) -> String {
    match p.trim_end_matches('/').rsplit_once('/') {
        Some(("", _)) => "/".to_string(),
        Some((head, _)) => head.to_string(),
        None => ".".to_string(),
    }
}
