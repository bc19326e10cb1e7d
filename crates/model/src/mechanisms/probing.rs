//! Probing of red lines (MODEL.md 5.4; seed 003, salami slicing): a state facing a
//! low-credibility adversary probes its red lines layer by layer, going deeper after each
//! unanswered probe.
//!
//! Against an adversary whose credibility (yesterday's snapshot) is below
//! `credibility_below`, a state with no probe outstanding probes with probability `rate`
//! (times its track's rate factor, the factions' weight and the truce's restraint) at its
//! current depth, whose act is the depth's entry in `layers` (by default 1 harassment and
//! threats, 2 a strike on the adversary's militias, 3 on its peripheral assets, 4 on its
//! core assets; deeper than the list, its last entry), each `size_per_layer * depth` unit
//! salvos. A probe that strikes is the decision's intended strike, which execution error
//! may flip.
//! Once the answer window has passed the probe is judged: answered above its size, the
//! probing slows by `answered_rate_factor` and steps back a layer; otherwise the next
//! probe goes one layer deeper.
//!
//! Run by the state-decisions step for each watched state, after pre-emption.

use bevy_ecs::prelude::*;

use crate::components::StateProfile;
use crate::events::{Cameo, Rung};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::event;
use crate::mechanisms::state_decisions::{Choice, StateMindItem};
use crate::mechanisms::targeting::{Aim, aim_at, package};
use crate::messages::{Act, StrikeKind};
use crate::outcomes::{Outcome, OutcomeKind, Tally};
use crate::params::{Amount, Probability, serde_block};
use crate::setup::Setup;
use crate::theatre::ActorIx;

/// What a probe at one depth of the red lines does (seed 003).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize, serde::Serialize, schemars::JsonSchema),
    serde(rename_all = "snake_case")
)]
pub enum ProbeLayer {
    /// Harassment and threats (event 138), no strike.
    Threat,
    /// A strike on the forces of one of the adversary's militias in reach.
    Proxies,
    /// A strike on one of the adversary's peripheral (non-core) assets.
    Peripheral,
    /// A strike on one of the adversary's core assets.
    Core,
}

serde_block! {
/// Probing of red lines, layer by layer (seed 003, salami slicing).
pub struct Probing {
    /// Probing starts only against an adversary whose credibility is below this.
    pub credibility_below: Probability,
    /// Daily probability of a probe against a low-credibility adversary.
    pub rate: Probability,
    /// The deepest layer probed.
    pub max_depth: u32,
    /// The act of each depth, shallowest first (seed 003: "successive layers of the
    /// opponent's red lines"); a depth beyond the list takes its last entry.
    pub layers: Vec<ProbeLayer>,
    /// Factor on the probe rate after a probe was answered above its size
    /// (an answer deters further probes).
    pub answered_rate_factor: Probability,
    /// Size of a probe per layer of depth, as a share of the doctrine's unit salvo: a
    /// probe at depth d fires `size_per_layer * d * salvo` (deeper probes hit harder).
    pub size_per_layer: Amount,
    /// Days without a probe after which a state's probing counts as stopped (the outcome
    /// `probing_stopped`; a measure, not a behaviour).
    pub quiet_days: u32,
}
}

impl Default for Probing {
    fn default() -> Self {
        Probing {
            credibility_below: Probability(0.5),
            rate: Probability(0.05),
            max_depth: 4,
            layers: vec![
                ProbeLayer::Threat,
                ProbeLayer::Proxies,
                ProbeLayer::Peripheral,
                ProbeLayer::Core,
            ],
            answered_rate_factor: Probability(0.3),
            size_per_layer: Amount(0.5),
            quiet_days: 30,
        }
    }
}

/// A state's probing of one adversary's red lines (seed 003).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ProbeTrack {
    /// The layer the next probe goes to (1 shallowest).
    pub depth: u32,
    /// Factor on the probing rate (falls each time a probe is answered).
    pub rate_factor: f64,
    /// The last probe not yet judged: its day, size, and what had been received from
    /// the adversary when it was made.
    pub outstanding: Option<(u32, f64, f64)>,
    /// The day of the last probe made.
    pub last: Option<u32>,
}

/// A state's probes, indexed by actor.
#[derive(Component, Clone, Debug, PartialEq)]
pub(crate) struct Probes(pub Vec<ProbeTrack>);

/// A probe made: what the record of a history keeps of it.
#[derive(Message, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Probe {
    /// The state that probed.
    pub prober: ActorIx,
    /// The state probed.
    pub probed: ActorIx,
    /// The layer probed.
    pub depth: u32,
}

/// Probes of red lines.
pub(crate) static PROBES: Outcome = Outcome::count("probes");
/// The deepest red-line layer probed (0: no probe).
pub(crate) static DEEPEST_PROBE: Outcome = Outcome::max("deepest_probe");
/// Whether a state that probed had stopped by the horizon: none of its probes came in the
/// last `quiet_days` days (seed 003: an answer above the attack is what "compels" the
/// prober back to the rules).
pub(crate) static PROBING_STOPPED: Outcome =
    Outcome::at_end("probing_stopped", OutcomeKind::Flag, |w| {
        let day = w.get_resource::<Calendar>()?.day;
        let mut q = w.try_query::<(&StateProfile, &Probes)>()?;
        let lasts: Vec<bool> = q
            .iter(w)
            .flat_map(|(p, probes)| {
                let quiet = p.0.probing.quiet_days;
                probes
                    .0
                    .iter()
                    .filter_map(move |t| t.last.map(|d| day.saturating_sub(d) >= quiet))
            })
            .collect();
        Some(f64::from(u8::from(
            !lasts.is_empty() && lasts.iter().all(|q| *q),
        )))
    });
pub(crate) static OUTCOMES: &[&Outcome] = &[&PROBES, &DEEPEST_PROBE, &PROBING_STOPPED];

/// Gives states a probing track for every actor.
pub(crate) fn setup(s: &mut Setup) {
    let fresh = ProbeTrack {
        depth: 1,
        rate_factor: 1.0,
        outstanding: None,
        last: None,
    };
    s.on_states(move |_, n| Probes(vec![fresh; n]));
    s.message::<Probe>();
}

/// Judges the last probe of the watched actor once the answer window has passed:
/// answered above its size, probing slows; otherwise the next probe goes one layer deeper.
pub(crate) fn judge_probe(c: &mut Choice, mind: &mut StateMindItem) {
    let (t, p) = (c.t, c.p);
    let received = mind.received.0[t.0 as usize];
    let track = &mut mind.probes.0[t.0 as usize];
    let Some((day, size, received_then)) = track.outstanding else {
        return;
    };
    if c.world.day <= day + p.credibility.answer_window_days {
        return;
    }
    track.outstanding = None;
    if received - received_then > size {
        track.rate_factor *= p.probing.answered_rate_factor.get();
        track.depth = track.depth.saturating_sub(1).max(1);
    } else {
        track.depth = (track.depth + 1).min(p.probing.max_depth.max(1));
    }
}

/// The act of a probe at `depth` (1 shallowest): the depth's entry in `layers`, the last
/// one beyond the list (a strike on core assets if the list is empty).
fn layer_at(layers: &[ProbeLayer], depth: u32) -> ProbeLayer {
    let i = (depth.max(1) - 1) as usize;
    layers
        .get(i)
        .or(layers.last())
        .copied()
        .unwrap_or(ProbeLayer::Core)
}

/// Probes the watched actor at the current depth, its rate scaled by the truce's
/// `restraint`.
pub(crate) fn probe(c: &mut Choice, mind: &mut StateMindItem, restraint: f64) {
    let (s, t, p) = (c.s, c.t, c.p);
    let pr = &p.probing;
    let track = mind.probes.0[t.0 as usize];
    if !c.rules().mechanisms.probing
        || track.outstanding.is_some()
        || c.snapshot.credibility_of(t, p) >= pr.credibility_below.get()
        || !c
            .roll
            .chance(pr.rate.get() * track.rate_factor * c.escalatory() * restraint)
    {
        return;
    }
    let world = c.world;
    let depth = track.depth.clamp(1, pr.max_depth.max(1));
    let layer = layer_at(&pr.layers, depth);
    if layer != ProbeLayer::Threat && !c.flip.carry_out() {
        return;
    }
    let size = p.doctrine.salvo.total() * f64::from(depth) * pr.size_per_layer.get();
    let salvo = package(&p.doctrine.salvo, size, &mind.arsenal.0);
    let made = match layer {
        ProbeLayer::Threat => {
            c.acts.push(Act(event(
                world.roster,
                world.day,
                s,
                t,
                Cameo::Threaten,
                Rung::GreyZone,
            )));
            Vec::new()
        }
        ProbeLayer::Proxies => {
            let reachable: Vec<_> = world.roster.proxies[t.0 as usize]
                .iter()
                .copied()
                .filter(|m| world.network.reaches(s, world.roster.actor(*m).territory))
                .collect();
            match c.aim.weighted(&vec![1.0; reachable.len()]) {
                Some(i) => aim_at(
                    world,
                    (s, reachable[i]),
                    salvo,
                    (StrikeKind::Probe, Aim::Forces),
                    1,
                    &mut c.aim,
                ),
                None => Vec::new(),
            }
        }
        ProbeLayer::Peripheral => aim_at(
            world,
            (s, t),
            salvo,
            (StrikeKind::Probe, Aim::Peripheral),
            1,
            &mut c.aim,
        ),
        ProbeLayer::Core => aim_at(
            world,
            (s, t),
            salvo,
            (StrikeKind::Probe, Aim::Core),
            1,
            &mut c.aim,
        ),
    };
    let fired: f64 = made.iter().map(|o| o.salvo.total()).sum();
    let track = &mut mind.probes.0[t.0 as usize];
    track.outstanding = Some((world.day, fired.max(1.0), mind.received.0[t.0 as usize]));
    track.last = Some(world.day);
    c.tallies.push(Tally::one(&PROBES));
    c.tallies.push(Tally::of(&DEEPEST_PROBE, f64::from(depth)));
    c.probes.push(Probe {
        prober: s,
        probed: t,
        depth,
    });
    c.order(mind, made);
}
