//! Run records: what one history leaves behind, as plain data for the crates downstream
//! (files, experiments, charts). Nothing here refers to the world.

use crate::events::Event;
use crate::mechanisms::metrics::DyadDay;
use crate::outcomes::Outcomes;

/// Everything one run produced.
#[derive(Clone, Debug, Default)]
pub struct RunRecord {
    /// The experiment's seed.
    pub seed: u64,
    /// The run's index within its experiment.
    pub run: u64,
    /// Days simulated.
    pub days: u32,
    /// Display names of the dyads, by dyad index ("United States – Iran (IRGC)").
    pub dyads: Vec<String>,
    /// Identifiers of each dyad's two principals, by dyad index.
    pub dyad_ids: Vec<(String, String)>,
    /// Identifiers of the actors, by actor index.
    pub actor_ids: Vec<String>,
    /// Display names of the actors, by actor index.
    pub actor_names: Vec<String>,
    /// Asset identifiers by index (what events name).
    pub asset_ids: Vec<String>,
    /// Display names of the hosts, in the order of [`RunRecord::willingness`].
    pub hosts: Vec<String>,
    /// Scheduled shocks as (day, label), for charts.
    pub shocks: Vec<(u32, String)>,
    /// Days the ceasefire was re-mediated.
    pub remediation_days: Vec<u32>,
    /// Days the ceasefire collapsed (the first, and each after a re-mediation).
    pub collapse_days: Vec<u32>,
    /// Every probe of a red line: `(day, prober, probed, depth)` (full detail).
    pub probes: Vec<(u32, crate::theatre::ActorIx, crate::theatre::ActorIx, u32)>,
    /// The ladder's rolling window, in days (what a rung on the chart spans).
    pub ladder_window_days: u32,
    /// One row per day and dyad (complete in full detail; rung and Goldstein only otherwise).
    pub rows: Vec<DyadDay>,
    /// Willingness of each host per day, `willingness[day * hosts + k]` (full detail).
    pub willingness: Vec<f64>,
    /// Every coded event (full detail).
    pub events: Vec<Event>,
    /// The outcomes.
    pub outcomes: Outcomes,
}
