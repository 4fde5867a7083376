//! Django's file check (`django/core/checks/files.py`, core): E001,
//! FILE_UPLOAD_TEMP_DIR naming a folder that exists. Django asks the disk of
//! the machine it runs on; the checker reads the project's own folders
//! only (`ProjectDisk`), so a deploy path outside it stays undecided.

use std::path::Path;

use super::ctx::Ctx;
use super::Outcome;
use crate::analysis::eval::objects::Object;
use crate::analysis::eval::value::{Tri, Unknown, Value};

pub(crate) fn e001(c: &Ctx) -> Vec<Outcome> {
    let v = c.get("FILE_UPLOAD_TEMP_DIR").value;
    let path = match &v {
        Value::Unknown(u) => return vec![Outcome::Undecided(u.clone())],
        Value::Str(s) => s.to_string(),
        Value::Object(o) => match o.as_ref() {
            Object::Path(p) => p.to_string(),
            _ => {
                return vec![Outcome::Undecided(Unknown::new(
                    "FILE_UPLOAD_TEMP_DIR is an object the checker cannot see into",
                ))]
            }
        },
        other => {
            return vec![match other.truthy() {
                Tri::False => Outcome::Pass,
                Tri::Unknown(u) => Outcome::Undecided(u),
                Tri::True => Outcome::Crash(format!(
                    "FILE_UPLOAD_TEMP_DIR is {}, which Django's `Path(...)` refuses (TypeError)",
                    other.a_type_name()
                )),
            }]
        }
    };
    if path.is_empty() {
        return vec![Outcome::Pass];
    }
    let at = Path::new(&path);
    match c.disk.and_then(|d| d.is_dir(at)) {
        Some(true) => vec![Outcome::Pass],
        Some(false) => vec![Outcome::FireNaming(
            format!("{}: there is no folder there, so uploads that do not fit in memory fail", c.describe("FILE_UPLOAD_TEMP_DIR")),
            path,
        )],
        None if at.is_absolute() && c.disk.is_some() => vec![Outcome::Undecided(Unknown::new(format!(
            "FILE_UPLOAD_TEMP_DIR '{path}' is a deploy path outside the project: whether the folder exists is the server's to say"
        )))],
        None if at.is_absolute() => vec![Outcome::Undecided(Unknown::new(format!(
            "whether the folder FILE_UPLOAD_TEMP_DIR '{path}' exists is read on the disk"
        )))],
        None => vec![Outcome::Undecided(Unknown::new(format!(
            "FILE_UPLOAD_TEMP_DIR '{path}' is relative: Django resolves it against the folder the server starts in"
        )))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::{DjangoVersion, ProjectDisk};
    use crate::analysis::settings::Settings;
    use crate::analysis::source::MemorySources;

    fn run(module: &str, disk: bool) -> Vec<Outcome> {
        let mut sources = MemorySources::new();
        sources.put("/proj/manage.py", "");
        sources.put("/proj/uploads/.keep", "");
        sources.put("/proj/settings.py", module);
        let eval =
            crate::analysis::eval::driver::evaluate(Path::new("/proj/settings.py"), &sources)
                .unwrap();
        assert_eq!(eval.project_root, Path::new("/proj"));
        let mut last = None;
        for version in DjangoVersion::SUPPORTED {
            let settings = Settings {
                namespace: &eval.namespace,
                version,
            };
            let d = disk.then_some(ProjectDisk {
                sources: &sources,
                root: &eval.project_root,
            });
            let o = e001(&Ctx::with_disk(&settings, d));
            if let Some(l) = &last {
                assert_eq!(l, &o);
            }
            last = Some(o);
        }
        last.unwrap()
    }

    fn kind(module: &str, disk: bool) -> char {
        match &run(module, disk)[..] {
            [Outcome::Pass] => 'p',
            [Outcome::FireNaming(..)] => 'F',
            [Outcome::Undecided(_)] => 'u',
            [Outcome::Crash(_)] => 'C',
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_missing_folder_inside_the_project_fires() {
        let base = "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent\n";
        assert_eq!(
            kind(
                &format!("{base}FILE_UPLOAD_TEMP_DIR = BASE_DIR / 'uploads'"),
                true
            ),
            'p'
        );
        assert_eq!(
            kind(
                &format!("{base}FILE_UPLOAD_TEMP_DIR = str(BASE_DIR / 'nouploads')"),
                true
            ),
            'F'
        );
        assert_eq!(
            kind(
                &format!("{base}FILE_UPLOAD_TEMP_DIR = BASE_DIR / 'manage.py'"),
                true
            ),
            'F',
            "a file is not a folder"
        );
        assert_eq!(
            kind(
                &format!("{base}FILE_UPLOAD_TEMP_DIR = BASE_DIR / 'nouploads'"),
                false
            ),
            'u',
            "no disk"
        );
    }

    #[test]
    fn a_deploy_path_or_a_relative_one_is_undecided() {
        assert_eq!(kind("FILE_UPLOAD_TEMP_DIR = '/var/tmp/uploads'", true), 'u');
        assert_eq!(kind("FILE_UPLOAD_TEMP_DIR = 'uploads'", true), 'u');
        assert_eq!(kind("FILE_UPLOAD_TEMP_DIR = '/proj/../etc'", true), 'u');
        match &run("FILE_UPLOAD_TEMP_DIR = '/var/tmp/uploads'", true)[0] {
            Outcome::Undecided(u) => assert!(u.reason.contains("deploy path"), "{}", u.reason),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn falsy_values_pass_and_other_types_crash() {
        for ok in [
            "",
            "FILE_UPLOAD_TEMP_DIR = ''",
            "FILE_UPLOAD_TEMP_DIR = None",
            "FILE_UPLOAD_TEMP_DIR = 0",
        ] {
            assert_eq!(kind(ok, true), 'p', "{ok}");
        }
        assert_eq!(kind("FILE_UPLOAD_TEMP_DIR = 5", true), 'C');
        assert_eq!(kind("FILE_UPLOAD_TEMP_DIR = ['/tmp']", true), 'C');
    }
}
