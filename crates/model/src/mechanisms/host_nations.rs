//! Host nations (MODEL.md 5.8; seed 002: Bahrain and Kuwait).
//!
//! Willingness to host falls with strikes on the host's soil, with debris damage, and
//! with the strain interceptor spending puts on its budget; a share of each host's loss
//! spreads to its peers (hosts of the same guest: a strike on one signals all). Calm days
//! recover part of the gap to day 0. Below its threshold a host restricts its guests'
//! basing, which closes the hosting edges and every reach that went through it.

use bevy_ecs::prelude::*;

use crate::components::{Actor, HostProfile, Willingness};
use crate::events::{Cameo, Rung};
use crate::messages::{Act, StrikeReport};
use crate::network::Network;
use crate::resources::{Calendar, Ledger, Roster, RunLog};
use crate::systems::{event, fresh};
use crate::theatre::ActorIx;

/// Updates every host's willingness and restricts basing below the threshold.
pub fn update_host_willingness(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    ledger: Res<Ledger>,
    mut network: ResMut<Network>,
    mut log: ResMut<RunLog>,
    mut reports: MessageReader<StrikeReport>,
    mut hosts: Query<(&Actor, &HostProfile, &mut Willingness)>,
    mut acts: MessageWriter<Act>,
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
            debris[h.0 as usize] += r.debris;
        }
    }
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
            restrict_basing(h, calendar.day, &roster, &mut network, &mut log, &mut acts);
        }
    }
}

/// Willingness lost to today's strikes, debris and interceptor spending.
pub fn direct_loss(p: &crate::params::HostParams, strikes: u32, debris: f64, spending: f64) -> f64 {
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
pub fn restrict_basing(
    host: ActorIx,
    day: u32,
    roster: &Roster,
    network: &mut Network,
    log: &mut RunLog,
    acts: &mut MessageWriter<Act>,
) {
    network.restrict_basing(host);
    log.first_restriction.get_or_insert(day);
    log.restrictions += 1;
    for &guest in &roster.guests_of[host.0 as usize] {
        acts.write(Act(event(
            roster,
            day,
            host,
            guest,
            Cameo::ReduceRelations,
            Rung::Truce,
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::HostParams;

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
