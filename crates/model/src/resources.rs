//! Resources: the calendar, the roster of who is who, the theatre-wide rules, and the
//! shared state of mechanisms that belong to no single entity (the ceasefire, mediators,
//! alliances, the cost ledger, the ladder and the run log).

use bevy_ecs::prelude::{Entity, Resource};

use crate::dice::{Dice, Purpose, Roll, Subject};
use crate::events::Event;
use crate::params::{
    AllianceParams, CeasefireParams, DirectiveLevels, LadderParams, Mechanisms, MediatorParams,
    Munitions, Targeting, Verification,
};
use crate::theatre::{ActorIx, AssetIx, AssetKind, ShockSpec, TerritoryIx, TerritorySpec};

/// The day being simulated, the horizon, and the run's dice: every draw of the day is
/// made through the calendar, so it is keyed by the day it is made on.
#[derive(Resource, Clone, Debug, Default)]
pub struct Calendar {
    /// Today (0 is the first day).
    pub day: u32,
    /// Days in this run.
    pub days: u32,
    /// The run's randomness.
    pub dice: Dice,
}

impl Calendar {
    /// Today's stream for one subject and purpose.
    pub fn roll(&self, subject: Subject, purpose: Purpose) -> Roll {
        self.dice.roll(self.day, subject, purpose)
    }
}

/// The kind of an actor, without its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A state.
    State,
    /// A militia.
    Militia,
    /// A host nation.
    Host,
}

/// One actor as other systems look it up.
#[derive(Clone, Debug)]
pub struct ActorEntry {
    /// Its entity.
    pub entity: Entity,
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Territory it stands on.
    pub territory: TerritoryIx,
    /// Its principal: itself for states and hosts, the patron for militias.
    pub side: ActorIx,
}

/// One asset as other systems look it up.
#[derive(Clone, Debug)]
pub struct AssetEntry {
    /// Its entity.
    pub entity: Entity,
    /// Identifier.
    pub id: String,
    /// Kind.
    pub kind: AssetKind,
    /// Owner.
    pub owner: ActorIx,
    /// Location.
    pub location: TerritoryIx,
    /// Value in dollars.
    pub value: f64,
    /// Core or peripheral.
    pub core: bool,
    /// A civilian asset under the owner's protection.
    pub commercial: bool,
}

/// Who is who: lookups from indices to entities and the fixed relations between actors.
#[derive(Resource, Clone, Debug, Default)]
pub struct Roster {
    /// Actors by index.
    pub actors: Vec<ActorEntry>,
    /// Assets by index.
    pub assets: Vec<AssetEntry>,
    /// Territories by index.
    pub territories: Vec<TerritorySpec>,
    /// `hostile[a * n + b]`: a and b are hostile.
    pub hostile: Vec<bool>,
    /// Hostile actors of each actor.
    pub adversaries: Vec<Vec<ActorIx>>,
    /// Militias of each patron.
    pub proxies: Vec<Vec<ActorIx>>,
    /// What each state watches and may act against: its adversaries and their militias.
    pub watch: Vec<Vec<ActorIx>>,
    /// Hosts of each guest.
    pub hosts_of: Vec<Vec<ActorIx>>,
    /// Actors that keep assets on each territory, by territory index.
    pub present: Vec<Vec<ActorIx>>,
    /// Guests of each host.
    pub guests_of: Vec<Vec<ActorIx>>,
    /// The hostile dyads between principals, in a fixed order.
    pub dyads: Vec<(ActorIx, ActorIx)>,
    /// `dyad_of[a * n + b]`: the dyad between the principals of a and b.
    pub dyad_of: Vec<Option<u16>>,
    /// Linkage: for each actor, the actors whose conduct it counts, with weights.
    pub linkage: Vec<Vec<(ActorIx, f64)>>,
    /// Theatre-wide parameters.
    pub rules: Rules,
}

impl Roster {
    /// Number of actors.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// Whether the roster is empty.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    /// The actor entry of an index.
    pub fn actor(&self, a: ActorIx) -> &ActorEntry {
        &self.actors[a.0 as usize]
    }

    /// The asset entry of an index.
    pub fn asset(&self, a: AssetIx) -> &AssetEntry {
        &self.assets[a.0 as usize]
    }

    /// The principal of an actor (its patron for a militia).
    pub fn side(&self, a: ActorIx) -> ActorIx {
        self.actor(a).side
    }

    /// Whether two actors are hostile.
    pub fn is_hostile(&self, a: ActorIx, b: ActorIx) -> bool {
        self.hostile[a.0 as usize * self.len() + b.0 as usize]
    }

    /// The dyad between the principals of two actors, if they are hostile sides.
    pub fn dyad(&self, a: ActorIx, b: ActorIx) -> Option<usize> {
        self.dyad_of[a.0 as usize * self.len() + b.0 as usize].map(usize::from)
    }

    /// Whose soil a territory is.
    pub fn sovereign(&self, t: TerritoryIx) -> Option<ActorIx> {
        self.territories[t.0 as usize].sovereign
    }

    /// Whether a territory is the soil of a host nation.
    pub fn is_host_soil(&self, t: TerritoryIx) -> bool {
        self.sovereign(t)
            .is_some_and(|s| self.actor(s).kind == Kind::Host)
    }
}

/// Theatre-wide parameters (held by the roster).
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// Mechanism switches.
    pub mechanisms: Mechanisms,
    /// The ladder.
    pub ladder: LadderParams,
    /// Alliances.
    pub alliances: AllianceParams,
    /// Directive levels.
    pub directives: DirectiveLevels,
    /// The verification body.
    pub verification: Verification,
    /// Target choice.
    pub targeting: Targeting,
}

/// Scheduled shocks, sorted by day.
#[derive(Resource, Clone, Debug, Default)]
pub struct Shocks(pub Vec<ShockSpec>);

/// Strikes that landed on each actor, today and yesterday (what militias' grievance and
/// hosts' willingness react to).
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Hits {
    /// Strikes today, by actor.
    pub today: Vec<u32>,
    /// Strikes yesterday, by actor.
    pub yesterday: Vec<u32>,
}

/// Spending, damage and interception tallies, by actor and in total.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Ledger {
    /// Dollars spent on munitions fired, by actor.
    pub attack_spending: Vec<f64>,
    /// Dollars spent on interceptors, by actor.
    pub defence_spending: Vec<f64>,
    /// Interceptors spent today, by actor (host budget strain).
    pub defence_spending_today: Vec<f64>,
    /// Value destroyed, by owner.
    pub damage: Vec<f64>,
    /// Debris damage on each actor's soil, in dollars.
    pub debris: Vec<f64>,
    /// Munitions intercepted, by type.
    pub intercepted: Munitions,
    /// Munitions that leaked, by type.
    pub leaked: Munitions,
    /// Strikes (waves) resolved.
    pub strikes: u32,
    /// Munitions fired in all strikes.
    pub fired: f64,
    /// Bases destroyed.
    pub bases_lost: u32,
    /// Munitions delivered to militias.
    pub delivered: f64,
    /// Munitions lost to interdiction.
    pub interdicted: f64,
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
pub struct Truce {
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

/// One mediator and its channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    /// Display name.
    pub name: String,
    /// Parameters.
    pub params: MediatorParams,
    /// Influence today.
    pub influence: f64,
    /// Whether the channel is open.
    pub open: bool,
    /// Sovereignty violations within the window: `(day, party breached)`, the party as
    /// 0 or 1 of the ceasefire's parties.
    pub sovereignty_violations: Vec<(u32, usize)>,
    /// Days since the last violation.
    pub calm_days: u32,
    /// The first day it halted.
    pub first_halt: Option<u32>,
}

/// The mediators' channels.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Channels(pub Vec<Channel>);

impl Channels {
    /// The strongest open channel's influence, or 0.
    pub fn open_influence(&self) -> f64 {
        self.0
            .iter()
            .filter(|c| c.open)
            .map(|c| c.influence)
            .fold(0.0, f64::max)
    }
}

/// Cooperation along each directed alliance tie `(from, to, cooperation)`.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Cooperation {
    /// The ties, in the scenario's order (the order in which sums over them are taken).
    pub ties: Vec<(ActorIx, ActorIx, f64)>,
    /// `(from, to)` to the tie's position, sorted: lookups stay logarithmic in theatres
    /// with thousands of militias.
    lookup: Vec<(ActorIx, ActorIx, usize)>,
}

impl Cooperation {
    /// The ties, indexed for [`Cooperation::of`].
    pub fn new(ties: Vec<(ActorIx, ActorIx, f64)>) -> Cooperation {
        let mut lookup: Vec<_> = ties
            .iter()
            .enumerate()
            .map(|(k, (f, t, _))| (*f, *t, k))
            .collect();
        lookup.sort_unstable();
        Cooperation { ties, lookup }
    }

    /// How many ties run from `from` to `to` (a scenario may list a pair twice).
    pub fn ties_between(&self, from: ActorIx, to: ActorIx) -> usize {
        let i = self
            .lookup
            .partition_point(|(f, t, _)| (*f, *t) < (from, to));
        self.lookup[i..]
            .iter()
            .take_while(|(f, t, _)| (*f, *t) == (from, to))
            .count()
    }

    /// How much `from` cooperates with `to`, if they are allied (the first tie when a
    /// scenario lists the pair twice).
    pub fn of(&self, from: ActorIx, to: ActorIx) -> Option<f64> {
        let i = self
            .lookup
            .partition_point(|(f, t, _)| (*f, *t) < (from, to));
        self.lookup
            .get(i)
            .filter(|(f, t, _)| (*f, *t) == (from, to))
            .map(|(_, _, k)| self.ties[*k].2)
    }
}

/// One day of one dyad on the ladder.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LadderDay {
    /// The highest class of act between the sides that day.
    pub class: u8,
    /// Munitions of direct state-on-state exchange that day.
    pub direct_volume: f64,
}

/// The rolling window of each dyad (MODEL.md section 6).
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Ladder {
    /// For each dyad, the last `window_days` days, oldest first.
    pub windows: Vec<Vec<LadderDay>>,
    /// Today's rung of each dyad (after the day's acts).
    pub rungs: Vec<u8>,
    /// Off-ramps granted today, by dyad (applied by the metrics system).
    pub offramps: Vec<bool>,
}

/// How much of a run to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Detail {
    /// Outcomes and each dyad's daily rung and Goldstein intensity (ensembles).
    #[default]
    Outcomes,
    /// Everything: the full daily rows and every event (single runs, replays).
    Full,
}

/// One dyad on one day, as the time series records it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DyadDay {
    /// The day.
    pub day: u32,
    /// The dyad's index in [`Roster::dyads`].
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
pub struct RunLog {
    /// How much to keep.
    pub detail: Detail,
    /// Daily dyad rows (Full) or rung, Goldstein and ceasefire only (Outcomes: other
    /// fields zero).
    pub rows: Vec<DyadDay>,
    /// Each host's willingness per day: `hosts[day * n_hosts + k]` (Full only).
    pub willingness: Vec<f64>,
    /// Coded events (Full only).
    pub events: Vec<Event>,
    /// First direct state-on-state strike.
    pub first_direct_strike: Option<u32>,
    /// First strike on a host nation's soil.
    pub first_host_strike: Option<u32>,
    /// First basing restriction by a host.
    pub first_restriction: Option<u32>,
    /// First pre-emptive strike.
    pub first_preemption: Option<u32>,
    /// Highest rung reached by any dyad.
    pub highest_rung: u8,
    /// The first day each rung was reached by any dyad.
    pub first_day_at_rung: [Option<u32>; 6],
    /// Militia attacks.
    pub proxy_attacks: u32,
    /// Militia attacks by the militia that made them, by actor index (sized at the start
    /// of a run).
    pub proxy_attacks_by: Vec<u32>,
    /// Militia attacks whose victim blamed the patron.
    pub blamed_on_patron: u32,
    /// Militia attacks on states (the denominator of the share blamed on patrons).
    pub proxy_attacks_on_states: u32,
    /// Pre-emptive strikes.
    pub preemptions: u32,
    /// Unprovoked strike waves.
    pub unprovoked: u32,
    /// Probes.
    pub probes: u32,
    /// False alarms raised.
    pub false_alarms: u32,
    /// Real preparations detected.
    pub detections: u32,
    /// Off-ramps taken.
    pub offramps: u32,
    /// Execution errors that became strikes.
    pub accidents: u32,
    /// Answers made to attributed attacks.
    pub answers: u32,
    /// Attacks absorbed without answer.
    pub absorbed: u32,
    /// Asymmetric strikes on host nations.
    pub asymmetric_strikes: u32,
    /// The deepest red-line layer probed.
    pub deepest_probe: u32,
    /// Every probe: `(day, prober, probed, depth)` (Full only).
    pub probe_log: Vec<(u32, ActorIx, ActorIx, u32)>,
    /// Hosts that restricted basing.
    pub restrictions: u32,
    /// Days on which some dyad stood at rung 3 or above.
    pub days_direct: u32,
    /// Sum of every dyad's Goldstein weights over the run.
    pub goldstein_total: f64,
}
