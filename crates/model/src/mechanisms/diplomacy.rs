//! Diplomacy (MODEL.md 5.7; seeds 000 and 002): the mediators' channels, off-ramps and
//! re-mediation.
//!
//! A channel halts after `halt_after` sovereignty violations within the ceasefire window
//! (seed 002: the IRGC warned that violations of its territory would halt all diplomatic
//! processes) and reopens after `reopen_after_calm_days` of calm; influence wanes with
//! every violation (seed 000) and recovers with calm. While a channel is open, each dyad
//! above rung 0 and not under an agreement gets an off-ramp with daily probability
//! `offramp_rate * influence * balance^balance_exponent * (1 + talks_weight * offers of
//! talks today)`, where balance is the two sides' mean conciliation (see factions). An
//! off-ramp is an agreement that acts on decisions, not on the record: both sides set
//! aside their pending grudges against each other, and for `offramp_days` days every
//! escalatory probability of either side's states towards the other (answers,
//! pre-emption, probes, unprovoked strikes, interdiction) is multiplied by
//! `offramp_restraint` ([`Agreements`], read by state decisions). A collapsed ceasefire is
//! re-mediated after `remediation_calm_days` of calm with daily probability
//! `remediation_rate * influence`.
//!
//! Mediation also keeps each state's expected external enforcement (seed 001: a threat "a
//! stress test of the mediator's commitment"): a violation of the truce a state's side
//! really committed tests it; an off-ramp or a re-mediation involving its side, or a third
//! party's strike on its side, is a show of commitment that answers the tests pending and
//! raises it by the state's `enforcement_gain`; a test left unanswered for
//! `enforcement_window_days` lowers it by `enforcement_loss` ([`weigh_commitment`]).
//!
//! The channels are updated by the ceasefire's count of the day's violations; off-ramps,
//! re-mediation and the commitment run right after it.

use bevy_ecs::prelude::*;

use crate::components::{Actor, StateProfile};
use crate::dice::{Purpose, Subject};
use crate::events::{Cameo, Rung};
use crate::mechanisms::attribution::Grudges;
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::ceasefire::{Truce, TruceStatus, count_violations};
use crate::mechanisms::escalation_utility::{Enforcement, Legitimacy};
use crate::mechanisms::factions::{self, FactionBalance};
use crate::mechanisms::ladder::Ladder;
use crate::mechanisms::{event, fresh};
use crate::messages::{Act, Attributed};
use crate::outcomes::{Outcome, OutcomeKind, Tally};
use crate::params::{Amount, Probability, serde_block};
use crate::roster::{Roster, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// A mediator and its diplomatic channel (seeds 000 and 002: European and Arab partners,
/// the Swiss channel).
pub struct MediatorParams {
    /// Influence on day 0.
    pub influence: Probability,
    /// Influence lost per violation (seed 000: their influence "appears to be waning").
    pub decay_per_violation: Probability,
    /// Influence regained per calm day, towards day 0.
    pub recovery_per_calm_day: Probability,
    /// The channel halts after this many sovereignty violations within the ceasefire
    /// window (seed 002: the IRGC warned that violations of its sovereignty would halt
    /// all diplomatic processes).
    pub halt_after: u32,
    /// Calm days after which a halted channel reopens.
    pub reopen_after_calm_days: u32,
    /// Daily probability, at full influence and balanced factions, that an open channel
    /// gives a dyad an off-ramp.
    pub offramp_rate: Probability,
    /// Days an off-ramp's agreement restrains both sides.
    pub offramp_days: u32,
    /// Factor on both sides' escalatory probabilities towards each other while an
    /// off-ramp's agreement lasts (0: they hold fire, 1: the agreement changes nothing).
    pub offramp_restraint: Probability,
    /// Weight of each offer of talks in the off-ramp chance: it is multiplied by
    /// `1 + talks_weight * offers today`.
    pub talks_weight: Amount,
    /// Exponent of the sides' mean conciliation in the off-ramp chance (0: the factions
    /// do not matter, 1: in proportion).
    pub balance_exponent: Amount,
    /// Share of a visible retreat's cost that the off-ramp's terms spare each side's
    /// hardliners (seed 001: a truce that forces "a visible strategic retreat without a
    /// face-saving mechanism creates an internal political imbalance that can only be
    /// resolved through a return to kinetic theater"). Without it (0) stepping down weighs
    /// on a state as an absorbed attack does: legitimacy pressure and the hardline wing
    /// grow. 1: fully face-saving, the retreat costs nothing.
    pub face_saving: Probability,
}
}

impl Default for MediatorParams {
    fn default() -> Self {
        MediatorParams {
            influence: Probability(0.5),
            decay_per_violation: Probability(0.05),
            recovery_per_calm_day: Probability(0.005),
            halt_after: 2,
            reopen_after_calm_days: 10,
            offramp_rate: Probability(0.15),
            offramp_days: 14,
            offramp_restraint: Probability(0.2),
            talks_weight: Amount(1.0),
            balance_exponent: Amount(1.0),
            face_saving: Probability(1.0),
        }
    }
}

/// One mediator and its channel.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Channel {
    /// Display name.
    pub name: String,
    /// Parameters.
    pub params: MediatorParams,
    /// Influence today.
    pub influence: f64,
    /// Whether the channel is open.
    pub open: bool,
    /// Sovereignty violations within the window: `(day, party breached)`, the party as
    /// 0 or 1 of the ceasefire's parties.
    pub sovereignty_violations: Vec<(u32, usize)>,
    /// Days since the last violation.
    pub calm_days: u32,
    /// The first day it halted.
    pub first_halt: Option<u32>,
}

/// The mediators' channels.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Channels(pub Vec<Channel>);

impl Channels {
    /// The strongest open channel's influence, or 0.
    pub fn open_influence(&self) -> f64 {
        self.0
            .iter()
            .filter(|c| c.open)
            .map(|c| c.influence)
            .fold(0.0, f64::max)
    }
}

/// Off-ramp agreements in force, by dyad: the last day each binds and its restraint.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Agreements(pub Vec<Option<Agreement>>);

/// One off-ramp agreement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Agreement {
    /// The day it was made.
    pub from: u32,
    /// The last day it binds.
    pub until: u32,
    /// Factor on the escalatory probabilities of both sides towards each other.
    pub restraint: f64,
}

impl Agreements {
    /// The agreement binding dyad `d` on `day`, if any.
    pub fn binding(&self, d: usize, day: u32) -> Option<&Agreement> {
        self.0
            .get(d)
            .and_then(Option::as_ref)
            .filter(|a| a.from <= day && day <= a.until)
    }

    /// The factor on escalatory probabilities in dyad `d` on `day` (1 without agreement).
    pub fn restraint(&self, d: usize, day: u32) -> f64 {
        self.binding(d, day).map_or(1.0, |a| a.restraint)
    }
}

/// What the ceasefire counted today, as the channels read it.
pub(crate) struct Today<'a> {
    pub day: u32,
    /// Violations perceived today, weighted.
    pub violations: f64,
    /// No violation and no strike across the line today.
    pub calm: bool,
    /// The party (0 or 1) whose sovereignty each of today's violations breached.
    pub sovereignty: &'a [usize],
}

fn first_halt(w: &World) -> Option<u32> {
    w.resource::<Channels>()
        .0
        .iter()
        .filter_map(|c| c.first_halt)
        .min()
}

/// First halt of a mediator's channel.
pub(crate) static CHANNEL_HALT_DAY: Outcome =
    Outcome::at_end("channel_halt_day", OutcomeKind::Day, |w| {
        first_halt(w).map(f64::from)
    });
/// Whether a channel halted.
pub(crate) static CHANNEL_HALTED: Outcome =
    Outcome::at_end("channel_halted", OutcomeKind::Flag, |w| {
        Some(if first_halt(w).is_some() { 1.0 } else { 0.0 })
    });
/// Off-ramps taken.
pub(crate) static OFFRAMPS: Outcome = Outcome::count("offramps");
pub(crate) static OUTCOMES: &[&Outcome] = &[&CHANNEL_HALT_DAY, &CHANNEL_HALTED, &OFFRAMPS];

/// Adds the theatre's mediators and mediates after the day's violations are counted.
pub(crate) fn setup(s: &mut Setup) {
    s.resource(Channels(
        s.theatre
            .mediators
            .iter()
            .map(|m| Channel {
                name: m.name.clone(),
                params: m.params.clone(),
                influence: m.params.influence.get(),
                open: true,
                sovereignty_violations: Vec::new(),
                calm_days: 0,
                first_halt: None,
            })
            .collect(),
    ));
    let dyads = s.world.resource::<SharedRoster>().dyads.len();
    s.resource(Agreements(vec![None; dyads]));
    s.systems(
        (mediate, weigh_commitment)
            .chain()
            .in_set(DaySystems::Ceasefire)
            .after(count_violations),
    );
}

pub(crate) fn update_channels(
    channels: &mut Channels,
    truce: &Truce,
    roster: &Roster,
    today: &Today,
    acts: &mut MessageWriter<Act>,
) {
    if !roster.rules.mechanisms.diplomacy {
        return;
    }
    let Today {
        day,
        violations,
        calm,
        sovereignty,
    } = *today;
    let window = truce.params.window_days;
    for channel in &mut channels.0 {
        let p = &channel.params;
        channel
            .sovereignty_violations
            .extend(sovereignty.iter().map(|&party| (day, party)));
        channel
            .sovereignty_violations
            .retain(|(d, _)| d + window > day);
        channel.influence = (channel.influence - p.decay_per_violation.get() * violations).max(0.0);
        if !calm {
            channel.calm_days = 0;
        } else {
            channel.calm_days += 1;
            let home = p.influence.get();
            channel.influence = (channel.influence + p.recovery_per_calm_day.get())
                .min(home.max(channel.influence));
        }
        if channel.open && channel.sovereignty_violations.len() as u32 >= p.halt_after.max(1) {
            channel.open = false;
            channel.first_halt.get_or_insert(day);
            // The party whose sovereignty was violated most halts the talks (seed 002:
            // the IRGC warned that violations of its territory would end them).
            let breached = |k: usize| {
                channel
                    .sovereignty_violations
                    .iter()
                    .filter(|(_, party)| *party == k)
                    .count()
            };
            let (a, b) = truce.parties;
            let (halts, other) = if breached(1) > breached(0) {
                (b, a)
            } else {
                (a, b)
            };
            acts.write(Act(event(
                roster,
                day,
                halts,
                other,
                Cameo::HaltTalks,
                Rung::Truce,
            )));
        } else if !channel.open && channel.calm_days >= p.reopen_after_calm_days {
            channel.open = true;
            channel.sovereignty_violations.clear();
        }
    }
}

/// Off-ramps and re-mediation through open channels.
///
/// An off-ramp is an agreement: the two sides set aside their pending grudges against each
/// other (neither answers what it has not yet answered), and for `offramp_days` their
/// states' escalatory probabilities towards each other are multiplied by
/// `offramp_restraint`. It does not unsee a violation nor rewrite the ladder: the tally
/// that breaks the truce keeps every one, and the ladder falls only as the fighting does.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn mediate(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    channels: Res<Channels>,
    mut truce: ResMut<Truce>,
    ladder: Res<Ladder>,
    mut agreements: ResMut<Agreements>,
    mut tallies: MessageWriter<Tally>,
    mut acts: ParamSet<(MessageReader<Act>, MessageWriter<Act>)>,
    mut states: Query<(&Actor, &StateProfile, &mut FactionBalance, &mut Legitimacy)>,
    mut grudges: Query<&mut Grudges>,
    mut offers: Local<Vec<u32>>,
) {
    let rules = &roster.rules;
    if !rules.mechanisms.diplomacy {
        return;
    }
    let day = calendar.day;
    let influence = channels.open_influence();
    let offers = fresh(&mut offers, roster.dyads.len(), 0);
    for Act(e) in acts.p0().read() {
        if e.cameo == Cameo::OfferTalks
            && let Some(d) = e.dyad
        {
            offers[usize::from(d)] += 1;
        }
    }
    // The open channel with the highest off-ramp rate sets the terms.
    let Some(terms) = channels
        .0
        .iter()
        .filter(|c| c.open)
        .map(|c| &c.params)
        .reduce(|a, b| {
            if b.offramp_rate.get() > a.offramp_rate.get() {
                b
            } else {
                a
            }
        })
        .cloned()
    else {
        return;
    };
    for (d, &(a, b)) in roster.dyads.iter().enumerate() {
        if ladder.rungs[d] == 0 || influence <= 0.0 || agreements.binding(d, day).is_some() {
            continue;
        }
        let conciliation = |a: ActorIx| {
            states
                .get(roster.actor(a).entity)
                .map_or(1.0, |(_, p, f, _)| factions::conciliation(f, &p.0, rules))
        };
        let balance = (conciliation(a) + conciliation(b)) / 2.0;
        let p = offramp_chance(&terms, influence, balance, offers[d]);
        if calendar
            .roll(Subject::pair(a, b), Purpose::Diplomacy)
            .chance(p)
        {
            agreements.0[d] = Some(Agreement {
                from: day + 1,
                until: day + terms.offramp_days,
                restraint: terms.offramp_restraint.get(),
            });
            tallies.write(Tally::one(&OFFRAMPS));
            for (x, y) in [(a, b), (b, a)] {
                if let Ok(mut g) = grudges.get_mut(roster.actor(x).entity) {
                    g.0.retain(|g| roster.side(g.blamed) != y);
                }
                // Stepping down is a visible retreat for each state principal; what the
                // terms do not spare weighs on it as one absorbed attack would.
                let unspared = 1.0 - terms.face_saving.get();
                if unspared > 0.0
                    && let Ok((_, p, mut wings, mut legitimacy)) =
                        states.get_mut(roster.actor(x).entity)
                {
                    legitimacy.0 += unspared * p.0.utility.legitimacy_per_absorbed.get();
                    if rules.mechanisms.factions {
                        wings.harden(unspared * p.0.factions.gain_per_absorbed.get());
                    }
                }
            }
        }
    }
    let calm = truce.params.remediation_calm_days;
    if rules.mechanisms.remediation
        && truce.status == TruceStatus::Collapsed
        && truce.calm_days >= calm
        && influence > 0.0
    {
        let (a, b) = truce.parties;
        let rate = truce.params.remediation_rate.get();
        if calendar
            .roll(Subject::pair(a, b), Purpose::Remediation)
            .chance(rate * influence)
        {
            truce.status = TruceStatus::Holding;
            truce.perceived = Default::default();
            truce.remediations.push(day);
            acts.p1().write(Act(event(
                &roster,
                day,
                a,
                b,
                Cameo::DeclareCeasefire,
                Rung::Truce,
            )));
        }
    }
}

/// The daily chance of an off-ramp in a dyad: `offramp_rate * influence *
/// balance^balance_exponent * (1 + talks_weight * offers)`.
pub(crate) fn offramp_chance(
    terms: &MediatorParams,
    influence: f64,
    balance: f64,
    offers: u32,
) -> f64 {
    terms.offramp_rate.get()
        * influence
        * balance.max(0.0).powf(terms.balance_exponent.get())
        * (1.0 + terms.talks_weight.get() * f64::from(offers))
}

/// Keeps every state's expected external enforcement (seed 001): its side's real
/// violations of the truce test the commitment; off-ramps and re-mediation involving its
/// side, and third parties' strikes on its side, show it; a test left unanswered for
/// `enforcement_window_days` lowers it.
///
/// Runs after mediation (so it sees today's off-ramps and re-mediation) with
/// `mechanisms.enforcement` on; reads today's coded events and attributed strikes.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn weigh_commitment(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    truce: Res<Truce>,
    agreements: Res<Agreements>,
    mut acts: MessageReader<Act>,
    mut attributed: MessageReader<Attributed>,
    mut states: Query<(&Actor, &StateProfile, &mut Enforcement)>,
    mut shown: Local<Vec<bool>>,
    mut tested: Local<Vec<bool>>,
) {
    if !roster.rules.mechanisms.enforcement {
        return;
    }
    let day = calendar.day;
    let shown = fresh(&mut shown, roster.len(), false);
    let tested = fresh(&mut tested, roster.len(), false);
    let (a, b) = truce.parties;
    for Act(e) in acts.read() {
        match e.cameo {
            // The perceived violation is coded from the party that committed it.
            Cameo::ViolateCeasefire if e.real => tested[roster.side(e.actor).0 as usize] = true,
            Cameo::DeclareCeasefire if truce.exists => {
                shown[a.0 as usize] = true;
                shown[b.0 as usize] = true;
            }
            _ => {}
        }
    }
    for (d, &(x, y)) in roster.dyads.iter().enumerate() {
        if agreements.0[d].is_some_and(|g| g.from == day + 1) {
            shown[roster.side(x).0 as usize] = true;
            shown[roster.side(y).0 as usize] = true;
        }
    }
    if truce.exists {
        for hit in attributed.read() {
            let victim = roster.side(hit.victim);
            let by = roster.side(hit.perpetrator);
            if truce.party_of(victim).is_some() && truce.party_of(by).is_none() {
                shown[victim.0 as usize] = true;
            }
        }
    } else {
        attributed.clear();
    }
    for (actor, profile, mut enforcement) in &mut states {
        let i = actor.ix.0 as usize;
        let u = &profile.0.utility;
        if tested[i] {
            enforcement.tests.push(day);
        }
        if shown[i] {
            enforcement.tests.clear();
            enforcement.value = (enforcement.value + u.enforcement_gain.get()).min(1.0);
        }
        let window = u.enforcement_window_days;
        let before = enforcement.tests.len();
        enforcement.tests.retain(|&t| t + window > day);
        let unanswered = (before - enforcement.tests.len()) as f64;
        enforcement.value = (enforcement.value - u.enforcement_loss.get() * unanswered).max(0.0);
    }
}
