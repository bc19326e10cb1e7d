//! What the tuning commands chart: a calibration's posterior or trace, a sensitivity
//! analysis's indices, an optimisation's convergence, a discovery's boxes and a robust
//! search's front.

use std::path::{Path, PathBuf};

use grayzone_charts::{
    BoxInput, BoxParam, Estimate, FrontInput, MorrisInput, MorrisPoint, PeelStep, PeelingInput,
    PosteriorInput, PosteriorParam, ScoresInput, SobolIndex, SobolInput, TraceInput,
};
use grayzone_tuning::Outcome;
use grayzone_tuning::calibrate::Calibration;
use grayzone_tuning::discover::Discovery;
use grayzone_tuning::optimize::{Goal, Optimum, Sense};
use grayzone_tuning::robust::{Metric, RobustFront};
use grayzone_tuning::sensitivity::{Indices, Method, Sensitivity};

use crate::error::Result;
use crate::text::plural;

/// The charts of a calibration of scenario `name` (histories of `days` days, seed
/// `seed`): the posterior and, for more than one parameter, its pairs (ABC), or the
/// convergence trace (CMA-ES).
pub fn calibration_charts(
    result: &Calibration,
    name: &str,
    days: u32,
    seed: u64,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let subtitle = &format!(
        "{name} · {} · {days} days · seed {seed} · {}",
        match &result.posterior {
            Some(p) => format!(
                "ABC, {}, {}",
                plural(p.samples.len() as u64, "particle"),
                plural(p.generations.len() as u64, "generation")
            ),
            None => format!(
                "CMA-ES, {}",
                plural(result.trace.len() as u64, "generation")
            ),
        },
        result.note(),
    );
    let mut files = Vec::new();
    if let Some(post) = &result.posterior {
        let samples = post.equally_weighted();
        let input = PosteriorInput {
            title: "Posterior of the calibrated parameters".into(),
            subtitle: subtitle.to_owned(),
            params: result
                .params
                .iter()
                .enumerate()
                .map(|(i, p)| PosteriorParam {
                    name: p.path.clone(),
                    samples: samples.iter().map(|x| x[i]).collect(),
                    truth: None,
                    range: Some((p.lo, p.hi)),
                })
                .collect(),
            bins: 0,
        };
        let w = grayzone_charts::posterior(&input, &dir.join("posterior"))?;
        files.extend([w.png, w.svg]);
        if result.params.len() > 1 {
            let w = grayzone_charts::pairs(&input, &dir.join("pairs"))?;
            files.extend([w.png, w.svg]);
        }
    } else {
        let input = TraceInput {
            title: "CMA-ES calibration: convergence".into(),
            subtitle: subtitle.to_owned(),
            x_label: "generation".into(),
            y_label: "loss (mean squared distance, in tolerances)".into(),
            best: result.trace.iter().map(|t| t.best).collect(),
            mean: result.trace.iter().map(|t| t.mean).collect(),
            best_so_far: result.best_so_far.clone(),
            ..TraceInput::default()
        };
        let w = grayzone_charts::trace(&input, &dir.join("trace"))?;
        files.extend([w.png, w.svg]);
    }
    Ok(files)
}

/// The convergence trace of an optimisation towards `goal` of scenario `name`
/// (histories of `days` days, seed `seed`), `trace.png`/`.svg`; its title says so when
/// no point the search saw was feasible.
pub fn optimization_chart(
    result: &Optimum,
    goal: &Goal,
    name: &str,
    days: u32,
    seed: u64,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let feasible = result.searched_feasible;
    let (aim, verb) = match goal.sense {
        Sense::Minimize => ("Minimising", "minimising"),
        Sense::Maximize => ("Maximising", "maximising"),
    };
    let objective = goal.objective.describe();
    let input = TraceInput {
        title: if feasible {
            format!("{aim} {objective}")
        } else {
            format!("No feasible point {verb} {objective}: the least violating point is no optimum")
        },
        subtitle: format!(
            "{name} · CMA-ES · {} days · seed {} · {}",
            days,
            seed,
            result.note()
        ),
        x_label: "generation".into(),
        y_label: goal.objective.describe(),
        best: result.trace.iter().map(|t| t.best).collect(),
        mean: result.trace.iter().map(|t| t.mean).collect(),
        best_so_far: result.best_so_far.clone(),
        infeasible: result.trace.iter().map(|t| t.violation > 0.0).collect(),
        violation: result.trace.iter().map(|t| t.violation).collect(),
        y_bounds: goal.objective.is_probability().then_some((0.0, 1.0)),
    };
    let written = grayzone_charts::trace(&input, &dir.join("trace"))?;
    Ok(vec![written.png, written.svg])
}

/// The chart of a sensitivity analysis of `outcome`, `indices.png`/`.svg`: Sobol bars or
/// the Morris plane.
pub fn sensitivity_chart(
    result: &Sensitivity,
    outcome: &Outcome,
    subtitle: String,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let written = match &chart(result, outcome, subtitle) {
        Chart::Sobol(input) => grayzone_charts::sobol_bars(input, &dir.join("indices"))?,
        Chart::Morris(input) => grayzone_charts::morris(input, &dir.join("indices"))?,
    };
    Ok(vec![written.png, written.svg])
}

enum Chart {
    Sobol(SobolInput),
    Morris(MorrisInput),
}

fn chart(result: &Sensitivity, outcome: &Outcome, subtitle: String) -> Chart {
    let title = format!("What drives {}", outcome.describe());
    let note = format!("{} (common random numbers)", result.note());
    let names = result.params.iter().map(|p| p.path.clone());
    match result.method {
        Method::Sobol => Chart::Sobol(SobolInput {
            title,
            subtitle,
            note: format!("{note} · bars: 95% bootstrap intervals"),
            params: names
                .zip(&result.indices)
                .filter_map(|(name, i)| match i {
                    Indices::Sobol(s) => Some(SobolIndex {
                        name,
                        first_order: Estimate {
                            value: s.s1,
                            lower: s.s1_lo,
                            upper: s.s1_hi,
                        },
                        total: Estimate {
                            value: s.st,
                            lower: s.st_lo,
                            upper: s.st_hi,
                        },
                    }),
                    Indices::Morris(_) => None,
                })
                .collect(),
        }),
        // The Morris chart has no note line: the note joins the subtitle.
        Method::Morris => Chart::Morris(MorrisInput {
            title,
            subtitle: format!("{subtitle} · {note} · whiskers: 95% bootstrap intervals of μ*"),
            unit: outcome.describe(),
            params: names
                .zip(&result.indices)
                .filter_map(|(name, i)| match i {
                    Indices::Morris(m) => Some(MorrisPoint {
                        name,
                        mu_star: m.mu_star,
                        sigma: m.sigma,
                        mu_star_lo: m.mu_star_lo,
                        mu_star_hi: m.mu_star_hi,
                    }),
                    Indices::Sobol(_) => None,
                })
                .collect(),
        }),
    }
}

/// The charts of a scenario discovery in `dir`: `peeling` (PRIM's trajectory) and `box`
/// (the chosen box over the parameters' ranges), or `box` alone for a tree (its densest
/// leaf where the condition holds), and `feature-scores`.
pub fn discovery_charts(result: &Discovery, dir: &Path) -> Result<Vec<PathBuf>> {
    let subtitle = format!(
        "{} · {} sweep of {} points × {} runs · seed {} · {} days · {}",
        result.sweep.scenario,
        result.sweep.design,
        result.points,
        result.runs_per_point,
        result.sweep.seed,
        result.sweep.days,
        result.settings.method.name().to_uppercase()
    );
    let condition = result.condition.to_string();
    let mut files = Vec::new();
    let mut push = |w: grayzone_charts::Written| files.extend([w.png, w.svg]);
    // Each row from its remark (intervals and a note), with the name, range and limit.
    let params = |limits: &[(f64, f64)], remark: &dyn Fn(usize) -> BoxParam| {
        result
            .params
            .iter()
            .zip(limits)
            .enumerate()
            .map(|(d, (p, &l))| BoxParam {
                name: p.path.clone(),
                range: p.range,
                limits: l,
                ..remark(d)
            })
            .collect::<Vec<_>>()
    };
    for (k, prim) in result.prim.iter().enumerate() {
        let chosen = prim.chosen_box();
        // The first box's charts are `peeling` and `box`; a covering's next ones `-2`, `-3`.
        let (suffix, which, among) = if k == 0 {
            (String::new(), "The box".to_owned(), String::new())
        } else {
            (
                format!("-{}", k + 1),
                format!("Box {}", k + 1),
                format!(
                    ", found among the {} points the boxes before it leave out",
                    prim.trajectory[0].points
                ),
            )
        };
        push(grayzone_charts::peeling(
            &PeelingInput {
                title: format!(
                    "Where {condition}: PRIM's peeling trajectory{}",
                    if k == 0 {
                        String::new()
                    } else {
                        format!(", box {}", k + 1)
                    }
                ),
                subtitle: subtitle.clone(),
                note: format!(
                    "{}; the chosen box covers {:.0}% of the cases at {:.0}% density{among}",
                    plural(prim.trajectory[0].hits as u64, "case"),
                    100.0 * chosen.coverage,
                    100.0 * chosen.density
                ),
                steps: prim
                    .trajectory
                    .iter()
                    .map(|s| PeelStep {
                        coverage: s.coverage,
                        density: s.density,
                        restricted: s.restricted,
                    })
                    .collect(),
                chosen: prim.chosen,
                threshold: result.thresholds.get(k).copied(),
            },
            &dir.join(format!("peeling{suffix}")),
        )?);
        let remark = |d: usize| match prim.restrictions.iter().find(|r| r.dim == d) {
            Some(r) => BoxParam {
                remark: quasi_p_text(r),
                lo_interval: r.lo_interval.filter(|_| r.lo > result.params[d].range.0),
                hi_interval: r.hi_interval.filter(|_| r.hi < result.params[d].range.1),
                ..BoxParam::default()
            },
            None => BoxParam {
                remark: "not restricted".to_owned(),
                ..BoxParam::default()
            },
        };
        push(grayzone_charts::box_limits(
            &BoxInput {
                title: format!("{which} where {condition}"),
                subtitle: subtitle.clone(),
                note: format!(
                    "coverage {:.0}%, density {:.0}%, {} of {} points{among}; whiskers: 95% intervals of each limit over {} resamples of the points",
                    100.0 * chosen.coverage,
                    100.0 * chosen.density,
                    chosen.points,
                    prim.trajectory[0].points,
                    result.settings.prim.resamples
                ),
                params: params(&chosen.limits, &remark),
            },
            &dir.join(format!("box{suffix}")),
        )?);
    }
    if let Some(leaf) = result.leaves.iter().find(|l| 2 * l.hits > l.points) {
        let remark = |_: usize| BoxParam::default();
        push(grayzone_charts::box_limits(
            &BoxInput {
                title: format!("The densest leaf where {condition}"),
                subtitle: subtitle.clone(),
                note: format!(
                    "classification tree; coverage {:.0}%, density {:.0}%, {} of {} points",
                    100.0 * leaf.coverage,
                    100.0 * leaf.density,
                    leaf.points,
                    result.points
                ),
                params: params(&leaf.limits, &remark),
            },
            &dir.join("box"),
        )?);
    }
    push(grayzone_charts::scores(
        &ScoresInput {
            title: format!("Which parameters move {}", result.condition.outcome.describe()),
            subtitle,
            note: "a random forest's mean decrease in squared error of the outcome over the points, scaled to sum to 1".into(),
            x_label: "feature score (share of the explained variation)".into(),
            scores: result
                .params
                .iter()
                .map(|p| p.path.clone())
                .zip(result.scores.iter().copied())
                .collect(),
        },
        &dir.join("feature-scores"),
    )?);
    Ok(files)
}

/// A restriction's quasi-p-values, side by side: "quasi-p 0.003 (low), < 0.001 (high)".
pub fn quasi_p_text(r: &grayzone_stats::prim::Restriction) -> String {
    let sides: Vec<String> = [(r.quasi_p_lo, "low"), (r.quasi_p_hi, "high")]
        .into_iter()
        .filter_map(|(p, side)| p.map(|p| format!("{} ({side})", fmt_p(p))))
        .collect();
    format!("quasi-p {}", sides.join(", "))
}

/// A p-value as a reader wants it: "< 0.001" below a thousandth.
pub fn fmt_p(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// The charts of a robust search in `dir`: `front` (the first two objectives' metric
/// for every policy evaluated, the front labelled as the policy files are numbered; with
/// one objective, none) and `hypervolume` (its trace per generation).
pub fn robust_charts(
    result: &RobustFront,
    name: &str,
    seed: u64,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let subtitle = format!(
        "{name} · seed {seed} · NSGA-II, {} policies × {} generations · {} uncertainty points × {} runs",
        result.settings.population,
        result.settings.generations,
        result.scenarios.len(),
        result.runs_per_point
    );
    let mut files = Vec::new();
    let objectives = &result.problem.objectives;
    let metric = |p: &grayzone_tuning::robust::Policy, j: usize| match result.problem.metric {
        Metric::Mean => p.mean[j],
        Metric::Percentile(_) => p.percentile[j],
    };
    // No front to draw when no policy met the constraints: the search says so.
    if objectives.len() >= 2 && result.candidates.iter().any(|p| p.violation == 0.0) {
        let label = |j: usize| {
            let o = &objectives[j];
            let aim = match o.sense {
                Sense::Minimize => "lower is better",
                Sense::Maximize => "higher is better",
            };
            format!(
                "{} of {} ({aim})",
                result.problem.metric,
                o.outcome.describe()
            )
        };
        let input = FrontInput {
            title: format!(
                "Robust policies: {} against {}",
                objectives[0].outcome.describe(),
                objectives[1].outcome.describe()
            ),
            subtitle: subtitle.clone(),
            note: format!(
                "{} policies evaluated, {} on the front (labels: policies/policy-N.json); levers: {}",
                result.candidates.len(),
                result.front.len(),
                result
                    .problem
                    .levers
                    .iter()
                    .map(|l| l.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            x_label: label(0),
            y_label: label(1),
            candidates: result
                .candidates
                .iter()
                .filter(|p| p.violation == 0.0)
                .map(|p| (metric(p, 0), metric(p, 1)))
                .collect(),
            front: result
                .front
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("P{i}"), metric(p, 0), metric(p, 1)))
                .collect(),
        };
        let w = grayzone_charts::front(&input, &dir.join("front"))?;
        files.extend([w.png, w.svg]);
    }
    let input = TraceInput {
        title: "Convergence of the robust search: hypervolume of the front".into(),
        subtitle,
        x_label: "generation".into(),
        y_label: "hypervolume (objectives as minimised)".into(),
        best: result.hypervolume.clone(),
        ..TraceInput::default()
    };
    let w = grayzone_charts::trace(&input, &dir.join("hypervolume"))?;
    files.extend([w.png, w.svg]);
    Ok(files)
}
