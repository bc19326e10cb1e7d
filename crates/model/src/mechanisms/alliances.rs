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

use crate::components::{Actor, Arsenal, Credibility, Initial, ProxyState, Sponsor, Willingness};
use crate::messages::Act;
use crate::network::Network;
use crate::resources::{Calendar, Cooperation, Roster, RunLog};
use crate::systems::fresh;
use crate::systems::host_nations::restrict_basing;
use crate::theatre::ActorIx;

/// Moves cooperation towards what each partner earns and applies the gates.
pub fn adjust_alliances(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    mut cooperation: ResMut<Cooperation>,
    mut network: ResMut<Network>,
    mut log: ResMut<RunLog>,
    partners: Query<(
        &Actor,
        Option<&Credibility>,
        Option<&Arsenal>,
        Option<&Initial<Arsenal>>,
        Option<&ProxyState>,
        Option<&Sponsor>,
    )>,
    mut hosts: Query<(&Actor, &mut Willingness)>,
    mut acts: MessageWriter<Act>,
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
            restrict_basing(h, calendar.day, &roster, &mut network, &mut log, &mut acts);
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
