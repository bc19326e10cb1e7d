//! Turning the page: what every day starts with before the mechanisms run.

use bevy_ecs::prelude::*;

use crate::events::{Cameo, Rung};
use crate::messages::Act;
use crate::network::Network;
use crate::resources::{Calendar, Hits, Ledger, Roster, Truce, TruceStatus};
use crate::systems::event;

/// Turns today's hits into yesterday's, clears daily tallies,
/// refreshes the network's derived views, and puts a ceasefire into force on its start
/// day. Runs first.
pub fn begin_day(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    mut hits: ResMut<Hits>,
    mut ledger: ResMut<Ledger>,
    mut network: ResMut<Network>,
    mut truce: ResMut<Truce>,
    mut acts: MessageWriter<Act>,
) {
    let hits = &mut *hits;
    std::mem::swap(&mut hits.today, &mut hits.yesterday);
    hits.today.iter_mut().for_each(|h| *h = 0);
    ledger
        .defence_spending_today
        .iter_mut()
        .for_each(|s| *s = 0.0);
    network.refresh();
    if truce.exists && truce.status == TruceStatus::Pending && calendar.day >= truce.start_day {
        truce.status = TruceStatus::Holding;
        if calendar.day > 0 {
            let (a, b) = truce.parties;
            acts.write(Act(event(
                &roster,
                calendar.day,
                a,
                b,
                Cameo::DeclareCeasefire,
                Rung::Truce,
            )));
        }
    }
}
