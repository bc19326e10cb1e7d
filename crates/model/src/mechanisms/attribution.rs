//! Attribution (MODEL.md 5.6; seed 000: the US "no longer accepts this distinction").
//!
//! The victim of a militia attack blames the patron with probability
//! `b = policy + (1 - policy) * evidence_weight * signature * quality`, reduced by
//! deniability to `b * (1 - deniability_weight * autonomy * (1 - policy))`: it grows with
//! the attribution policy and with evidence and falls with the militia's autonomy, and a
//! policy of 1 blames the patron whatever the autonomy. Attribution can be wrong: with the
//! misattribution rate (less the share a verification body catches), blame falls on
//! another adversary. What is attributed, not what
//! happened, becomes the victim's grudge, the ceasefire's violations and the next day's
//! decisions.

use bevy_ecs::prelude::*;

use crate::components::{MilitiaProfile, Sponsor, StateProfile};
use crate::dice::{Purpose, Roll};
use crate::events::{Cameo, Event, Rung};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::event;
use crate::mechanisms::intelligence::verified;
use crate::mechanisms::proxy_decisions::MilitiaParams;
use crate::messages::{Attributed, Chronicle, StrikeReport, StrikeTarget};
use crate::outcomes::{Outcome, Tally};
use crate::params::{Probability, serde_block};
use crate::roster::{Kind, Roster, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// How a victim attributes proxy attacks (seed 000).
pub struct AttributionPolicy {
    /// How firmly the state holds patrons responsible for their affiliates (seed 000: the
    /// US "no longer accepts this distinction" is near 1).
    pub policy: Probability,
    /// Weight of evidence: the probability of blaming the patron grows by
    /// `evidence_weight * signature * intelligence quality` of what remains.
    pub evidence_weight: Probability,
    /// Weight of deniability: the militia's autonomy times this is taken off.
    pub deniability_weight: Probability,
    /// Probability that an attack is blamed on the wrong actor (another adversary).
    pub misattribution: Probability,
}
}

impl Default for AttributionPolicy {
    fn default() -> Self {
        AttributionPolicy {
            policy: Probability(0.3),
            evidence_weight: Probability(0.6),
            deniability_weight: Probability(0.8),
            misattribution: Probability(0.03),
        }
    }
}

/// An attack a state holds against someone and has not yet answered.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Grudge {
    /// Who is blamed.
    pub blamed: ActorIx,
    /// The militia that fired, when the patron is blamed for its proxy.
    pub via_proxy: Option<ActorIx>,
    /// Munitions fired.
    pub volume: f64,
    /// The day it happened.
    pub day: u32,
    /// Whether it fell on one of the holder's militias rather than on the holder itself
    /// (a patron may answer that through its militias, seed 000).
    pub on_proxy: bool,
}

/// A state's unanswered attributed attacks, grouped by whom they blame (in actor order)
/// and in order of arrival within: what a state does about one watched actor reads and
/// settles only that actor's run, found by a search, instead of every grudge the state
/// holds (a great power facing thousands of militias holds thousands).
#[derive(Component, Clone, Debug, Default, PartialEq)]
pub(crate) struct Grudges(pub Vec<Grudge>);

impl Grudges {
    /// Where the grudges against `t` lie.
    fn range(&self, t: ActorIx) -> std::ops::Range<usize> {
        self.0.partition_point(|g| g.blamed < t)..self.0.partition_point(|g| g.blamed <= t)
    }

    /// The grudges against `t`, oldest first.
    pub fn against(&self, t: ActorIx) -> &[Grudge] {
        &self.0[self.range(t)]
    }

    /// Keeps only the grudges against `t` that `keep` accepts, in their order.
    pub fn retain_against(&mut self, t: ActorIx, mut keep: impl FnMut(&Grudge) -> bool) {
        let range = self.range(t);
        let mut kept = range.start;
        for i in range.clone() {
            if keep(&self.0[i]) {
                self.0.swap(kept, i);
                kept += 1;
            }
        }
        self.0.drain(kept..range.end);
    }

    /// Everyone blamed, each once, in actor order.
    pub fn blamed(&self) -> Vec<ActorIx> {
        let mut blamed: Vec<ActorIx> = self.0.iter().map(|g| g.blamed).collect();
        blamed.dedup();
        blamed
    }
}

/// Cumulative munitions a state has received from each actor it blames, indexed by actor
/// (how a prober learns whether its probe was answered).
#[derive(Component, Clone, Debug, PartialEq)]
pub(crate) struct Received(pub Vec<f64>);

/// First direct state-on-state strike.
pub(crate) static FIRST_DIRECT_STRIKE_DAY: Outcome = Outcome::first_day("first_direct_strike_day");
/// Whether a direct state-on-state strike happened.
pub(crate) static DIRECT_STRIKE: Outcome = Outcome::flag("direct_strike", &FIRST_DIRECT_STRIKE_DAY);
/// First state strike on a host nation's soil.
pub(crate) static FIRST_HOST_STRIKE_DAY: Outcome = Outcome::first_day("first_host_strike_day");
/// Whether a state struck a host nation's soil.
pub(crate) static HOST_STRIKE: Outcome = Outcome::flag("host_strike", &FIRST_HOST_STRIKE_DAY);
/// Militia attacks (also counted per militia, `proxy_attacks.MILITIA`).
pub(crate) static PROXY_ATTACKS: Outcome = Outcome::count("proxy_attacks").per_actor();
/// Militia attacks on states whose victim blamed the patron.
static BLAMED_ON_PATRON: Outcome = Outcome::count("blamed_on_patron").hidden();
/// Militia attacks on states.
static PROXY_ATTACKS_ON_STATES: Outcome = Outcome::count("proxy_attacks_on_states").hidden();
/// Share of militia attacks on states blamed on the patron.
pub(crate) static BLAMED_ON_PATRON_SHARE: Outcome = Outcome::share(
    "blamed_on_patron_share",
    &BLAMED_ON_PATRON,
    &PROXY_ATTACKS_ON_STATES,
);
pub(crate) static OUTCOMES: &[&Outcome] = &[
    &FIRST_DIRECT_STRIKE_DAY,
    &DIRECT_STRIKE,
    &FIRST_HOST_STRIKE_DAY,
    &HOST_STRIKE,
    &PROXY_ATTACKS,
    &BLAMED_ON_PATRON,
    &PROXY_ATTACKS_ON_STATES,
    &BLAMED_ON_PATRON_SHARE,
];

/// Gives states their grudges and what they received, and attributes after resolution.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|_, _| Grudges::default());
    s.on_states(|_, n| Received(vec![0.0; n]));
    s.systems(attribute_attacks.in_set(DaySystems::Attribution));
}

/// Attributes every strike resolved today, records it as a coded event, and hands the
/// victim its grudge.
pub(crate) fn attribute_attacks(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    mut reports: MessageReader<StrikeReport>,
    mut victims: Query<(&StateProfile, &mut Grudges, &mut Received)>,
    militias: Query<(&MilitiaProfile, &Sponsor)>,
    mut attributed: MessageWriter<Attributed>,
    mut chronicle: Chronicle,
) {
    let day = calendar.day;
    for report in reports.read() {
        let order = &report.order;
        let attacker = order.attacker;
        let holder = grudge_holder(&roster, report.victim, order.against);
        let proxy = militias.get(roster.actor(attacker).entity).ok();
        let mut roll = calendar.roll(report.subject, Purpose::Attribution);
        let victim = holder.and_then(|h| victims.get(roster.actor(h).entity).ok());
        let blamed = match (proxy, victim) {
            (Some((militia, sponsor)), Some((victim, _, _)))
                if roster.rules.mechanisms.attribution =>
            {
                let held_by = holder.unwrap_or(report.victim);
                blame(
                    &roster,
                    (held_by, attacker),
                    (&victim.0, &militia.0, sponsor),
                    &mut roll,
                )
            }
            _ => attacker,
        };
        if let Some((_, sponsor)) = proxy {
            let held_by = holder.unwrap_or(report.victim);
            tell_proxy_attack(
                &mut chronicle,
                &roster,
                day,
                (attacker, held_by),
                holder.is_some(),
                (blamed, sponsor.patron),
            );
        }
        let volume = order.salvo.total();
        if let Some(h) = holder
            && let Ok((_, mut grudges, mut received)) = victims.get_mut(roster.actor(h).entity)
        {
            let via_proxy = proxy.filter(|(_, s)| s.patron == blamed).map(|_| attacker);
            // On a proxy: the strike fell on one of the holder's militias (not on a host's
            // soil, which a guest holds too).
            let on_proxy = h != report.victim
                && roster.actor(report.victim).kind == crate::roster::Kind::Militia;
            hold(&mut grudges, (day, on_proxy), blamed, via_proxy, volume);
            received.0[blamed.0 as usize] += volume;
        }
        let strike = strike_event(&roster, day, report, blamed);
        if strike.direct {
            chronicle.count(&FIRST_DIRECT_STRIKE_DAY);
        }
        if strike.class == Rung::RegionalWar {
            chronicle.count(&FIRST_HOST_STRIKE_DAY);
        }
        chronicle.act(strike);
        attributed.write(Attributed {
            victim: holder.unwrap_or(report.victim),
            perpetrator: attacker,
            blamed,
            against: order.against,
            volume,
            sovereignty: report
                .sovereign
                .is_some_and(|s| s == roster.side(order.against)),
        });
    }
}

/// Whom the victim `held_by` blames for an attack by the militia `attacker`: the patron
/// with the blame probability, otherwise the militia, then perhaps another adversary
/// (misattribution).
fn blame(
    roster: &Roster,
    (held_by, attacker): (ActorIx, ActorIx),
    (victim, militia, sponsor): (&crate::params::StateParams, &MilitiaParams, &Sponsor),
    roll: &mut Roll,
) -> ActorIx {
    let p = blame_probability(
        &victim.attribution,
        victim.intelligence.quality.get(),
        militia,
    );
    let blamed = if roll.chance(p) {
        sponsor.patron
    } else {
        attacker
    };
    misattribute(roster, held_by, attacker, blamed, &victim.attribution, roll)
}

/// Counts a militia attack, and codes the accusation and the denial when the patron is
/// blamed.
fn tell_proxy_attack(
    chronicle: &mut Chronicle,
    roster: &Roster,
    day: u32,
    (attacker, held_by): (ActorIx, ActorIx),
    on_a_state: bool,
    (blamed, patron): (ActorIx, ActorIx),
) {
    chronicle.tally(Tally {
        by: Some(attacker),
        ..Tally::one(&PROXY_ATTACKS)
    });
    if on_a_state {
        chronicle.count(&PROXY_ATTACKS_ON_STATES);
        if blamed == patron {
            chronicle.count(&BLAMED_ON_PATRON);
        }
    }
    if blamed == patron {
        chronicle.act(event(
            roster,
            day,
            held_by,
            patron,
            Cameo::Accuse,
            Rung::Truce,
        ));
        chronicle.act(event(
            roster,
            day,
            patron,
            held_by,
            Cameo::DenyResponsibility,
            Rung::Truce,
        ));
    }
}

/// One attack is one grudge however many targets its package was spread over: absorbing
/// a ten-target strike costs credibility once, not ten times.
fn hold(
    grudges: &mut Grudges,
    (day, on_proxy): (u32, bool),
    blamed: ActorIx,
    via_proxy: Option<ActorIx>,
    volume: f64,
) {
    let range = grudges.range(blamed);
    match grudges.0[range.clone()]
        .iter_mut()
        .find(|g| g.day == day && g.via_proxy == via_proxy && g.on_proxy == on_proxy)
    {
        Some(g) => g.volume += volume,
        None => grudges.0.insert(
            range.end,
            Grudge {
                on_proxy,
                blamed,
                via_proxy,
                volume,
                day,
            },
        ),
    }
}

/// The coded event of a strike as it happened, with whom it was attributed to.
fn strike_event(roster: &Roster, day: u32, report: &StrikeReport, blamed: ActorIx) -> Event {
    let order = &report.order;
    let class = strike_class(roster, report);
    Event {
        day,
        actor: order.attacker,
        target: report.victim,
        cameo: Cameo::AerialStrike,
        attributed_to: blamed,
        real: true,
        class,
        volume: order.salvo.total(),
        direct: class >= Rung::DirectLimited && roster.actor(order.attacker).kind == Kind::State,
        dyad: roster.dyad(order.attacker, order.against).map(|d| d as u16),
        reason: Some(order.kind),
        asset: match order.target {
            StrikeTarget::Asset(a) => Some(a),
            StrikeTarget::Forces(_) => None,
        },
        leaked: report.leaked.total(),
    }
}

/// The state that holds the grudge for a strike: the victim if it is a state, otherwise
/// the state the strike was directed at (a strike on a host punishes its guest).
fn grudge_holder(roster: &Roster, victim: ActorIx, against: ActorIx) -> Option<ActorIx> {
    [victim, roster.side(against)]
        .into_iter()
        .find(|a| roster.actor(*a).kind == Kind::State)
}

/// The probability that the victim blames the patron of a militia attack.
pub(crate) fn blame_probability(
    policy: &AttributionPolicy,
    quality: f64,
    militia: &MilitiaParams,
) -> f64 {
    let pol = policy.policy.get();
    let evidence = policy.evidence_weight.get() * militia.signature.get() * quality;
    let base = pol + (1.0 - pol) * evidence;
    let deniability = policy.deniability_weight.get() * militia.autonomy.get() * (1.0 - pol);
    (base * (1.0 - deniability)).clamp(0.0, 1.0)
}

/// With the misattribution rate, moves the blame to another adversary of the victim.
fn misattribute(
    roster: &Roster,
    victim: ActorIx,
    attacker: ActorIx,
    blamed: ActorIx,
    policy: &AttributionPolicy,
    roll: &mut Roll,
) -> ActorIx {
    // A verification body with a mandate over attacks catches its share of
    // misattributions (seed 001).
    let caught = verified(&roster.rules, |v| v.attribution);
    if !roll.chance(policy.misattribution.get() * (1.0 - caught)) {
        return blamed;
    }
    // One of the others the victim watches, uniformly: the i-th of its sorted watch list
    // once the attacker and the blamed are left out, found without copying the list (a
    // great power watches every militia of a large theatre).
    let watch = &roster.watch[victim.0 as usize];
    let mut left_out: Vec<usize> = [attacker, blamed]
        .iter()
        .filter_map(|a| watch.binary_search(a).ok())
        .collect();
    left_out.sort_unstable();
    left_out.dedup();
    roll.index(watch.len() - left_out.len())
        .map_or(blamed, |mut i| {
            for &p in &left_out {
                if p <= i {
                    i += 1;
                }
            }
            watch[i]
        })
}

/// The rung class of a strike (MODEL.md section 6): a strike on a commercial asset is
/// grey-zone interdiction; militias' attacks and strikes on militias are proxy war; a state's strike on another state's assets is a direct
/// limited exchange, or regional war when it lands on a host nation's soil.
fn strike_class(roster: &Roster, report: &StrikeReport) -> Rung {
    let attacker = roster.actor(report.order.attacker).kind;
    let commercial =
        matches!(report.order.target, StrikeTarget::Asset(a) if roster.asset(a).commercial);
    if commercial {
        Rung::GreyZone
    } else if attacker == Kind::Militia || matches!(report.order.target, StrikeTarget::Forces(_)) {
        Rung::ProxyWar
    } else if roster.is_host_soil(report.location) {
        Rung::RegionalWar
    } else {
        Rung::DirectLimited
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blame_grows_with_policy_and_falls_with_autonomy() {
        let militia = |a: f64| MilitiaParams {
            autonomy: Probability(a),
            ..MilitiaParams::default()
        };
        let lax = AttributionPolicy {
            policy: Probability(0.0),
            ..AttributionPolicy::default()
        };
        let firm = AttributionPolicy {
            policy: Probability(0.8),
            ..AttributionPolicy::default()
        };
        assert!(
            blame_probability(&firm, 0.6, &militia(0.5))
                > blame_probability(&lax, 0.6, &militia(0.5))
        );
        assert!(
            blame_probability(&lax, 0.6, &militia(0.9))
                < blame_probability(&lax, 0.6, &militia(0.1))
        );
        assert!(
            blame_probability(&lax, 0.9, &militia(0.5))
                > blame_probability(&lax, 0.3, &militia(0.5))
        );
        let total = AttributionPolicy {
            policy: Probability(1.0),
            ..AttributionPolicy::default()
        };
        assert!((blame_probability(&total, 0.1, &militia(1.0)) - 1.0).abs() < 1e-12);
    }
}
