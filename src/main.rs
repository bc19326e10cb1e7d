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
mod report;
mod scenario_arg;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The version and the commit the binary was built from (`--version`), so a result can
/// be traced to its build.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("GRAYZONE_GIT_COMMIT"),
    ")"
);

/// Agent-based simulation of proxy networks under fragile ceasefires.
#[derive(Parser)]
#[command(name = "grayzone", version = VERSION, about, long_about = None)]
#[command(after_help = "Examples:
  # one history of the embedded flagship scenario, written to output/hormuz-2026/
  grayzone
  # 10,000 histories of another scenario
  grayzone ensemble scenarios/iran-israel-truce.json --runs 10000
  # every command's own examples
  grayzone help ensemble")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run one history and write its time series, events, summary and escalation chart.
    #[command(after_help = "Examples:
  # one history of the flagship, 90 days, written to output/hormuz-2026/
  grayzone run --days 90
  # another scenario and seed, in a folder of its own, events in PLOVER
  grayzone run scenarios/iran-israel-truce.json --seed 7 --out output/truce-7 --events plover")]
    Run(cmd::run::Args),
    /// Check scenario files and print `ok` or every problem found.
    #[command(after_help = "Examples:
  grayzone validate scenarios/hormuz-2026.json scenarios/red-line-probing.json
  # a scenario and the observed patterns a calibration would fit
  grayzone validate scenarios/hormuz-2026.json --targets scenarios/targets/hormuz-2026.json")]
    Validate(cmd::validate::Args),
    /// Print the JSON Schema of the scenario format, or of experiment files.
    #[command(after_help = "Examples:
  # for an editor's completion and checking of scenario files
  grayzone schema > scenario.schema.json
  # the same for experiment files
  grayzone schema --experiment > experiment.schema.json")]
    Schema(cmd::schema::Args),
    /// Run many histories of one scenario: probabilities, times to events, tables, charts.
    #[command(after_help = "Examples:
  # the flagship, 10,000 histories
  grayzone ensemble --runs 10000
  # continue an interrupted experiment of another scenario where it stopped
  grayzone ensemble scenarios/iran-israel-truce.json --runs 1000000 --out results/truce --resume")]
    Ensemble(cmd::ensemble::Args),
    /// Run histories across a range of parameters: how the outcomes move.
    #[command(after_help = "Examples:
  # an 11 x 11 grid of one militia's autonomy and the US attribution policy
  grayzone sweep --param militias.kataib_hezbollah.autonomy=0:1:11 --param actors.us.attribution.policy=0:1:11 --runs-per-point 500
  # a Sobol design over every militia's autonomy and the ceasefire's tolerance
  grayzone sweep --param 'militias.*.autonomy=0:1' --param ceasefire.tolerance=1:10 --design sobol --points 256 --out output/sweep-sobol")]
    Sweep(cmd::sweep::Args),
    /// Rebuild one run of an ensemble or sweep exactly, with its full history.
    #[command(after_help = "Examples:
  # run 4127 of an ensemble, with its full history
  grayzone replay output/hormuz-2026/ensemble --run 4127")]
    Replay(cmd::replay::Args),
    /// Join the shards of an ensemble or sweep.
    #[command(after_help = "Examples:
  # join two shards into one experiment
  grayzone merge part0 part1 --out merged")]
    Merge(cmd::merge::Args),
    /// Which parameters drive an outcome: Morris screening or Sobol indices.
    #[command(after_help = "Examples:
  # Sobol indices of two parameters for a collapse within 30 days
  grayzone sensitivity --param militias.kataib_hezbollah.autonomy=0:1 --param actors.us.attribution.policy=0:1 --outcome collapse_within_30 --method sobol --samples 256 --runs-per-point 20")]
    Sensitivity(cmd::sensitivity::Args),
    /// Fit parameters to observed patterns (ABC or CMA-ES) and write the calibrated scenario.
    #[command(after_help = "Examples:
  # fit the militias' autonomy to what seed 002 reports (ABC)
  grayzone calibrate --targets scenarios/targets/hormuz-2026.json --param militias.kataib_hezbollah.autonomy=0:1 --param actors.irgc.doctrine.retaliation_ratio=0.5:3 --budget 40000")]
    Calibrate(cmd::calibrate::Args),
    /// Find the parameters that minimise or maximise an outcome under constraints, or the
    /// policies robust to what is uncertain (--robust).
    #[command(after_help = "Examples:
  # the autonomy that makes an early collapse least likely while deniability holds
  grayzone optimize --param militias.kataib_hezbollah.autonomy=0:1 --param actors.us.attribution.policy=0:1 --minimize collapse_within_30 --subject-to 'blamed_on_patron_share<=0.3' --days 30 --runs-per-point 100 --budget 40000
  # US levers robust to the militias' autonomy and the linkage, two objectives at once
  grayzone optimize --robust --lever actors.us.attribution.policy=0:1 --lever actors.us.doctrine.retaliate=0:1 --uncertain 'militias.*.autonomy=0:1' --uncertain 'network.linkage[0].weight=0:2' --objective collapse_within_30 --objective regional_war_within_30 --days 30")]
    Optimize(cmd::optimize::Args),
    /// Run an experiment file: ensembles, sweeps, discovery and robust searches, over one or
    /// several scenarios.
    #[command(after_help = "Examples:
  # what docs/policy.md runs: a sweep, the box where the truce collapses, a robust front
  grayzone experiment docs/examples/truce-collapse.json
  # run again the experiment that made a folder
  grayzone experiment output/truce-collapse/experiment.json --out rerun")]
    Experiment(cmd::experiment::Args),
    /// Find where in a finished sweep's parameter space a condition holds (PRIM or CART).
    #[command(after_help = "Examples:
  # where a sweep's truce collapses within 30 days in more than half the runs
  grayzone discover output/hormuz-2026/sweep --where 'collapse_within_30>0.5'
  # a classification tree instead of PRIM
  grayzone discover output/hormuz-2026/sweep --where 'collapse_within_30>0.5' --method cart")]
    Discover(cmd::discover::Args),
    /// Explore a scenario live in the browser: a slider per parameter reruns the histories.
    #[command(after_help = "Examples:
  # the flagship, one militia's autonomy and the US attribution policy, 1,000 histories a point
  grayzone explore --param militias.kataib_hezbollah.autonomy=0:1 --param actors.us.attribution.policy=0:1
  # another scenario and port, 500 histories a point
  grayzone explore scenarios/iran-israel-truce.json --param ceasefire.tolerance=1:10 --runs 500 --port 8080")]
    Explore(cmd::explore::Args),
    /// Write one self-contained HTML report of finished experiments (several: compared).
    #[command(after_help = "Examples:
  # the report of an ensemble, written to its folder as report.html
  grayzone report output/hormuz-2026/ensemble
  # two experiments side by side
  grayzone report results/truce output/hormuz-2026/ensemble --out compared.html")]
    Report(cmd::report::Args),
    /// Measure throughput, set-up cost and peak memory (docs/performance.md).
    #[command(after_help = "Examples:
  # runs per second on one and two threads, without the memory measurements
  grayzone bench --runs 5000 --no-memory
  # the scale curve for synthetic theatres
  grayzone bench --scale --scale-militias 1000,10000,100000")]
    Bench(cmd::bench::Args),
    /// Write a synthetic theatre of any size (many patrons, thousands of militias).
    #[command(after_help = "Examples:
  grayzone generate --militias 2000 --out big.json
  # a million militias, written as they are drawn
  grayzone generate --patrons 20 --militias 1000000 --seed 3 > huge.json")]
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
        Command::Discover(args) => cmd::discover::execute(args),
        Command::Experiment(args) => cmd::experiment::execute(args),
        Command::Explore(args) => cmd::explore::execute(args),
        Command::Report(args) => cmd::report::execute(args),
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// The words of an example line as a shell would pass them: single quotes kept
    /// together, a redirection and what follows left out.
    fn words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let (mut word, mut quoted) = (String::new(), false);
        for c in line.chars() {
            match c {
                '\'' => quoted = !quoted,
                ' ' if !quoted => {
                    if !word.is_empty() {
                        words.push(std::mem::take(&mut word));
                    }
                }
                _ => word.push(c),
            }
        }
        words.push(word);
        words.retain(|w| !w.is_empty());
        if let Some(at) = words.iter().position(|w| w == ">") {
            words.truncate(at);
        }
        words
    }

    /// Every command's help ends with one or two examples, and every example is a command
    /// line the parser accepts: an example cannot fall behind a renamed flag.
    #[test]
    fn every_command_has_examples_that_parse() {
        let cli = Cli::command();
        let mut commands: Vec<&clap::Command> = cli.get_subcommands().collect();
        commands.push(&cli);
        for command in commands {
            let help = command
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.starts_with("Examples:"),
                "`{}` has no examples",
                command.get_name()
            );
            let examples: Vec<&str> = help
                .lines()
                .map(str::trim)
                .filter(|l| l.starts_with("grayzone") && !l.starts_with("grayzone help"))
                .collect();
            assert!(
                (1..=2).contains(&examples.len()),
                "`{}` has {} examples, not one or two",
                command.get_name(),
                examples.len()
            );
            for example in examples {
                if let Err(e) = Cli::try_parse_from(words(example)) {
                    panic!("`{example}` does not parse: {e}");
                }
            }
        }
    }

    #[test]
    fn the_version_names_the_commit() {
        let version = Cli::command().render_version();
        assert!(version.contains("(commit "), "{version}");
    }
}
