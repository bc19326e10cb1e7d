//! The calendar: the day being simulated and its dice, and what every day starts with
//! before the mechanisms run.

use bevy_ecs::prelude::*;

use crate::dice::{Dice, Purpose, Roll, Subject};
use crate::events::{Cameo, Rung};
use crate::mechanisms::ceasefire::{Truce, TruceStatus};
use crate::mechanisms::event;
use crate::mechanisms::strike_resolution::{Hits, Ledger};
use crate::messages::Chronicle;
use crate::network::Network;
use crate::roster::SharedRoster;
use crate::schedule::DaySystems;
use crate::setup::Setup;

/// The day being simulated, the horizon, and the run's dice: every draw of the day is
/// made through the calendar, so it is keyed by the day it is made on.
#[derive(Resource, Clone, Debug, Default)]
pub(crate) struct Calendar {
    /// Today (0 is the first day).
    pub day: u32,
    /// The run's randomness.
    pub dice: Dice,
}

impl Calendar {
    /// Today's stream for one subject and purpose.
    pub fn roll(&self, subject: Subject, purpose: Purpose) -> Roll {
        self.dice.roll(self.day, subject, purpose)
    }
}

/// Adds the calendar (set by the simulation at the start of each run) and the turn of
/// the page.
pub(crate) fn setup(s: &mut Setup) {
    s.world.insert_resource(Calendar::default());
    s.systems(begin_day.in_set(DaySystems::Calendar));
}

/// Turns today's hits into yesterday's, clears daily tallies,
/// refreshes the network's derived views, and puts a ceasefire into force on its start
/// day. Runs first.
pub(crate) fn begin_day(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    mut hits: ResMut<Hits>,
    mut ledger: ResMut<Ledger>,
    mut network: ResMut<Network>,
    mut truce: ResMut<Truce>,
    mut chronicle: Chronicle,
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
            chronicle.act(event(
                &roster,
                calendar.day,
                a,
                b,
                Cameo::DeclareCeasefire,
                Rung::Truce,
            ));
        }
    }
}
