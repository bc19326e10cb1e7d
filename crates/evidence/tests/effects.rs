//! One ensemble test per mechanism of MODEL.md: switch it off, or move its key parameter,
//! and the outcome moves the way the source article says, by more than three standard errors of
//! the difference ([`grayzone_evidence::MARGIN`]) (never on one lucky seed). Each comparison runs 200 histories
//! per arm.

use std::path::Path;

use grayzone_evidence::{Arms, shipped, with};
use grayzone_scenario::Scenario;

const RUNS: u64 = 200;

/// A small theatre of `tests/fixtures/`, built to isolate a mechanism no shipped scenario
/// exercises alone.
fn fixture(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    Scenario::from_path(&path).unwrap_or_else(|d| panic!("{d}"))
}

/// Parameters set by path, as [`with`] takes them.
type Params<'a> = &'a [(&'a str, f64)];

/// [`grayzone_evidence::moves`] over `RUNS` histories per arm.
fn moves(what: &str, scenario: &Scenario, off: Params, on: Params, outcome: &str, up: bool) {
    grayzone_evidence::moves(what, scenario, (off, on), outcome, up, RUNS);
}

/// [`moves`] over `runs` histories per arm, for an effect too small to show in `RUNS`.
fn moves_over(runs: u64, what: &str, scenario: &Scenario, arms: Arms, outcome: &str, up: bool) {
    grayzone_evidence::moves(what, scenario, arms, outcome, up, runs);
}

#[test]
fn rearmament_sanctions_and_the_shift_under_threat() {
    let truce = shipped("iran-israel-truce.json");
    moves(
        "rearmament (001)",
        &truce,
        &[("mechanisms.rearmament", 0.0)],
        &[("mechanisms.rearmament", 1.0)],
        "arsenal_end",
        true,
    );
    moves(
        "sanctions (001)",
        &truce,
        &[("mechanisms.sanctions", 0.0)],
        &[("mechanisms.sanctions", 1.0)],
        "arsenal_end",
        false,
    );
    let threatened = with(
        &truce,
        &[("actors.irgc.economy.existential_threshold", 0.0)],
    );
    moves(
        "military shift under existential threat (001)",
        &threatened,
        &[("actors.irgc.economy.military_shift", 0.0)],
        &[("actors.irgc.economy.military_shift", 1.0)],
        "arsenal_end",
        true,
    );
}

#[test]
fn supply_flows_and_interdiction_is_read_as_a_violation() {
    let axis = with(
        &shipped("axis-of-resistance.json"),
        // Militias that start nearly empty, so what arrives is what they can fire.
        &[
            ("militias.*.attack_rate", 0.1),
            ("militias.*.arsenal.cruise", 0.0),
            ("militias.*.arsenal.loitering", 5.0),
        ],
    );
    moves(
        "supply (000)",
        &axis,
        &[("mechanisms.supply", 0.0)],
        &[("mechanisms.supply", 1.0)],
        "proxy_attacks",
        true,
    );
    let truce = shipped("iran-israel-truce.json");
    moves(
        "interdiction (001)",
        &truce,
        &[("mechanisms.interdiction", 0.0)],
        &[("mechanisms.interdiction", 1.0)],
        "delivered",
        false,
    );
    moves(
        "redline ambiguity of interdiction (001)",
        &truce,
        &[("ceasefire.interdiction_as_violation", 0.0)],
        &[("ceasefire.interdiction_as_violation", 1.0)],
        "violations_perceived_b",
        true,
    );
}

#[test]
fn intelligence_false_alarms_bias_and_verification() {
    let axis = shipped("axis-of-resistance.json");
    moves(
        "verification body (001)",
        &axis,
        &[("verification.strength", 0.0)],
        &[("verification.strength", 0.9)],
        "false_alarms",
        false,
    );
    moves(
        "verification body (001)",
        &axis,
        &[("verification.strength", 0.0)],
        &[("verification.strength", 0.9)],
        "preemptions",
        false,
    );
    moves(
        "worst-case bias (000)",
        &axis,
        &[("actors.us.intelligence.worst_case_bias", 0.0)],
        &[("actors.us.intelligence.worst_case_bias", 0.9)],
        "preemptions",
        true,
    );
}

#[test]
fn proxy_autonomy_and_grievance() {
    // Militias that attack now and then, and a US that does not pre-empt them (which would
    // take away what their propensity adds), so that what moves the propensity shows.
    let axis = with(
        &shipped("axis-of-resistance.json"),
        &[
            ("militias.*.attack_rate", 0.1),
            ("mechanisms.preemption", 0.0),
        ],
    );
    moves(
        "autonomy (000)",
        &axis,
        &[("militias.*.autonomy", 0.1)],
        &[("militias.*.autonomy", 0.9)],
        "proxy_attacks",
        true,
    );
    moves_over(
        2 * RUNS,
        "grievance when struck (000)",
        &axis,
        (
            &[("mechanisms.grievance", 0.0)],
            &[("mechanisms.grievance", 1.0)],
        ),
        "proxy_attacks",
        true,
    );
}

#[test]
fn state_decisions_doctrine_preemption_probing_and_factions() {
    let hormuz = shipped("hormuz-2026.json");
    moves(
        "asymmetric answers on hosts (002)",
        &hormuz,
        &[("actors.irgc.doctrine.asymmetric", 0.0)],
        &[("actors.irgc.doctrine.asymmetric", 1.0)],
        "asymmetric_strikes",
        true,
    );
    moves(
        "retaliation ratio (003)",
        &hormuz,
        &[("states.*.doctrine.retaliation_ratio", 0.5)],
        &[("states.*.doctrine.retaliation_ratio", 2.0)],
        "munitions_fired",
        true,
    );
    let axis = shipped("axis-of-resistance.json");
    moves(
        "pre-emption (001)",
        &axis,
        &[("mechanisms.preemption", 0.0)],
        &[("mechanisms.preemption", 1.0)],
        "ceasefire_collapse_day",
        false,
    );
    let probing = shipped("red-line-probing.json");
    moves(
        "probing of red lines (003)",
        &probing,
        &[("mechanisms.probing", 0.0)],
        &[("mechanisms.probing", 1.0)],
        "strikes",
        true,
    );
    // An adversary that answers earns credibility only if credibility moves: then the
    // prober stops; frozen at its low day-0 value, the probes go on.
    let answering = with(&probing, &[("actors.irgc.doctrine.retaliate", 1.0)]);
    moves(
        "credibility (003)",
        &answering,
        &[("mechanisms.credibility", 0.0)],
        &[("mechanisms.credibility", 1.0)],
        "probes",
        false,
    );
    let truce = shipped("iran-israel-truce.json");
    moves(
        "hardline factions (001)",
        &truce,
        &[("actors.irgc.factions.hardliners", 0.1)],
        &[("actors.irgc.factions.hardliners", 0.9)],
        "ceasefire_collapse_day",
        false,
    );
    let utility = "actors.irgc.utility";
    // Enforcement starts from this value and then moves with shows of commitment and
    // unanswered violations (section 6.2), so its day-0 value matters less than it did.
    moves_over(
        3 * RUNS,
        "escalation utility: external retaliation cost (001)",
        &truce,
        (
            &[(&format!("{utility}.external_enforcement"), 0.0)],
            &[(&format!("{utility}.external_enforcement"), 1.0)],
        ),
        "unprovoked_strikes",
        false,
    );
    moves(
        "escalation utility: proxy degradation (001)",
        &truce,
        &[(&format!("{utility}.degradation_weight"), 0.0)],
        &[(&format!("{utility}.degradation_weight"), 3.0)],
        "unprovoked_strikes",
        true,
    );
    // Accidents strike before anyone meant to: the truce falls sooner.
    moves(
        "execution errors (000)",
        &truce,
        &[("states.*.doctrine.execution_error", 0.0)],
        &[("states.*.doctrine.execution_error", 0.05)],
        "ceasefire_collapse_day",
        false,
    );
}

#[test]
fn strike_resolution_layers_saturation_and_debris() {
    let hormuz = shipped("hormuz-2026.json");
    moves(
        "air defence (002)",
        &hormuz,
        &[("mechanisms.air_defence", 0.0)],
        &[("mechanisms.air_defence", 1.0)],
        "leaked",
        false,
    );
    // Patriots that start nearly empty stay empty unless they are resupplied.
    let short = with(&hormuz, &[("actors.us.air_defence[0].stock", 10.0)]);
    let patriots = "actors.us.air_defence[0].resupply_per_day";
    moves(
        "interceptor resupply (001, 002)",
        &short,
        &[(patriots, 0.0)],
        &[(patriots, 6.0)],
        "leak_share",
        false,
    );
    let truce = shipped("iran-israel-truce.json");
    let dome = "actors.israel.air_defence[1].engagements_per_wave";
    moves(
        "saturation of engagements per wave (001)",
        &truce,
        &[(dome, 60.0)],
        &[(dome, 10.0)],
        "leak_share",
        true,
    );
    // Debris wears hosts' willingness down: sturdier hosts restrict basing only with it.
    let sturdy = with(&hormuz, &[("hosts.*.restrict_below", 0.15)]);
    moves(
        "debris over populated hosts (002)",
        &sturdy,
        &[("mechanisms.debris", 0.0)],
        &[("mechanisms.debris", 1.0)],
        "hosts_restricted",
        true,
    );
}

#[test]
fn attribution_policy_and_deniability() {
    let axis = shipped("axis-of-resistance.json");
    let lax = with(&axis, &[("militias.*.attack_rate", 0.1)]);
    moves(
        "attribution policy (000)",
        &lax,
        &[("actors.us.attribution.policy", 0.0)],
        &[("actors.us.attribution.policy", 1.0)],
        "blamed_on_patron_share",
        true,
    );
    let firm = with(&lax, &[("actors.us.attribution.policy", 1.0)]);
    moves(
        "misattribution (000: attribution can be wrong)",
        &firm,
        &[("actors.us.attribution.misattribution", 0.0)],
        &[("actors.us.attribution.misattribution", 0.5)],
        "blamed_on_patron_share",
        false,
    );
    let middling = with(&lax, &[("actors.us.attribution.policy", 0.2)]);
    moves(
        "deniability from autonomy (000)",
        &middling,
        &[("militias.*.autonomy", 0.1)],
        &[("militias.*.autonomy", 0.9)],
        "blamed_on_patron_share",
        false,
    );
}

#[test]
fn ceasefire_linkage_channel_and_mediation() {
    let hormuz = shipped("hormuz-2026.json");
    // With the US holding its fire, what Iran counts against the truce comes from
    // Lebanon through linkage.
    let restrained = with(&hormuz, &[("actors.us.doctrine.retaliate", 0.0)]);
    moves_over(
        4 * RUNS,
        "linkage to Lebanon (002)",
        &restrained,
        (
            &[("mechanisms.linkage", 0.0)],
            &[("mechanisms.linkage", 1.0)],
        ),
        "ceasefire_collapsed",
        true,
    );
    let influential = with(&hormuz, &[("mediators.swiss_channel.influence", 0.9)]);
    let offramps = "mediators.swiss_channel.offramp_rate";
    moves(
        "off-ramps of an open channel (000)",
        &influential,
        &[(offramps, 0.0)],
        &[(offramps, 0.6)],
        "days_at_rung_3_plus",
        false,
    );
    moves(
        "mediator influence (000)",
        &hormuz,
        &[("mediators.swiss_channel.influence", 0.1)],
        &[("mediators.swiss_channel.influence", 0.9)],
        "remediations",
        true,
    );
    // Re-mediation needs calm days, which the flagship, with Kata'ib Hezbollah attacking
    // at its hot-phase rate (docs/scenarios.md), hardly has; the probing theatre has them.
    moves(
        "mediator influence wanes with violations (000)",
        &shipped("red-line-probing.json"),
        &[("mediators.omani_channel.decay_per_violation", 0.0)],
        &[("mediators.omani_channel.decay_per_violation", 0.2)],
        "remediations",
        false,
    );
    // A halted channel gives no off-ramps.
    moves(
        "channel halts on sovereignty violations (002)",
        &hormuz,
        &[("mediators.swiss_channel.halt_after", 10.0)],
        &[("mediators.swiss_channel.halt_after", 1.0)],
        "offramps",
        false,
    );
}

#[test]
fn host_nations_willingness_contagion_and_withdrawal() {
    let hormuz = shipped("hormuz-2026.json");
    // Hosts that restrict basing take the US bases out of the fight: fewer bases lost.
    moves(
        "host willingness (002)",
        &hormuz,
        &[("mechanisms.host_willingness", 0.0)],
        &[("mechanisms.host_willingness", 1.0)],
        "bases_lost",
        false,
    );
    let sturdy = with(&hormuz, &[("hosts.*.restrict_below", 0.15)]);
    moves(
        "contagion between hosts (002)",
        &sturdy,
        &[("mechanisms.contagion", 0.0)],
        &[("mechanisms.contagion", 1.0)],
        "hosts_restricted",
        true,
    );
    // Withdrawal removes the guest's reach: fewer strike waves, as the US loses the bases
    // it struck Iran from. (Days at rung 3 or above do not fall with it: the US, out of
    // reach, absorbs Iran's attacks instead of answering them, and Iran keeps striking.)
    moves(
        "basing withdrawal shrinks reach (002)",
        &hormuz,
        &[("hosts.*.restrict_below", 0.0)],
        &[("hosts.*.restrict_below", 0.6)],
        "strikes",
        false,
    );
}

#[test]
fn alliances_follow_credibility_silence_costs_allies() {
    let hormuz = shipped("hormuz-2026.json");
    let silent_us = with(
        &hormuz,
        &[
            ("actors.us.doctrine.retaliate", 0.0),
            ("alliances.basing_below", 0.5),
            ("hosts.*.restrict_below", 0.0),
        ],
    );
    moves(
        "alliances gate basing (003)",
        &silent_us,
        &[("mechanisms.alliances", 0.0)],
        &[("mechanisms.alliances", 1.0)],
        "basing_restricted",
        true,
    );
    // Allies that weigh credibility alone (a state that answers also spends its arsenal,
    // which would cost it cooperation through strength).
    let gated = with(
        &hormuz,
        &[
            ("alliances.basing_below", 0.5),
            ("alliances.strength_weight", 0.0),
            ("hosts.*.restrict_below", 0.0),
        ],
    );
    moves(
        "silence costs allies (003)",
        &gated,
        &[("actors.us.doctrine.retaliate", 1.0)],
        &[("actors.us.doctrine.retaliate", 0.0)],
        "basing_restricted",
        true,
    );
    let gates = fixture("allied-gates.json");
    moves(
        "alliances gate transit (003)",
        &gates,
        &[("alliances.transit_below", 0.0)],
        &[("alliances.transit_below", 0.7)],
        "delivered",
        false,
    );
    moves(
        "allies share intelligence (003)",
        &gates,
        &[("network.allied[1].cooperation", 0.0)],
        &[("network.allied[1].cooperation", 0.9)],
        "detections",
        true,
    );
}

#[test]
fn events_and_the_escalation_ladder() {
    let hormuz = shipped("hormuz-2026.json");
    moves(
        "ladder window (section 6)",
        &hormuz,
        &[("ladder.window_days", 3.0)],
        &[("ladder.window_days", 14.0)],
        "days_at_rung_3_plus",
        true,
    );
    let restrained = with(&hormuz, &[("actors.us.doctrine.retaliate", 0.0)]);
    moves_over(
        4 * RUNS,
        "Goldstein scoring of violations (section 6)",
        &restrained,
        (
            &[("mechanisms.linkage", 0.0)],
            &[("mechanisms.linkage", 1.0)],
        ),
        "goldstein_total",
        false,
    );
    moves(
        "several fronts make regional war (section 6)",
        &shipped("axis-of-resistance.json"),
        &[("ladder.regional_fronts", 10.0)],
        &[("ladder.regional_fronts", 1.0)],
        "regional_war",
        true,
    );
}

#[test]
fn directives_command_tolerance_violations_and_mediation() {
    // Obedient militias (autonomy 0.1) whose patron's directive is all that moves them.
    let axis = with(
        &shipped("axis-of-resistance.json"),
        &[
            ("militias.*.attack_rate", 0.1),
            ("militias.*.autonomy", 0.1),
            ("mechanisms.preemption", 0.0),
        ],
    );
    moves(
        "proxy directives (000)",
        &axis,
        &[("directives.restrain", 0.0)],
        &[("directives.restrain", 1.0)],
        "proxy_attacks",
        true,
    );
    // A patron that holds its militias back (restrain is 0, the default) holds them the
    // better the stronger its command: the rest of their propensity is their own initiative.
    let held = with(&axis, &[("directives.restrain", 0.0)]);
    let command = |v: f64| {
        vec![
            ("network.sponsors[0].command", v),
            ("network.sponsors[1].command", v),
            ("network.sponsors[2].command", v),
        ]
    };
    moves(
        "command strength of the sponsorship (000)",
        &held,
        &command(0.0),
        &command(1.0),
        "proxy_attacks",
        false,
    );
    let truce = shipped("iran-israel-truce.json");
    let hormuz = shipped("hormuz-2026.json");
    moves(
        "ceasefire tolerance (001)",
        &truce,
        &[("ceasefire.tolerance", 0.0)],
        &[("ceasefire.tolerance", 6.0)],
        "ceasefire_collapse_day",
        true,
    );
    // That what collapses a truce is what each side perceives, not what happened, is
    // shown by verification in effects_world.rs: it clears unfounded readings only, and
    // the quiet truce collapses less.
    // A restored truce is a truce again: its violations are counted and it can collapse
    // again (the remediations themselves are the parameter's own count, not its effect).
    // Lulls: the probing theatre, where calm days come between probes, and come quickly.
    let lulls = with(
        &shipped("red-line-probing.json"),
        &[("ceasefire.remediation_calm_days", 3.0)],
    );
    moves(
        "re-mediation of a collapsed truce (000)",
        &lulls,
        &[("ceasefire.remediation_rate", 0.0)],
        &[("ceasefire.remediation_rate", 0.5)],
        "ceasefire_collapses",
        true,
    );
    let halting = with(&hormuz, &[("mediators.swiss_channel.halt_after", 1.0)]);
    let reopen = "mediators.swiss_channel.reopen_after_calm_days";
    moves(
        "a halted channel reopens after calm (002)",
        &halting,
        &[(reopen, 365.0)],
        &[(reopen, 2.0)],
        "remediations",
        true,
    );
    // Blame that falls on the wrong adversary leaves the militia that fired unanswered:
    // it keeps its strength and attacks more.
    let lax = with(
        &hormuz,
        &[
            ("actors.us.attribution.policy", 0.0),
            ("actors.us.attribution.evidence_weight", 0.0),
        ],
    );
    moves(
        "misattribution's consequences (000)",
        &lax,
        &[("actors.us.attribution.misattribution", 0.0)],
        &[("actors.us.attribution.misattribution", 1.0)],
        "proxy_attacks",
        true,
    );
}
