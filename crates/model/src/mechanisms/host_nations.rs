//! Host nations (MODEL.md 5.8; seed 002: Bahrain and Kuwait).
//!
//! Willingness to host falls with strikes on the host's soil, with debris damage, and
//! with the strain interceptor spending puts on its budget; a share of each host's loss
//! spreads to its peers (hosts of the same guest: a strike on one signals all). Calm days
//! recover part of the gap to day 0. Below its threshold a host restricts its guests'
//! basing, which closes the hosting edges and every reach that went through it.

use bevy_ecs::prelude::*;

use crate::components::{Actor, HostProfile};
use crate::events::{Cameo, Rung};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::strike_resolution::{DefenceLayer, Ledger};
use crate::mechanisms::{event, fresh};
use crate::messages::{Chronicle, StrikeReport};
use crate::network::Network;
use crate::outcomes::Outcome;
use crate::params::{Amount, Probability, serde_block};
use crate::roster::Roster;
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// Everything a host nation carries (MODEL.md section 3, seed 002).
pub struct HostParams {
    /// Willingness to host on day 0.
    pub willingness: Probability,
    /// Below this willingness the host restricts the guest's basing.
    pub restrict_below: Probability,
    /// Willingness lost per strike landing on its soil.
    pub per_strike: Probability,
    /// Willingness lost per million dollars of debris damage.
    pub per_debris_million: Probability,
    /// Willingness lost per unit of interceptor spending over its defence budget per day.
    pub per_budget_strain: Probability,
    /// Yearly defence budget in US dollars (interceptor spending strains it).
    pub defence_budget: Amount,
    /// Share of a peer host's willingness loss it feels itself (a strike on one signals
    /// all, seed 002).
    pub contagion: Probability,
    /// Share of the gap to day-0 willingness recovered per calm day.
    pub recovery: Probability,
    /// Probability that one interception over its populated territory causes debris
    /// damage (seed 002: refinery fires near BAPCO, force majeure).
    pub debris_rate: Probability,
    /// Average debris damage of one such interception, in US dollars.
    pub debris_cost: Amount,
    /// Its own air defence layers.
    pub air_defence: Vec<DefenceLayer>,
}
}

impl Default for HostParams {
    fn default() -> Self {
        HostParams {
            willingness: Probability(0.8),
            restrict_below: Probability(0.3),
            per_strike: Probability(0.04),
            per_debris_million: Probability(0.01),
            per_budget_strain: Probability(0.5),
            defence_budget: Amount(1.4e9),
            contagion: Probability(0.4),
            recovery: Probability(0.01),
            debris_rate: Probability(0.15),
            debris_cost: Amount(2_000_000.0),
            air_defence: Vec::new(),
        }
    }
}

/// A host nation's willingness to host.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Willingness {
    /// Willingness in [0, 1].
    pub value: f64,
    /// Whether it has restricted its guests' basing.
    pub restricted: bool,
}

/// First basing restriction by a host.
pub(crate) static FIRST_BASING_RESTRICTION_DAY: Outcome =
    Outcome::first_day("first_basing_restriction_day");
/// Whether a host restricted basing.
pub(crate) static BASING_RESTRICTED: Outcome =
    Outcome::flag("basing_restricted", &FIRST_BASING_RESTRICTION_DAY);
/// Hosts that restricted basing.
pub(crate) static HOSTS_RESTRICTED: Outcome = Outcome::count("hosts_restricted");
pub(crate) static OUTCOMES: &[&Outcome] = &[
    &FIRST_BASING_RESTRICTION_DAY,
    &BASING_RESTRICTED,
    &HOSTS_RESTRICTED,
];

/// Gives hosts their willingness and updates it after the ceasefire.
pub(crate) fn setup(s: &mut Setup) {
    s.on_hosts(|p| Willingness {
        value: p.willingness.get(),
        restricted: false,
    });
    s.systems(update_host_willingness.in_set(DaySystems::HostNations));
}

/// Updates every host's willingness and restricts basing below the threshold.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn update_host_willingness(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    ledger: Res<Ledger>,
    mut network: ResMut<Network>,
    mut reports: MessageReader<StrikeReport>,
    mut hosts: Query<(&Actor, &HostProfile, &mut Willingness)>,
    mut chronicle: Chronicle,
    mut scratch: Local<(Vec<u32>, Vec<f64>, Vec<f64>)>,
) {
    let rules = &roster.rules;
    let n = roster.len();
    let (strikes, debris, loss) = &mut *scratch;
    let strikes = fresh(strikes, n, 0);
    let debris = fresh(debris, n, 0.0);
    for r in reports.read() {
        if let Some(h) = r.sovereign {
            strikes[h.0 as usize] += 1;
        }
    }
    // Debris falls where the interception happened, on the target's soil or on the way.
    debris.copy_from_slice(&ledger.debris_today);
    if !rules.mechanisms.host_willingness {
        return;
    }
    let loss = fresh(loss, n, 0.0);
    for (actor, profile, _) in &hosts {
        let h = actor.ix.0 as usize;
        loss[h] = direct_loss(
            &profile.0,
            strikes[h],
            debris[h],
            ledger.defence_spending_today[h],
        );
    }
    for (actor, profile, mut w) in &mut hosts {
        let h = actor.ix;
        let p = &profile.0;
        let spread = if rules.mechanisms.contagion {
            p.contagion.get() * peers(&roster, h).map(|j| loss[j.0 as usize]).sum::<f64>()
        } else {
            0.0
        };
        let total = loss[h.0 as usize] + spread;
        if total > 0.0 {
            w.value = (w.value - total).max(0.0);
        } else {
            w.value += p.recovery.get() * (p.willingness.get() - w.value).max(0.0);
        }
        if !w.restricted && w.value < p.restrict_below.get() {
            w.restricted = true;
            restrict_basing(h, calendar.day, &roster, &mut network, &mut chronicle);
        }
    }
}

/// Willingness lost to today's strikes, debris and interceptor spending.
pub(crate) fn direct_loss(p: &HostParams, strikes: u32, debris: f64, spending: f64) -> f64 {
    let budget = p.defence_budget.get();
    let strain = if budget > 0.0 { spending / budget } else { 0.0 };
    p.per_strike.get() * f64::from(strikes)
        + p.per_debris_million.get() * debris / 1e6
        + p.per_budget_strain.get() * strain
}

/// The other hosts of any of this host's guests.
fn peers<'a>(roster: &'a Roster, h: ActorIx) -> impl Iterator<Item = ActorIx> + 'a {
    let mut peers: Vec<ActorIx> = roster.guests_of[h.0 as usize]
        .iter()
        .flat_map(|g| roster.hosts_of[g.0 as usize].iter().copied())
        .filter(|j| *j != h)
        .collect();
    peers.sort();
    peers.dedup();
    peers.into_iter()
}

/// Closes a host's basing of its guests, records the first restriction, and codes it.
pub(crate) fn restrict_basing(
    host: ActorIx,
    day: u32,
    roster: &Roster,
    network: &mut Network,
    chronicle: &mut Chronicle,
) {
    network.restrict_basing(host);
    chronicle.count(&FIRST_BASING_RESTRICTION_DAY);
    chronicle.count(&HOSTS_RESTRICTED);
    for &guest in &roster.guests_of[host.0 as usize] {
        chronicle.act(event(
            roster,
            day,
            host,
            guest,
            Cameo::ReduceRelations,
            Rung::Truce,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strikes_debris_and_spending_each_cost_willingness() {
        let p = HostParams::default();
        assert_eq!(direct_loss(&p, 0, 0.0, 0.0), 0.0);
        assert!(direct_loss(&p, 1, 0.0, 0.0) > 0.0);
        assert!(direct_loss(&p, 0, 5e6, 0.0) > 0.0);
        assert!(direct_loss(&p, 0, 0.0, 1e8) > 0.0);
        assert!(direct_loss(&p, 2, 0.0, 0.0) > direct_loss(&p, 1, 0.0, 0.0));
    }
}
