pub fn parse_ok() -> bool {
    let mut p = tree_sitter::Parser::new();
    p.set_language(&tree_sitter_python::LANGUAGE.into()).is_ok()
}
