//! Paths as the file system means them. `bulletins/../playout` is not inside `bulletins`,
//! and through a symlink `rec/` may be the same folder as `takes/`: to compare two paths
//! or make one relative to another, both are first [`resolve`]d — the part that exists
//! with symlinks followed (as the system will follow them), the part that does not exist
//! yet (a folder a command is about to make) with `.` and `..` worked out by hand.

use std::path::{Component, Path, PathBuf};

/// `p` as an absolute path without `.` or `..`: its longest existing part resolved by the
/// file system (symlinks followed), the rest appended with `..` taken lexically.
pub fn resolve(p: &Path) -> PathBuf {
    let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // Walk down from the root, resolving each existing prefix; once a part is missing,
    // the rest is lexical.
    let mut out = PathBuf::new();
    let mut exists = true;
    for c in absolute.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                // `out` is already resolved, so its parent is the real parent.
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if exists {
                    match out.canonicalize() {
                        Ok(real) => out = real,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    out
}

/// Whether `inner` is `outer` or inside it (both resolved first).
pub fn is_within(inner: &Path, outer: &Path) -> bool {
    resolve(inner).starts_with(resolve(outer))
}

/// `path` relative to the folder `base`, both resolved first: `../run/bulletins/x.wav`.
/// Two paths on different Windows drives have no relative form: then `path`, resolved.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path = resolve(path);
    let base = resolve(base);
    let p: Vec<Component<'_>> = path.components().collect();
    let b: Vec<Component<'_>> = base.components().collect();
    if p.first() != b.first() {
        return path;
    }
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_is_taken_after_symlinks_where_the_folder_exists_and_lexically_where_not() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path().canonicalize().unwrap();
        std::fs::create_dir_all(r.join("run/bulletins")).unwrap();
        assert_eq!(
            resolve(&r.join("run/bulletins/../playout/today.m3u8")),
            r.join("run/playout/today.m3u8")
        );
        assert_eq!(resolve(&r.join("new/a/../b/./c")), r.join("new/b/c"));
        assert_eq!(
            relative_to(&r.join("run/bulletins/x/out/x.wav"), &r.join("playout")),
            PathBuf::from("../run/bulletins/x/out/x.wav")
        );
        assert_eq!(relative_to(&r.join("a"), &r.join("a")), PathBuf::from("."));
        #[cfg(unix)]
        {
            // `link/..` is the parent of where the link points, as the system reads it.
            std::os::unix::fs::symlink(r.join("run/bulletins"), r.join("link")).unwrap();
            assert_eq!(resolve(&r.join("link/../x")), r.join("run/x"));
            assert!(is_within(&r.join("link/rec.wav"), &r.join("run/bulletins")));
            assert!(!is_within(
                &r.join("run/bulletins/../b.wav"),
                &r.join("run/bulletins")
            ));
        }
    }
}
