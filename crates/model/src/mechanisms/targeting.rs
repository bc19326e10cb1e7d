//! Targeting (MODEL.md 5.3 and 5.4): which assets an attacker can hit today, how it picks
//! among them, and how a state turns a package of munitions into strike orders.
//!
//! Each target in reach is drawn with weight `value^value_exponent` (the theatre's
//! [`Targeting`]), so that a fleet headquarters draws fire without drawing all of it. A
//! state's package is sized in the doctrine's mix and spread over up to
//! `targets_per_strike` targets of the class it aims at (symmetric, measured, asymmetric,
//! launchers, peripheral or core), falling back to the nearest class when the first has
//! nothing in reach.
//!
//! Functions called by proxy and state decisions; no system of its own.

use bevy_ecs::prelude::*;

use crate::components::Health;
use crate::dice::Roll;
use crate::mechanisms::relocation::Relocations;
use crate::mechanisms::state_decisions::View;
use crate::messages::{StrikeKind, StrikeOrder, StrikeTarget};
use crate::network::Network;
use crate::params::{Amount, MunitionType, Munitions, serde_block};
use crate::roster::{Kind, Roster, RosterAsset};
use crate::theatre::{ActorIx, AssetIx, TerritoryIx};

serde_block! {
/// How attackers choose among the targets in reach (states and militias alike).
pub struct Targeting {
    /// Each target in reach is drawn with weight `value^value_exponent`: 0 picks
    /// uniformly, 1 in proportion to value; between them a fleet headquarters draws fire
    /// without drawing all of it.
    pub value_exponent: Amount,
}
}

impl Default for Targeting {
    fn default() -> Self {
        Targeting {
            value_exponent: Amount(0.5),
        }
    }
}

/// Which assets a strike class aims at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Aim {
    /// A militia's forces.
    Forces,
    /// The adversary's own assets off host soil (seed 002: CENTCOM on Iranian radars).
    Symmetric,
    /// The adversary's own peripheral assets off host soil: a symmetric answer that
    /// spares the core.
    Measured,
    /// Assets on the soil of the hosts of the adversary's bases (seed 002: the IRGC on
    /// Bahrain and Kuwait).
    Asymmetric,
    /// The adversary's launchers and drone stores.
    Launchers,
    /// The adversary's peripheral assets.
    Peripheral,
    /// The adversary's core assets.
    Core,
    /// Anything of the adversary's (militia forces, or any of its assets).
    Any,
}

/// Intact assets `attacker` can reach today that satisfy `wanted` (not those whose
/// functions were relocated out of reach).
pub(crate) fn reachable(
    (roster, network, health, relocations): (&Roster, &Network, &Query<&Health>, &Relocations),
    attacker: ActorIx,
    wanted: impl Fn(&RosterAsset) -> bool,
) -> Vec<AssetIx> {
    // The assets on the territories in reach, in asset order (the order the weighted
    // pick draws over), without scanning the theatre's every asset.
    let mut found: Vec<AssetIx> = network
        .reach(attacker)
        .iter()
        .flat_map(|t| roster.assets_at[t.0 as usize].iter().copied())
        .filter(|&i| {
            let a = roster.asset(i);
            wanted(a) && !relocations.away(i) && health.get(a.entity).is_ok_and(|h| h.0 > 0.0)
        })
        .collect();
    found.sort_unstable();
    found
}

/// Picks up to `k` distinct targets, more valuable ones more often (weight
/// `value^value_exponent`, the theatre's targeting rule).
pub(crate) fn pick(
    roster: &Roster,
    candidates: &[AssetIx],
    k: usize,
    roll: &mut Roll,
) -> Vec<AssetIx> {
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

/// Turns a package into orders against up to `spread` targets of the class, falling back
/// from asymmetric to symmetric (and back) when the class has nothing in reach.
pub(crate) fn aim_at(
    world: &View,
    (s, against): (ActorIx, ActorIx),
    salvo: Munitions,
    (kind, class): (StrikeKind, Aim),
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
    let in_class = |c: Aim, a: &RosterAsset| match c {
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
        Aim::Symmetric if roster.rules.mechanisms.asymmetric => [Aim::Symmetric, Aim::Asymmetric],
        Aim::Asymmetric => [Aim::Asymmetric, Aim::Symmetric],
        Aim::Measured => [Aim::Measured, Aim::Symmetric],
        Aim::Launchers => [Aim::Launchers, Aim::Symmetric],
        Aim::Core => [Aim::Core, Aim::Peripheral],
        Aim::Peripheral => [Aim::Peripheral, Aim::Core],
        other => [other, other],
    };
    for c in order {
        let here = (roster, world.network, world.health, world.relocations);
        let candidates = reachable(here, s, |a| in_class(c, a));
        let picked = pick(roster, &candidates, spread.max(1), roll);
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
pub(crate) fn package(mix: &Munitions, size: f64, arsenal: &Munitions) -> Munitions {
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

pub(crate) fn spend_and_push(
    arsenal: &mut Munitions,
    made: Vec<StrikeOrder>,
    strikes: &mut Vec<StrikeOrder>,
) {
    for order in made {
        arsenal.spend(&order.salvo);
        strikes.push(order);
    }
}

pub(crate) fn location_of(roster: &Roster, target: StrikeTarget) -> TerritoryIx {
    match target {
        StrikeTarget::Asset(a) => roster.asset(a).location,
        StrikeTarget::Forces(m) => roster.actor(m).territory,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_every_munition() {
        let parts = split(&Munitions::new(3.0, 10.0, 1.0), 4);
        let sum = parts.iter().fold(Munitions::default(), |a, b| a + *b);
        assert_eq!(sum, Munitions::new(3.0, 10.0, 1.0));
        assert_eq!(parts.len(), 4);
    }
}
