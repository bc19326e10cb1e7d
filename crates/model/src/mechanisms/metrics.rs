//! Metrics (MODEL.md 5.10 and section 6): each day, the row of each hostile dyad (rung,
//! Goldstein sum and intensity, strikes, interceptions, stocks, spending, credibility),
//! host willingness, each defence layer's running totals, the coded events, and the
//! tallies every mechanism reports.
//!
//! Runs last in the day, after the ladder has climbed.

use bevy_ecs::prelude::*;

use crate::components::{Actor, Arsenal, Interceptors};
use crate::events::Event;
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::ceasefire::Truce;
use crate::mechanisms::credibility::Credibility;
use crate::mechanisms::fresh;
use crate::mechanisms::host_nations::Willingness;
use crate::mechanisms::ladder::{Ladder, climb_ladder};
use crate::mechanisms::probing::Probe;
use crate::mechanisms::strike_resolution::Ledger;
use crate::messages::{Act, StrikeReport};
use crate::outcomes::{Outcome, OutcomeKind, Tallies, Tally};
use crate::record::LayerDay;
use crate::roster::{Roster, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

/// How much of a run to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Detail {
    /// Outcomes and each dyad's daily rung and Goldstein intensity (ensembles).
    #[default]
    Outcomes,
    /// Outcomes and the full daily rows, without events: what aggregates of chosen daily
    /// quantities read (`--series`).
    Rows,
    /// Everything: the full daily rows and every event (single runs, replays).
    Full,
}

/// One dyad on one day, as the time series records it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DyadDay {
    /// The day.
    pub day: u32,
    /// The dyad's index in the roster's dyads.
    pub dyad: u16,
    /// Rung.
    pub rung: u8,
    /// Sum of the day's Goldstein weights between the sides.
    pub goldstein: f64,
    /// Goldstein intensity: the magnitude of the day's negative weights between the sides.
    pub intensity: f64,
    /// Strikes between the sides today.
    pub strikes: u32,
    /// Munitions intercepted today in strikes between the sides.
    pub intercepted: f64,
    /// Munitions that leaked today in strikes between the sides.
    pub leaked: f64,
    /// Interceptors in stock on each side (the principals' own layers).
    pub interceptor_stock: [f64; 2],
    /// Cumulative attack spending of each side (principal and its militias).
    pub attack_spending: [f64; 2],
    /// Cumulative defence spending of each side.
    pub defence_spending: [f64; 2],
    /// Credibility of each principal.
    pub credibility: [f64; 2],
    /// Munitions each principal holds.
    pub arsenal: [f64; 2],
    /// The ceasefire's status.
    pub ceasefire: &'static str,
}

/// The record being written during a run.
#[derive(Resource, Clone, Debug, Default)]
pub(crate) struct RunLog {
    /// How much to keep.
    pub detail: Detail,
    /// Daily dyad rows (Full) or rung, Goldstein and ceasefire only (Outcomes: other
    /// fields zero).
    pub rows: Vec<DyadDay>,
    /// Each host's willingness per day: `hosts[day * n_hosts + k]` (Full only).
    pub willingness: Vec<f64>,
    /// Coded events (Full only).
    pub events: Vec<Event>,
    /// Every probe: `(day, prober, probed, depth)` (Full only).
    pub probes: Vec<(u32, ActorIx, ActorIx, u32)>,
    /// Each defence layer's running totals per day, `layer_days[day * layers + k]`
    /// (Full only).
    pub layer_days: Vec<LayerDay>,
    /// Sum of every dyad's Goldstein weights over the run.
    pub goldstein_total: f64,
}

/// Sum of every dyad's Goldstein weights over the run.
pub(crate) static GOLDSTEIN_TOTAL: Outcome =
    Outcome::at_end("goldstein_total", OutcomeKind::Amount, |w| {
        Some(w.resource::<RunLog>().goldstein_total)
    });
pub(crate) static OUTCOMES: &[&Outcome] = &[&GOLDSTEIN_TOTAL];

/// Adds the run log and the tallies (both begun afresh by the simulation at each run),
/// and records the day last.
pub(crate) fn setup(s: &mut Setup) {
    let actors = s.theatre.actors.len();
    s.world.insert_resource(RunLog::default());
    s.world.insert_resource(Tallies::new(actors));
    s.message::<Tally>();
    s.systems(record_day.in_set(DaySystems::Metrics).after(climb_ladder));
}

/// Today's scores of one dyad.
#[derive(Clone, Copy, Default)]
pub(crate) struct Score {
    goldstein: f64,
    intensity: f64,
    strikes: u32,
    intercepted: f64,
    leaked: f64,
}

/// Adds up the day's tallies, scores the day's acts per dyad and appends the day to the
/// run log.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn record_day(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    truce: Res<Truce>,
    ledger: Res<Ledger>,
    ladder: Res<Ladder>,
    mut log: ResMut<RunLog>,
    mut acts: MessageReader<Act>,
    mut reports: MessageReader<StrikeReport>,
    mut counted: MessageReader<Tally>,
    mut probes: MessageReader<Probe>,
    mut tallies: ResMut<Tallies>,
    states: Query<(&Actor, &Credibility, &Interceptors, &Arsenal)>,
    hosts: Query<(&Actor, &Willingness)>,
    mut scores: Local<Vec<Score>>,
) {
    let day = calendar.day;
    let full = log.detail == Detail::Full;
    let all_rows = log.detail != Detail::Outcomes;
    for tally in counted.read() {
        tallies.add(day, tally);
    }
    for probe in probes.read() {
        if full {
            log.probes
                .push((day, probe.prober, probe.probed, probe.depth));
        }
    }
    let scores = fresh(&mut scores, roster.dyads.len(), Score::default());
    for Act(e) in acts.read() {
        if let Some(d) = e.dyad {
            let t = &mut scores[usize::from(d)];
            t.goldstein += e.cameo.goldstein();
            t.intensity += (-e.cameo.goldstein()).max(0.0);
            if e.volume > 0.0 {
                t.strikes += 1;
            }
        }
        if full {
            log.events.push(e.clone());
        }
    }
    for r in reports.read() {
        if let Some(d) = roster.dyad(r.order.attacker, r.order.against) {
            scores[d].intercepted += r.intercepted.total();
            scores[d].leaked += r.leaked.total();
        }
    }
    log.goldstein_total += scores.iter().map(|t| t.goldstein).sum::<f64>();

    for (d, t) in scores.iter().enumerate() {
        let rung = ladder.rungs[d];
        let mut row = DyadDay {
            day,
            dyad: d as u16,
            rung,
            goldstein: t.goldstein,
            intensity: t.intensity,
            ceasefire: truce.status.label(),
            ..DyadDay::default()
        };
        if all_rows {
            let (a, b) = roster.dyads[d];
            row.strikes = t.strikes;
            row.intercepted = t.intercepted;
            row.leaked = t.leaked;
            for (i, side) in [a, b].into_iter().enumerate() {
                let members = side_members(&roster, side);
                row.attack_spending[i] = members.clone().map(|m| ledger.attack_spending[m]).sum();
                row.defence_spending[i] = members.map(|m| ledger.defence_spending[m]).sum();
                if let Ok((_, c, stock, arsenal)) = states.get(roster.actor(side).entity) {
                    row.credibility[i] = c.0;
                    row.arsenal[i] = arsenal.0.total();
                    row.interceptor_stock[i] = stock.0.iter().sum();
                }
            }
        }
        log.rows.push(row);
    }
    if full {
        let mut willing: Vec<(ActorIx, f64)> = hosts.iter().map(|(a, w)| (a.ix, w.value)).collect();
        willing.sort_by_key(|(a, _)| *a);
        log.willingness.extend(willing.into_iter().map(|(_, w)| w));
        log.layer_days
            .extend(ledger.layers.iter().map(|l| LayerDay {
                intercepted: l.intercepted.total(),
                shots: l.shots,
                spending: l.spending,
            }));
    }
}

/// Indices of a principal and its militias.
fn side_members(roster: &Roster, side: ActorIx) -> impl Iterator<Item = usize> + Clone + '_ {
    std::iter::once(side.0 as usize)
        .chain(roster.proxies[side.0 as usize].iter().map(|m| m.0 as usize))
}
