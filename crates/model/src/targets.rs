//! Target lists: which assets an attacker can hit today, and how it picks among them.

use bevy_ecs::prelude::*;

use crate::components::Health;
use crate::dice::Roll;
use crate::network::Network;
use crate::resources::{AssetEntry, Roster};
use crate::theatre::{ActorIx, AssetIx};

/// Intact assets `attacker` can reach today that satisfy `wanted`.
pub fn reachable(
    roster: &Roster,
    network: &Network,
    health: &Query<&Health>,
    attacker: ActorIx,
    wanted: impl Fn(&AssetEntry) -> bool,
) -> Vec<AssetIx> {
    roster
        .assets
        .iter()
        .enumerate()
        .filter(|(_, a)| wanted(a) && network.reaches(attacker, a.location))
        .filter(|(_, a)| health.get(a.entity).is_ok_and(|h| h.0 > 0.0))
        .map(|(i, _)| AssetIx(i as u32))
        .collect()
}

/// Picks up to `k` distinct targets, more valuable ones more often (weight
/// `value^value_exponent`, the theatre's targeting rule).
pub fn pick(roster: &Roster, candidates: &[AssetIx], k: usize, roll: &mut Roll) -> Vec<AssetIx> {
    let exponent = roster.rules.targeting.value_exponent.get();
    let weights: Vec<f64> = candidates
        .iter()
        .map(|a| roster.asset(*a).value.max(1.0).powf(exponent))
        .collect();
    let mut picked: Vec<AssetIx> = roll
        .weighted_distinct(&weights, k)
        .into_iter()
        .map(|i| candidates[i])
        .collect();
    picked.sort();
    picked
}
