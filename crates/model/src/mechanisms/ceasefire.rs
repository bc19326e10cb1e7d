//! The ceasefire (MODEL.md 5.7; seeds 000, 001, 002).
//!
//! Violations are counted per side as the other side perceives them: attributed attacks
//! across the ceasefire line, interdictions the patron reads as violations (seed 001),
//! alarms about the other side's conduct (real preparations seen, or benign moves
//! misread), the other side's rearmament during the pause, and, through linkage, conduct
//! of a third party in another theatre (seed 002: Iran ties Hormuz compliance to Israeli
//! operations in Lebanon). A verification body with a mandate over corridors and
//! rearmament (seed 001) verifies its strength's share of interdictions and of rearmament
//! as within the agreement, so that they are not read as violations; the false alarms it
//! clears never reach the ceasefire. A side abandons the ceasefire when
//! the violations it perceives within the window exceed its tolerance. What the day's
//! violations do to the mediators' channels is [`diplomacy`],
//! as is re-mediation.
//!
//! Runs after attribution; reads [`Attributed`] and [`Interdiction`] messages.

use bevy_ecs::prelude::*;

use crate::dice::{Purpose, Subject};
use crate::events::{Cameo, Rung};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::diplomacy::{self, Channels, Today};
use crate::mechanisms::event;
use crate::mechanisms::intelligence::{Alarm, verified};
use crate::mechanisms::rearmament::Rearmed;
use crate::messages::{Act, Attributed, Interdiction};
use crate::outcomes::{Outcome, OutcomeKind};
use crate::params::{Probability, serde_block};
use crate::roster::{Roster, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::{ActorIx, Theatre};

serde_block! {
/// The ceasefire between two parties (MODEL.md 5.7).
pub struct CeasefireParams {
    /// Perceived violations by the other side, within `window_days`, that one side
    /// tolerates; one more and it abandons the ceasefire.
    pub tolerance: u32,
    /// The rolling window over which violations are counted.
    pub window_days: u32,
    /// Share of an interdicted convoy that the patron reads as a violation (seed 001: is
    /// the interdiction of a convoy in a third-country corridor a breach?).
    pub interdiction_as_violation: Probability,
    /// Probability that an alarm about the other side's conduct (a preparation seen, or a
    /// benign move misread) is read as a violation (seed 001: "every action taken during
    /// the pause ... is viewed by the opposing side as a violation").
    pub alarm_as_violation: Probability,
    /// Daily probability, per percent of its arsenal the other side adds that day, that
    /// its rearmament is read as a violation, before verification (seed 001: both sides
    /// use the pause to replenish stockpiles).
    pub rearmament_as_violation: Probability,
    /// Days of calm after a collapse before re-mediation can restore the ceasefire.
    pub remediation_calm_days: u32,
    /// Daily probability of re-mediation after the calm, times mediator influence.
    pub remediation_rate: Probability,
}
}

impl Default for CeasefireParams {
    fn default() -> Self {
        CeasefireParams {
            tolerance: 2,
            window_days: 14,
            interdiction_as_violation: Probability(0.3),
            alarm_as_violation: Probability(0.3),
            rearmament_as_violation: Probability(0.02),
            remediation_calm_days: 14,
            remediation_rate: Probability(0.1),
        }
    }
}

/// Whether the ceasefire stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TruceStatus {
    /// Not declared yet.
    #[default]
    Pending,
    /// In force.
    Holding,
    /// Abandoned by a side.
    Collapsed,
}

impl TruceStatus {
    /// The status's name.
    pub fn label(self) -> &'static str {
        match self {
            TruceStatus::Pending => "pending",
            TruceStatus::Holding => "holding",
            TruceStatus::Collapsed => "collapsed",
        }
    }
}

/// The ceasefire's state (MODEL.md 5.7).
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Truce {
    /// Whether a ceasefire exists in the theatre at all.
    pub exists: bool,
    /// The two parties.
    pub parties: (ActorIx, ActorIx),
    /// The day it takes effect.
    pub start_day: u32,
    /// Tolerance and windows.
    pub params: CeasefireParams,
    /// Status today.
    pub status: TruceStatus,
    /// Violations each party perceives from the other, as (day, weight), within the window.
    pub perceived: [Vec<(u32, f64)>; 2],
    /// Violations each party really committed (for the record), in total.
    pub real_total: [f64; 2],
    /// Perceived violations in total, by perceiving party.
    pub perceived_total: [f64; 2],
    /// The first collapse.
    pub first_collapse: Option<u32>,
    /// Every collapse day.
    pub collapses: Vec<u32>,
    /// Every re-mediation day.
    pub remediations: Vec<u32>,
    /// Days since the last violation.
    pub calm_days: u32,
}

impl Truce {
    /// Whether the ceasefire binds two actors today (each on a different party's side).
    pub fn binds(&self, side_a: ActorIx, side_b: ActorIx) -> bool {
        self.status == TruceStatus::Holding
            && ((side_a, side_b) == self.parties || (side_b, side_a) == self.parties)
    }

    /// Which party a side is (0 or 1), if either.
    pub fn party_of(&self, side: ActorIx) -> Option<usize> {
        if !self.exists {
            None
        } else if side == self.parties.0 {
            Some(0)
        } else if side == self.parties.1 {
            Some(1)
        } else {
            None
        }
    }
}

fn truce(w: &World) -> &Truce {
    w.resource::<Truce>()
}

/// First day the ceasefire collapsed.
pub(crate) static CEASEFIRE_COLLAPSE_DAY: Outcome =
    Outcome::at_end("ceasefire_collapse_day", OutcomeKind::Day, |w| {
        truce(w).first_collapse.map(f64::from)
    });
/// Whether the ceasefire collapsed.
pub(crate) static CEASEFIRE_COLLAPSED: Outcome =
    Outcome::at_end("ceasefire_collapsed", OutcomeKind::Flag, |w| {
        Some(if truce(w).first_collapse.is_some() {
            1.0
        } else {
            0.0
        })
    });
/// Number of collapses.
pub(crate) static CEASEFIRE_COLLAPSES: Outcome =
    Outcome::at_end("ceasefire_collapses", OutcomeKind::Count, |w| {
        Some(truce(w).collapses.len() as f64)
    });
/// Number of re-mediations.
pub(crate) static REMEDIATIONS: Outcome =
    Outcome::at_end("remediations", OutcomeKind::Count, |w| {
        Some(truce(w).remediations.len() as f64)
    });
/// Violations perceived by the first party.
pub(crate) static VIOLATIONS_PERCEIVED_A: Outcome =
    Outcome::at_end("violations_perceived_a", OutcomeKind::Amount, |w| {
        Some(truce(w).perceived_total[0])
    });
/// Violations perceived by the second party.
pub(crate) static VIOLATIONS_PERCEIVED_B: Outcome =
    Outcome::at_end("violations_perceived_b", OutcomeKind::Amount, |w| {
        Some(truce(w).perceived_total[1])
    });
/// Violations really committed by the first party.
pub(crate) static VIOLATIONS_REAL_A: Outcome =
    Outcome::at_end("violations_real_a", OutcomeKind::Amount, |w| {
        Some(truce(w).real_total[0])
    });
/// Violations perceived by either party that the other did not really commit (through
/// misattribution, misread benign moves, interdictions, rearmament, linkage).
pub(crate) static VIOLATIONS_UNFOUNDED: Outcome =
    Outcome::at_end("violations_unfounded", OutcomeKind::Amount, |w| {
        let t = truce(w);
        Some(
            (t.perceived_total[0] + t.perceived_total[1] - t.real_total[0] - t.real_total[1])
                .max(0.0),
        )
    });
/// Violations really committed by the second party.
pub(crate) static VIOLATIONS_REAL_B: Outcome =
    Outcome::at_end("violations_real_b", OutcomeKind::Amount, |w| {
        Some(truce(w).real_total[1])
    });
pub(crate) static OUTCOMES: &[&Outcome] = &[
    &CEASEFIRE_COLLAPSE_DAY,
    &CEASEFIRE_COLLAPSED,
    &CEASEFIRE_COLLAPSES,
    &REMEDIATIONS,
    &VIOLATIONS_PERCEIVED_A,
    &VIOLATIONS_PERCEIVED_B,
    &VIOLATIONS_REAL_A,
    &VIOLATIONS_REAL_B,
    &VIOLATIONS_UNFOUNDED,
];

/// Adds the theatre's ceasefire and counts violations after attribution.
pub(crate) fn setup(s: &mut Setup) {
    s.resource(declared(s.theatre));
    s.systems(count_violations.in_set(DaySystems::Ceasefire));
}

fn declared(theatre: &Theatre) -> Truce {
    match &theatre.ceasefire {
        Some(c) => Truce {
            exists: true,
            parties: c.parties,
            start_day: c.start_day,
            params: c.params.clone(),
            status: TruceStatus::Pending,
            ..Truce::default()
        },
        None => Truce::default(),
    }
}

/// Counts today's perceived violations, collapses the ceasefire past tolerance, and
/// halts or reopens the mediators' channels.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn count_violations(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    mut truce: ResMut<Truce>,
    mut channels: ResMut<Channels>,
    mut attributed: MessageReader<Attributed>,
    mut interdictions: MessageReader<Interdiction>,
    mut alarms: MessageReader<Alarm>,
    rearmed: Res<Rearmed>,
    mut acts: MessageWriter<Act>,
) {
    let day = calendar.day;
    let mut count = Count {
        day,
        holding: truce.status == TruceStatus::Holding,
        ..Count::default()
    };
    for a in attributed.read() {
        count.attack(a, &mut truce, &roster, &mut acts);
    }
    let mut seen: Vec<(ActorIx, ActorIx, ActorIx)> = Vec::new();
    for i in interdictions.read() {
        // Keyed by the convoy, counted only among identical convoys of the day.
        let convoy = (i.by, i.patron, i.militia);
        let occurrence = seen.iter().filter(|c| **c == convoy).count() as u32;
        seen.push(convoy);
        let (Some(v), Some(b)) = (
            truce.party_of(roster.side(i.patron)),
            truce.party_of(roster.side(i.by)),
        ) else {
            continue;
        };
        let corridors = verified(&roster.rules, |v| v.corridors);
        let read_as_violation = calendar
            .roll(
                Subject::convoy(i.by, i.patron, i.militia, occurrence),
                Purpose::Perception,
            )
            .chance(truce.params.interdiction_as_violation.get() * (1.0 - corridors));
        if count.holding && v != b && read_as_violation {
            count.perceive(&mut truce, &roster, (v, 1.0, None), &mut acts);
        }
    }
    for alarm in alarms.read() {
        count.alarm(alarm, &mut truce, (&*roster, &*calendar), &mut acts);
    }
    if count.holding {
        count.rearmament(&rearmed, &mut truce, (&*roster, &*calendar), &mut acts);
    }
    let window = truce.params.window_days;
    for side in &mut truce.perceived {
        side.retain(|(d, _)| d + window > day);
    }
    let tolerance = f64::from(truce.params.tolerance);
    let exceeded = truce
        .perceived
        .iter()
        .any(|side| side.iter().map(|(_, w)| w).sum::<f64>() > tolerance);
    if count.holding && exceeded {
        truce.status = TruceStatus::Collapsed;
        truce.first_collapse.get_or_insert(day);
        truce.collapses.push(day);
    }
    let calm = count.violations == 0.0 && !count.fighting;
    truce.calm_days = if calm { truce.calm_days + 1 } else { 0 };
    let today = Today {
        day,
        violations: count.violations,
        calm,
        sovereignty: &count.sovereignty,
    };
    diplomacy::update_channels(&mut channels, &truce, &roster, &today, &mut acts);
}

/// The day's count of violations as it goes.
#[derive(Default)]
struct Count {
    day: u32,
    /// Whether the truce held this morning.
    holding: bool,
    /// Violations perceived today, weighted.
    violations: f64,
    /// The party (0 or 1) whose sovereignty each of today's violations breached.
    sovereignty: Vec<usize>,
    /// One attack is one violation however many waves it took: a ten-target strike
    /// package is one breach of the truce, not ten (by perceiving party and perpetrator).
    seen: Vec<(usize, ActorIx)>,
    /// Likewise for sovereignty violations.
    violated: Vec<(usize, ActorIx)>,
    /// Calm means no strike across the line, whether or not the truce still stands: a
    /// collapsed truce is not re-mediated, nor a halted channel reopened, under fire.
    fighting: bool,
}

impl Count {
    /// An alarm about the other party's side, read as a violation with
    /// `alarm_as_violation` (once a day per watched actor, like an attack); real when a
    /// preparation was really seen.
    fn alarm(
        &mut self,
        alarm: &Alarm,
        truce: &mut Truce,
        (roster, calendar): (&Roster, &Calendar),
        acts: &mut MessageWriter<Act>,
    ) {
        let (Some(v), Some(b)) = (
            truce.party_of(roster.side(alarm.watcher)),
            truce.party_of(roster.side(alarm.watched)),
        ) else {
            return;
        };
        if !self.holding || v == b || self.seen.contains(&(v, alarm.watched)) {
            return;
        }
        let read = calendar
            .roll(
                Subject::pair(alarm.watcher, alarm.watched),
                Purpose::Suspicion,
            )
            .chance(truce.params.alarm_as_violation.get());
        if read {
            self.seen.push((v, alarm.watched));
            let real = alarm.real.then_some(b);
            self.perceive(truce, roster, (v, 1.0, real), acts);
        }
    }

    /// Each party reads the other's rearmament today as a violation with probability
    /// `rearmament_as_violation` per percent of its arsenal added, less what verification
    /// of rearmament clears. Not real: rearming is not forbidden by the truce.
    fn rearmament(
        &mut self,
        rearmed: &Rearmed,
        truce: &mut Truce,
        (roster, calendar): (&Roster, &Calendar),
        acts: &mut MessageWriter<Act>,
    ) {
        let checked = verified(&roster.rules, |v| v.rearmament);
        let parties = [truce.parties.0, truce.parties.1];
        for v in 0..2 {
            let (watcher, rearmer) = (parties[v], parties[1 - v]);
            let growth = rearmed.0.get(rearmer.0 as usize).copied().unwrap_or(0.0);
            let p = (truce.params.rearmament_as_violation.get() * 100.0 * growth).min(1.0)
                * (1.0 - checked);
            if calendar
                .roll(Subject::pair(watcher, rearmer), Purpose::RearmamentWatch)
                .chance(p)
            {
                self.perceive(truce, roster, (v, 1.0, None), acts);
            }
        }
    }

    /// What one attributed attack counts for.
    fn attack(
        &mut self,
        a: &Attributed,
        truce: &mut Truce,
        roster: &Roster,
        acts: &mut MessageWriter<Act>,
    ) {
        // A strike on a party's proxy is a strike on its side; but an attack is held
        // against a party only when the party itself is blamed: a militia blamed on its
        // own is not its patron's violation (seed 000: that distinction is exactly what
        // an attribution policy accepts or refuses).
        let victim_party = truce.party_of(roster.side(a.victim));
        let blamed_party = truce.party_of(a.blamed);
        if let (Some(v), Some(p)) = (victim_party, truce.party_of(roster.side(a.perpetrator)))
            && v != p
        {
            self.fighting = true;
        }
        if let (Some(v), Some(b)) = (victim_party, blamed_party)
            && v != b
        {
            // Sovereignty violations halt the channel whether or not the truce still
            // stands (seed 002: the IRGC's warning was about its territory).
            if a.sovereignty && !self.violated.contains(&(v, a.perpetrator)) {
                self.violated.push((v, a.perpetrator));
                self.sovereignty.push(v);
            }
            if self.holding && !self.seen.contains(&(v, a.perpetrator)) {
                self.seen.push((v, a.perpetrator));
                let real = truce.party_of(roster.side(a.perpetrator)) == Some(b);
                self.perceive(truce, roster, (v, 1.0, real.then_some(b)), acts);
            }
        }
        if self.holding && roster.rules.mechanisms.linkage {
            for (linker, weight) in linked(roster, a) {
                if let Some(v) = truce.party_of(linker)
                    && !self.seen.contains(&(v, a.perpetrator))
                {
                    self.seen.push((v, a.perpetrator));
                    self.perceive(truce, roster, (v, weight, None), acts);
                }
            }
        }
    }

    /// Party `perceiver` perceives a violation of `weight`, really committed by the
    /// party `real_by` if any.
    fn perceive(
        &mut self,
        truce: &mut Truce,
        roster: &Roster,
        (perceiver, weight, real_by): (usize, f64, Option<usize>),
        acts: &mut MessageWriter<Act>,
    ) {
        truce.perceived[perceiver].push((self.day, weight));
        truce.perceived_total[perceiver] += weight;
        if let Some(v) = real_by {
            truce.real_total[v] += weight;
        }
        let parties = [truce.parties.0, truce.parties.1];
        let mut e = event(
            roster,
            self.day,
            parties[1 - perceiver],
            parties[perceiver],
            Cameo::ViolateCeasefire,
            Rung::Truce,
        );
        e.real = real_by.is_some();
        acts.write(Act(e));
        self.violations += weight;
    }
}

/// Actors that count this attack as a violation through linkage: when the perpetrator is
/// an actor that `linker` has tied its compliance to, and the victim is on `linker`'s side.
fn linked<'a>(roster: &'a Roster, a: &'a Attributed) -> impl Iterator<Item = (ActorIx, f64)> + 'a {
    let victim_side = roster.side(a.victim);
    roster.linkage[victim_side.0 as usize]
        .iter()
        .filter(move |(tied_to, _)| *tied_to == a.perpetrator)
        .map(move |(_, w)| (victim_side, *w))
}
