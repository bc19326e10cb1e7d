//! Interdiction of convoys in transit corridors (MODEL.md 5.1; seed 001: "interdiction of
//! a weapons convoy in a third-country transit corridor").
//!
//! A convoy crossing a corridor may be interdicted by any state hostile to the patron that
//! reaches the corridor's territory and spends effort on interdiction (its doctrine's
//! `interdiction_effort`): with `n` such states the convoy is caught with probability
//! `1 - prod(1 - exposure * effort_i)`, by the most determined of them. The convoy is
//! lost, and the patron may read the interdiction as a ceasefire violation (counted by
//! the ceasefire).
//!
//! Called by supply for each corridor leg of each route, in route order.

use bevy_ecs::prelude::*;

use crate::components::{Arsenal, MilitiaProfile, StateProfile};
use crate::dice::Roll;
use crate::network::{Corridor, Network};
use crate::outcomes::Outcome;
use crate::roster::{Kind, Roster};
use crate::theatre::{ActorIx, TerritoryIx};

/// Munitions lost to interdiction.
pub(crate) static INTERDICTED: Outcome = Outcome::amount("interdicted");
pub(crate) static OUTCOMES: &[&Outcome] = &[&INTERDICTED];

/// Who interdicts a convoy of `patron` on `corridor` today, if anyone: one draw from
/// `roll` when someone could.
pub(crate) fn catch(
    roster: &Roster,
    network: &Network,
    efforts: &[f64],
    patron: ActorIx,
    corridor: &Corridor,
    roll: &mut Roll,
) -> Option<ActorIx> {
    if !roster.rules.mechanisms.interdiction {
        return None;
    }
    interdictor_of(
        roster,
        network,
        efforts,
        patron,
        corridor.via,
        corridor.exposure,
    )
    .filter(|(_, p)| roll.chance(*p))
    .map(|(by, _)| by)
}

/// Each state's interdiction effort, by actor index (zero for non-states).
pub(crate) fn efforts(
    roster: &Roster,
    states: &Query<(&StateProfile, &mut Arsenal), Without<MilitiaProfile>>,
) -> Vec<f64> {
    roster
        .actors
        .iter()
        .map(|a| match (a.kind, states.get(a.entity)) {
            (Kind::State, Ok((p, _))) => p.0.doctrine.interdiction_effort.get(),
            _ => 0.0,
        })
        .collect()
}

/// The state most likely to interdict a convoy of `patron` crossing `via`, with the
/// combined probability that someone does: `1 - prod(1 - exposure * effort_i)` over the
/// patron's adversaries that reach the corridor.
fn interdictor_of(
    roster: &Roster,
    network: &Network,
    efforts: &[f64],
    patron: ActorIx,
    via: TerritoryIx,
    exposure: f64,
) -> Option<(ActorIx, f64)> {
    let mut escape = 1.0;
    let mut strongest: Option<(ActorIx, f64)> = None;
    for &by in &roster.adversaries[patron.0 as usize] {
        let effort = efforts[by.0 as usize];
        if effort > 0.0 && network.reaches(by, via) {
            escape *= 1.0 - exposure * effort;
            if strongest.is_none_or(|(_, e)| effort > e) {
                strongest = Some((by, effort));
            }
        }
    }
    strongest.map(|(by, _)| (by, 1.0 - escape))
}
