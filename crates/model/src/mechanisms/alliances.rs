//! Alliances (MODEL.md 5.9; seed 003: "both state and non-state allies calibrate their
//! level of cooperation according to the perceived strength of a partner").
//!
//! Cooperation along each alliance tie moves towards what the partner earns:
//! `credibility_weight * credibility + strength_weight * strength`, where strength is the
//! partner's arsenal (or a militia's fighting strength) relative to day 0. Cooperation
//! gates transit (an ally closes its corridors to a partner it no longer trusts), basing
//! (an allied host restricts the partner's basing) and, read by intelligence and proxy
//! decisions, shared intelligence and a militia's obedience.

use bevy_ecs::prelude::*;

use crate::components::{Actor, Arsenal, Initial, Sponsor};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::credibility::Credibility;
use crate::mechanisms::fresh;
use crate::mechanisms::host_nations::{Willingness, restrict_basing};
use crate::mechanisms::proxy_decisions::ProxyState;
use crate::messages::Chronicle;
use crate::network::Network;
use crate::outcomes::{Outcome, OutcomeKind};
use crate::params::{Probability, serde_block};
use crate::roster::{Roster, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// Alliances (seed 003): cooperation follows the partner's perceived strength and
/// credibility, and gates transit, basing and shared intelligence.
pub struct AllianceParams {
    /// Weight of the partner's credibility in the cooperation it earns.
    pub credibility_weight: Probability,
    /// Weight of the partner's strength (arsenal and proxies relative to day 0).
    pub strength_weight: Probability,
    /// Share of the gap to the earned cooperation closed per day.
    pub adjustment: Probability,
    /// Below this cooperation an ally closes its transit corridors to the partner.
    pub transit_below: Probability,
    /// Below this cooperation an allied host restricts the partner's basing.
    pub basing_below: Probability,
    /// Credibility a host nation is taken to have as a partner: hosts keep none of their
    /// own (a militia's is its patron's).
    pub host_credibility: Probability,
}
}

impl Default for AllianceParams {
    fn default() -> Self {
        AllianceParams {
            credibility_weight: Probability(0.6),
            strength_weight: Probability(0.4),
            adjustment: Probability(0.05),
            transit_below: Probability(0.3),
            basing_below: Probability(0.2),
            host_credibility: Probability(0.5),
        }
    }
}

/// Cooperation along each directed alliance tie `(from, to, cooperation)`.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Cooperation {
    /// The ties, in the scenario's order (the order in which sums over them are taken).
    pub ties: Vec<(ActorIx, ActorIx, f64)>,
    /// Where each actor's outgoing ties start in `targets` (by actor index, one entry
    /// more than the highest index that has ties): a militia's tie to its patron is then
    /// found in its own short run instead of by a search over all the theatre's ties,
    /// whose random reads dominated large theatres' days.
    starts: Vec<u32>,
    /// `(to, tie position)` of every tie, grouped by `from` and sorted by `to` within.
    targets: Vec<(ActorIx, u32)>,
}

impl Cooperation {
    /// The ties, indexed for [`Cooperation::of`].
    pub fn new(ties: Vec<(ActorIx, ActorIx, f64)>) -> Cooperation {
        let mut sorted: Vec<(ActorIx, ActorIx, u32)> = ties
            .iter()
            .enumerate()
            .map(|(k, (f, t, _))| (*f, *t, k as u32))
            .collect();
        sorted.sort_unstable();
        let actors = sorted.last().map_or(0, |(f, _, _)| f.0 as usize + 1);
        let mut starts = vec![0u32; actors + 1];
        for (f, _, _) in &sorted {
            starts[f.0 as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let targets = sorted.into_iter().map(|(_, t, k)| (t, k)).collect();
        Cooperation {
            ties,
            starts,
            targets,
        }
    }

    /// The ties from `from` to `to`, as positions in `ties`.
    fn between(&self, from: ActorIx, to: ActorIx) -> impl Iterator<Item = usize> + '_ {
        let f = from.0 as usize;
        let run = match (self.starts.get(f), self.starts.get(f + 1)) {
            (Some(&a), Some(&b)) => &self.targets[a as usize..b as usize],
            _ => &[],
        };
        let i = run.partition_point(|(t, _)| *t < to);
        run[i..]
            .iter()
            .take_while(move |(t, _)| *t == to)
            .map(|(_, k)| *k as usize)
    }

    /// How many ties run from `from` to `to` (a scenario may list a pair twice).
    pub fn ties_between(&self, from: ActorIx, to: ActorIx) -> usize {
        self.between(from, to).count()
    }

    /// Cooperation along the first tie from `from` to `to`, if any.
    pub fn of(&self, from: ActorIx, to: ActorIx) -> Option<f64> {
        self.between(from, to).next().map(|k| self.ties[k].2)
    }
}

/// The mean cooperation along every alliance tie at the horizon (seed 003: "both state and
/// non-state allies calibrate their level of cooperation and dependence according to the
/// perceived strength of a partner"; silence "sends a signal to its allies that alignment
/// with its security strategy may be costly and ineffective"). Absent without ties.
pub(crate) static ALLIED_COOPERATION_END: Outcome =
    Outcome::at_end("allied_cooperation_end", OutcomeKind::Ratio, |w| {
        let ties = &w.get_resource::<Cooperation>()?.ties;
        (!ties.is_empty()).then(|| ties.iter().map(|t| t.2).sum::<f64>() / ties.len() as f64)
    });
pub(crate) static OUTCOMES: &[&Outcome] = &[&ALLIED_COOPERATION_END];

/// Adds the theatre's alliance ties and adjusts them after the hosts.
pub(crate) fn setup(s: &mut Setup) {
    s.resource(Cooperation::new(
        s.theatre
            .network
            .allied
            .iter()
            .flat_map(|a| [(a.a, a.b, a.cooperation), (a.b, a.a, a.cooperation)])
            .collect(),
    ));
    s.systems(adjust_alliances.in_set(DaySystems::Alliances));
}

/// Moves cooperation towards what each partner earns and applies the gates.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn adjust_alliances(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    mut cooperation: ResMut<Cooperation>,
    mut network: ResMut<Network>,
    partners: Query<(
        &Actor,
        Option<&Credibility>,
        Option<&Arsenal>,
        Option<&Initial<Arsenal>>,
        Option<&ProxyState>,
        Option<&Sponsor>,
    )>,
    mut hosts: Query<(&Actor, &mut Willingness)>,
    mut chronicle: Chronicle,
    mut credibility: Local<Vec<f64>>,
    mut strength: Local<Vec<f64>>,
) {
    let rules = &roster.rules;
    if !rules.mechanisms.alliances {
        return;
    }
    let a = &rules.alliances;
    let n = roster.len();
    let credibility = fresh(&mut credibility, n, a.host_credibility.get());
    let strength = fresh(&mut strength, n, 1.0);
    for (actor, cred, arsenal, initial, proxy, _) in &partners {
        let i = actor.ix.0 as usize;
        if let Some(c) = cred {
            credibility[i] = c.0;
        }
        if let (Some(now), Some(then)) = (arsenal, initial) {
            let then = then.0.0.total();
            strength[i] = if then > 0.0 {
                (now.0.total() / then).min(1.0)
            } else {
                1.0
            };
        }
        if let Some(p) = proxy {
            strength[i] = p.strength;
        }
    }
    // A militia's partner credibility is its patron's.
    for (actor, _, _, _, _, sponsor) in &partners {
        if let Some(s) = sponsor {
            credibility[actor.ix.0 as usize] = credibility[s.patron.0 as usize];
        }
    }
    for (_, to, c) in &mut cooperation.ties {
        let earned = a.credibility_weight.get() * credibility[to.0 as usize]
            + a.strength_weight.get() * strength[to.0 as usize];
        let total_weight = a.credibility_weight.get() + a.strength_weight.get();
        let target = if total_weight > 0.0 {
            earned / total_weight
        } else {
            *c
        };
        *c += a.adjustment.get() * (target - *c);
    }
    gate_transit(&roster, &cooperation, &mut network, a.transit_below.get());
    for (actor, mut w) in &mut hosts {
        let h = actor.ix;
        let distrusted = roster.guests_of[h.0 as usize].iter().any(|g| {
            cooperation
                .of(h, *g)
                .is_some_and(|c| c < a.basing_below.get())
        });
        if distrusted && !w.restricted {
            w.restricted = true;
            w.ever = true;
            restrict_basing(h, calendar.day, &roster, &mut network, &mut chronicle);
        }
    }
}

/// Opens a corridor through an ally's territory only while the ally cooperates with the
/// patron at or above the threshold; corridors through others' territory stay as they are.
fn gate_transit(roster: &Roster, cooperation: &Cooperation, network: &mut Network, below: f64) {
    let gates: Vec<(usize, bool)> = network
        .corridors()
        .iter()
        .enumerate()
        .filter_map(|(k, c)| {
            let owner: ActorIx = roster.sovereign(c.via)?;
            cooperation
                .of(owner, c.patron)
                .map(|coop| (k, coop >= below))
        })
        .collect();
    for (k, open) in gates {
        network.set_corridor_open(k, open);
    }
}
