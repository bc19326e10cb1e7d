//! `grayzone optimize [SCENARIO] --param PATH=LO:HI ... --minimize OUTCOME
//! [--subject-to 'OUTCOME<=VALUE' ...]`, and
//! `grayzone optimize --robust --lever PATH=LO:HI ... --uncertain PATH=LO:HI ...
//! --objective [min:|max:]OUTCOME ... [--constraint 'OUTCOME<=VALUE' ...]`

use std::path::PathBuf;
use std::time::Instant;

use grayzone_scenario::Scenario;
use grayzone_tuning::Outcome;
use grayzone_tuning::experiment::{ExperimentFile, Step};
use grayzone_tuning::optimize::{self, Constraint, Goal, Sense};
use grayzone_tuning::robust::{self, Metric, Objective, Problem};

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
    #[arg(
        long = "param",
        value_name = "PATH=LO:HI",
        required_unless_present = "robust",
        conflicts_with = "robust"
    )]
    params: Vec<String>,
    /// The outcome to minimise (an outcome expression, e.g. regional_war_within_30).
    #[arg(
        long,
        value_name = "OUTCOME",
        required_unless_present_any = ["maximize", "robust"],
        conflicts_with_all = ["maximize", "robust"]
    )]
    minimize: Option<String>,
    /// The outcome to maximise.
    #[arg(long, value_name = "OUTCOME", conflicts_with = "robust")]
    maximize: Option<String>,
    /// A constraint, OUTCOME<=VALUE or OUTCOME>=VALUE, e.g.
    /// 'blamed_on_patron_share<=0.3' (repeat for more).
    ///
    /// Only <= and >= are taken: the outcome is an estimate over runs, and on the
    /// 1/R steps of an R-run share a strict limit would differ from the non-strict one
    /// by a whole step, so say which one you mean.
    ///
    /// With --robust, a constraint holds on the mean over the uncertainty points.
    #[arg(
        long = "subject-to",
        visible_alias = "constraint",
        value_name = "OUTCOME<=VALUE"
    )]
    subject_to: Vec<String>,
    /// Search for policies robust to uncertainties, for several objectives at once
    /// (NSGA-II): --lever, --uncertain and --objective say what to search.
    #[arg(long, requires_all = ["levers", "uncertainties", "objectives"])]
    robust: bool,
    /// --robust: a lever the decision-maker holds, PATH=LO:HI (repeat for more).
    #[arg(long = "lever", value_name = "PATH=LO:HI", requires = "robust")]
    levers: Vec<String>,
    /// --robust: an uncertainty it does not control, PATH=LO:HI (repeat for more).
    #[arg(long = "uncertain", value_name = "PATH=LO:HI", requires = "robust")]
    uncertainties: Vec<String>,
    /// --robust: an objective, OUTCOME or min:OUTCOME to minimise, max:OUTCOME to
    /// maximise (repeat for more).
    #[arg(
        long = "objective",
        value_name = "[min:|max:]OUTCOME",
        requires = "robust"
    )]
    objectives: Vec<String>,
    /// --robust: how an objective's values over the uncertainty points rank a policy:
    /// their mean, or a percentile of the worse tail (p90: the value 90% of the points do
    /// better than).
    #[arg(
        long,
        value_name = "mean|pNN",
        default_value = "mean",
        requires = "robust"
    )]
    robustness: String,
    /// --robust: uncertainty points every policy is evaluated at (a Latin hypercube).
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=100_000), requires = "robust")]
    scenarios: u64,
    /// --robust: generations of the search, the first population included.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100_000), requires = "robust")]
    generations: u64,
    /// Runs the search may simulate in all (the check of the optimum comes on top); a
    /// robust search costs --population × --generations × --scenarios × --runs-per-point
    /// instead.
    #[arg(long, value_name = "RUNS", default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..))]
    budget: u64,
    /// Runs per candidate: each outcome is computed over them.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    runs_per_point: u64,
    /// Days per run (the scenario's own horizon when left out).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    days: Option<u32>,
    /// Population per generation [default: CMA-ES 4 + 3 ln(parameters); --robust 20,
    /// even].
    #[arg(long, value_parser = clap::value_parser!(u64).range(2..=10_000))]
    population: Option<u64>,
    /// Fresh runs at the optimum for its intervals [default: 1000]; with --robust, at each
    /// uncertainty point for each front policy [default: 200].
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    check_runs: Option<u64>,
    #[command(flatten)]
    common: TuningArgs,
}

/// Searches, checks the optimum on fresh runs, writes its files and prints it.
pub fn execute(args: Args) -> Result<(), CliError> {
    if args.robust {
        return execute_robust(args);
    }
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
        check_runs: args.check_runs.unwrap_or(1000),
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

/// `--robust`: searches the levers' front over the uncertainties, checks each front policy
/// on fresh runs, writes the front, its policies as scenarios and the charts, and prints
/// the front.
fn execute_robust(args: Args) -> Result<(), CliError> {
    let scenario = scenario_arg::load(args.scenario.as_deref())?;
    let experiment = ExperimentFile {
        name: crate::cmd::experiment::shorthand_name(scenario.name(), "robust"),
        scenarios: args
            .scenario
            .iter()
            .map(|p| crate::scenario_arg::absolute(p).display().to_string())
            .collect(),
        seed: args.common.seed,
        days: args.days,
        levers: args.levers.clone(),
        uncertainties: args.uncertainties.clone(),
        runs_per_point: args.runs_per_point,
        run: vec![Step::Robust {
            objectives: args.objectives.clone(),
            constraints: args.subject_to.clone(),
            robustness: args.robustness.clone(),
            population: args.population.unwrap_or(20),
            generations: args.generations,
            scenarios: args.scenarios,
            check_runs: args.check_runs.unwrap_or(200),
        }],
        ..ExperimentFile::one_step()
    };
    run_robust(scenario, &experiment, &args.common)
}

/// Runs the robust step of `experiment` (its one step) on `scenario`, writes its files,
/// charts and `experiment.json`, and prints the front; the experiment command runs its
/// robust steps through it.
pub fn run_robust(
    scenario: Scenario,
    experiment: &ExperimentFile,
    common: &TuningArgs,
) -> Result<(), CliError> {
    let Some(Step::Robust {
        objectives,
        constraints,
        robustness,
        population,
        generations,
        scenarios,
        check_runs,
    }) = experiment.run.first()
    else {
        return Err(CliError::Failure(
            "internal error: a robust search without its step".into(),
        ));
    };
    let problem = Problem {
        levers: tuning::params(&experiment.levers)?,
        uncertainties: tuning::params(&experiment.uncertainties)?,
        objectives: objectives
            .iter()
            .map(|o| o.parse::<Objective>())
            .collect::<Result<_, _>>()?,
        constraints: constraints
            .iter()
            .map(|c| c.parse::<Constraint>())
            .collect::<Result<_, _>>()?,
        metric: robustness.parse::<Metric>()?,
    };
    let population = *population;
    if population < 4 || population % 2 == 1 {
        return Err(CliError::Input(format!(
            "error: --population {population}: a robust search takes an even population of at least 4"
        )));
    }
    let name = scenario.name().to_owned();
    let (simulator, provenance) = tuning::simulator(
        scenario,
        &problem.params(),
        problem.outcomes(),
        experiment.days,
        experiment.runs_per_point,
        common,
    )?;
    let dir = tuning::out_dir(common.out.as_deref(), &name, "optimize")?;
    let settings = robust::Settings {
        population: population as usize,
        generations: *generations as usize,
        scenarios: *scenarios as usize,
        seed: simulator.seed(),
        check_runs: *check_runs,
    };
    let journal = tuning::journal(&simulator, &dir, common)?;
    let started = Instant::now();
    let result = robust::robust(&journal, &problem, &settings, &Bar::new("robust"))?;
    let mut files = result.write(&dir, simulator.space(), &provenance)?;
    files.extend(grayzone_reports::robust_charts(
        &result,
        &name,
        simulator.seed(),
        &dir,
    )?);

    println!("{name} · robust search · {}", result.note());
    if result.front.is_empty() {
        println!(
            "NO FEASIBLE POLICY: none of the {} policies evaluated met every constraint on its mean over the uncertainty points; relax a constraint or widen a lever",
            result.candidates.len()
        );
    }
    let q = match problem.metric {
        Metric::Mean => 90.0,
        Metric::Percentile(q) => q,
    };
    println!(
        "front: {} policies (each objective: mean, p{q}, max regret over the {} uncertainty points; checked mean on {} fresh runs per point)",
        result.front.len(),
        result.scenarios.len(),
        settings.check_runs
    );
    // A long front is shown by a dozen policies spread along it; front.parquet has all.
    let step = result.front.len().div_ceil(12).max(1);
    for (i, p) in result.front.iter().enumerate() {
        if i % step != 0 && i + 1 != result.front.len() {
            continue;
        }
        let levers: Vec<String> = problem
            .levers
            .iter()
            .zip(&p.levers)
            .map(|(l, v)| format!("{} = {}", l.path, num(*v)))
            .collect();
        println!("  P{i}: {}", levers.join(", "));
        for (j, o) in problem.objectives.iter().enumerate() {
            println!(
                "      {}: {} · {} · regret {} · checked {}",
                o,
                num(p.mean[j]),
                num(p.percentile[j]),
                num(p.max_regret[j]),
                p.checked.get(j).map_or("-".into(), |v| num(*v))
            );
        }
        if !problem.constraints.is_empty() {
            println!(
                "      meets every constraint at {:.0}% of the uncertainty points",
                100.0 * p.satisficing
            );
        }
    }
    if let (Some(first), Some(last)) = (result.hypervolume.first(), result.hypervolume.last()) {
        println!(
            "hypervolume {} after generation 1, {} after generation {}",
            num(*first),
            num(*last),
            result.hypervolume.len()
        );
    }
    println!(
        "{} (search) · {} policies evaluated",
        tuning::pace(result.runs_used, &journal, started),
        result.candidates.len()
    );
    files.push(crate::cmd::experiment::record(&dir, experiment)?);
    files.push(grayzone_tuning::journal::FILE.into());
    // One line for the policies' scenario files.
    let policies = files
        .iter()
        .filter(|f| f.starts_with(dir.join("policies")))
        .count();
    files.retain(|f| !f.starts_with(dir.join("policies")));
    print_files(&dir, &files);
    if policies > 0 {
        println!("  policies/policy-0.json … policy-{}.json", policies - 1);
    }
    Ok(())
}
