//! `grayzone calibrate [SCENARIO] --param PATH=LO:HI ... --targets TARGETS.json
//! [--method abc|cmaes] [--budget RUNS]`

use std::path::PathBuf;
use std::time::Instant;

use grayzone_scenario::Domain;
use grayzone_tuning::calibrate::{self, Calibration, Method};
use grayzone_tuning::{Outcome, Targets};

use crate::cmd::tuning::{self, TuningArgs, num};
use crate::error::CliError;
use crate::report::{Bar, print_files};
use crate::scenario_arg;

/// The method, as the command line spells it.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum MethodArg {
    /// Approximate Bayesian computation (rejection, then SMC): a posterior.
    Abc,
    /// CMA-ES on the squared distance to the targets: a point estimate.
    Cmaes,
}

/// Find parameter values whose simulated patterns match observed targets, and write
/// the calibrated scenario.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (the embedded hormuz-2026 scenario when left out).
    scenario: Option<PathBuf>,
    /// A calibrated parameter and its prior range, PATH=LO:HI, e.g.
    /// militias.hezbollah.autonomy=0:1 (repeat for more).
    #[arg(long = "param", value_name = "PATH=LO:HI", required = true)]
    params: Vec<String>,
    /// The observed patterns and their tolerances (see docs/tuning.md).
    #[arg(long, value_name = "TARGETS.json")]
    targets: PathBuf,
    /// ABC for a posterior, CMA-ES for a point estimate.
    #[arg(long, value_enum, default_value_t = MethodArg::Abc)]
    method: MethodArg,
    /// Runs the search may simulate in all (the check of the estimate comes on top).
    #[arg(long, value_name = "RUNS", default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..))]
    budget: u64,
    /// Runs per candidate [default: the targets file's runs_per_point, else 20].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    runs_per_point: Option<u64>,
    /// ABC: accepted particles per generation.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(2..=100_000))]
    particles: u64,
    /// ABC: most generations, the rejection step included.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=100))]
    generations: u64,
    /// Fresh runs at the estimate to check each target.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    check_runs: u64,
    #[command(flatten)]
    common: TuningArgs,
}

/// Calibrates, writes the tables, charts and calibrated scenario, and prints the
/// estimate and how well it matches.
pub fn execute(args: Args) -> Result<(), CliError> {
    let params = tuning::params(&args.params)?;
    let targets = Targets::from_path(&args.targets).map_err(grayzone_tuning::Error::from)?;
    let scenario = scenario_arg::load(args.scenario.as_deref())?;
    let name = scenario.name().to_owned();
    let runs_per_point = args.runs_per_point.or(targets.runs_per_point).unwrap_or(20);
    let outcomes: Vec<Outcome> = targets.targets.iter().map(|t| t.outcome.clone()).collect();
    let (simulator, provenance) = tuning::simulator(
        scenario,
        &params,
        outcomes,
        Some(targets.days),
        runs_per_point,
        &args.common,
    )?;
    let method = match args.method {
        MethodArg::Abc => Method::Abc,
        MethodArg::Cmaes => Method::Cmaes,
    };
    let dir = tuning::out_dir(args.common.out.as_deref(), &name, "calibrate")?;
    let settings = calibrate::Settings {
        method,
        budget: args.budget,
        particles: args.particles as usize,
        generations: args.generations as usize,
        seed: simulator.seed(),
        check_runs: args.check_runs,
        ..calibrate::Settings::default()
    };
    let journal = tuning::journal(&simulator, &dir, &args.common)?;
    let started = Instant::now();
    let result = calibrate::calibrate(
        &journal,
        &params,
        &targets.targets,
        &settings,
        &Bar::new(method.name()),
    )?;
    let mut files = result.write(&dir, simulator.space(), &provenance)?;
    files.extend(grayzone_reports::calibration_charts(
        &result,
        &name,
        simulator.days(),
        simulator.seed(),
        &dir,
    )?);

    print(&result, &name, &targets, simulator.space().domains());
    if simulator.space().base().days() != targets.days {
        println!(
            "the calibrated scenario runs {} days, the targets' horizon (the scenario had {})",
            targets.days,
            simulator.space().base().days()
        );
    }
    println!(
        "{} (search) + {} (check) · stopped: {}",
        tuning::pace(result.runs_used, &journal, started),
        result.check_runs,
        result.stop.describe()
    );
    files.push(grayzone_tuning::journal::FILE.into());
    print_files(&dir, &files);
    Ok(())
}

fn print(result: &Calibration, name: &str, targets: &Targets, domains: &[Domain]) {
    println!(
        "{name} · {} calibration against {} · {}",
        result.method.name(),
        targets.origin,
        result.note()
    );
    let width = result
        .params
        .iter()
        .map(|p| p.path.len())
        .max()
        .unwrap_or(0);
    for (i, p) in result.params.iter().enumerate() {
        match &result.posterior {
            Some(post) => {
                let s = post.summary[i];
                println!(
                    "  {:<width$}  median {}  90% interval [{}, {}]  (prior [{}, {}]{})",
                    p.path,
                    tuning::value(domains, i, s.median),
                    tuning::value(domains, i, s.lo),
                    tuning::value(domains, i, s.hi),
                    tuning::value(domains, i, p.lo),
                    tuning::value(domains, i, p.hi),
                    tuning::takes(domains, i)
                );
            }
            None => println!(
                "  {:<width$}  estimate {}  (range [{}, {}]{})",
                p.path,
                tuning::value(domains, i, result.estimate[i]),
                tuning::value(domains, i, p.lo),
                tuning::value(domains, i, p.hi),
                tuning::takes(domains, i)
            ),
        }
    }
    println!(
        "targets at the estimate ({} fresh runs, 95% intervals):",
        result.check_runs
    );
    let width = result
        .targets
        .iter()
        .map(|t| t.name.len())
        .max()
        .unwrap_or(0);
    for ((t, c), ok) in result
        .targets
        .iter()
        .zip(&result.check)
        .zip(result.matches())
    {
        let simulated = c.map_or("undefined".to_owned(), |c| {
            format!("{} [{}, {}]", num(c.estimate), num(c.lo), num(c.hi))
        });
        let verdict = match ok {
            Some(true) => "within tolerance",
            Some(false) => "OUTSIDE tolerance",
            None => "",
        };
        println!(
            "  {:<width$}  observed {} ± {}  simulated {simulated}  {verdict}",
            t.name,
            num(t.observed),
            num(t.tolerance)
        );
    }
}
