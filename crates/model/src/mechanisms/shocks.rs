//! Scheduled shocks: exogenous events a scenario fixes in advance (seed 002: on day 1 a
//! commercial vessel is struck).

use bevy_ecs::prelude::*;

use crate::components::{Actor, Sanctions, Willingness};
use crate::events::{Cameo, Rung};
use crate::messages::{Act, StrikeKind, StrikeOrder, StrikeTarget};
use crate::network::Network;
use crate::resources::{Calendar, Roster, RunLog, Shocks, Truce, TruceStatus};
use crate::systems::event;
use crate::systems::host_nations::restrict_basing;
use crate::theatre::ShockKind;

/// Applies the shocks scheduled for today: strikes are ordered for today's resolution,
/// sanctions change, hosts restrict basing, ceasefires are declared.
pub fn apply_shocks(
    calendar: Res<Calendar>,
    shocks: Res<Shocks>,
    roster: Res<Roster>,
    mut network: ResMut<Network>,
    mut truce: ResMut<Truce>,
    mut log: ResMut<RunLog>,
    mut sanctions: Query<(&Actor, &mut Sanctions)>,
    mut hosts: Query<(&Actor, &mut Willingness)>,
    mut orders: MessageWriter<StrikeOrder>,
    mut acts: MessageWriter<Act>,
) {
    let day = calendar.day;
    for shock in shocks.0.iter().filter(|s| s.day == day) {
        match &shock.kind {
            ShockKind::Strike { by, target, salvo } => {
                let owner = roster.asset(*target).owner;
                orders.write(StrikeOrder {
                    attacker: *by,
                    against: roster.side(owner),
                    target: StrikeTarget::Asset(*target),
                    salvo: salvo.rounded(),
                    kind: StrikeKind::Shock,
                });
            }
            ShockKind::Sanctions { on, level } => {
                for (actor, mut s) in &mut sanctions {
                    if actor.ix == *on {
                        s.0 = *level;
                    }
                }
            }
            ShockKind::RestrictBasing { host } => {
                for (actor, mut w) in &mut hosts {
                    if actor.ix == *host && !w.restricted {
                        w.restricted = true;
                        restrict_basing(*host, day, &roster, &mut network, &mut log, &mut acts);
                    }
                }
            }
            ShockKind::DeclareCeasefire => {
                if truce.exists && truce.status != TruceStatus::Holding {
                    truce.status = TruceStatus::Holding;
                    truce.perceived = Default::default();
                    let (a, b) = truce.parties;
                    acts.write(Act(event(
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
    }
}
