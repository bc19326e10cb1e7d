//! The three analyses on models whose answers are known: functions of the parameters
//! with seeded noise standing in for the simulator.

use std::ops::Range;

use grayzone_experiments::Silent;
use grayzone_stats::interval::{Interval, mean95};
use grayzone_tuning::calibrate::{self, Method as Calibration, Stop};
use grayzone_tuning::optimize::{self, Constraint, Goal, Sense};
use grayzone_tuning::sensitivity::{self, Indices, Method};
use grayzone_tuning::{Model, Outcome, Param, Result, Target, Targets};

/// A model of statistics `f(x, run)`, averaged over the runs of a point.
struct Toy {
    f: fn(&[f64], u64) -> Vec<f64>,
    statistics: usize,
    runs: u64,
}

impl Model for Toy {
    fn statistics(&self) -> usize {
        self.statistics
    }

    fn runs_per_point(&self) -> u64 {
        self.runs
    }

    fn evaluate(
        &self,
        points: &[Vec<f64>],
        first_runs: &[u64],
        _: &dyn grayzone_experiments::Progress,
    ) -> Result<Vec<Vec<f64>>> {
        Ok(points
            .iter()
            .zip(first_runs)
            .map(|(x, &first)| {
                let mut sum = vec![0.0; self.statistics];
                for r in first..first + self.runs {
                    for (s, v) in sum.iter_mut().zip((self.f)(x, r)) {
                        *s += v;
                    }
                }
                sum.iter().map(|s| s / self.runs as f64).collect()
            })
            .collect())
    }

    fn check(
        &self,
        x: &[f64],
        runs: Range<u64>,
        _: &dyn grayzone_experiments::Progress,
    ) -> Result<Vec<Option<Interval>>> {
        let values: Vec<Vec<f64>> = runs.map(|r| (self.f)(x, r)).collect();
        Ok((0..self.statistics)
            .map(|s| mean95(&values.iter().map(|v| v[s]).collect::<Vec<_>>()).ok())
            .collect())
    }
}

/// A standard normal draw determined by `(run, stream)`: the toy's noise.
fn noise(run: u64, stream: u64) -> f64 {
    let mut z = run
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(stream.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    let mut uniform = || {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut x = z;
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((x ^ (x >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let (u1, u2) = (uniform().max(1e-300), uniform());
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn params(ranges: &[(f64, f64)]) -> Vec<Param> {
    ranges
        .iter()
        .enumerate()
        .map(|(i, &(lo, hi))| Param {
            path: format!("x{i}"),
            lo,
            hi,
        })
        .collect()
}

#[test]
fn sobol_indices_of_the_ishigami_function() {
    use std::f64::consts::PI;
    let model = Toy {
        f: |x, _| vec![x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()],
        statistics: 1,
        runs: 1,
    };
    let settings = sensitivity::Settings {
        method: Method::Sobol,
        samples: 4096,
        levels: 4,
        resamples: 300,
        seed: 2024,
    };
    let params = params(&[(-PI, PI); 3]);
    let result = sensitivity::analyse(&model, &params, &settings, &Silent).unwrap();
    assert_eq!(result.points.len(), 4096 * 5);
    // Analytic indices (Ishigami & Homma 1990, a = 7, b = 0.1).
    let s1 = [0.3139, 0.4424, 0.0];
    let st = [0.5576, 0.4424, 0.2437];
    for (i, ix) in result.indices.iter().enumerate() {
        let Indices::Sobol(ix) = ix else {
            panic!("not Sobol")
        };
        assert!(ix.s1_lo <= s1[i] && s1[i] <= ix.s1_hi, "S1[{i}]: {ix:?}");
        assert!(ix.st_lo <= st[i] && st[i] <= ix.st_hi, "ST[{i}]: {ix:?}");
    }
}

#[test]
fn morris_ranks_a_strong_a_weak_and_an_inert_parameter() {
    let model = Toy {
        f: |x, r| vec![10.0 * x[0] + x[1] + 0.01 * noise(r, 0)],
        statistics: 1,
        runs: 4,
    };
    let settings = sensitivity::Settings {
        method: Method::Morris,
        samples: 20,
        levels: 4,
        resamples: 200,
        seed: 3,
    };
    let result =
        sensitivity::analyse(&model, &params(&[(0.0, 1.0); 3]), &settings, &Silent).unwrap();
    let mu: Vec<f64> = result
        .indices
        .iter()
        .map(|i| match i {
            Indices::Morris(m) => m.mu_star,
            Indices::Sobol(_) => f64::NAN,
        })
        .collect();
    // Common runs at every point: the noise cancels out of each elementary effect.
    assert!(
        (mu[0] - 10.0).abs() < 1e-9 && (mu[1] - 1.0).abs() < 1e-9 && mu[2].abs() < 1e-9,
        "{mu:?}"
    );
}

#[test]
fn sensitivity_refuses_an_outcome_that_does_not_vary() {
    let model = Toy {
        f: |_, _| vec![3.0],
        statistics: 1,
        runs: 1,
    };
    let settings = sensitivity::Settings {
        method: Method::Sobol,
        samples: 8,
        levels: 4,
        resamples: 10,
        seed: 1,
    };
    let e =
        sensitivity::analyse(&model, &params(&[(0.0, 1.0); 2]), &settings, &Silent).unwrap_err();
    assert!(e.to_string().contains("does not vary"), "{e}");
    let odd = sensitivity::Settings {
        samples: 6,
        ..settings
    };
    let e = sensitivity::analyse(&model, &params(&[(0.0, 1.0); 2]), &odd, &Silent).unwrap_err();
    assert!(e.to_string().contains("power of two"), "{e}");
}

/// Two noisy statistics that identify two parameters: `x0 + x1` and `x0 - x1`.
fn linear(x: &[f64], r: u64) -> Vec<f64> {
    vec![
        x[0] + x[1] + 0.2 * noise(r, 1),
        x[0] - x[1] + 0.2 * noise(r, 2),
    ]
}

fn linear_targets(truth: [f64; 2], tolerance: f64) -> Vec<Target> {
    let text = format!(
        r#"{{ "days": 10, "targets": [
            {{ "outcome": "damage", "observed": {}, "tolerance": {tolerance} }},
            {{ "outcome": "strikes", "observed": {}, "tolerance": {tolerance} }} ] }}"#,
        truth[0] + truth[1],
        truth[0] - truth[1]
    );
    Targets::from_str(&text, "toy.json").unwrap().targets
}

#[test]
fn abc_recovers_the_parameters_of_a_noisy_linear_model() {
    let truth = [0.3, 0.6];
    let model = Toy {
        f: linear,
        statistics: 2,
        runs: 4,
    };
    let prior = params(&[(-2.0, 2.0); 2]);
    let settings = calibrate::Settings {
        method: Calibration::Abc,
        budget: 200_000,
        particles: 300,
        seed: 5,
        check_runs: 400,
        ..calibrate::Settings::default()
    };
    // A tolerance of about two standard deviations of a 4-run mean (0.1 each).
    let targets = linear_targets(truth, 0.2);
    let result = calibrate::calibrate(&model, &prior, &targets, &settings, &Silent).unwrap();
    assert_eq!(result.stop, Stop::WithinTolerance);
    let post = result.posterior.as_ref().unwrap();
    assert!(
        post.distances.iter().all(|&d| d <= 1.0),
        "{:?}",
        post.distances
    );
    assert_eq!(post.simulated.len(), post.samples.len());
    for (i, s) in post.summary.iter().enumerate() {
        assert!(s.lo <= truth[i] && truth[i] <= s.hi, "x{i}: {s:?}");
        // Informative: far narrower than the prior's width of 4.
        assert!(s.hi - s.lo < 0.6, "x{i}: {s:?}");
    }
    assert!(
        result.matches().iter().all(|m| *m == Some(true)),
        "{:?}",
        result.check
    );
    assert!(result.runs_used <= settings.budget);
    // The equally weighted resample keeps the particles' count and the box.
    let equal = post.equally_weighted();
    assert_eq!(equal.len(), post.samples.len());
    assert!(
        equal
            .iter()
            .all(|x| x.iter().all(|v| (-2.0..=2.0).contains(v)))
    );
}

#[test]
fn cmaes_calibration_finds_the_point_that_matches() {
    let truth = [0.3, 0.6];
    let model = Toy {
        f: linear,
        statistics: 2,
        runs: 50,
    };
    let settings = calibrate::Settings {
        method: Calibration::Cmaes,
        budget: 200_000,
        seed: 7,
        check_runs: 400,
        ..calibrate::Settings::default()
    };
    let targets = linear_targets(truth, 0.05);
    let result = calibrate::calibrate(
        &model,
        &params(&[(-2.0, 2.0); 2]),
        &targets,
        &settings,
        &Silent,
    )
    .unwrap();
    // The noise of a 50-run mean moves the optimum by about 0.02.
    for (x, t) in result.estimate.iter().zip(truth) {
        assert!((x - t).abs() < 0.08, "{:?}", result.estimate);
    }
    assert!(result.loss.unwrap() < 1.0 && !result.trace.is_empty());
}

#[test]
fn a_budget_too_small_for_one_generation_is_explained() {
    let model = Toy {
        f: linear,
        statistics: 2,
        runs: 10,
    };
    let settings = calibrate::Settings {
        budget: 100,
        ..calibrate::Settings::default()
    };
    let e = calibrate::calibrate(
        &model,
        &params(&[(0.0, 1.0); 2]),
        &linear_targets([0.5, 0.5], 0.1),
        &settings,
        &Silent,
    )
    .unwrap_err();
    assert!(
        e.is_user_error() && e.to_string().contains("too small"),
        "{e}"
    );
}

fn goal(sense: Sense, constraints: &[&str]) -> Goal {
    Goal {
        sense,
        objective: Outcome::parse("damage").unwrap(),
        constraints: constraints
            .iter()
            .map(|c| c.parse::<Constraint>().unwrap())
            .collect(),
    }
}

#[test]
fn constrained_minimum_lies_on_the_active_constraint() {
    // Minimise (x0 - 0.3)² + (x1 - 0.6)² subject to x0 + x1 >= 1.2: the answer is the
    // projection of (0.3, 0.6) onto the line, (0.45, 0.75), with objective 0.045.
    let model = Toy {
        f: |x, r| {
            vec![
                (x[0] - 0.3).powi(2) + (x[1] - 0.6).powi(2) + 0.01 * noise(r, 3),
                x[0] + x[1] + 0.01 * noise(r, 4),
            ]
        },
        statistics: 2,
        runs: 10,
    };
    let goal = goal(Sense::Minimize, &["strikes>=1.2"]);
    let settings = optimize::Settings {
        budget: 100_000,
        population: None,
        seed: 11,
        check_runs: 2000,
    };
    let result =
        optimize::optimize(&model, &params(&[(0.0, 1.0); 2]), &goal, &settings, &Silent).unwrap();
    assert!(
        (result.x[0] - 0.45).abs() < 0.03 && (result.x[1] - 0.75).abs() < 0.03,
        "{:?}",
        result.x
    );
    assert!(result.searched_feasible);
    let objective = result.check[0].unwrap();
    assert!((objective.estimate - 0.045).abs() < 0.01, "{objective:?}");
    assert!(objective.lo < objective.hi);
    // The check's estimate of x0 + x1 sits on the constraint, within its noise.
    let sum = result.check[1].unwrap();
    assert!((sum.estimate - 1.2).abs() < 0.01, "{sum:?}");
}

#[test]
fn maximum_under_a_cap_is_the_cap() {
    // Maximise x0 + x1 subject to x0 + x1 <= 0.7: any answer has objective 0.7.
    let model = Toy {
        f: |x, _| vec![x[0] + x[1], x[0] + x[1]],
        statistics: 2,
        runs: 1,
    };
    let goal = goal(Sense::Maximize, &["strikes<=0.7"]);
    let settings = optimize::Settings {
        budget: 5_000,
        population: None,
        seed: 2,
        check_runs: 10,
    };
    let result =
        optimize::optimize(&model, &params(&[(0.0, 1.0); 2]), &goal, &settings, &Silent).unwrap();
    assert!(result.searched_feasible && result.satisfied() == vec![Some(true)]);
    assert!(
        (result.searched_objective - 0.7).abs() < 1e-3,
        "{}",
        result.searched_objective
    );
    // The trace is in the objective's own sense: the last best is at the cap, not at
    // its negation.
    let last = result.trace.last().unwrap();
    assert!(
        last.feasible > 0 && (last.best - 0.7).abs() < 1e-3,
        "{last:?}"
    );
    // The best so far only improves, in the objective's sense, once points are feasible.
    let feasible_from = result
        .trace
        .iter()
        .position(|t| t.violation == 0.0)
        .unwrap();
    let so_far = &result.best_so_far[feasible_from..];
    assert!(so_far.windows(2).all(|w| w[1] >= w[0]), "{so_far:?}");
    assert!((so_far.last().unwrap() - 0.7).abs() < 1e-3, "{so_far:?}");
    assert!(
        result.scenario_file() == "optimum-scenario.json" && result.stop != Stop::Stalled,
        "{:?}",
        result.stop
    );
}

#[test]
fn undefined_outcomes_make_a_point_infeasible() {
    // The objective is undefined (NaN) wherever x0 > 0.5; the best point avoids them.
    let model = Toy {
        f: |x, _| vec![if x[0] > 0.5 { f64::NAN } else { -x[0] }],
        statistics: 1,
        runs: 1,
    };
    let settings = optimize::Settings {
        budget: 3_000,
        population: None,
        seed: 4,
        check_runs: 0,
    };
    let result = optimize::optimize(
        &model,
        &params(&[(0.0, 1.0)]),
        &goal(Sense::Minimize, &[]),
        &settings,
        &Silent,
    )
    .unwrap();
    assert!(
        result.searched_feasible && result.x[0] <= 0.5 && result.x[0] > 0.45,
        "{:?}",
        result.x
    );
}

#[test]
fn an_unreachable_constraint_gives_the_least_violating_point_and_never_converges() {
    // x0 + x1 >= 3 cannot hold in the unit square: every point is infeasible, and the
    // least violating one is the corner (1, 1). The objective is flat, so before
    // grayzone-stats waited for feasibility the search called this "converged".
    let model = Toy {
        f: |x, _| vec![1.0, x[0] + x[1]],
        statistics: 2,
        runs: 1,
    };
    let settings = optimize::Settings {
        budget: 3_000,
        population: None,
        seed: 5,
        check_runs: 10,
    };
    let result = optimize::optimize(
        &model,
        &params(&[(0.0, 1.0); 2]),
        &goal(Sense::Minimize, &["strikes>=3"]),
        &settings,
        &Silent,
    )
    .unwrap();
    assert!(!result.searched_feasible);
    assert_ne!(result.stop, Stop::Converged, "{:?}", result.stop);
    assert_eq!(result.scenario_file(), "least-violating-scenario.json");
    assert_eq!(result.satisfied(), vec![Some(false)]);
    assert!(result.x.iter().all(|&x| x > 0.95), "{:?}", result.x);
    assert!(result.trace.iter().all(|t| t.violation > 0.0));
    assert_eq!(result.best_so_far.len(), result.trace.len());
    assert!(result.evaluated() > 0);
}
