//! Inputs for the benchmarks: a generated settings module of any size, made
//! of what large real settings files contain (environment reads with
//! defaults, dicts, lists and their mutations, conditionals, helpers).

#![allow(dead_code)]

/// A settings module of about `lines` lines; deterministic.
pub fn settings_module(lines: usize) -> String {
    let mut out = vec![
        "\"\"\"Generated settings for benchmarks.\"\"\"".to_string(),
        "import os".into(),
        "from pathlib import Path".into(),
        "".into(),
        "BASE_DIR = Path(__file__).resolve().parent.parent".into(),
        "SECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\", \"django-insecure-bench\")".into(),
        "DEBUG = os.environ.get(\"DJANGO_DEBUG\", \"False\") == \"True\"".into(),
        "ALLOWED_HOSTS = [h for h in os.environ.get(\"DJANGO_ALLOWED_HOSTS\", \"\").split(\",\") if h]".into(),
        "".into(),
        "def env_bool(name, default=False):".into(),
        "    return os.environ.get(name, str(default)).lower() in (\"1\", \"true\", \"yes\")".into(),
        "".into(),
        "INSTALLED_APPS = [".into(),
        "    \"django.contrib.auth\",".into(),
        "    \"django.contrib.contenttypes\",".into(),
        "    \"django.contrib.sessions\",".into(),
        "]".into(),
        "MIDDLEWARE = [".into(),
        "    \"django.middleware.security.SecurityMiddleware\",".into(),
        "    \"django.contrib.sessions.middleware.SessionMiddleware\",".into(),
        "    \"django.middleware.csrf.CsrfViewMiddleware\",".into(),
        "]".into(),
    ];
    let mut i = 0;
    while out.len() < lines.saturating_sub(3) {
        i += 1;
        match i % 8 {
            0 => out.push(format!("# Section {i}: feature flags and limits")),
            1 => out.push(format!("FEATURE_{i} = env_bool(\"FEATURE_{i}\")")),
            2 => out.push(format!(
                "LIMIT_{i} = int(os.environ.get(\"LIMIT_{i}\", \"{i}\"))"
            )),
            3 => {
                out.push(format!("SERVICE_{i} = {{"));
                out.push(format!("    \"url\": \"https://svc{i}.example.com\","));
                out.push(format!("    \"timeout\": {},", i % 30));
                out.push("}".into());
            }
            4 => out.push(format!("NAME_{i} = \"value-{i}\"")),
            5 => {
                out.push(format!("if FEATURE_{}:", i - 4));
                out.push(format!("    EXTRA_{i} = True"));
                out.push("else:".into());
                out.push(format!("    EXTRA_{i} = False"));
            }
            6 => out.push(format!("INSTALLED_APPS.append(\"app{i}\")")),
            _ => out.push(format!("CACHE_TTL_{i} = LIMIT_{} * 60", i - 5)),
        }
    }
    out.push("SECURE_HSTS_SECONDS = 3600".into());
    out.push("SECURE_SSL_REDIRECT = True".into());
    out.join("\n") + "\n"
}

pub fn startproject() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/startproject/mysite/settings.py"
    ))
    .expect("the example project")
}
