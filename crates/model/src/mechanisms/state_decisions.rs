//! State decisions (MODEL.md 5.4; seeds 001, 002, 003).
//!
//! Each day a state looks at every actor it watches (its adversaries and their
//! militias) and picks from a menu of acts: answer what was attributed to that actor
//! (sized by the retaliation ratio, symmetric on the adversary's own infrastructure or
//! asymmetric on the hosts of its bases), pre-empt an imminent threat its air defence
//! cannot stop, probe a low-credibility adversary's red lines, strike unprovoked when the
//! escalation utility of seed 001 is high, threaten, offer talks, or hold. It also sets
//! its militias' directive. Execution errors turn some restraint into strikes and some
//! strikes into restraint. Factions weigh every escalatory and conciliatory probability.
//!
//! Decisions read what every state knew at the end of yesterday (a snapshot taken before
//! anyone decides), so moves within a day are simultaneous.

use bevy_ecs::prelude::*;
use bevy_ecs::query::QueryData;

use crate::components::*;
use crate::dice::{Purpose, Roll, Subject};
use crate::events::{Cameo, Rung};
use crate::messages::{Act, StrikeKind, StrikeOrder, StrikeTarget};
use crate::network::Network;
use crate::params::{MunitionType, Munitions, StateParams};
use crate::resources::{Calendar, Channels, Kind, Ladder, Roster, Rules, RunLog, Truce};
use crate::systems::strike_resolution::expected_leakers;
use crate::systems::{event, fresh};
use crate::targets;
use crate::theatre::ActorIx;

/// Everything a state decides with and about itself.
#[derive(QueryData)]
#[query_data(mutable)]
pub struct StateMind {
    actor: &'static Actor,
    profile: &'static StateProfile,
    credibility: &'static mut Credibility,
    factions: &'static mut FactionBalance,
    legitimacy: &'static mut Legitimacy,
    grudges: &'static mut Grudges,
    probes: &'static mut Probes,
    received: &'static Received,
    plans: &'static mut Plans,
    last_threat: &'static mut LastThreat,
    arsenal: &'static mut Arsenal,
    perception: &'static Perception,
    interceptors: &'static Interceptors,
}

/// What every actor looked like at the end of yesterday.
#[derive(Default)]
pub struct Snapshot {
    credibility: Vec<f64>,
    arsenal: Vec<f64>,
    largest_salvo: Vec<Munitions>,
    degradation: Vec<f64>,
}

/// Runs every state's decisions for the day.
pub fn decide_state_actions(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    network: Res<Network>,
    truce: Res<Truce>,
    channels: Res<Channels>,
    ladder: Res<Ladder>,
    mut log: ResMut<RunLog>,
    mut states: Query<StateMind, Without<MilitiaProfile>>,
    mut militias: Query<
        (
            &Actor,
            &MilitiaProfile,
            &ProxyState,
            &mut Directive,
            &Arsenal,
        ),
        Without<StateProfile>,
    >,
    health: Query<&Health>,
    mut orders: MessageWriter<StrikeOrder>,
    mut acts: MessageWriter<Act>,
    mut snapshot: Local<Snapshot>,
) {
    let rules = &roster.rules;
    take_snapshot(&mut snapshot, &roster, &states, &militias);
    let world = View {
        roster: &roster,
        rules,
        network: &network,
        health: &health,
        day: calendar.day,
    };
    for mut mind in &mut states {
        let s = mind.actor.ix;
        let p: &StateParams = &mind.profile.0;
        drift_factions_and_legitimacy(&mut mind, p, rules);
        let escalation = faction_factor(mind.factions.0, p, rules);
        let mut strikes: Vec<StrikeOrder> = Vec::new();
        launch_plans(&world, &mut mind, &calendar, &mut strikes);

        // One stream for the state's whole day, drawn in a fixed order: watched actors in
        // the roster's order, and for each the acts in the order below.
        let mut roll = calendar.roll(Subject::actor(s), Purpose::StateDecision);
        let mut top_utility = f64::NEG_INFINITY;
        for &t in &roster.watch[s.0 as usize] {
            let principal = roster.side(t);
            let utility = escalation_utility(p, s, principal, &mind, &snapshot);
            top_utility = top_utility.max(utility);
            let mut aim = calendar.roll(Subject::pair(s, t), Purpose::Targeting);
            let restraint = if truce.binds(roster.side(s), principal) {
                1.0 - p.doctrine.ceasefire_restraint.get()
            } else {
                1.0
            };
            let before = strikes.len();

            absorb_old_grudges(&world, &mut mind, t, p, &mut log);
            answer_grudges(
                &world,
                &mut mind,
                t,
                p,
                escalation,
                &mut roll,
                &mut aim,
                &mut strikes,
                &mut log,
            );
            if strikes.len() == before {
                preempt(
                    &world,
                    &mut mind,
                    t,
                    p,
                    escalation,
                    &snapshot,
                    &mut roll,
                    &mut aim,
                    &mut strikes,
                );
            }
            if t == principal && roster.actor(t).kind == Kind::State {
                judge_probe(&world, &mut mind, t, p);
                if strikes.len() == before {
                    probe(
                        &world,
                        &mut mind,
                        t,
                        p,
                        escalation * restraint,
                        &snapshot,
                        &mut roll,
                        &mut aim,
                        &mut strikes,
                        &mut log,
                        &mut acts,
                    );
                }
            }
            if strikes.len() == before
                && roll
                    .chance(p.doctrine.unprovoked.get() * utility.max(0.0) * escalation * restraint)
            {
                let aim = if roster.actor(t).kind == Kind::Militia {
                    Aim::Forces
                } else {
                    Aim::Symmetric
                };
                mind.plans.0.push(PlannedStrike {
                    launch_day: world.day + p.doctrine.preparation_days,
                    against: t,
                    kind: StrikeKind::Unprovoked,
                    aim,
                    size: p
                        .doctrine
                        .salvo
                        .total()
                        .max(p.doctrine.minimum_strike.get()),
                });
            }
            if strikes.len() == before
                && rules.mechanisms.execution_error
                && roll.chance(p.doctrine.execution_error.get())
            {
                let package = package(
                    &p.doctrine.salvo,
                    p.doctrine.accident_size.get(),
                    &mind.arsenal.0,
                );
                let made = aim_at(
                    &world,
                    s,
                    t,
                    package,
                    StrikeKind::Accident,
                    Aim::Any,
                    1,
                    &mut aim,
                );
                log.accidents += u32::from(!made.is_empty());
                spend_and_push(&mut mind.arsenal.0, made, &mut strikes);
            }
            threaten(&world, &mut mind, t, utility, p, &mut acts);
            offer_talks(
                &world, s, t, p, escalation, &channels, &ladder, &mut roll, &mut acts,
            );
        }
        set_directives(&world, s, top_utility, p, &mut militias);
        for order in strikes {
            orders.write(order);
        }
    }
}

/// Read-only views the decision helpers share.
struct View<'a, 'w, 's, 'h> {
    roster: &'a Roster,
    rules: &'a Rules,
    network: &'a Network,
    health: &'a Query<'w, 's, &'h Health>,
    day: u32,
}

fn take_snapshot(
    snap: &mut Snapshot,
    roster: &Roster,
    states: &Query<StateMind, Without<MilitiaProfile>>,
    militias: &Query<
        (
            &Actor,
            &MilitiaProfile,
            &ProxyState,
            &mut Directive,
            &Arsenal,
        ),
        Without<StateProfile>,
    >,
) {
    let n = roster.len();
    fresh(&mut snap.credibility, n, 0.5);
    fresh(&mut snap.arsenal, n, 0.0);
    fresh(&mut snap.largest_salvo, n, Munitions::default());
    fresh(&mut snap.degradation, n, 0.0);
    for mind in states.iter() {
        let i = mind.actor.ix.0 as usize;
        let doctrine = &mind.profile.0.doctrine;
        snap.credibility[i] = mind.credibility.0;
        snap.arsenal[i] = mind.arsenal.0.total();
        // One wave is what one target receives: the package of a single answer unit.
        snap.largest_salvo[i] = doctrine.salvo.min(&mind.arsenal.0);
    }
    for (actor, profile, proxy, _, arsenal) in militias.iter() {
        let i = actor.ix.0 as usize;
        snap.arsenal[i] = arsenal.0.total();
        snap.largest_salvo[i] = profile.0.salvo.min(&arsenal.0);
        let patron = roster.side(actor.ix).0 as usize;
        snap.degradation[patron] +=
            proxy.recent_losses / roster.proxies[patron].len().max(1) as f64;
    }
}

/// Seed 001's escalation utility, as written:
/// `w_d * proxy degradation rate + w_l * regime legitimacy pressure
/// - w_r * perceived external retaliation cost`.
///
/// The retaliation cost is the expected outside enforcement plus the adversary's
/// credibility times its relative strength.
fn escalation_utility(
    p: &StateParams,
    s: ActorIx,
    adversary: ActorIx,
    mind: &StateMindItem,
    snap: &Snapshot,
) -> f64 {
    let u = &p.utility;
    let own = snap.arsenal[s.0 as usize];
    let theirs = snap.arsenal[adversary.0 as usize];
    let relative = if own + theirs > 0.0 {
        (2.0 * theirs / (own + theirs)).min(1.0)
    } else {
        0.0
    };
    let retaliation_cost =
        u.external_enforcement.get() + snap.credibility[adversary.0 as usize] * relative;
    u.degradation_weight.get() * snap.degradation[s.0 as usize]
        + u.legitimacy_weight.get() * (u.legitimacy_base.get() + mind.legitimacy.0)
        - u.retaliation_weight.get() * retaliation_cost
}

/// The factions' multiplier on escalatory probabilities: `1 + sensitivity*(2h - 1)` for a
/// hardline weight h (its mirror, `2 - factor`, scales conciliatory ones).
pub fn faction_factor(hardliners: f64, p: &StateParams, rules: &Rules) -> f64 {
    if !rules.mechanisms.factions {
        return 1.0;
    }
    1.0 + p.factions.sensitivity.get() * (2.0 * hardliners - 1.0)
}

fn drift_factions_and_legitimacy(mind: &mut StateMindItem, p: &StateParams, rules: &Rules) {
    mind.legitimacy.0 *= p.utility.legitimacy_memory.get();
    if rules.mechanisms.factions {
        let home = p.factions.hardliners.get();
        mind.factions.0 += p.factions.calm_drift.get() * (home - mind.factions.0);
    }
}

/// Launches prepared strikes whose day has come.
fn launch_plans(
    world: &View,
    mind: &mut StateMindItem,
    calendar: &Calendar,
    strikes: &mut Vec<StrikeOrder>,
) {
    let s = mind.actor.ix;
    let p = &mind.profile.0;
    let (ready, waiting): (Vec<_>, Vec<_>) = mind
        .plans
        .0
        .drain(..)
        .partition(|plan| plan.launch_day <= world.day);
    mind.plans.0 = waiting;
    for plan in ready {
        let mut aim = calendar.roll(Subject::pair(s, plan.against), Purpose::Launch);
        let package = package(&p.doctrine.salvo, plan.size, &mind.arsenal.0);
        let spread = if plan.aim == Aim::Forces {
            1
        } else {
            p.doctrine.targets_per_strike as usize
        };
        let made = aim_at(
            world,
            s,
            plan.against,
            package,
            plan.kind,
            plan.aim,
            spread,
            &mut aim,
        );
        spend_and_push(&mut mind.arsenal.0, made, strikes);
    }
}

/// Attacks left unanswered past the answer window are absorbed: credibility erodes,
/// legitimacy pressure builds and the hardliners gain (seed 003).
fn absorb_old_grudges(
    world: &View,
    mind: &mut StateMindItem,
    t: ActorIx,
    p: &StateParams,
    log: &mut RunLog,
) {
    let window = p.credibility.answer_window_days;
    let day = world.day;
    let before = mind.grudges.0.len();
    mind.grudges
        .0
        .retain(|g| !(g.blamed == t && day > g.day + window));
    let absorbed = (before - mind.grudges.0.len()) as u32;
    if absorbed == 0 {
        return;
    }
    log.absorbed += absorbed;
    let n = f64::from(absorbed);
    if world.rules.mechanisms.credibility {
        mind.credibility.0 = (mind.credibility.0 - p.credibility.loss.get() * n).max(0.0);
    }
    mind.legitimacy.0 += p.utility.legitimacy_per_absorbed.get() * n;
    if world.rules.mechanisms.factions {
        mind.factions.0 = (mind.factions.0 + p.factions.gain_per_absorbed.get() * n).min(1.0);
    }
}

/// Answers what is attributed to `t`, sized by the retaliation ratio.
fn answer_grudges(
    world: &View,
    mind: &mut StateMindItem,
    t: ActorIx,
    p: &StateParams,
    escalation: f64,
    roll: &mut Roll,
    aim: &mut Roll,
    strikes: &mut Vec<StrikeOrder>,
    log: &mut RunLog,
) {
    let pending: Vec<&Grudge> = mind.grudges.0.iter().filter(|g| g.blamed == t).collect();
    if pending.is_empty() || !roll.chance(p.doctrine.retaliate.get() * escalation) {
        return;
    }
    let volume: f64 = pending.iter().map(|g| g.volume).sum();
    let proxy = pending.iter().rev().find_map(|g| g.via_proxy);
    let s = mind.actor.ix;
    let roster = world.roster;
    // Blame on a militia falls on the militia; blame on a patron for its proxy falls on
    // the patron or on the proxy; blame on a state falls on the state.
    let (against, class) = match (roster.actor(t).kind, proxy) {
        (Kind::Militia, _) => (t, Aim::Forces),
        (_, Some(m)) if !roll.chance(p.doctrine.answer_patron.get()) => (m, Aim::Forces),
        _ => {
            let asymmetric =
                world.rules.mechanisms.asymmetric && roll.chance(p.doctrine.asymmetric.get());
            (
                t,
                if asymmetric {
                    Aim::Asymmetric
                } else if roll.chance(p.doctrine.spare_core.get()) {
                    Aim::Measured
                } else {
                    Aim::Symmetric
                },
            )
        }
    };
    let size = (p.doctrine.retaliation_ratio.get() * volume).max(p.doctrine.minimum_strike.get());
    let salvo = package(&p.doctrine.salvo, size, &mind.arsenal.0);
    if salvo.total() < 1.0
        || (world.rules.mechanisms.execution_error && roll.chance(p.doctrine.execution_error.get()))
    {
        return;
    }
    // A doctrine that readies its answer first makes a plan the adversary may see coming.
    if p.doctrine.answer_delay_days > 0 {
        mind.plans.0.push(PlannedStrike {
            launch_day: world.day + p.doctrine.answer_delay_days,
            against,
            kind: StrikeKind::Retaliation,
            aim: class,
            size: salvo.total(),
        });
        settle(world, mind, t, salvo.total() / volume.max(1.0), p, log);
        return;
    }
    let spread = if class == Aim::Forces {
        1
    } else {
        p.doctrine.targets_per_strike as usize
    };
    let made = aim_at(
        world,
        s,
        against,
        salvo,
        StrikeKind::Retaliation,
        class,
        spread,
        aim,
    );
    if made.is_empty() {
        return;
    }
    let fired: f64 = made.iter().map(|o| o.salvo.total()).sum();
    if made.iter().any(|o| {
        world
            .roster
            .is_host_soil(location_of(world.roster, o.target))
    }) {
        log.asymmetric_strikes += 1;
    }
    spend_and_push(&mut mind.arsenal.0, made, strikes);
    settle(world, mind, t, fired / volume.max(1.0), p, log);
}

/// An answer made: the grudges against `t` are settled and credibility moves with the
/// answer's size relative to the attack.
fn settle(
    world: &View,
    mind: &mut StateMindItem,
    t: ActorIx,
    ratio: f64,
    p: &StateParams,
    log: &mut RunLog,
) {
    mind.grudges.0.retain(|g| g.blamed != t);
    log.answers += 1;
    if world.rules.mechanisms.credibility {
        mind.credibility.0 = answered_credibility(mind.credibility.0, ratio, p);
    }
}

/// Credibility after an answer of `ratio` times the attack (seed 003): above the attack it
/// rises, in full at `full_gain_ratio` or more; short of it, it erodes in proportion to
/// the shortfall; an answer of exactly the attack's size leaves it where it was.
pub fn answered_credibility(credibility: f64, ratio: f64, p: &StateParams) -> f64 {
    let c = &p.credibility;
    let next = if ratio > 1.0 {
        let full = (c.full_gain_ratio.get() - 1.0).max(f64::MIN_POSITIVE);
        credibility + c.gain.get() * ((ratio - 1.0) / full).min(1.0)
    } else {
        credibility - c.loss.get() * (1.0 - ratio)
    };
    next.clamp(0.0, 1.0)
}

/// Pre-emption (seed 001): strike `t`'s launchers when its threat is perceived as
/// imminent and the state's own air defence cannot hold `t`'s largest salvo to the
/// tolerable number of leakers.
fn preempt(
    world: &View,
    mind: &mut StateMindItem,
    t: ActorIx,
    p: &StateParams,
    escalation: f64,
    snap: &Snapshot,
    roll: &mut Roll,
    aim: &mut Roll,
    strikes: &mut Vec<StrikeOrder>,
) {
    let pre = &p.preemption;
    if !world.rules.mechanisms.preemption
        || mind.perception.threat[t.0 as usize] < pre.threat_threshold.get()
    {
        return;
    }
    let defence = if world.rules.mechanisms.air_defence {
        p.air_defence.as_slice()
    } else {
        &[]
    };
    let leakers = expected_leakers(
        &snap.largest_salvo[t.0 as usize],
        defence,
        &mind.interceptors.0,
    );
    if leakers <= pre.tolerable_leakers.get() || !roll.chance(pre.probability.get() * escalation) {
        return;
    }
    if world.rules.mechanisms.execution_error && roll.chance(p.doctrine.execution_error.get()) {
        return;
    }
    let salvo = package(&p.doctrine.salvo, p.doctrine.salvo.total(), &mind.arsenal.0);
    let class = if world.roster.actor(t).kind == Kind::Militia {
        Aim::Forces
    } else {
        Aim::Launchers
    };
    let made = aim_at(
        world,
        mind.actor.ix,
        t,
        salvo,
        StrikeKind::Preemption,
        class,
        p.doctrine.targets_per_strike as usize,
        aim,
    );
    spend_and_push(&mut mind.arsenal.0, made, strikes);
}

/// Judges the last probe of `t` once the answer window has passed: answered above its
/// size, probing slows; otherwise the next probe goes one layer deeper (seed 003).
fn judge_probe(world: &View, mind: &mut StateMindItem, t: ActorIx, p: &StateParams) {
    let received = mind.received.0[t.0 as usize];
    let track = &mut mind.probes.0[t.0 as usize];
    let Some((day, size, received_then)) = track.outstanding else {
        return;
    };
    if world.day <= day + p.credibility.answer_window_days {
        return;
    }
    track.outstanding = None;
    if received - received_then > size {
        track.rate_factor *= p.probing.answered_rate_factor.get();
        track.depth = track.depth.saturating_sub(1).max(1);
    } else {
        track.depth = (track.depth + 1).min(p.probing.max_depth.max(1));
    }
}

/// Probes a low-credibility adversary at the current depth: 1 harassment and threats,
/// 2 a strike on its militias, 3 on its peripheral assets, 4 on its core assets.
fn probe(
    world: &View,
    mind: &mut StateMindItem,
    t: ActorIx,
    p: &StateParams,
    escalation: f64,
    snap: &Snapshot,
    roll: &mut Roll,
    aim: &mut Roll,
    strikes: &mut Vec<StrikeOrder>,
    log: &mut RunLog,
    acts: &mut MessageWriter<Act>,
) {
    let pr = &p.probing;
    let track = mind.probes.0[t.0 as usize];
    if !world.rules.mechanisms.probing
        || track.outstanding.is_some()
        || snap.credibility[t.0 as usize] >= pr.credibility_below.get()
        || !roll.chance(pr.rate.get() * track.rate_factor * escalation)
    {
        return;
    }
    let s = mind.actor.ix;
    let depth = track.depth.clamp(1, pr.max_depth.max(1));
    let size = p.doctrine.salvo.total() * f64::from(depth) * pr.size_per_layer.get();
    let made = match depth {
        1 => {
            acts.write(Act(event(
                world.roster,
                world.day,
                s,
                t,
                Cameo::Threaten,
                Rung::GreyZone,
            )));
            Vec::new()
        }
        2 => {
            let proxies = &world.roster.proxies[t.0 as usize];
            let reachable: Vec<_> = proxies
                .iter()
                .copied()
                .filter(|m| world.network.reaches(s, world.roster.actor(*m).territory))
                .collect();
            match aim.weighted(&vec![1.0; reachable.len()]) {
                Some(i) => aim_at(
                    world,
                    s,
                    reachable[i],
                    package(&p.doctrine.salvo, size, &mind.arsenal.0),
                    StrikeKind::Probe,
                    Aim::Forces,
                    1,
                    aim,
                ),
                None => Vec::new(),
            }
        }
        3 => aim_at(
            world,
            s,
            t,
            package(&p.doctrine.salvo, size, &mind.arsenal.0),
            StrikeKind::Probe,
            Aim::Peripheral,
            1,
            aim,
        ),
        _ => aim_at(
            world,
            s,
            t,
            package(&p.doctrine.salvo, size, &mind.arsenal.0),
            StrikeKind::Probe,
            Aim::Core,
            1,
            aim,
        ),
    };
    let fired: f64 = made.iter().map(|o| o.salvo.total()).sum();
    mind.probes.0[t.0 as usize].outstanding =
        Some((world.day, fired.max(1.0), mind.received.0[t.0 as usize]));
    log.probes += 1;
    log.deepest_probe = log.deepest_probe.max(depth);
    if log.detail == crate::resources::Detail::Full {
        log.probe_log.push((world.day, s, t, depth));
    }
    spend_and_push(&mut mind.arsenal.0, made, strikes);
}

/// Threatens force (CAMEO 138) when utility is above the doctrine's threshold, at most once
/// per ladder window.
fn threaten(
    world: &View,
    mind: &mut StateMindItem,
    t: ActorIx,
    utility: f64,
    p: &StateParams,
    acts: &mut MessageWriter<Act>,
) {
    let last = &mut mind.last_threat.0[t.0 as usize];
    let quiet = last.is_none_or(|d| world.day >= d + world.rules.ladder.window_days);
    if utility > p.doctrine.threaten_above && quiet && t == world.roster.side(t) {
        *last = Some(world.day);
        acts.write(Act(event(
            world.roster,
            world.day,
            mind.actor.ix,
            t,
            Cameo::Threaten,
            Rung::GreyZone,
        )));
    }
}

/// Offers talks (CAMEO 036) while a channel is open and the dyad is above rung 0.
fn offer_talks(
    world: &View,
    s: ActorIx,
    t: ActorIx,
    p: &StateParams,
    escalation: f64,
    channels: &Channels,
    ladder: &Ladder,
    roll: &mut Roll,
    acts: &mut MessageWriter<Act>,
) {
    if !world.rules.mechanisms.diplomacy
        || t != world.roster.side(t)
        || channels.open_influence() <= 0.0
    {
        return;
    }
    let rung = world.roster.dyad(s, t).map_or(0, |d| ladder.rungs[d]);
    let conciliation = (2.0 - escalation).max(0.0);
    if rung >= 1 && roll.chance(p.doctrine.offer_talks.get() * conciliation) {
        acts.write(Act(event(
            world.roster,
            world.day,
            s,
            t,
            Cameo::OfferTalks,
            Rung::Truce,
        )));
    }
}

/// Sets the directive of the state's militias from its highest escalation utility.
fn set_directives(
    world: &View,
    s: ActorIx,
    utility: f64,
    p: &StateParams,
    militias: &mut Query<
        (
            &Actor,
            &MilitiaProfile,
            &ProxyState,
            &mut Directive,
            &Arsenal,
        ),
        Without<StateProfile>,
    >,
) {
    let directive = if utility > p.utility.escalate_above {
        Directive::Escalate
    } else if utility > p.utility.harass_above {
        Directive::Harass
    } else {
        Directive::Restrain
    };
    for &m in &world.roster.proxies[s.0 as usize] {
        if let Ok((_, _, _, mut d, _)) = militias.get_mut(world.roster.actor(m).entity) {
            *d = directive;
        }
    }
}

/// Turns a package into orders against up to `spread` targets of the class, falling back
/// from asymmetric to symmetric (and back) when the class has nothing in reach.
fn aim_at(
    world: &View,
    s: ActorIx,
    against: ActorIx,
    salvo: Munitions,
    kind: StrikeKind,
    class: Aim,
    spread: usize,
    roll: &mut Roll,
) -> Vec<StrikeOrder> {
    let roster = world.roster;
    if salvo.total() < 1.0 {
        return Vec::new();
    }
    let forces = |m: ActorIx| {
        let reachable = roster.actor(m).kind == Kind::Militia
            && world.network.reaches(s, roster.actor(m).territory);
        if !reachable {
            return Vec::new();
        }
        let target = StrikeTarget::Forces(m);
        vec![StrikeOrder {
            attacker: s,
            against: m,
            target,
            salvo,
            kind,
        }]
    };
    if class == Aim::Forces || (class == Aim::Any && roster.actor(against).kind == Kind::Militia) {
        return forces(against);
    }
    let hosts = &roster.hosts_of[against.0 as usize];
    let own_side = roster.side(s);
    let in_class = |c: Aim, a: &crate::resources::AssetEntry| match c {
        Aim::Symmetric => a.owner == against && !roster.is_host_soil(a.location),
        Aim::Measured => a.owner == against && !roster.is_host_soil(a.location) && !a.core,
        Aim::Asymmetric => {
            roster
                .sovereign(a.location)
                .is_some_and(|h| hosts.contains(&h))
                && roster.side(a.owner) != own_side
        }
        Aim::Launchers => a.owner == against && a.kind.is_launch_capability(),
        Aim::Peripheral => a.owner == against && !a.core,
        Aim::Core => a.owner == against && a.core,
        Aim::Any | Aim::Forces => a.owner == against,
    };
    let order = match class {
        Aim::Symmetric if world.rules.mechanisms.asymmetric => [Aim::Symmetric, Aim::Asymmetric],
        Aim::Asymmetric => [Aim::Asymmetric, Aim::Symmetric],
        Aim::Measured => [Aim::Measured, Aim::Symmetric],
        Aim::Launchers => [Aim::Launchers, Aim::Symmetric],
        Aim::Core => [Aim::Core, Aim::Peripheral],
        Aim::Peripheral => [Aim::Peripheral, Aim::Core],
        other => [other, other],
    };
    for c in order {
        let candidates =
            targets::reachable(roster, world.network, world.health, s, |a| in_class(c, a));
        let picked = targets::pick(roster, &candidates, spread.max(1), roll);
        if !picked.is_empty() {
            return split(&salvo, picked.len())
                .into_iter()
                .zip(picked)
                .filter(|(part, _)| part.total() >= 1.0)
                .map(|(part, a)| StrikeOrder {
                    attacker: s,
                    against,
                    target: StrikeTarget::Asset(a),
                    salvo: part,
                    kind,
                })
                .collect();
        }
    }
    Vec::new()
}

/// Splits a salvo into `k` whole-munition parts as even as possible.
fn split(salvo: &Munitions, k: usize) -> Vec<Munitions> {
    let k = k.max(1);
    (0..k)
        .map(|i| {
            let part = |total: f64| {
                let base = (total / k as f64).floor();
                base + if (i as f64) < total - base * k as f64 {
                    1.0
                } else {
                    0.0
                }
            };
            Munitions::new(
                part(salvo.ballistic.get()),
                part(salvo.cruise.get()),
                part(salvo.loitering.get()),
            )
        })
        .collect()
}

/// A package of `size` whole munitions in the doctrine's mix (largest remainders, so
/// the package has exactly the size asked for), limited by the arsenal.
fn package(mix: &Munitions, size: f64, arsenal: &Munitions) -> Munitions {
    let total = mix.total();
    if total <= 0.0 || size <= 0.0 {
        return Munitions::default();
    }
    let exact = *mix * (size.round() / total);
    let mut whole = Munitions::new(
        exact.ballistic.get().floor(),
        exact.cruise.get().floor(),
        exact.loitering.get().floor(),
    );
    let mut left = size.round() - whole.total();
    let mut order = MunitionType::ALL;
    order.sort_by(|a, b| {
        let frac = |k: MunitionType| exact.get(k) - whole.get(k);
        frac(*b).total_cmp(&frac(*a))
    });
    for kind in order {
        if left >= 1.0 {
            whole.set(kind, whole.get(kind) + 1.0);
            left -= 1.0;
        }
    }
    whole.min(arsenal)
}

fn spend_and_push(arsenal: &mut Munitions, made: Vec<StrikeOrder>, strikes: &mut Vec<StrikeOrder>) {
    for order in made {
        arsenal.spend(&order.salvo);
        strikes.push(order);
    }
}

fn location_of(roster: &Roster, target: StrikeTarget) -> crate::theatre::TerritoryIx {
    match target {
        StrikeTarget::Asset(a) => roster.asset(a).location,
        StrikeTarget::Forces(m) => roster.actor(m).territory,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_above_the_attack_raise_credibility_and_short_ones_erode_it() {
        let p = StateParams::default();
        assert_eq!(
            answered_credibility(0.5, 1.0, &p),
            0.5,
            "matching is not exceeding"
        );
        assert!(answered_credibility(0.5, 1.5, &p) > 0.5);
        assert!(answered_credibility(0.5, 2.0, &p) > answered_credibility(0.5, 1.5, &p));
        assert_eq!(
            answered_credibility(0.5, 3.0, &p),
            answered_credibility(0.5, 2.0, &p)
        );
        assert!(answered_credibility(0.5, 0.5, &p) < 0.5);
        assert!(answered_credibility(1.0, 3.0, &p) <= 1.0);
    }

    #[test]
    fn split_keeps_every_munition() {
        let parts = split(&Munitions::new(3.0, 10.0, 1.0), 4);
        let sum = parts.iter().fold(Munitions::default(), |a, b| a + *b);
        assert_eq!(sum, Munitions::new(3.0, 10.0, 1.0));
        assert_eq!(parts.len(), 4);
    }
}
