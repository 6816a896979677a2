//! The quick start of the workspace README is the crate's front page
//! (`generated/README.md`, compiled as a doctest of `dintero-checkout`), so
//! what a user reads on either page compiles; and the README's merchant
//! test is the `testing` module's doctest, so it compiles and runs. (Every
//! Rust block of the README is also a doctest of the tests crate:
//! `tests/src/readme.rs`.)

fn quick_start(readme: &str) -> &str {
    let start = readme.find("```rust,no_run").expect("a quick start block");
    let end = readme[start..].find("\n```\n").expect("the block ends") + start;
    &readme[start..end]
}

#[test]
fn the_workspace_readme_shows_the_compiled_quick_start() {
    let workspace = include_str!("../../../README.md");
    let crate_page = include_str!("../../../generated/README.md");
    assert_eq!(quick_start(workspace), quick_start(crate_page));
}

/// The text of the first ```` ```rust ```` block of `text` (`rust,no_run` too), without the lines
/// rustdoc hides (`# ...`).
fn rust_block(text: &str) -> String {
    let start = text.find("```rust").and_then(|at| text[at..].find('\n').map(|end| at + end + 1)).expect("a rust block");
    let end = text[start..].find("\n```").expect("the block ends") + start;
    text[start..end].lines().filter(|line| !(line.starts_with("# ") || *line == "#")).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_workspace_readme_shows_the_fakes_doctest() {
    let workspace = include_str!("../../../README.md");
    let section = &workspace[workspace.find("## Testing your checkout code").expect("the section")..];
    let module = include_str!("../../../generated/src/testing/mod.rs");
    let docs: String = module
        .lines()
        .filter_map(|line| line.strip_prefix("//!"))
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(rust_block(section), rust_block(&docs));
}

