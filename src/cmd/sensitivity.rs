//! `grayzone sensitivity [SCENARIO] --param PATH=LO:HI ... --outcome NAME
//! --method morris|sobol [--samples N] [--runs-per-point R]`

use std::path::PathBuf;
use std::time::Instant;

use grayzone_tuning::Outcome;
use grayzone_tuning::sensitivity::{self, Indices, Method};

use crate::cmd::tuning::{self, TuningArgs, num};
use crate::error::CliError;
use crate::report::{Bar, print_files};
use crate::scenario_arg;

/// The method, as the command line spells it.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum MethodArg {
    /// Morris elementary effects (mu*, sigma): a cheap screening of many parameters.
    Morris,
    /// Sobol indices (S1, ST) with bootstrap intervals: the share of variance.
    Sobol,
}

/// Which parameters drive an outcome: Morris screening or Sobol indices.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (the embedded hormuz-2026 scenario when left out).
    scenario: Option<PathBuf>,
    /// A varied parameter and its range, PATH=LO:HI, e.g.
    /// militias.kataib_hezbollah.autonomy=0:1 (repeat for more).
    #[arg(long = "param", value_name = "PATH=LO:HI", required = true)]
    params: Vec<String>,
    /// The outcome: any run-summary field (its mean over the runs of a point), or
    /// mean(NAME), median(NAME), P(NAME<=X), EVENT_within_D (e.g. collapse_within_30).
    #[arg(long, value_name = "EXPRESSION")]
    outcome: String,
    /// Morris screening or Sobol indices.
    #[arg(long, value_enum)]
    method: MethodArg,
    /// Morris trajectories [default: 20], or Sobol base samples, a power of two
    /// [default: 256]. Points evaluated: samples × (parameters + 1) for Morris,
    /// samples × (parameters + 2) for Sobol.
    #[arg(long, value_parser = clap::value_parser!(u64).range(2..=65_536))]
    samples: Option<u64>,
    /// Runs per point: the outcome at a point is computed over them.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    runs_per_point: u64,
    /// Days per run (the scenario's own horizon when left out).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    days: Option<u32>,
    /// Grid levels of the Morris design (even).
    #[arg(long, default_value_t = 4)]
    levels: usize,
    /// Bootstrap resamples behind the 95% intervals.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(2..=100_000))]
    resamples: u64,
    #[command(flatten)]
    common: TuningArgs,
}

/// Runs the analysis, writes its tables and chart, and prints the indices.
pub fn execute(args: Args) -> Result<(), CliError> {
    let params = tuning::params(&args.params)?;
    let outcome: Outcome = args.outcome.parse()?;
    let scenario = scenario_arg::load(args.scenario.as_deref())?;
    let name = scenario.name().to_owned();
    let (simulator, provenance) = tuning::simulator(
        scenario,
        &params,
        vec![outcome.clone()],
        args.days,
        args.runs_per_point,
        &args.common,
    )?;
    let method = match args.method {
        MethodArg::Morris => Method::Morris,
        MethodArg::Sobol => Method::Sobol,
    };
    let samples = args.samples.map_or(
        match method {
            Method::Morris => 20,
            Method::Sobol => 256,
        },
        |s| s as usize,
    );
    let settings = sensitivity::Settings {
        method,
        samples,
        levels: args.levels,
        resamples: args.resamples as usize,
        seed: simulator.seed(),
    };
    let dir = tuning::out_dir(args.common.out.as_deref(), &name, "sensitivity")?;
    let journal = tuning::journal(&simulator, &dir, &args.common)?;
    let started = Instant::now();
    let result = sensitivity::analyse(&journal, &params, &settings, &Bar::new(method.name()))?;
    let mut files = result.write(&dir, outcome.as_str(), &provenance)?;
    let subtitle = format!(
        "{name} · {} · {} points · {} days · seed {}",
        match method {
            Method::Morris => format!("Morris, {samples} trajectories"),
            Method::Sobol => format!("Saltelli, N = {samples}"),
        },
        result.points.len(),
        simulator.days(),
        simulator.seed(),
    );
    files.extend(grayzone_reports::sensitivity_chart(
        &result, &outcome, subtitle, &dir,
    )?);

    println!(
        "{name} · {} of {} over {} parameters · {}",
        method.name(),
        outcome.describe(),
        params.len(),
        result.note()
    );
    let width = params.iter().map(|p| p.path.len()).max().unwrap_or(0);
    let mut order: Vec<usize> = (0..params.len()).collect();
    order.sort_by(|&a, &b| rank(&result.indices[b]).total_cmp(&rank(&result.indices[a])));
    for i in order {
        let line = match result.indices[i] {
            Indices::Sobol(s) => format!(
                "S1 {} [{}, {}]   ST {} [{}, {}]",
                num(s.s1),
                num(s.s1_lo),
                num(s.s1_hi),
                num(s.st),
                num(s.st_lo),
                num(s.st_hi)
            ),
            Indices::Morris(m) => format!(
                "mu* {} [{}, {}]   sigma {}   mu {}",
                num(m.mu_star),
                num(m.mu_star_lo),
                num(m.mu_star_hi),
                num(m.sigma),
                num(m.mu)
            ),
        };
        println!("  {:<width$}  {line}", params[i].path);
    }
    for warning in result.warnings() {
        eprintln!("warning: {warning}");
    }
    println!(
        "{}",
        tuning::pace(
            result.points.len() as u64 * result.runs_per_point,
            &journal,
            started,
        )
    );
    files.push(grayzone_tuning::journal::FILE.into());
    print_files(&dir, &files);
    Ok(())
}

/// What parameters are ranked by: ST, or mu*.
fn rank(i: &Indices) -> f64 {
    match i {
        Indices::Sobol(s) => s.st,
        Indices::Morris(m) => m.mu_star,
    }
}
