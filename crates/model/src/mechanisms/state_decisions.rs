//! State decisions (MODEL.md 5.4; seeds 001, 002, 003): the step of the day in which
//! every state picks, for each actor it watches, from its menu of acts.
//!
//! The menu is made of mechanisms of their own, run here in a fixed order for each
//! watched actor (its adversaries and their militias, in the roster's order):
//! [`credibility`] (attacks left unanswered are absorbed), [`retaliation`] (answer what
//! was attributed), [`preemption`] (strike an imminent threat the air defence cannot
//! stop), [`probing`] (a low-credibility adversary's red lines), the unprovoked strike of
//! [`escalation_utility`], an [`execution_error`], then [`signalling`] (threats and talks).
//! [`factions`] weigh every escalatory and conciliatory probability, [`targeting`](crate::mechanisms::targeting) turns a
//! package into orders, and [`directives`] set the state's militias' orders from its
//! highest utility.
//!
//! Decisions read what every state knew at the end of yesterday (a snapshot taken
//! before anyone decides), so moves within a day are simultaneous. Runs after proxy
//! decisions; writes [`StrikeOrder`]s, coded events and tallies.

use bevy_ecs::prelude::*;
use bevy_ecs::query::QueryData;
use bevy_ecs::system::SystemParam;

use crate::components::{Actor, Arsenal, Health, Interceptors, MilitiaProfile, StateProfile};
use crate::dice::{Purpose, Roll, Subject};
use crate::mechanisms::attribution::{Grudges, Received};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::ceasefire::Truce;
use crate::mechanisms::credibility::Credibility;
use crate::mechanisms::diplomacy::{Agreements, Channels};
use crate::mechanisms::directives::{DelegatedAnswer, Militias};
use crate::mechanisms::escalation_utility::{Enforcement, Legitimacy};
use crate::mechanisms::execution_error::Flip;
use crate::mechanisms::factions::FactionBalance;
use crate::mechanisms::intelligence::Perception;
use crate::mechanisms::interdiction::{InterdictionOrders, Order};
use crate::mechanisms::ladder::Ladder;
use crate::mechanisms::probing::{Probe, Probes};
use crate::mechanisms::rearmament::Sanctions;
use crate::mechanisms::relocation::Relocations;
use crate::mechanisms::signalling::LastThreat;
use crate::mechanisms::targeting::{Aim, aim_at, package, spend_and_push};
use crate::mechanisms::{
    credibility, directives, escalation_utility, execution_error, factions, fresh, interdiction,
    preemption, probing, retaliation, signalling,
};
use crate::messages::{Act, StrikeKind, StrikeOrder};
use crate::network::Network;
use crate::outcomes::Tally;
use crate::params::{Munitions, StateParams};
use crate::roster::{Kind, Roster, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

/// A strike a state is preparing (visible to the adversary's intelligence until launch).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PlannedStrike {
    /// Launch day.
    pub launch_day: u32,
    /// The adversary.
    pub against: ActorIx,
    /// Why.
    pub kind: StrikeKind,
    /// What it will aim at.
    pub aim: Aim,
    /// Munitions it will fire.
    pub size: f64,
}

/// A state's prepared strikes.
#[derive(Component, Clone, Debug, Default, PartialEq)]
pub(crate) struct Plans(pub Vec<PlannedStrike>);

/// Gives states their plans and decides after the militias.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|_, _| Plans::default());
    s.systems(decide_state_actions.in_set(DaySystems::StateDecisions));
}

/// Everything a state decides with and about itself.
#[derive(QueryData)]
#[query_data(mutable)]
pub(crate) struct StateMind {
    pub actor: &'static Actor,
    pub profile: &'static StateProfile,
    pub credibility: &'static mut Credibility,
    pub factions: &'static mut FactionBalance,
    pub legitimacy: &'static mut Legitimacy,
    pub enforcement: &'static Enforcement,
    pub grudges: &'static mut Grudges,
    pub probes: &'static mut Probes,
    pub received: &'static Received,
    pub plans: &'static mut Plans,
    pub last_threat: &'static mut LastThreat,
    pub arsenal: &'static mut Arsenal,
    pub perception: &'static Perception,
    pub interceptors: &'static Interceptors,
    pub delegated: &'static mut DelegatedAnswer,
    pub sanctions: &'static Sanctions,
}

/// What the states decide about: the read-only state of the theatre today.
#[derive(SystemParam)]
pub(crate) struct Situation<'w, 's> {
    calendar: Res<'w, Calendar>,
    roster: Local<'s, SharedRoster>,
    network: Res<'w, Network>,
    truce: Res<'w, Truce>,
    channels: Res<'w, Channels>,
    agreements: Res<'w, Agreements>,
    ladder: Res<'w, Ladder>,
    relocations: Res<'w, Relocations>,
    health: Query<'w, 's, &'static Health>,
}

/// What the day's decisions write.
#[derive(SystemParam)]
pub(crate) struct Decided<'w> {
    orders: MessageWriter<'w, StrikeOrder>,
    acts: MessageWriter<'w, Act>,
    tallies: MessageWriter<'w, Tally>,
    probes: MessageWriter<'w, Probe>,
    interdictions: ResMut<'w, InterdictionOrders>,
}

/// Read-only views the decision mechanisms share.
pub(crate) struct View<'a, 'w, 's> {
    pub roster: &'a Roster,
    pub network: &'a Network,
    pub health: &'a Query<'w, 's, &'static Health>,
    pub relocations: &'a Relocations,
    pub truce: &'a Truce,
    pub channels: &'a Channels,
    pub agreements: &'a Agreements,
    pub ladder: &'a Ladder,
    pub day: u32,
}

/// What every actor looked like at the end of yesterday.
#[derive(Default)]
pub(crate) struct Snapshot {
    /// States' credibility (NaN for actors that keep none).
    pub credibility: Vec<f64>,
    pub arsenal: Vec<f64>,
    /// The largest raid each actor can launch in a day (all its waves pooled).
    pub largest_raid: Vec<Munitions>,
    pub degradation: Vec<f64>,
    /// Each state's standing threats: the day it last threatened each actor, if that
    /// threat was not called (empty for non-states).
    pub threats: Vec<Vec<Option<u32>>>,
    /// Each state's diplomatic-wing factor C (section 6.1; 1 for non-states).
    pub conciliation: Vec<f64>,
}

impl Snapshot {
    /// The diplomatic wing's weight of `a` (1 for an actor that keeps no factions).
    pub fn conciliation_of(&self, a: ActorIx) -> f64 {
        self.conciliation.get(a.0 as usize).copied().unwrap_or(1.0)
    }

    /// The credibility state `p` reads into actor `a`: its own if it keeps one, the
    /// reader's `non_state_credibility` otherwise.
    pub fn credibility_of(&self, a: ActorIx, p: &StateParams) -> f64 {
        let c = self.credibility[a.0 as usize];
        if c.is_nan() {
            p.utility.non_state_credibility.get()
        } else {
            c
        }
    }

    /// The day of `threatener`'s standing threat against `threatened`, if any.
    pub fn threat(&self, threatener: ActorIx, threatened: ActorIx) -> Option<u32> {
        self.threats
            .get(threatener.0 as usize)
            .and_then(|v| v.get(threatened.0 as usize).copied().flatten())
    }
}

/// One state's choice about one watched actor, and what it has decided so far today.
pub(crate) struct Choice<'a, 'w, 's> {
    pub world: &'a View<'a, 'w, 's>,
    pub snapshot: &'a Snapshot,
    pub p: &'a StateParams,
    /// The state deciding.
    pub s: ActorIx,
    /// The actor it decides about.
    pub t: ActorIx,
    /// The factions' multiplier on escalatory probabilities (the hardline wing's).
    pub escalation: f64,
    /// The factions' multiplier on conciliatory probabilities (the diplomatic wing's).
    pub conciliation: f64,
    /// An off-ramp agreement's restraint on escalatory probabilities towards the watched
    /// actor's side today (1 without one).
    pub agreement: f64,
    /// The calendar, for streams of the pair's own.
    pub calendar: &'a Calendar,
    /// The execution error of today's decision about the watched actor.
    pub flip: Flip,
    /// The state's one stream for the day, drawn in a fixed order: watched actors in the
    /// roster's order, and for each the acts in the order of [`decide_about`].
    pub roll: Roll,
    /// The pair's targeting stream.
    pub aim: Roll,
    /// Strikes ordered today.
    pub strikes: Vec<StrikeOrder>,
    /// Coded events, in the order made.
    pub acts: Vec<Act>,
    /// What was counted.
    pub tallies: Vec<Tally>,
    /// Probes made.
    pub probes: Vec<Probe>,
    /// Interdictions chosen (acting on tomorrow's convoys).
    pub interdictions: Vec<Order>,
    /// The actors the state holds a grudge against this morning, sorted: a state watching
    /// thousands of militias holds grudges against few, and only those need the grudge
    /// rules' scan (no grudge is added while states decide).
    pub blamed: Vec<ActorIx>,
}

impl Choice<'_, '_, '_> {
    /// The theatre's rules.
    pub fn rules(&self) -> &crate::roster::Rules {
        &self.world.roster.rules
    }

    /// The multiplier on escalatory probabilities towards the watched actor: the
    /// factions' weight times an off-ramp agreement's restraint.
    pub fn escalatory(&self) -> f64 {
        self.escalation * self.agreement
    }

    /// Orders the strikes `made`, spending their munitions.
    pub fn order(&mut self, mind: &mut StateMindItem, made: Vec<StrikeOrder>) {
        spend_and_push(&mut mind.arsenal.0, made, &mut self.strikes);
    }
}

/// Runs every state's decisions for the day.
pub(crate) fn decide_state_actions(
    situation: Situation,
    mut states: Query<StateMind, Without<MilitiaProfile>>,
    mut militias: Query<Militias, Without<StateProfile>>,
    mut out: Decided,
    mut snapshot: Local<Snapshot>,
) {
    let roster = &*situation.roster;
    take_snapshot(&mut snapshot, roster, &states, &militias);
    let world = View {
        roster,
        network: &situation.network,
        health: &situation.health,
        relocations: &situation.relocations,
        truce: &situation.truce,
        channels: &situation.channels,
        agreements: &situation.agreements,
        ladder: &situation.ladder,
        day: situation.calendar.day,
    };
    let mut interdictions = Vec::new();
    for mut mind in &mut states {
        let s = mind.actor.ix;
        let p: &StateParams = &mind.profile.0;
        factions::drift(&mut mind, p, &roster.rules);
        escalation_utility::drift(&mut mind, p);
        let mut choice = Choice {
            world: &world,
            snapshot: &snapshot,
            p,
            s,
            t: s,
            escalation: factions::factor(&mind.factions, p, &roster.rules),
            conciliation: factions::conciliation(&mind.factions, p, &roster.rules),
            agreement: 1.0,
            calendar: &situation.calendar,
            flip: Flip::default(),
            roll: situation
                .calendar
                .roll(Subject::actor(s), Purpose::StateDecision),
            // Replaced by each watched actor's own stream below (a roll draws nothing
            // until it is used).
            aim: situation
                .calendar
                .roll(Subject::pair(s, s), Purpose::Targeting),
            strikes: Vec::new(),
            acts: Vec::new(),
            tallies: Vec::new(),
            probes: Vec::new(),
            interdictions: Vec::new(),
            blamed: Vec::new(),
        };
        launch_plans(&mut choice, &mut mind, &situation.calendar);
        choice.blamed = mind.grudges.blamed();
        let mut top_utility = f64::NEG_INFINITY;
        for &t in &roster.watch[s.0 as usize] {
            choice.t = t;
            choice.aim = situation
                .calendar
                .roll(Subject::pair(s, t), Purpose::Targeting);
            choice.flip = Flip::draw(
                &situation.calendar,
                (s, t),
                roster.rules.mechanisms.execution_error,
                p.doctrine.execution_error.get(),
            );
            choice.agreement = roster
                .dyad(s, t)
                .map_or(1.0, |d| world.agreements.restraint(d, world.day));
            top_utility = top_utility.max(decide_about(&mut choice, &mut mind));
        }
        directives::set(&world, (s, *mind.delegated), top_utility, p, &mut militias);
        out.acts.write_batch(choice.acts);
        out.tallies.write_batch(choice.tallies);
        out.probes.write_batch(choice.probes);
        out.orders.write_batch(choice.strikes);
        interdictions.extend(choice.interdictions);
    }
    // Sorted by identity, so that the state that catches a convoy does not depend on the
    // order the query visits states in.
    interdictions.sort_by_key(|o: &Order| (o.patron.0, o.by.0));
    out.interdictions.0 = interdictions;
}

/// The menu for one watched actor, in its fixed order; returns the state's escalation
/// utility against the actor's principal. The menu stops at the first intended strike
/// (made or flipped by execution error).
fn decide_about(c: &mut Choice, mind: &mut StateMindItem) -> f64 {
    let (s, t) = (c.s, c.t);
    let roster = c.world.roster;
    let principal = roster.side(t);
    let binds = c.world.truce.binds(roster.side(s), principal);
    let utility =
        escalation_utility::utility(c.p, (s, principal), (c.world.day, binds), mind, c.snapshot);
    let restraint = if binds {
        1.0 - c.p.doctrine.ceasefire_restraint.get()
    } else {
        1.0
    };
    if c.blamed.binary_search(&t).is_ok() {
        credibility::absorb_old_grudges(c, mind);
        retaliation::answer_grudges(c, mind);
    }
    if !c.flip.intended() {
        preemption::preempt(c, mind);
    }
    if t == principal && roster.actor(t).kind == Kind::State {
        probing::judge_probe(c, mind);
        if !c.flip.intended() {
            probing::probe(c, mind, restraint);
        }
    }
    if !c.flip.intended() {
        escalation_utility::plan_unprovoked(c, mind, utility, restraint);
    }
    interdiction::decide(c, utility, binds);
    execution_error::misfire(c, mind);
    signalling::threaten(c, mind, utility);
    signalling::offer_talks(c);
    utility
}

fn take_snapshot(
    snap: &mut Snapshot,
    roster: &Roster,
    states: &Query<StateMind, Without<MilitiaProfile>>,
    militias: &Query<Militias, Without<StateProfile>>,
) {
    let n = roster.len();
    fresh(&mut snap.credibility, n, f64::NAN);
    fresh(&mut snap.arsenal, n, 0.0);
    fresh(&mut snap.largest_raid, n, Munitions::default());
    fresh(&mut snap.degradation, n, 0.0);
    fresh(&mut snap.conciliation, n, 1.0);
    snap.threats.resize_with(n, Vec::new);
    for threats in &mut snap.threats {
        threats.clear();
    }
    for mind in states.iter() {
        let i = mind.actor.ix.0 as usize;
        let doctrine = &mind.profile.0.doctrine;
        // Adversaries read credibility through the state's visible split (factions).
        snap.credibility[i] = factions::read_credibility(
            mind.credibility.0,
            mind.factions,
            &mind.profile.0,
            &roster.rules,
        );
        snap.arsenal[i] = mind.arsenal.0.total();
        snap.conciliation[i] =
            factions::conciliation(mind.factions, &mind.profile.0, &roster.rules);
        // The largest raid a state launches: its doctrine's largest strike, an unprovoked
        // one or its smallest answer, whose waves the defence meets as one raid.
        let raid = doctrine.salvo.total().max(doctrine.minimum_strike.get());
        snap.largest_raid[i] = package(&doctrine.salvo, raid, &mind.arsenal.0);
        snap.threats[i].extend((0..n).map(|t| mind.last_threat.standing(t)));
    }
    for m in militias.iter() {
        let i = m.actor.ix.0 as usize;
        snap.arsenal[i] = m.arsenal.0.total();
        snap.largest_raid[i] = m.profile.0.salvo.min(&m.arsenal.0);
        let patron = roster.side(m.actor.ix).0 as usize;
        snap.degradation[patron] +=
            m.proxy.recent_losses / roster.proxies[patron].len().max(1) as f64;
    }
}

/// Launches prepared strikes whose day has come, each aimed with the pair's launch stream.
fn launch_plans(c: &mut Choice, mind: &mut StateMindItem, calendar: &Calendar) {
    let s = mind.actor.ix;
    let p = c.p;
    let (ready, waiting): (Vec<_>, Vec<_>) = mind
        .plans
        .0
        .drain(..)
        .partition(|plan| plan.launch_day <= c.world.day);
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
            c.world,
            (s, plan.against),
            package,
            (plan.kind, plan.aim),
            spread,
            &mut aim,
        );
        c.order(mind, made);
    }
}
