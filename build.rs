//! Records the git commit the binary is built from, for the provenance of every result:
//! `git describe --always --dirty`, so a build from edited sources says so
//! (`b066397a1c2e-dirty`), and "unknown" outside a git checkout (a source tarball).

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}

fn main() {
    let commit = git(&[
        "describe",
        "--always",
        "--dirty",
        "--abbrev=12",
        "--exclude=*",
    ])
    .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=GRAYZONE_GIT_COMMIT={commit}");
    println!("cargo:rerun-if-changed=build.rs");
    if commit == "unknown" {
        return;
    }
    // What moves the commit or the dirty flag: HEAD and the branch it points at (their
    // files live in the common git folder, which a worktree's `.git` file only names),
    // the index, and the tracked sources themselves.
    let mut watched = vec![
        git(&["rev-parse", "--git-path", "HEAD"]),
        git(&["rev-parse", "--git-path", "index"]),
    ];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch]));
        watched.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    }
    watched.extend(
        ["src", "crates", "scenarios", "Cargo.toml", "Cargo.lock"].map(|p| Some(p.to_owned())),
    );
    for path in watched.into_iter().flatten() {
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
