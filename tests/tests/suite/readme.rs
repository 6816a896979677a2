//! The quick start of the workspace README is the crate's front page
//! (`generated/README.md`, compiled as a doctest of `dintero-checkout`), so
//! what a user reads on either page compiles; the README's merchant test
//! is the `testing` module's doctest, so it compiles and runs; and every
//! other snippet (```` ```rust,ignore ````, a part of a program) is a
//! doctest of `tests/src/readme.rs`, with what it leaves out hidden.

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

/// The text of the first ```` ```rust ```` block of `text`, without the lines
/// rustdoc hides (`# ...`).
fn rust_block(text: &str) -> String {
    let start = text.find("```rust\n").expect("a rust block") + "```rust\n".len();
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

/// The code blocks of `text` whose opening fence is exactly `fence`
/// (```` ```rust,ignore ````), each without the indentation of its fence.
fn blocks(text: &str, fence: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_start() != fence {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim_start() != "```").map(|l| l.get(indent..).unwrap_or("")).collect();
        found.push(body.join("\n"));
    }
    found
}

/// The doctests of a Rust file's doc comments (`//!` and `///`), each as
/// the lines a reader sees (rustdoc's hidden `# ` lines left out).
fn doctests(source: &str) -> Vec<String> {
    let docs: String = source
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("//!").or_else(|| line.trim_start().strip_prefix("///")))
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    let mut lines = docs.lines();
    while let Some(line) = lines.next() {
        if !line.starts_with("```") || line.contains("text") || line.contains("toml") {
            continue;
        }
        let body: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).filter(|l| !(l.starts_with("# ") || *l == "#")).collect();
        found.push(body.join("\n"));
    }
    found
}

#[test]
fn every_snippet_of_the_workspace_readme_is_a_compiled_doctest() {
    let workspace = include_str!("../../../README.md");
    let compiled = doctests(include_str!("../../src/readme.rs"));
    let snippets = blocks(workspace, "```rust,ignore");
    assert!(snippets.len() >= 4, "the README's snippets are found: {snippets:#?}");
    for snippet in snippets {
        assert!(compiled.contains(&snippet), "this README snippet is in no doctest of tests/src/readme.rs:\n{snippet}\n\nthe doctests show:\n{compiled:#?}");
    }
}
