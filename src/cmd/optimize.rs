//! `grayzone optimize [SCENARIO] --param PATH=LO:HI ... --minimize OUTCOME
//! [--subject-to 'OUTCOME<=VALUE' ...]`

use std::path::PathBuf;
use std::time::Instant;

use grayzone_tuning::Outcome;
use grayzone_tuning::optimize::{self, Constraint, Goal, Sense};

use crate::cmd::tuning::{self, TuningArgs, num};
use crate::error::CliError;
use crate::report::{Bar, print_files};
use crate::scenario_arg;

/// Find the parameter values that minimise or maximise an outcome under constraints.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (the embedded hormuz-2026 scenario when left out).
    scenario: Option<PathBuf>,
    /// A parameter to choose and its range, PATH=LO:HI (repeat for more).
    #[arg(long = "param", value_name = "PATH=LO:HI", required = true)]
    params: Vec<String>,
    /// The outcome to minimise (an outcome expression, e.g. regional_war_within_30).
    #[arg(
        long,
        value_name = "OUTCOME",
        required_unless_present = "maximize",
        conflicts_with = "maximize"
    )]
    minimize: Option<String>,
    /// The outcome to maximise.
    #[arg(long, value_name = "OUTCOME")]
    maximize: Option<String>,
    /// A constraint, OUTCOME<=VALUE or OUTCOME>=VALUE, e.g.
    /// 'blamed_on_patron_share<=0.3' (repeat for more).
    ///
    /// Only <= and >= are taken: the outcome is an estimate over runs, and on the
    /// 1/R steps of an R-run share a strict limit would differ from the non-strict one
    /// by a whole step, so say which one you mean.
    #[arg(long = "subject-to", value_name = "OUTCOME<=VALUE")]
    subject_to: Vec<String>,
    /// Runs the search may simulate in all (the check of the optimum comes on top).
    #[arg(long, value_name = "RUNS", default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..))]
    budget: u64,
    /// Runs per candidate: each outcome is computed over them.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    runs_per_point: u64,
    /// Days per run (the scenario's own horizon when left out).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    days: Option<u32>,
    /// CMA-ES population per generation [default: 4 + 3 ln(parameters)].
    #[arg(long, value_parser = clap::value_parser!(u64).range(2..=10_000))]
    population: Option<u64>,
    /// Fresh runs at the optimum for its intervals.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    check_runs: u64,
    #[command(flatten)]
    common: TuningArgs,
}

/// Searches, checks the optimum on fresh runs, writes its files and prints it.
pub fn execute(args: Args) -> Result<(), CliError> {
    let params = tuning::params(&args.params)?;
    let (sense, objective) = match (&args.minimize, &args.maximize) {
        (Some(o), None) => (Sense::Minimize, o),
        (None, Some(o)) => (Sense::Maximize, o),
        _ => {
            return Err(CliError::Input(
                "error: give one of --minimize or --maximize".into(),
            ));
        }
    };
    let goal = Goal {
        sense,
        objective: objective.parse::<Outcome>()?,
        constraints: args
            .subject_to
            .iter()
            .map(|c| c.parse::<Constraint>())
            .collect::<Result<_, _>>()?,
    };
    let scenario = scenario_arg::load(args.scenario.as_deref())?;
    let name = scenario.name().to_owned();
    let (simulator, provenance) = tuning::simulator(
        scenario,
        &params,
        goal.outcomes(),
        args.days,
        args.runs_per_point,
        &args.common,
    )?;
    let dir = tuning::out_dir(args.common.out.as_deref(), &name, "optimize")?;
    let settings = optimize::Settings {
        budget: args.budget,
        population: args.population.map(|p| p as usize),
        seed: simulator.seed(),
        check_runs: args.check_runs,
    };
    let journal = tuning::journal(&simulator, &dir, &args.common)?;
    let started = Instant::now();
    let result = optimize::optimize(&journal, &params, &goal, &settings, &Bar::new(sense.name()))?;
    let mut files = result.write(&dir, simulator.space(), &provenance)?;
    let feasible = result.searched_feasible;
    files.extend(grayzone_reports::optimization_chart(
        &result,
        &goal,
        &name,
        simulator.days(),
        simulator.seed(),
        &dir,
    )?);

    println!(
        "{name} · {} {} · {} constraint{} · {}",
        sense.name(),
        goal.objective.describe(),
        goal.constraints.len(),
        if goal.constraints.len() == 1 { "" } else { "s" },
        result.note()
    );
    if !feasible {
        // Said first and loudly: what follows is the best of bad answers.
        println!(
            "NO FEASIBLE POINT: none of the {} candidates the search evaluated met every constraint.\n\
             The values below are the least violating point, not an optimum \
             (written as {}); relax a constraint, widen a range or vary another parameter.",
            result.evaluated(),
            result.scenario_file()
        );
    }
    let width = params.iter().map(|p| p.path.len()).max().unwrap_or(0);
    for (i, (p, x)) in params.iter().zip(&result.x).enumerate() {
        println!(
            "  {:<width$}  {}  (range [{}, {}]{})",
            p.path,
            tuning::value(simulator.space().domains(), i, *x),
            tuning::value(simulator.space().domains(), i, p.lo),
            tuning::value(simulator.space().domains(), i, p.hi),
            tuning::takes(simulator.space().domains(), i)
        );
    }
    println!(
        "at the {} ({} fresh runs, 95% intervals):",
        if feasible {
            "optimum"
        } else {
            "least violating point"
        },
        result.check_runs
    );
    let show = |i: &Option<grayzone_stats::interval::Interval>| {
        i.map_or("undefined".to_owned(), |i| {
            format!("{} [{}, {}]", num(i.estimate), num(i.lo), num(i.hi))
        })
    };
    println!(
        "  {}: {}",
        goal.objective.describe(),
        show(&result.check[0])
    );
    for ((c, i), ok) in goal
        .constraints
        .iter()
        .zip(&result.check[1..])
        .zip(result.satisfied())
    {
        let verdict = match ok {
            Some(true) => "satisfied",
            Some(false) => "VIOLATED",
            None => "undefined",
        };
        println!("  {}: {}  {verdict}", c.describe(), show(i));
    }
    println!(
        "{} (search, {}) + {} (check) · stopped: {}",
        tuning::pace(result.runs_used, &journal, started),
        grayzone_reports::plural(result.trace.len() as u64, "generation"),
        result.check_runs,
        result.stop.describe()
    );
    files.push(grayzone_tuning::journal::FILE.into());
    print_files(&dir, &files);
    Ok(())
}
