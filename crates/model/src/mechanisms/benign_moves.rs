//! States' benign moves (MODEL.md 5.2 and 8; seed 001: without a verification body "every
//! action taken during the pause" is read by the other side as a violation; seed 000: a
//! launcher moved for training read as an imminent attack).
//!
//! Each day every state makes a benign move (a surveillance sortie, a repositioning of
//! forces, an exercise) with its daily `benign_moves.rate`. Its adversaries' intelligence
//! sees it the next day and may misread it as an attack preparation at their false-alarm
//! rate, less what the verification body clears (see intelligence); the ceasefire may
//! then read the alarm as a violation (see ceasefire). A militia's benign moves are its
//! own (`benign_move_rate`, see proxy decisions).
//!
//! Runs at the end of the state-decisions step, after the states have decided.

use bevy_ecs::prelude::*;

use crate::components::{Actor, StateProfile};
use crate::dice::{Purpose, Subject};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::state_decisions::decide_state_actions;
use crate::outcomes::{Outcome, Tally};
use crate::params::{Probability, serde_block};
use crate::roster::SharedRoster;
use crate::schedule::DaySystems;
use crate::setup::Setup;

serde_block! {
/// A state's benign moves (seed 001): surveillance sorties, repositioning, exercises that
/// a poorly verified adversary can misread.
pub struct BenignMoves {
    /// Daily probability of a benign move its adversaries' intelligence can see.
    pub rate: Probability,
}
}

impl Default for BenignMoves {
    fn default() -> Self {
        BenignMoves {
            rate: Probability(0.1),
        }
    }
}

/// Whether a state made a benign move today (which intelligence may misread tomorrow).
#[derive(Component, Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct BenignMove(pub bool);

/// States' benign moves.
pub(crate) static BENIGN_MOVES: Outcome = Outcome::count("benign_moves");
pub(crate) static OUTCOMES: &[&Outcome] = &[&BENIGN_MOVES];

/// Gives states their benign move of the day, made after their decisions.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|_, _| BenignMove(false));
    s.systems(
        make_benign_moves
            .in_set(DaySystems::StateDecisions)
            .after(decide_state_actions),
    );
}

/// Each state makes a benign move with its daily rate (one roll per state and day).
pub(crate) fn make_benign_moves(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    mut states: Query<(&Actor, &StateProfile, &mut BenignMove)>,
    mut tallies: MessageWriter<Tally>,
) {
    let on = roster.rules.mechanisms.benign_moves;
    for (actor, profile, mut moved) in &mut states {
        moved.0 = on
            && calendar
                .roll(Subject::actor(actor.ix), Purpose::BenignMove)
                .chance(profile.0.benign_moves.rate.get());
        if moved.0 {
            tallies.write(Tally::one(&BENIGN_MOVES));
        }
    }
}
