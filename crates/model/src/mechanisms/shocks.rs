//! Scheduled shocks: exogenous events a scenario fixes in advance (seed 002: on day 1 a
//! commercial vessel is struck).

use bevy_ecs::prelude::*;

use crate::components::Actor;
use crate::events::{Cameo, Rung};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::ceasefire::{Truce, TruceStatus};
use crate::mechanisms::event;
use crate::mechanisms::host_nations::{Willingness, restrict_basing};
use crate::mechanisms::rearmament::Sanctions;
use crate::mechanisms::relocation::Relocations;
use crate::messages::{Chronicle, StrikeKind, StrikeOrder, StrikeTarget};
use crate::network::Network;
use crate::roster::SharedRoster;
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::{ShockKind, ShockSpec};

/// Scheduled shocks, sorted by day.
#[derive(Resource, Clone, Debug, Default)]
pub(crate) struct Shocks(pub Vec<ShockSpec>);

/// Adds the theatre's shocks, applied after the turn of the page.
pub(crate) fn setup(s: &mut Setup) {
    let mut shocks = s.theatre.shocks.clone();
    shocks.sort_by_key(|s| s.day);
    s.world.insert_resource(Shocks(shocks));
    s.systems(
        apply_shocks
            .in_set(DaySystems::Calendar)
            .after(crate::mechanisms::calendar::begin_day),
    );
}

/// Applies the shocks scheduled for today: strikes are ordered for today's resolution,
/// sanctions change, hosts restrict basing, assets are relocated out of reach,
/// ceasefires are declared.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn apply_shocks(
    calendar: Res<Calendar>,
    shocks: Res<Shocks>,
    roster: Local<SharedRoster>,
    mut network: ResMut<Network>,
    mut truce: ResMut<Truce>,
    mut sanctions: Query<(&Actor, &mut Sanctions)>,
    mut hosts: Query<(&Actor, &mut Willingness)>,
    mut relocations: ResMut<Relocations>,
    mut orders: MessageWriter<StrikeOrder>,
    mut chronicle: Chronicle,
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
                        // A restriction a scenario imposes is never lifted.
                        w.restricted = true;
                        w.imposed = true;
                        w.ever = true;
                        restrict_basing(*host, day, &roster, &mut network, &mut chronicle);
                    }
                }
            }
            ShockKind::Relocate { asset } => relocations.relocate(*asset, &mut chronicle),
            ShockKind::DeclareCeasefire => {
                if truce.exists && truce.status != TruceStatus::Holding {
                    truce.status = TruceStatus::Holding;
                    truce.perceived = Default::default();
                    let (a, b) = truce.parties;
                    chronicle.act(event(
                        &roster,
                        day,
                        a,
                        b,
                        Cameo::DeclareCeasefire,
                        Rung::Truce,
                    ));
                }
            }
        }
    }
}
