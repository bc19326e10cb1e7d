//! Run records: what one history leaves behind, as plain data for the crates downstream
//! (files, experiments, charts). Nothing here refers to the world.

use crate::events::Event;
use crate::mechanisms::metrics::DyadDay;
use crate::outcomes::Outcomes;
use crate::params::Munitions;

/// One defence layer over a run: what it intercepted, fired and cost.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerRecord {
    /// Identifier of the layer's owner.
    pub defender: String,
    /// The layer's name.
    pub name: String,
    /// Munitions it intercepted, by type.
    pub intercepted: Munitions,
    /// Interceptors it fired.
    pub shots: f64,
    /// Engagements it made.
    pub engagements: f64,
    /// What it cost its owner (interceptors and engagements), in US dollars.
    pub spending: f64,
}

/// One defence layer's running totals at the end of one day (the time series).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LayerDay {
    /// Munitions intercepted so far, all types.
    pub intercepted: f64,
    /// Interceptors fired so far.
    pub shots: f64,
    /// Spending so far, in US dollars.
    pub spending: f64,
}

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
    /// Every defence layer's totals over the run, owners in actor order and each owner's
    /// layers in order.
    pub layers: Vec<LayerRecord>,
    /// Each layer's running totals per day, `layer_days[day * layers + k]` (full detail).
    pub layer_days: Vec<LayerDay>,
    /// The outcomes.
    pub outcomes: Outcomes,
}
