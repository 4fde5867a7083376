fn main() { println!("{}", django_settings_lsp::parse_ok()); }
