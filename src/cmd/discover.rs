//! `grayzone discover DIR --where 'OUTCOME>VALUE' [--outcome NAME] [--method prim|cart]`

use std::path::{Path, PathBuf};

use grayzone_experiments::Design;
use grayzone_tuning::Outcome;
use grayzone_tuning::discover::{self, Condition};
use grayzone_tuning::experiment::{DesignFile, DesignKind, ExperimentFile, MethodFile, Step};

use crate::cmd::population::build;
use crate::error::CliError;
use crate::report::print_files;
use crate::scenario_arg::command_line;

/// The method, as the command line spells it.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum MethodArg {
    /// PRIM: a box by peeling, with its trajectory, quasi-p-values and resampled limits.
    Prim,
    /// A classification tree: its leaves as boxes.
    Cart,
}

/// Find the regions of a finished sweep's parameter space where a condition holds.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder of a finished sweep (any design).
    dir: PathBuf,
    /// The condition on a point's outcome, OUTCOME>VALUE (also >=, <, <=), e.g.
    /// 'collapse_within_30>0.5': the truce collapses within 30 days in more than half
    /// of the point's runs.
    #[arg(long = "where", value_name = "OUTCOME>VALUE")]
    condition: String,
    /// The outcome, when given apart; it must be the condition's.
    #[arg(long, value_name = "NAME")]
    outcome: Option<String>,
    /// PRIM or a classification tree.
    #[arg(long, value_enum, default_value_t = MethodArg::Prim)]
    method: MethodArg,
    /// PRIM: the density the chosen box must reach; the widest such box is chosen
    /// [default: the larger of 0.8 and halfway from the share of points where the
    /// condition holds to 1].
    #[arg(long)]
    threshold: Option<f64>,
    /// PRIM: share of the box's points each peel removes.
    #[arg(long, default_value_t = 0.05)]
    peel_alpha: f64,
    /// PRIM: the smallest box, as a share of the points.
    #[arg(long, default_value_t = 0.05)]
    mass_min: f64,
    /// PRIM: boxes to find in turn, each on the points the ones before it leave out; fewer
    /// when no box left reaches the threshold.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100))]
    boxes: u64,
    /// PRIM: resamples of the points for the limits' intervals (0: none).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    resamples: u64,
    /// Tree: the deepest split.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=30))]
    max_depth: u64,
    /// Tree: the fewest points in a leaf.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    min_leaf: u64,
    /// Seed of the resampling and of the forest that scores the parameters.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder [default: DIR/discover].
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Reads the sweep, finds the boxes, writes `boxes.json`, `boxes.parquet` and the charts,
/// and prints the box.
pub fn execute(args: Args) -> Result<(), CliError> {
    let condition: Condition = args.condition.parse()?;
    if let Some(outcome) = &args.outcome {
        let outcome: Outcome = outcome.parse()?;
        if outcome != condition.outcome {
            return Err(CliError::Input(format!(
                "error: --outcome {outcome} is not the outcome of --where {:?} ({})",
                args.condition, condition.outcome
            )));
        }
    }
    for (name, value) in [
        ("--threshold", args.threshold.unwrap_or(0.8)),
        ("--peel-alpha", args.peel_alpha),
        ("--mass-min", args.mass_min),
    ] {
        let ok = if name == "--threshold" {
            (0.0..=1.0).contains(&value)
        } else {
            value > 0.0 && value < 1.0
        };
        if !ok {
            return Err(CliError::Input(format!(
                "error: {name} {value}: expected a share {}",
                if name == "--threshold" {
                    "from 0 to 1"
                } else {
                    "strictly between 0 and 1"
                }
            )));
        }
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.dir.join("discover"));
    let recorded = Step::Discover {
        condition: args.condition.clone(),
        method: match args.method {
            MethodArg::Prim => MethodFile::Prim,
            MethodArg::Cart => MethodFile::Cart,
        },
        threshold: args.threshold,
        boxes: args.boxes,
        resamples: args.resamples,
        peel_alpha: args.peel_alpha,
        mass_min: args.mass_min,
        max_depth: args.max_depth,
        min_leaf: args.min_leaf,
        seed: args.seed,
        sweep: Some(
            crate::scenario_arg::absolute(&args.dir)
                .display()
                .to_string(),
        ),
    };
    run(&args.dir, &out, recorded)
}

/// Runs the discover step `step` over the finished sweep in `sweep`: writes the boxes,
/// their charts and the experiment file of that one step into `out`, and prints the box;
/// the experiment command runs its discover steps through it.
pub fn run(sweep: &Path, out: &Path, step: Step) -> Result<(), CliError> {
    let (condition, settings) = step.discovery().ok_or_else(|| {
        CliError::Failure("internal error: a discovery without its step".into())
    })??;
    let found = discover::discover(sweep, &condition, &settings)?;
    crate::scenario_arg::writable_folder(out)?;
    let mut files = found.write(out, &command_line(), &build())?;
    files.extend(grayzone_reports::discovery_charts(&found, out)?);
    // The sweep is named by its folder; its settings are recorded for the reader, as the
    // sweep's manifest has them.
    let experiment = ExperimentFile {
        name: crate::cmd::experiment::shorthand_name(&found.sweep.scenario, "discover"),
        seed: Some(found.sweep.seed),
        days: Some(found.sweep.days),
        runs_per_point: found.runs_per_point,
        design: DesignFile {
            kind: DesignKind::from(found.sweep.design),
            points: (found.sweep.design != Design::Grid)
                .then_some((found.points + found.undefined) as u64),
        },
        params: found.sweep.params.iter().map(ToString::to_string).collect(),
        run: vec![step],
        ..ExperimentFile::one_step()
    };
    files.push(crate::cmd::experiment::record(out, &experiment)?);
    if out.starts_with(sweep) {
        grayzone_experiments::ExperimentDir::record_written(sweep, &files)?;
    }

    println!(
        "{} · {} · {} of {} points where {} ({} runs each)",
        found.sweep.scenario,
        found.settings.method.name().to_uppercase(),
        found.cases,
        found.points,
        found.condition,
        found.runs_per_point
    );
    if found.undefined > 0 {
        println!(
            "  {} points left out: the outcome is undefined there",
            found.undefined
        );
    }
    let width = found.params.iter().map(|p| p.path.len()).max().unwrap_or(0);
    for (k, prim) in found.prim.iter().enumerate() {
        let b = prim.chosen_box();
        let among = if k == 0 {
            String::new()
        } else {
            format!(
                " of the {} points the boxes before leave out ({:.1}% of all cases)",
                prim.trajectory[0].points,
                100.0 * b.hits as f64 / found.cases.max(1) as f64
            )
        };
        println!(
            "box {} (step {} of {}): coverage {:.1}%, density {:.1}%, {} points{among}",
            k + 1,
            prim.chosen,
            prim.trajectory.len() - 1,
            100.0 * b.coverage,
            100.0 * b.density,
            b.points
        );
        for r in &prim.restrictions {
            let p = &found.params[r.dim];
            let interval = |i: Option<(f64, f64)>, limit: f64, whole: f64| match i {
                Some((a, b)) if limit != whole => format!(" [{}, {}]", num(a), num(b)),
                _ => String::new(),
            };
            println!(
                "  {:<width$}  {}{} to {}{}  (range {} to {}; {}{})",
                p.path,
                num(r.lo),
                interval(r.lo_interval, r.lo, p.range.0),
                num(r.hi),
                interval(r.hi_interval, r.hi, p.range.1),
                num(p.range.0),
                num(p.range.1),
                grayzone_reports::quasi_p_text(r),
                r.resampled_share
                    .map(|s| format!("; restricted in {:.0}% of resamples", 100.0 * s))
                    .unwrap_or_default()
            );
        }
        if prim.restrictions.is_empty() {
            println!("  no parameter restricted: the condition does not gather anywhere");
        }
    }
    if !found.prim.is_empty() {
        println!(
            "  (each limit with its 95% interval over resamples in brackets; a quasi-p-value per restricted side: a large one says that limit adds little)"
        );
    }
    if found.prim.is_empty() && found.leaves.len() == 1 {
        println!(
            "the tree made no split: no split leaves {} points or more on each side and lowers the impurity; try a smaller --min-leaf, or a sweep of more points",
            found.settings.tree.min_leaf
        );
    }
    if found.prim.is_empty() {
        for leaf in found.leaves.iter().filter(|l| 2 * l.hits > l.points) {
            println!(
                "leaf: coverage {:.1}%, density {:.1}%, {} points",
                100.0 * leaf.coverage,
                100.0 * leaf.density,
                leaf.points
            );
            for (p, &(lo, hi)) in found.params.iter().zip(&leaf.limits) {
                if lo > p.range.0 || hi < p.range.1 {
                    println!("  {:<width$}  {} to {}", p.path, num(lo), num(hi));
                }
            }
        }
    }
    println!("feature scores:");
    let mut scores: Vec<(&str, f64)> = found
        .params
        .iter()
        .map(|p| p.path.as_str())
        .zip(found.scores.iter().copied())
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (name, s) in scores {
        println!("  {name:<width$}  {s:.3}");
    }
    print_files(out, &files);
    Ok(())
}

fn num(x: f64) -> String {
    crate::cmd::tuning::num(x)
}
