//! The systems of MODEL.md section 5, one mechanism per file, in schedule order.

pub mod alliances;
pub mod attribution;
pub mod calendar;
pub mod ceasefire;
pub mod host_nations;
pub mod intelligence;
pub mod metrics;
pub mod proxy_decisions;
pub mod rearmament;
pub mod shocks;
pub mod state_decisions;
pub mod strike_resolution;
pub mod supply;

use crate::events::{Cameo, Event, Rung};
use crate::resources::Roster;
use crate::theatre::ActorIx;

/// A day's scratch buffer, reused from day to day (and run to run) to spare the
/// allocator: cleared and filled with `n` copies of `value`.
pub(crate) fn fresh<T: Clone>(buffer: &mut Vec<T>, n: usize, value: T) -> &mut Vec<T> {
    buffer.clear();
    buffer.resize(n, value);
    buffer
}

/// A coded event between two actors, scored in their sides' dyad.
pub(crate) fn event(
    roster: &Roster,
    day: u32,
    actor: ActorIx,
    target: ActorIx,
    cameo: Cameo,
    class: Rung,
) -> Event {
    Event {
        day,
        actor,
        target,
        cameo,
        attributed_to: actor,
        real: true,
        class,
        volume: 0.0,
        direct: false,
        dyad: roster.dyad(actor, target).map(|d| d as u16),
        reason: None,
        asset: None,
        leaked: 0.0,
    }
}
