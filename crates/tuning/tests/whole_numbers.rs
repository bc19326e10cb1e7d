//! Whole-number fields (`ceasefire.tolerance`) under the three analyses: every design
//! and search proposes fractions, and every one must run the scenario at values the
//! field takes and record those values, not the fractions.

use grayzone_experiments::Silent;
use grayzone_scenario::{ParamPath, Scenario};
use grayzone_tuning::calibrate::{self, Method as Calibration};
use grayzone_tuning::optimize::{self, Goal, Sense};
use grayzone_tuning::sensitivity::{self, Method};
use grayzone_tuning::{Outcome, Param, Simulator, SimulatorSettings, Space, Target};

fn flagship() -> Scenario {
    Scenario::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/hormuz-2026.json"
    ))
    .unwrap()
}

fn simulator(params: &[Param], outcomes: &[&str]) -> Simulator {
    let space = Space::new(flagship(), params.to_vec()).unwrap();
    let outcomes = outcomes
        .iter()
        .map(|o| o.parse::<Outcome>().unwrap())
        .collect();
    let settings = SimulatorSettings {
        seed: None,
        days: Some(20),
        runs_per_point: 3,
        threads: 2,
    };
    Simulator::new(space, outcomes, settings).unwrap()
}

fn params(texts: &[&str]) -> Vec<Param> {
    texts.iter().map(|t| t.parse().unwrap()).collect()
}

/// Whether `x` is a whole number from 1 to 10.
fn tolerance(x: f64) -> bool {
    x.fract() == 0.0 && (1.0..=10.0).contains(&x)
}

#[test]
fn morris_and_sobol_run_and_record_whole_tolerances() {
    let params = params(&["ceasefire.tolerance=1:10", "militias.*.autonomy=0:1"]);
    let model = simulator(&params, &["goldstein_total"]);
    for (method, samples) in [(Method::Morris, 4), (Method::Sobol, 8)] {
        let settings = sensitivity::Settings {
            method,
            samples,
            levels: 4,
            resamples: 50,
            seed: 1,
        };
        let result = sensitivity::analyse(&model, &params, &settings, &Silent).unwrap();
        assert!(
            result.points.iter().all(|x| tolerance(x[0])),
            "{method:?}: {:?}",
            result.points
        );
        // The real parameter is left as the design drew it.
        assert!(
            result.points.iter().any(|x| x[1].fract() != 0.0),
            "{method:?}"
        );
        // Sobol's uniform draws reach both ends once rounded.
        let ends = [1.0, 10.0].map(|e| result.points.iter().any(|x| x[0] == e));
        assert_eq!(ends, [true, true], "{method:?}: {:?}", result.points);
    }
}

#[test]
fn cmaes_and_abc_answer_with_whole_tolerances() {
    let params = params(&["ceasefire.tolerance=1:10"]);
    let goal = Goal {
        sense: Sense::Minimize,
        objective: "goldstein_total".parse().unwrap(),
        constraints: Vec::new(),
    };
    let model = simulator(&params, &["goldstein_total"]);
    let settings = optimize::Settings {
        budget: 300,
        population: None,
        seed: 1,
        check_runs: 5,
    };
    let optimum = optimize::optimize(&model, &params, &goal, &settings, &Silent).unwrap();
    assert!(tolerance(optimum.x[0]), "{:?}", optimum.x);

    let targets = [Target {
        name: "attacks".into(),
        outcome: "proxy_attacks".parse().unwrap(),
        observed: 1.0,
        tolerance: 1.0,
        source: String::new(),
    }];
    let model = simulator(&params, &["proxy_attacks"]);
    for method in [Calibration::Abc, Calibration::Cmaes] {
        let settings = calibrate::Settings {
            method,
            budget: 600,
            particles: 20,
            generations: 2,
            seed: 1,
            check_runs: 5,
            ..calibrate::Settings::default()
        };
        let found = calibrate::calibrate(&model, &params, &targets, &settings, &Silent).unwrap();
        assert!(
            tolerance(found.estimate[0]),
            "{method:?}: {:?}",
            found.estimate
        );
        if let Some(post) = &found.posterior {
            assert!(
                post.samples.iter().all(|x| tolerance(x[0])),
                "{:?}",
                post.samples
            );
            let s = post.summary[0];
            assert!([s.lo, s.median, s.hi].into_iter().all(tolerance), "{s:?}");
        }
        let scenario = model.space().scenario_at(&found.estimate).unwrap();
        let path = ParamPath::parse("ceasefire.tolerance").unwrap();
        assert_eq!(scenario.param_value(&path).unwrap(), [found.estimate[0]]);
    }
}

#[test]
fn a_whole_number_field_with_no_whole_number_in_its_range_is_refused() {
    let error = Space::new(flagship(), params(&["ceasefire.tolerance=2.2:2.8"])).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("whole numbers, and none lies between 2.2 and 2.8"),
        "{error}"
    );
}
