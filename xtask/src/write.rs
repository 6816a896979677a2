//! Putting generated trees on disk all at once, or comparing them with it.
//!
//! A tree is written into a sibling staging directory first; only when every
//! file is written is the old directory swapped out and the new one moved in
//! (two renames on the same filesystem). A failure before that leaves the
//! committed files exactly as they were.

use codegen::OutputTree;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Replaces each tree's directory with exactly the tree's files.
pub fn replace_trees(root: &Path, trees: &[OutputTree]) -> io::Result<()> {
    let mut staged = Vec::new();
    for tree in trees {
        let target = root.join(tree.dir);
        let staging = sibling(&target, "staging");
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        let written = write_all(&staging, &tree.files);
        if let Err(e) = written {
            let _ = fs::remove_dir_all(&staging);
            for (_, s) in &staged {
                let _ = fs::remove_dir_all(s);
            }
            return Err(e);
        }
        staged.push((target, staging));
    }
    for (target, staging) in staged {
        let old = sibling(&target, "old");
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        if target.exists() {
            fs::rename(&target, &old)?;
        }
        if let Err(e) = fs::rename(&staging, &target) {
            let _ = fs::rename(&old, &target);
            return Err(e);
        }
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
    }
    Ok(())
}

fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.{what}"))
}

fn write_all(dir: &Path, files: &BTreeMap<String, String>) -> io::Result<()> {
    for (path, contents) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, contents)?;
    }
    Ok(())
}

/// A unified diff for every file that differs from (or is missing in, or is
/// extra in) the trees on disk.
pub fn stale_files(root: &Path, trees: &[OutputTree]) -> io::Result<Vec<String>> {
    let mut diffs = Vec::new();
    for tree in trees {
        let dir = root.join(tree.dir);
        let on_disk = read_tree(&dir)?;
        for (path, wanted) in &tree.files {
            let shown = format!("{}/{path}", tree.dir);
            let current = on_disk.get(path).map_or("", String::as_str);
            if current != wanted {
                diffs.push(unified(&shown, current, wanted));
            }
        }
        for (path, current) in &on_disk {
            if !tree.files.contains_key(path) {
                diffs.push(unified(&format!("{}/{path}", tree.dir), current, ""));
            }
        }
    }
    Ok(diffs)
}

/// A unified diff of `old` and `new`. A minimal diff of two very different
/// files (the whole crate against a small spec's) takes Myers' algorithm
/// quadratic time; past a second it settles for a longer, still exact one.
fn unified(path: &str, old: &str, new: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    similar::TextDiff::configure()
        .deadline(deadline)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Every file below `dir`, by its `/`-separated path relative to `dir`.
pub(crate) fn read_tree(dir: &Path) -> io::Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return Ok(files);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(at) = pending.pop() {
        for entry in fs::read_dir(&at)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).map_err(io::Error::other)?;
                files.insert(relative.to_string_lossy().replace('\\', "/"), fs::read_to_string(&path)?);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn tree(files: &[(&str, &str)]) -> OutputTree {
        OutputTree { dir: "out/gen", files: files.iter().map(|(p, c)| ((*p).to_owned(), (*c).to_owned())).collect() }
    }

    #[test]
    fn replacing_a_tree_leaves_exactly_its_files_and_no_staging() {
        let root = scratch("replace");
        fs::create_dir_all(root.join("out/gen/old")).expect("mkdir");
        fs::write(root.join("out/gen/old/stale.rs"), "stale").expect("write");
        fs::write(root.join("out/gen/keep.rs"), "old").expect("write");
        replace_trees(&root, &[tree(&[("keep.rs", "new"), ("sub/added.rs", "added")])]).expect("replaces");
        assert_eq!(read_tree(&root.join("out/gen")).expect("reads"), BTreeMap::from([
            ("keep.rs".to_owned(), "new".to_owned()),
            ("sub/added.rs".to_owned(), "added".to_owned()),
        ]));
        let leftovers: Vec<_> = fs::read_dir(root.join("out")).expect("reads").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(leftovers, vec!["gen"], "no staging or old directory is left behind");
        fs::remove_dir_all(root).expect("cleanup");
    }

    #[test]
    fn stale_files_lists_changed_missing_and_extra_files() {
        let root = scratch("stale");
        fs::create_dir_all(root.join("out/gen")).expect("mkdir");
        fs::write(root.join("out/gen/same.rs"), "same\n").expect("write");
        fs::write(root.join("out/gen/changed.rs"), "old\n").expect("write");
        fs::write(root.join("out/gen/extra.rs"), "extra\n").expect("write");
        let wanted = tree(&[("same.rs", "same\n"), ("changed.rs", "new\n"), ("missing.rs", "m\n")]);
        let diffs = stale_files(&root, &[wanted]).expect("compares");
        assert_eq!(diffs.len(), 3, "{diffs:?}");
        assert!(diffs.iter().any(|d| d.contains("-old") && d.contains("+new")));
        assert!(diffs.iter().any(|d| d.contains("b/out/gen/missing.rs") && d.contains("+m")));
        assert!(diffs.iter().any(|d| d.contains("a/out/gen/extra.rs") && d.contains("-extra")));
        fs::remove_dir_all(root).expect("cleanup");
    }
}
