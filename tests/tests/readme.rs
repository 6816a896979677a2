//! The quick start of the workspace README is the crate's front page
//! (`generated/README.md`, compiled as a doctest of `dintero-checkout`), so
//! what a user reads on either page compiles.

fn quick_start(readme: &str) -> &str {
    let start = readme.find("```rust,no_run").expect("a quick start block");
    let end = readme[start..].find("\n```\n").expect("the block ends") + start;
    &readme[start..end]
}

#[test]
fn the_workspace_readme_shows_the_compiled_quick_start() {
    let workspace = include_str!("../../README.md");
    let crate_page = include_str!("../../generated/README.md");
    assert_eq!(quick_start(workspace), quick_start(crate_page));
}
