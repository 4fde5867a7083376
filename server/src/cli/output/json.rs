//! `--format json`: an array of findings (`Row`'s fields), pretty-printed.

use std::io::Write;

use super::Row;

pub(super) fn write_json(out: &mut dyn Write, rows: &[Row]) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, rows).map_err(std::io::Error::other)?;
    writeln!(out)
}
