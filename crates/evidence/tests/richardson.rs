//! Richardson's arms race with every other mechanism off: the arsenals converge to the
//! closed-form equilibrium when `a*b > k*l` and grow without bound when `a*b < k*l`.

use grayzone_model::{Detail, Simulation};
use grayzone_scenario::Scenario;

/// Two hostile states with every mechanism but rearmament off: `dx/dt = k*y - a*x + g`,
/// `dy/dt = l*x - b*y + h`.
fn race(k: f64, a: f64, g: f64, l: f64, b: f64, h: f64) -> Scenario {
    let state = |id: &str, reaction: f64, burden: f64, ambition: f64| {
        format!(
            r#"{{ "id": "{id}", "kind": "state",
                 "arsenal": {{ "ballistic": 0, "cruise": 0, "loitering": 0 }},
                 "rearmament": {{ "reaction": {reaction}, "burden": {burden}, "ambition": {ambition} }},
                 "doctrine": {{ "unprovoked": 0 }} }}"#
        )
    };
    let off: Vec<String> = grayzone_model::Mechanisms::names()
        .iter()
        .map(|m| format!(r#""{m}": {}"#, *m == "rearmament"))
        .collect();
    let text = format!(
        r#"{{ "name": "richardson", "days": 400,
             "actors": [ {}, {} ],
             "network": {{ "hostile": [["x", "y"]] }},
             "mechanisms": {{ {} }} }}"#,
        state("x", k, a, g),
        state("y", l, b, h),
        off.join(", ")
    );
    Scenario::from_str(&text, "richardson.json").unwrap_or_else(|d| panic!("{d}"))
}

/// Each state's arsenal at the horizon.
fn arsenals(scenario: &Scenario) -> (f64, f64) {
    let record = Simulation::new(scenario.theatre()).run(1, 0, scenario.days(), Detail::Full);
    let last = record.rows.last().expect("a day was recorded");
    (last.arsenal[0], last.arsenal[1])
}

#[test]
fn stable_race_converges_to_the_closed_form_equilibrium() {
    for (k, a, g, l, b, h) in [
        (0.9, 1.0, 1.0, 0.9, 1.0, 1.0),
        (0.5, 1.0, 2.0, 0.3, 0.8, 1.0),
        (0.02, 0.05, 1.0, 0.01, 0.04, 0.5),
    ] {
        assert!(a * b > k * l);
        let det = a * b - k * l;
        let (x_star, y_star) = ((b * g + k * h) / det, (a * h + l * g) / det);
        let (x, y) = arsenals(&race(k, a, g, l, b, h));
        assert!(
            (x - x_star).abs() <= 0.01 * x_star,
            "x {x} against x* {x_star}"
        );
        assert!(
            (y - y_star).abs() <= 0.01 * y_star,
            "y {y} against y* {y_star}"
        );
    }
}

#[test]
fn unstable_race_grows_without_bound() {
    let (x, y) = arsenals(&race(1.1, 1.0, 1.0, 1.1, 1.0, 1.0));
    assert!(x > 1e6 && y > 1e6, "arsenals {x}, {y} keep growing");
    let slow = race(0.05, 0.02, 1.0, 0.05, 0.02, 1.0);
    let (x, y) = arsenals(&slow);
    assert!(x > 1e3 && y > 1e3, "arsenals {x}, {y}");
}
