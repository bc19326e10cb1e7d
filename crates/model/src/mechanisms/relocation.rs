//! Relocating high-value functions out of the adversary's reach (seed 002's remedy:
//! "shifting high-value naval command functions away from fixed, easily targeted littoral
//! sites like Naval Support Activity Bahrain and moving toward mobile, distributed
//! command-and-control architectures at sea or outside the immediate range of Iranian
//! tactical ballistic missiles").
//!
//! An asset with `relocate_after_strikes: n` is moved by doctrine: once n strike waves
//! have been aimed at it (intercepted or not), its functions leave for the sea or beyond
//! missile range, and from the next day no attacker reaches it; with n = 0 it was moved
//! before the crisis. A `relocate` shock moves an asset on a given day. What is relocated
//! is not destroyed and keeps its value; it is simply no longer a target, so the strikes
//! that would have fallen on it fall elsewhere or not at all (an answer with nothing left
//! in its class falls back on the next class, section 6.4 of docs/model.md).
//!
//! Runs after host nations in step 8, reading the day's strike reports.

use bevy_ecs::prelude::*;

use crate::mechanisms::host_nations::update_host_willingness;
use crate::messages::{Chronicle, StrikeReport, StrikeTarget};
use crate::outcomes::{Outcome, Tally};
use crate::roster::SharedRoster;
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::AssetIx;

/// Which assets are out of reach, and the waves aimed at each so far.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Relocations {
    /// Out of every attacker's reach, by asset.
    pub away: Vec<bool>,
    /// Strike waves aimed at it so far, by asset.
    pub struck: Vec<u32>,
}

impl Relocations {
    /// Whether the asset's functions have been moved out of reach.
    pub fn away(&self, a: AssetIx) -> bool {
        self.away[a.0 as usize]
    }

    /// Moves the asset out of reach, counted once in `relocations` (by doctrine or by
    /// shock alike).
    pub fn relocate(&mut self, a: AssetIx, chronicle: &mut Chronicle) {
        if !std::mem::replace(&mut self.away[a.0 as usize], true) {
            chronicle.tally(Tally::one(&RELOCATIONS));
        }
    }
}

/// Assets relocated during the run (by doctrine or by shock; those moved before the
/// crisis are not counted).
pub(crate) static RELOCATIONS: Outcome = Outcome::count("relocations");
pub(crate) static OUTCOMES: &[&Outcome] = &[&RELOCATIONS];

/// Assets moved before the crisis start away; the doctrine is applied after host nations.
pub(crate) fn setup(s: &mut Setup) {
    let away = s
        .theatre
        .assets
        .iter()
        .map(|a| a.relocate_after_strikes == Some(0))
        .collect();
    let n = s.theatre.assets.len();
    s.resource(Relocations {
        away,
        struck: vec![0; n],
    });
    s.systems(
        relocate_struck_assets
            .in_set(DaySystems::HostNations)
            .after(update_host_willingness),
    );
}

/// Counts the waves aimed at each asset and moves those whose doctrine says so.
pub(crate) fn relocate_struck_assets(
    roster: Local<SharedRoster>,
    mut relocations: ResMut<Relocations>,
    mut reports: MessageReader<StrikeReport>,
    mut chronicle: Chronicle,
) {
    for report in reports.read() {
        let StrikeTarget::Asset(a) = report.order.target else {
            continue;
        };
        relocations.struck[a.0 as usize] += 1;
        let doctrine = roster.asset(a).relocate_after_strikes;
        if doctrine.is_some_and(|n| relocations.struck[a.0 as usize] >= n) {
            relocations.relocate(a, &mut chronicle);
        }
    }
}
