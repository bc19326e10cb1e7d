//! The shipped scenarios answer their articles' questions (issue "Scenarios that answer"):
//! at its defaults each scenario's truce may or may not collapse within 30 days, and the
//! lever its article argues about moves its headline outcome by more than three standard
//! errors ([`grayzone_evidence::MARGIN`]) between the lever's ends, 400 histories each.
//! docs/scenarios.md has the same figures from `scripts/lever-table.py`.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "frequencies are printed for the record of a run"
)]

use grayzone_evidence::{Arms, collapse_within_30_days, ensemble, mean_se, moves, shipped, with};
use grayzone_model::Detail;
use grayzone_scenario::Scenario;

const RUNS: u64 = 400;

/// The share of histories whose truce collapsed on days 0 to 29, with its standard error.
fn headline(scenario: &Scenario) -> (f64, f64) {
    mean_se(&collapse_within_30_days(&ensemble(
        scenario,
        RUNS,
        Detail::Outcomes,
    )))
}

/// The headline moves `up` (or down) by more than [`grayzone_evidence::MARGIN`] standard
/// errors between the two arms.
fn moves_the_headline(what: &str, scenario: &Scenario, (off, on): Arms, up: bool) {
    let e = grayzone_evidence::moves_the_headline(
        what,
        (&with(scenario, off), &with(scenario, on)),
        up,
        RUNS,
    );
    eprintln!("{what}: P(collapse within 30 days) {e}");
}

#[test]
fn every_shipped_truce_may_or_may_not_collapse_within_30_days() {
    for name in [
        "axis-of-resistance.json",
        "iran-israel-truce.json",
        "hormuz-2026.json",
        "red-line-probing.json",
    ] {
        let (p, se) = headline(&shipped(name));
        eprintln!("{name}: P(collapse within 30 days) = {p:.3} ± {se:.3}");
        assert!(
            (0.15..=0.85).contains(&p),
            "{name}: P(collapse within 30 days) = {p:.3} is outside [0.15, 0.85]"
        );
    }
}

/// Seed 000: holding Tehran responsible for its affiliates brings the answer to Iran
/// itself, because Iran answers strikes on its affiliates through them.
#[test]
fn axis_attribution_decides_whether_the_exchange_becomes_direct() {
    let axis = shipped("axis-of-resistance.json");
    let lax = [("actors.us.attribution.policy", 0.0)];
    let strict = [("actors.us.attribution.policy", 1.0)];
    moves(
        "US attribution policy 0 -> 1 (000)",
        &axis,
        (&lax, &strict),
        "direct_strike",
        true,
        RUNS,
    );
    // Why it acts: with Iran answering with its own forces the exchange is direct in
    // nearly every history whatever the US policy (Iran's own answers are direct
    // strikes), so there is nothing left for attribution to decide.
    let own_forces = with(
        &axis,
        &[("actors.irgc.doctrine.answer_through_proxies", 0.0)],
    );
    for policy in [&lax, &strict] {
        let records = ensemble(&with(&own_forces, policy), RUNS, Detail::Outcomes);
        let (direct, _) = mean_se(&grayzone_evidence::outcome(
            &records,
            "direct_strike",
            f64::NAN,
        ));
        eprintln!("Iran answering with its own forces, {policy:?}: direct strike {direct:.3}");
        assert!(direct > 0.95, "{policy:?}: direct strike {direct:.3}");
    }
}

#[test]
fn truce_verification_lowers_the_collapse_within_30_days() {
    moves_the_headline(
        "verification strength 0 -> 1 (001)",
        &shipped("iran-israel-truce.json"),
        (
            &[("verification.strength", 0.0)],
            &[("verification.strength", 1.0)],
        ),
        false,
    );
}

#[test]
fn hormuz_autonomy_raises_the_collapse_within_30_days() {
    moves_the_headline(
        "militias' autonomy 0 -> 1 (002)",
        &shipped("hormuz-2026.json"),
        (
            &[("militias.*.autonomy", 0.0)],
            &[("militias.*.autonomy", 1.0)],
        ),
        true,
    );
}

/// Seed 000's policy in 002's theatre: holding Tehran responsible for Kata'ib Hezbollah's
/// attacks makes each of them a breach of the memorandum by Iran.
#[test]
fn hormuz_attribution_raises_the_collapse_within_30_days() {
    moves_the_headline(
        "US attribution policy 0 -> 1 (000 in 002's theatre)",
        &shipped("hormuz-2026.json"),
        (
            &[("actors.us.attribution.policy", 0.0)],
            &[("actors.us.attribution.policy", 1.0)],
        ),
        true,
    );
}

/// Seed 003: an answer above the attack keeps the probes shallower and stops them; one
/// short of it lets them go deeper.
#[test]
fn red_line_an_answer_above_the_attack_stops_the_probing() {
    let probing = shipped("red-line-probing.json");
    let short = [("actors.irgc.doctrine.retaliation_ratio", 0.5)];
    let above = [("actors.irgc.doctrine.retaliation_ratio", 2.0)];
    moves(
        "IRGC retaliation ratio 0.5 -> 2, depth (003)",
        &probing,
        (&short, &above),
        "deepest_probe",
        false,
        RUNS,
    );
    moves(
        "IRGC retaliation ratio 0.5 -> 2, probing stops (003)",
        &probing,
        (&short, &above),
        "probing_stopped",
        true,
        RUNS,
    );
}
