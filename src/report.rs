//! What every command shows a person at a terminal: a progress bar of simulated runs
//! and the list of files it wrote.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use grayzone_experiments::Progress;
use grayzone_reports::rate;
use indicatif::{ProgressBar, ProgressState, ProgressStyle};

/// Whether to draw a progress bar: only for a person watching a terminal.
pub fn show_progress(stderr_is_terminal: bool, in_ci: bool) -> bool {
    stderr_is_terminal && !in_ci
}

/// A progress bar of simulated runs on stderr, with rate and time left, or nothing when
/// stderr is not a terminal or in CI.
///
/// It also honours `GRAYZONE_HALT_AFTER=NAME`, for tests of interruption: once a file
/// named NAME is on disk for good (a chunk, a table, a journal), the process says so on
/// standard error and waits for good, so that a test kills it at a point it knows rather
/// than after a guessed sleep.
pub struct Bar(Option<ProgressBar>, Option<std::ffi::OsString>);

impl Bar {
    /// A bar whose line starts with `label` (may be empty).
    pub fn new(label: &str) -> Bar {
        let show = show_progress(
            std::io::stderr().is_terminal(),
            std::env::var_os("CI").is_some(),
        );
        let halt = std::env::var_os("GRAYZONE_HALT_AFTER");
        let bar = show.then(|| {
            let bar = ProgressBar::new(0);
            let template = format!(
                "{label}{}{{elapsed_precise}} [{{wide_bar}}] {{human_pos}}/{{human_len}} runs · {{rate}} · {{eta}} left",
                if label.is_empty() { "" } else { " " }
            );
            bar.set_style(
                ProgressStyle::with_template(&template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .with_key("rate", |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = w.write_str(&rate(state.per_sec()));
                    })
                    .progress_chars("=> "),
            );
            bar
        });
        Bar(bar, halt)
    }
}

impl Progress for Bar {
    fn start(&self, total: u64, done: u64) {
        if let Some(b) = &self.0 {
            b.set_length(total);
            b.set_position(done);
            b.reset_eta();
        }
    }

    fn advance(&self, runs: u64) {
        if let Some(b) = &self.0 {
            b.inc(runs);
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }

    fn wrote(&self, path: &Path) {
        if self
            .1
            .as_deref()
            .is_some_and(|n| path.file_name() == Some(n))
        {
            eprintln!("halted after writing {}", path.display());
            loop {
                std::thread::park();
            }
        }
    }
}

/// Prints the folder and the names of the files written into it.
pub fn print_files(dir: &Path, files: &[PathBuf]) {
    println!("wrote {}:", dir.display());
    for f in files {
        println!(
            "  {}",
            f.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::show_progress;

    #[test]
    fn a_bar_only_for_a_person_at_a_terminal() {
        assert!(show_progress(true, false));
        assert!(!show_progress(false, false));
        assert!(!show_progress(true, true));
    }
}
