//! The `grayzone` command line: parses arguments, runs a command, prints, exits.
//!
//! Exit status: 0 on success, 2 when the input is invalid (a scenario, a flag, a path),
//! 1 when something else fails (a file cannot be written).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the binary is the one place that prints"
)]

mod cmd;
mod error;
mod history;
mod report;
mod scenario_arg;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Agent-based simulation of proxy networks under fragile ceasefires.
#[derive(Parser)]
#[command(name = "grayzone", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run one history and write its time series, events, summary and escalation chart.
    Run(cmd::run::Args),
    /// Check scenario files and print `ok` or every problem found.
    Validate(cmd::validate::Args),
    /// Print the JSON Schema of the scenario format.
    Schema(cmd::schema::Args),
    /// Run many histories of one scenario: probabilities, times to events, tables, charts.
    Ensemble(cmd::ensemble::Args),
    /// Run histories across a range of parameters: how the outcomes move.
    Sweep(cmd::sweep::Args),
    /// Rebuild one run of an ensemble or sweep exactly, with its full history.
    Replay(cmd::replay::Args),
    /// Join the shards of an ensemble or sweep.
    Merge(cmd::merge::Args),
    /// Which parameters drive an outcome: Morris screening or Sobol indices.
    Sensitivity(cmd::sensitivity::Args),
    /// Fit parameters to observed patterns (ABC or CMA-ES) and write the calibrated scenario.
    Calibrate(cmd::calibrate::Args),
    /// Find the parameters that minimise or maximise an outcome under constraints.
    Optimize(cmd::optimize::Args),
    /// Measure throughput, set-up cost and peak memory (docs/performance.md).
    Bench(cmd::bench::Args),
    /// Write a synthetic theatre of any size (many patrons, thousands of militias).
    Generate(cmd::generate::Args),
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    // With no command, run the embedded default scenario: the first thing a new user tries.
    let command = cli
        .command
        .unwrap_or(Command::Run(cmd::run::Args::default()));
    let result = match command {
        Command::Run(args) => cmd::run::execute(args),
        Command::Validate(args) => cmd::validate::execute(args),
        Command::Schema(args) => cmd::schema::execute(args),
        Command::Ensemble(args) => cmd::ensemble::execute(args),
        Command::Sweep(args) => cmd::sweep::execute(args),
        Command::Replay(args) => cmd::replay::execute(args),
        Command::Merge(args) => cmd::merge::execute(args),
        Command::Sensitivity(args) => cmd::sensitivity::execute(args),
        Command::Calibrate(args) => cmd::calibrate::execute(args),
        Command::Optimize(args) => cmd::optimize::execute(args),
        Command::Bench(args) => cmd::bench::execute(args),
        Command::Generate(args) => cmd::generate::execute(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.code())
        }
    }
}

/// `grayzone schema | head` must end quietly, as `cat` does, not panic in `println!`:
/// Rust ignores SIGPIPE and turns the closed pipe into a panic; the default action ends
/// the process without a word once the reader has what it wanted.
#[allow(unsafe_code, reason = "restoring SIGPIPE's default needs libc")]
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; restoring a signal's
    // default disposition has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
