//! What `sensitivity`, `calibrate` and `optimize` share: their common options, the
//! progress bar, the output folder, and how numbers are printed.

use std::path::{Path, PathBuf};
use std::time::Instant;

use grayzone_scenario::{Domain, Scenario};
use grayzone_tuning::{
    Journal, Model, Outcome, Param, Provenance, Simulator, SimulatorSettings, Space,
};

use crate::cmd::population::build;
use crate::error::CliError;
use crate::scenario_arg::command_line;

impl From<grayzone_tuning::Error> for CliError {
    fn from(e: grayzone_tuning::Error) -> Self {
        match e {
            // The diagnostics of a targets file, each with its source line.
            grayzone_tuning::Error::Targets(d) => CliError::Input(d.render()),
            e if e.is_user_error() => CliError::input(e),
            e => CliError::Failure(e.to_string()),
        }
    }
}

/// Options every tuning command takes.
#[derive(clap::Args, Debug)]
pub struct TuningArgs {
    /// Seed of the histories and of the method (the scenario's own seed when left out).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads; 0 uses one per core. Results do not depend on it.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=1024))]
    pub threads: u16,
    /// Output folder [default: output/<scenario name>/<command>].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Continue an interrupted search in --out: what it had evaluated is read back from
    /// evaluations.jsonl instead of simulated again, and the answer is the same.
    #[arg(long)]
    pub resume: bool,
}

/// A simulator of `scenario` with `params` varied, computing `outcomes`, and the
/// provenance of what it computes.
pub fn simulator(
    scenario: Scenario,
    params: &[Param],
    outcomes: Vec<Outcome>,
    days: Option<u32>,
    runs_per_point: u64,
    args: &TuningArgs,
) -> Result<(Simulator, Provenance), CliError> {
    let space = Space::new(scenario, params.to_vec())?;
    let simulator = Simulator::new(
        space,
        outcomes,
        SimulatorSettings {
            seed: args.seed,
            days,
            runs_per_point,
            threads: usize::from(args.threads),
        },
    )?;
    let provenance = Provenance::of(&simulator, build(), command_line());
    Ok((simulator, provenance))
}

/// The journal of the search in `dir`, which `--resume` continues.
pub fn journal<'a>(
    simulator: &'a Simulator,
    dir: &Path,
    args: &TuningArgs,
) -> Result<Journal<'a>, CliError> {
    let header = grayzone_tuning::journal::header(simulator, &build());
    Ok(Journal::open(simulator, header, dir, args.resume)?)
}

/// The `--param PATH=LO:HI` arguments, parsed.
pub fn params(args: &[String]) -> Result<Vec<Param>, CliError> {
    Ok(args
        .iter()
        .map(|p| p.parse::<Param>())
        .collect::<Result<_, _>>()?)
}

/// The output folder, created: `--out`, or `output/<scenario>/<command>`.
///
/// Commands call it before they simulate: a folder that cannot be made (a path that is
/// a file, no permission) is a mistake in the command, to be told at once rather than
/// after minutes of simulation.
pub fn out_dir(out: Option<&Path>, scenario: &str, command: &str) -> Result<PathBuf, CliError> {
    crate::scenario_arg::output_folder(out, scenario, Some(command))
}

/// `, whole numbers` after a parameter's range when the field takes only some values:
/// a whole-number estimate printed as 4.000 would look rounded by chance.
pub fn takes(domains: &[Domain], i: usize) -> String {
    match domains.get(i) {
        Some(&d) if d != Domain::Real => format!(", {}", d.describe()),
        _ => String::new(),
    }
}

/// The value of parameter `i` as printed: a whole number as one (4, not 4.000), any
/// other with [`num`].
pub fn value(domains: &[Domain], i: usize, x: f64) -> String {
    match domains.get(i) {
        Some(&d) if d != Domain::Real && x.is_finite() => format!("{x}"),
        _ => num(x),
    }
}

/// A number with about four significant digits, without exponent for everyday sizes.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    if a != 0.0 && !(1e-3..1e7).contains(&a) {
        format!("{x:.3e}")
    } else if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

/// The pace of a finished search of `runs` histories, for the last line of output; the
/// histories a resumed search read back from its journal are said and left out of the
/// rate.
pub fn pace(runs: u64, journal: &Journal, started: Instant) -> String {
    let s = started.elapsed().as_secs_f64();
    let read = (journal.reused() * journal.runs_per_point()).min(runs);
    let simulated = runs - read;
    let whence = if read > 0 {
        format!(
            " ({read} read back from {})",
            grayzone_tuning::journal::FILE
        )
    } else {
        String::new()
    };
    format!(
        "{runs} runs{whence} in {s:.1} s ({:.0} runs/s)",
        simulated as f64 / s.max(1e-9)
    )
}
