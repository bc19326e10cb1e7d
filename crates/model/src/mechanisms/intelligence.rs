//! Intelligence and verification (MODEL.md 5.2; seed 000: a launcher moved for training
//! read as an imminent attack; seed 001: the verification bottleneck).
//!
//! Each state watches its adversaries and their militias. A real preparation is detected
//! with the state's intelligence quality (raised by allies that share what they see); a
//! benign move is misread at the false-alarm rate, which a verification body lowers. An
//! alarm sets the perceived threat to the posterior that the preparation is real, pushed
//! towards certainty by worst-case bias; without alarms the threat fades.

use bevy_ecs::prelude::*;

use crate::components::{Actor, StateProfile};
use crate::dice::{Purpose, Subject};
use crate::events::{Cameo, Rung};
use crate::mechanisms::alliances::Cooperation;
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::proxy_decisions::ProxyState;
use crate::mechanisms::state_decisions::Plans;
use crate::mechanisms::{event, fresh};
use crate::messages::Chronicle;
use crate::outcomes::{Outcome, Tally};
use crate::params::{Probability, serde_block};
use crate::roster::{Roster, Rules};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// Intelligence (MODEL.md 5.2, seeds 000 and 001).
pub struct Intelligence {
    /// Probability of detecting a real attack preparation by a watched actor.
    pub quality: Probability,
    /// Probability that one benign move (training, repositioning) is misread as an
    /// attack preparation, before verification lowers it.
    pub false_alarm: Probability,
    /// Worst-case bias: how far an alarm pushes the perceived threat towards certainty
    /// beyond what the evidence supports (seed 000: "worst-case scenario planning").
    pub worst_case_bias: Probability,
    /// Prior belief that a watched adversary is preparing an attack on a given day.
    pub prior_hostility: Probability,
    /// Share of yesterday's perceived threat that remains today without new alarms.
    pub threat_memory: Probability,
}
}

impl Default for Intelligence {
    fn default() -> Self {
        Intelligence {
            quality: Probability(0.6),
            false_alarm: Probability(0.03),
            worst_case_bias: Probability(0.3),
            prior_hostility: Probability(0.1),
            threat_memory: Probability(0.5),
        }
    }
}

serde_block! {
/// The verification body (seed 001: the verification bottleneck).
#[derive(Default)]
pub struct Verification {
    /// Share of false alarms the body removes (0: unilateral declarations only).
    pub strength: Probability,
}
}

/// What a state perceives of each actor it watches: a threat level in [0, 1] indexed by
/// actor.
#[derive(Component, Clone, Debug, PartialEq)]
pub(crate) struct Perception {
    /// Perceived threat of an imminent attack, by actor index.
    pub threat: Vec<f64>,
}

/// Benign moves misread as attack preparations.
pub(crate) static FALSE_ALARMS: Outcome = Outcome::count("false_alarms");
/// Real preparations detected.
pub(crate) static DETECTIONS: Outcome = Outcome::count("detections");
pub(crate) static OUTCOMES: &[&Outcome] = &[&FALSE_ALARMS, &DETECTIONS];

/// Gives states their perception of every actor and watches each day after supply.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|_, n| Perception {
        threat: vec![0.0; n],
    });
    s.systems(watch_adversaries.in_set(DaySystems::Intelligence));
}

/// What a watcher can see of a watched actor today.
#[derive(Clone, Copy, Default)]
struct Signs {
    /// A real attack on the watcher's side is being prepared.
    preparing: bool,
    /// A benign move was made.
    benign: bool,
}

/// Updates every state's perceived threat from each actor it watches.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn watch_adversaries(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    cooperation: Res<Cooperation>,
    mut watchers: Query<(&Actor, &StateProfile, &mut Perception)>,
    militias: Query<(&Actor, &ProxyState)>,
    plans: Query<(&Actor, &Plans)>,
    mut chronicle: Chronicle,
    mut quality: Local<Vec<f64>>,
) {
    let rules = &roster.rules;
    if !rules.mechanisms.intelligence {
        return;
    }
    let n = roster.len();
    let quality = fresh(&mut quality, n, 0.0);
    for (actor, profile, _) in &watchers {
        quality[actor.ix.0 as usize] = profile.0.intelligence.quality.get();
    }
    let verification = if rules.mechanisms.verification {
        rules.verification.strength.get()
    } else {
        0.0
    };
    for (actor, profile, mut perception) in &mut watchers {
        let s = actor.ix;
        let intel = &profile.0.intelligence;
        let q = shared_quality(s, intel.quality.get(), quality, &cooperation, rules);
        for &t in &roster.watch[s.0 as usize] {
            let sign = signs(&roster, t, roster.side(s), &militias, &plans);
            let fa = intel.false_alarm.get() * (1.0 - verification);
            let mut roll = calendar.roll(Subject::pair(s, t), Purpose::Detection);
            let alarm = if sign.preparing {
                roll.chance(q)
            } else {
                sign.benign && roll.chance(fa)
            };
            let slot = &mut perception.threat[t.0 as usize];
            *slot *= intel.threat_memory.get();
            if alarm {
                *slot = slot.max(alarm_threat(intel, q, fa));
                chronicle.tally(Tally::one(if sign.preparing {
                    &DETECTIONS
                } else {
                    &FALSE_ALARMS
                }));
                let mut alert = event(
                    &roster,
                    calendar.day,
                    s,
                    t,
                    Cameo::RaiseAlert,
                    Rung::GreyZone,
                );
                alert.real = sign.preparing;
                chronicle.act(alert);
            }
        }
    }
}

/// What the side `side` could see of `t` today.
fn signs(
    roster: &Roster,
    t: ActorIx,
    side: ActorIx,
    militias: &Query<(&Actor, &ProxyState)>,
    plans: &Query<(&Actor, &Plans)>,
) -> Signs {
    let entity = roster.actor(t).entity;
    if let Ok((_, proxy)) = militias.get(entity) {
        Signs {
            preparing: proxy
                .preparing
                .is_some_and(|p| roster.side(p.against) == side),
            benign: proxy.benign_move,
        }
    } else if let Ok((_, plans)) = plans.get(entity) {
        Signs {
            preparing: plans.0.iter().any(|p| roster.side(p.against) == side),
            benign: false,
        }
    } else {
        Signs::default()
    }
}

/// Detection quality with allies' shared intelligence: each ally that cooperates at c
/// adds an independent chance `c * q_ally` of seeing what the state missed.
fn shared_quality(
    s: ActorIx,
    own: f64,
    quality: &[f64],
    cooperation: &Cooperation,
    rules: &Rules,
) -> f64 {
    if !rules.mechanisms.alliances {
        return own;
    }
    let missed = cooperation
        .ties
        .iter()
        .filter(|(_, to, _)| *to == s)
        .fold(1.0 - own, |missed, (from, _, c)| {
            missed * (1.0 - c * quality[from.0 as usize])
        });
    1.0 - missed
}

/// The threat an alarm implies: the posterior that a preparation is real given an
/// alarm, `prior*q / (prior*q + (1-prior)*fa)`, pushed towards 1 by worst-case bias.
pub(crate) fn alarm_threat(intel: &Intelligence, q: f64, fa: f64) -> f64 {
    let prior = intel.prior_hostility.get();
    let evidence = prior * q + (1.0 - prior) * fa;
    let posterior = if evidence > 0.0 {
        prior * q / evidence
    } else {
        1.0
    };
    let bias = intel.worst_case_bias.get();
    bias + (1.0 - bias) * posterior
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_and_bias_move_the_alarm_threat_the_right_way() {
        let intel = Intelligence {
            worst_case_bias: Probability(0.0),
            ..Intelligence::default()
        };
        let noisy = alarm_threat(&intel, 0.6, 0.05);
        let verified = alarm_threat(&intel, 0.6, 0.01);
        assert!(
            verified > noisy,
            "fewer false alarms make an alarm more credible"
        );
        let biased = Intelligence {
            worst_case_bias: Probability(0.5),
            ..intel.clone()
        };
        assert!(alarm_threat(&biased, 0.6, 0.05) > noisy);
        assert!((alarm_threat(&intel, 0.6, 0.0) - 1.0).abs() < 1e-12);
    }
}
