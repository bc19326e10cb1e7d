//! Intelligence and verification (MODEL.md 5.2; seed 000: a launcher moved for training
//! read as an imminent attack; seed 001: the verification bottleneck).
//!
//! Each state watches its adversaries and their militias. A real preparation is detected
//! with the state's intelligence quality (raised by allies that share what they see); a
//! benign move is misread at the false-alarm rate, which a verification body lowers. An
//! alarm sets the perceived threat to the posterior that the preparation is real, pushed
//! towards certainty by worst-case bias; without alarms the threat fades.

use bevy_ecs::prelude::*;

use crate::components::{Actor, Perception, Plans, ProxyState, StateProfile};
use crate::dice::{Purpose, Subject};
use crate::events::{Cameo, Rung};
use crate::messages::Act;
use crate::params::Intelligence;
use crate::resources::{Calendar, Cooperation, Roster, Rules, RunLog};
use crate::systems::{event, fresh};
use crate::theatre::ActorIx;

/// What a watcher can see of a watched actor today.
#[derive(Clone, Copy, Default)]
struct Signs {
    /// A real attack on the watcher's side is being prepared.
    preparing: bool,
    /// A benign move was made.
    benign: bool,
}

/// Updates every state's perceived threat from each actor it watches.
pub fn watch_adversaries(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    cooperation: Res<Cooperation>,
    mut log: ResMut<RunLog>,
    mut watchers: Query<(&Actor, &StateProfile, &mut Perception)>,
    militias: Query<(&Actor, &ProxyState)>,
    plans: Query<(&Actor, &Plans)>,
    mut acts: MessageWriter<Act>,
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
                if sign.preparing {
                    log.detections += 1;
                } else {
                    log.false_alarms += 1;
                }
                let mut alert = event(
                    &roster,
                    calendar.day,
                    s,
                    t,
                    Cameo::RaiseAlert,
                    Rung::GreyZone,
                );
                alert.real = sign.preparing;
                acts.write(Act(alert));
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
pub fn alarm_threat(intel: &Intelligence, q: f64, fa: f64) -> f64 {
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
    use crate::params::Probability;

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
