//! Intelligence and verification (MODEL.md 5.2; seed 000: a launcher moved for training
//! read as an imminent attack; seed 001: the verification bottleneck).
//!
//! Each state watches its adversaries and their militias. A real preparation is detected
//! with the state's intelligence quality (raised by allies that share what they see); a
//! benign move (a militia's training, a state's surveillance sortie or exercise) is
//! misread at the false-alarm rate, of which a verification body clears its strength's
//! share. An alarm sets the perceived threat to the posterior that the preparation is
//! real (at the watcher's own false-alarm rate), pushed towards certainty by worst-case
//! bias, which the verification body takes away in proportion to its strength (seed 001:
//! without a monitoring body both sides "operate under a worst-case assumption model"):
//! a verified theatre never reads an alarm as more certain than an unverified one. Without
//! alarms the threat fades. Every alarm is also handed to the ceasefire, which may read
//! it as a violation.

use bevy_ecs::prelude::*;

use crate::components::{Actor, StateProfile};
use crate::dice::{Purpose, Subject};
use crate::events::{Cameo, Rung};
use crate::mechanisms::alliances::Cooperation;
use crate::mechanisms::benign_moves::BenignMove;
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::proxy_decisions::ProxyState;
use crate::mechanisms::state_decisions::Plans;
use crate::mechanisms::{event, fresh};
use crate::messages::Chronicle;
use crate::outcomes::{Outcome, Tally};
use crate::params::{Probability, serde_block};
use crate::roster::{Roster, Rules, SharedRoster};
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
/// The verification body (seed 001: the verification bottleneck; "a credible,
/// multi-national verification body with the mandate and technology to monitor border
/// zones and logistics hubs").
pub struct Verification {
    /// The body's strength: the share of false alarms it clears and of the worst-case
    /// bias it takes away (0: unilateral declarations only).
    pub strength: Probability,
    /// Its mandate over transit corridors: the share of its strength with which an
    /// interdicted convoy is verified (and so not read as a violation).
    pub corridors: Probability,
    /// Its mandate over rearmament: the share of its strength with which an adversary's
    /// rearmament during the truce is verified as within the agreement.
    pub rearmament: Probability,
    /// Its mandate over attacks: the share of its strength with which a misattribution
    /// is caught.
    pub attribution: Probability,
}
}

impl Default for Verification {
    fn default() -> Self {
        Verification {
            strength: Probability(0.0),
            corridors: Probability(1.0),
            rearmament: Probability(1.0),
            attribution: Probability(1.0),
        }
    }
}

/// The verification body's strength as it acts (0 with its switch off), times the
/// share of its mandate `mandate` picks.
pub(crate) fn verified(rules: &Rules, mandate: impl Fn(&Verification) -> Probability) -> f64 {
    if rules.mechanisms.verification {
        rules.verification.strength.get() * mandate(&rules.verification).get()
    } else {
        0.0
    }
}

/// An alarm raised today: the ceasefire may read it as a violation by the watched
/// actor's side.
#[derive(Message, Clone, Debug, PartialEq)]
pub(crate) struct Alarm {
    /// The state that raised it.
    pub watcher: ActorIx,
    /// The actor it is about.
    pub watched: ActorIx,
    /// Whether a real preparation was seen (false: a benign move misread).
    pub real: bool,
}

/// What a state perceives of each actor it watches: a threat level in [0, 1] indexed by
/// actor.
#[derive(Component, Clone, Debug, PartialEq)]
pub(crate) struct Perception {
    /// Perceived threat of an imminent attack, by actor index.
    pub threat: Vec<f64>,
    /// Whether the last alarm about each actor was a benign move misread. The watcher
    /// cannot tell (both read alike); only a call over a direct line to the adversary
    /// brings it out (seed 000, pre-emption).
    pub misread: Vec<bool>,
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
        misread: vec![false; n],
    });
    s.message::<Alarm>();
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
    roster: Local<SharedRoster>,
    cooperation: Res<Cooperation>,
    mut watchers: Query<(&Actor, &StateProfile, &mut Perception)>,
    militias: Query<(&Actor, &ProxyState)>,
    plans: Query<(&Actor, &Plans, &BenignMove)>,
    mut chronicle: Chronicle,
    mut alarms: MessageWriter<Alarm>,
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
    let verification = verified(rules, |v| v.strength);
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
            let perception = &mut *perception;
            let slot = &mut perception.threat[t.0 as usize];
            *slot *= intel.threat_memory.get();
            if alarm {
                // What the threat now rests on: a real preparation seen, or a benign move
                // misread that sets the threat at least as high as what remained.
                let level = alarm_threat(intel, q, verification);
                let misread = &mut perception.misread[t.0 as usize];
                *misread = !sign.preparing && (*misread || level >= *slot);
                *slot = slot.max(level);
                alarms.write(Alarm {
                    watcher: s,
                    watched: t,
                    real: sign.preparing,
                });
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
    plans: &Query<(&Actor, &Plans, &BenignMove)>,
) -> Signs {
    let entity = roster.actor(t).entity;
    if let Ok((_, proxy)) = militias.get(entity) {
        Signs {
            preparing: proxy
                .preparing
                .is_some_and(|p| roster.side(p.against) == side),
            benign: proxy.benign_move,
        }
    } else if let Ok((_, plans, benign)) = plans.get(entity) {
        Signs {
            preparing: plans.0.iter().any(|p| roster.side(p.against) == side),
            benign: benign.0,
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
/// alarm at the watcher's own rates, `prior*q / (prior*q + (1-prior)*fa)`, pushed towards
/// 1 by the worst-case bias that verification of strength `v` leaves, `bias * (1 - v)`.
///
/// The body's work shows in the alarms it clears (fewer false alarms are raised) and in
/// the worst-case premium it removes, not in a higher certainty about the alarms that
/// remain: so the threat an alarm implies never rises with verification.
pub(crate) fn alarm_threat(intel: &Intelligence, q: f64, v: f64) -> f64 {
    let prior = intel.prior_hostility.get();
    let fa = intel.false_alarm.get();
    let evidence = prior * q + (1.0 - prior) * fa;
    let posterior = if evidence > 0.0 {
        prior * q / evidence
    } else {
        1.0
    };
    let bias = intel.worst_case_bias.get() * (1.0 - v);
    bias + (1.0 - bias) * posterior
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_and_bias_move_the_alarm_threat_the_right_way() {
        let intel = Intelligence {
            worst_case_bias: Probability(0.4),
            ..Intelligence::default()
        };
        let unverified = alarm_threat(&intel, 0.6, 0.0);
        let verified = alarm_threat(&intel, 0.6, 0.8);
        assert!(
            verified < unverified,
            "a verified alarm is not read as more certain: {verified} vs {unverified}"
        );
        let biased = Intelligence {
            worst_case_bias: Probability(0.8),
            ..intel.clone()
        };
        assert!(alarm_threat(&biased, 0.6, 0.0) > unverified);
        let blind = Intelligence {
            false_alarm: Probability(0.0),
            ..intel.clone()
        };
        assert!((alarm_threat(&blind, 0.6, 0.0) - 1.0).abs() < 1e-12);
    }
}
