//! Run records: what one history leaves behind, as plain data for the crates downstream
//! (files, experiments, charts). Nothing here refers to the world.

use crate::events::Event;
use crate::params::Munitions;
use crate::resources::DyadDay;

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

/// What kind of number an outcome is, so that tables can type its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    /// A day, missing when the event did not happen by the horizon (censored).
    Day,
    /// Whether something happened: 0 or 1, never missing.
    Flag,
    /// A whole number, never missing.
    Count,
    /// A real quantity (dollars, munitions, a Goldstein sum), never missing.
    Amount,
    /// A share or a ratio, missing when it is undefined (nothing to divide by).
    Ratio,
}

/// The outcomes of one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcomes {
    /// First day the ceasefire collapsed.
    pub ceasefire_collapse_day: Option<u32>,
    /// Number of collapses.
    pub ceasefire_collapses: u32,
    /// Number of re-mediations.
    pub remediations: u32,
    /// First direct state-on-state strike.
    pub first_direct_strike_day: Option<u32>,
    /// First state strike on a host nation's soil.
    pub first_host_strike_day: Option<u32>,
    /// First basing restriction by a host.
    pub first_basing_restriction_day: Option<u32>,
    /// First pre-emptive strike.
    pub first_preemption_day: Option<u32>,
    /// First halt of a mediator's channel.
    pub channel_halt_day: Option<u32>,
    /// First day any dyad reached regional war (rung 4).
    pub regional_war_day: Option<u32>,
    /// Highest rung any dyad reached.
    pub highest_rung: u8,
    /// Dollars spent on munitions fired, all actors.
    pub attack_spending: f64,
    /// Dollars spent on interceptors, all actors.
    pub defence_spending: f64,
    /// Defence spending per dollar of attack spending, when anything was fired.
    pub cost_exchange_ratio: Option<f64>,
    /// Value destroyed, in dollars.
    pub damage: f64,
    /// Debris damage on hosts' soil, in dollars.
    pub debris_damage: f64,
    /// Bases destroyed.
    pub bases_lost: u32,
    /// Strike waves resolved.
    pub strikes: u32,
    /// Militia attacks.
    pub proxy_attacks: u32,
    /// Militia attacks by each militia, by actor index (zero for other actors): what
    /// tells one militia's autonomy from another's. Outside [`Outcomes::fields`], whose
    /// names do not depend on the theatre; [`Outcomes::per_actor`] names them.
    pub proxy_attacks_by: Vec<u32>,
    /// Share of militia attacks on states blamed on the patron.
    pub blamed_on_patron_share: Option<f64>,
    /// Pre-emptive strikes.
    pub preemptions: u32,
    /// Unprovoked strike waves (those the escalation utility drives).
    pub unprovoked_strikes: u32,
    /// Probes.
    pub probes: u32,
    /// Answers to attributed attacks.
    pub answers: u32,
    /// Attacks absorbed without answer.
    pub absorbed: u32,
    /// State strikes on hosts' soil in answer to an adversary.
    pub asymmetric_strikes: u32,
    /// False alarms.
    pub false_alarms: u32,
    /// Real preparations detected.
    pub detections: u32,
    /// Off-ramps taken.
    pub offramps: u32,
    /// Execution errors that became strikes.
    pub accidents: u32,
    /// Munitions intercepted, by type.
    pub intercepted: Munitions,
    /// Munitions that leaked, by type.
    pub leaked: Munitions,
    /// Munitions fired in all strikes.
    pub munitions_fired: f64,
    /// States' arsenals together on day 0.
    pub arsenal_start: f64,
    /// States' arsenals together at the horizon.
    pub arsenal_end: f64,
    /// The deepest red-line layer probed (0: no probe).
    pub deepest_probe: u32,
    /// Hosts that restricted basing.
    pub hosts_restricted: u32,
    /// Days on which some dyad stood at rung 3 (direct exchange) or above.
    pub days_at_rung_3_plus: u32,
    /// Sum of every dyad's Goldstein weights over the run.
    pub goldstein_total: f64,
    /// Munitions delivered to militias.
    pub delivered: f64,
    /// Munitions lost to interdiction.
    pub interdicted: f64,
    /// Violations perceived by each ceasefire party.
    pub violations_perceived: [f64; 2],
    /// Violations really committed by each party.
    pub violations_real: [f64; 2],
}

impl Outcomes {
    /// Every outcome as a named number (absent times and ratios are `None`), in a fixed
    /// order: the interface experiments, sweeps and tuning address outcomes by.
    pub fn fields(&self) -> Vec<(&'static str, Option<f64>)> {
        self.described()
            .into_iter()
            .map(|(name, _, value)| (name, value))
            .collect()
    }

    /// Every outcome's name and kind, in the order of [`Outcomes::fields`], without
    /// running anything: what a table needs to type its columns.
    pub fn kinds() -> Vec<(&'static str, OutcomeKind)> {
        Outcomes::default()
            .described()
            .into_iter()
            .map(|(name, kind, _)| (name, kind))
            .collect()
    }

    fn described(&self) -> Vec<(&'static str, OutcomeKind, Option<f64>)> {
        let day = |d: Option<u32>| d.map(f64::from);
        let flag = |d: Option<u32>| Some(if d.is_some() { 1.0 } else { 0.0 });
        let n = |x: u32| Some(f64::from(x));
        vec![
            (
                "ceasefire_collapse_day",
                OutcomeKind::Day,
                day(self.ceasefire_collapse_day),
            ),
            (
                "ceasefire_collapsed",
                OutcomeKind::Flag,
                flag(self.ceasefire_collapse_day),
            ),
            (
                "ceasefire_collapses",
                OutcomeKind::Count,
                n(self.ceasefire_collapses),
            ),
            ("remediations", OutcomeKind::Count, n(self.remediations)),
            (
                "first_direct_strike_day",
                OutcomeKind::Day,
                day(self.first_direct_strike_day),
            ),
            (
                "direct_strike",
                OutcomeKind::Flag,
                flag(self.first_direct_strike_day),
            ),
            (
                "first_host_strike_day",
                OutcomeKind::Day,
                day(self.first_host_strike_day),
            ),
            (
                "host_strike",
                OutcomeKind::Flag,
                flag(self.first_host_strike_day),
            ),
            (
                "first_basing_restriction_day",
                OutcomeKind::Day,
                day(self.first_basing_restriction_day),
            ),
            (
                "basing_restricted",
                OutcomeKind::Flag,
                flag(self.first_basing_restriction_day),
            ),
            (
                "first_preemption_day",
                OutcomeKind::Day,
                day(self.first_preemption_day),
            ),
            (
                "channel_halt_day",
                OutcomeKind::Day,
                day(self.channel_halt_day),
            ),
            (
                "channel_halted",
                OutcomeKind::Flag,
                flag(self.channel_halt_day),
            ),
            (
                "regional_war_day",
                OutcomeKind::Day,
                day(self.regional_war_day),
            ),
            (
                "regional_war",
                OutcomeKind::Flag,
                flag(self.regional_war_day),
            ),
            (
                "highest_rung",
                OutcomeKind::Count,
                Some(f64::from(self.highest_rung)),
            ),
            (
                "attack_spending",
                OutcomeKind::Amount,
                Some(self.attack_spending),
            ),
            (
                "defence_spending",
                OutcomeKind::Amount,
                Some(self.defence_spending),
            ),
            (
                "cost_exchange_ratio",
                OutcomeKind::Ratio,
                self.cost_exchange_ratio,
            ),
            ("damage", OutcomeKind::Amount, Some(self.damage)),
            (
                "debris_damage",
                OutcomeKind::Amount,
                Some(self.debris_damage),
            ),
            ("bases_lost", OutcomeKind::Count, n(self.bases_lost)),
            ("strikes", OutcomeKind::Count, n(self.strikes)),
            ("proxy_attacks", OutcomeKind::Count, n(self.proxy_attacks)),
            (
                "blamed_on_patron_share",
                OutcomeKind::Ratio,
                self.blamed_on_patron_share,
            ),
            ("preemptions", OutcomeKind::Count, n(self.preemptions)),
            (
                "unprovoked_strikes",
                OutcomeKind::Count,
                n(self.unprovoked_strikes),
            ),
            ("probes", OutcomeKind::Count, n(self.probes)),
            ("answers", OutcomeKind::Count, n(self.answers)),
            ("absorbed", OutcomeKind::Count, n(self.absorbed)),
            (
                "asymmetric_strikes",
                OutcomeKind::Count,
                n(self.asymmetric_strikes),
            ),
            ("false_alarms", OutcomeKind::Count, n(self.false_alarms)),
            ("detections", OutcomeKind::Count, n(self.detections)),
            ("offramps", OutcomeKind::Count, n(self.offramps)),
            ("accidents", OutcomeKind::Count, n(self.accidents)),
            (
                "intercepted_ballistic",
                OutcomeKind::Amount,
                Some(self.intercepted.ballistic.get()),
            ),
            (
                "intercepted_cruise",
                OutcomeKind::Amount,
                Some(self.intercepted.cruise.get()),
            ),
            (
                "intercepted_loitering",
                OutcomeKind::Amount,
                Some(self.intercepted.loitering.get()),
            ),
            ("leaked", OutcomeKind::Amount, Some(self.leaked.total())),
            ("leak_share", OutcomeKind::Ratio, self.leak_share()),
            (
                "munitions_fired",
                OutcomeKind::Amount,
                Some(self.munitions_fired),
            ),
            (
                "arsenal_start",
                OutcomeKind::Amount,
                Some(self.arsenal_start),
            ),
            ("arsenal_end", OutcomeKind::Amount, Some(self.arsenal_end)),
            ("deepest_probe", OutcomeKind::Count, n(self.deepest_probe)),
            (
                "hosts_restricted",
                OutcomeKind::Count,
                n(self.hosts_restricted),
            ),
            (
                "days_at_rung_3_plus",
                OutcomeKind::Count,
                n(self.days_at_rung_3_plus),
            ),
            (
                "goldstein_total",
                OutcomeKind::Amount,
                Some(self.goldstein_total),
            ),
            ("delivered", OutcomeKind::Amount, Some(self.delivered)),
            ("interdicted", OutcomeKind::Amount, Some(self.interdicted)),
            (
                "violations_perceived_a",
                OutcomeKind::Amount,
                Some(self.violations_perceived[0]),
            ),
            (
                "violations_perceived_b",
                OutcomeKind::Amount,
                Some(self.violations_perceived[1]),
            ),
            (
                "violations_real_a",
                OutcomeKind::Amount,
                Some(self.violations_real[0]),
            ),
            (
                "violations_real_b",
                OutcomeKind::Amount,
                Some(self.violations_real[1]),
            ),
        ]
    }

    /// The outcomes of each actor, after [`Outcomes::fields`]: `(outcome, actor index,
    /// value)`, named `outcome.ACTOR_ID` by the crates downstream. Today the militia
    /// attacks of each militia.
    pub fn per_actor(&self) -> impl Iterator<Item = (&'static str, usize, f64)> + '_ {
        self.proxy_attacks_by
            .iter()
            .enumerate()
            .map(|(i, &n)| (Outcomes::PER_ACTOR[0], i, f64::from(n)))
    }

    /// The outcomes [`Outcomes::per_actor`] gives for each actor.
    pub const PER_ACTOR: [&'static str; 1] = ["proxy_attacks"];

    /// The names of [`Outcomes::fields`], without running anything.
    pub fn names() -> Vec<&'static str> {
        Outcomes::default()
            .fields()
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    /// Share of the munitions that met a defence and got through, when any did.
    pub fn leak_share(&self) -> Option<f64> {
        let met = self.leaked.total() + self.intercepted.total();
        (met > 0.0).then(|| self.leaked.total() / met)
    }

    /// One outcome by name.
    pub fn get(&self, name: &str) -> Option<Option<f64>> {
        self.fields()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }
}
