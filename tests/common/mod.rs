//! Running the real `grayzone` binary from the end-to-end tests.
#![allow(dead_code)]

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs grayzone with `args`, outside any batch system.
pub fn grayzone(args: &[&str]) -> Output {
    command(args).output().expect("grayzone runs")
}

/// Runs grayzone with `args` in the folder `cwd`, where it writes `output/` by default.
pub fn grayzone_in(args: &[&str], cwd: &Path) -> Output {
    command(args)
        .current_dir(cwd)
        .output()
        .expect("grayzone runs")
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_grayzone"));
    command
        .args(args)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX");
    command
}

/// Its standard error, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Succeeds; its standard output.
pub fn ok(args: &[&str]) -> String {
    let out = grayzone(args);
    assert!(
        out.status.success(),
        "grayzone {} failed:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Fails with exit status 2 and a message containing `expected`, without panicking.
pub fn refused(args: &[&str], expected: &str) {
    let out = grayzone(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "grayzone {}: {stderr}",
        args.join(" ")
    );
    assert!(
        stderr.contains(expected),
        "grayzone {}: {stderr}",
        args.join(" ")
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Runs grayzone with `args` until it has written a file named `name` for good (the
/// binary halts there and says so when `GRAYZONE_HALT_AFTER` names it), then kills it
/// with SIGKILL: an interruption at a point the child reports, not after a guessed sleep.
pub fn kill_after(args: &[&str], name: &str) {
    let mut child = command(args)
        .env("GRAYZONE_HALT_AFTER", name)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("grayzone runs");
    let stderr = child.stderr.take().expect("piped");
    let mut said = String::new();
    for line in std::io::BufReader::new(stderr).lines() {
        let line = line.expect("text");
        if line.starts_with("halted after writing") {
            // Child::kill sends SIGKILL on Unix: no chance to clean up.
            child.kill().expect("kill");
            child.wait().expect("reaped");
            return;
        }
        said.push_str(&line);
        said.push('\n');
    }
    let status = child.wait().expect("reaped");
    panic!(
        "grayzone {} ended ({status}) before writing {name}:\n{said}",
        args.join(" ")
    );
}

/// The first of `names` found on the PATH.
pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// Debian's chromium, or another Chromium on the PATH.
pub fn chromium() -> Option<PathBuf> {
    on_path(&["chromium", "chromium-browser", "google-chrome"])
}
