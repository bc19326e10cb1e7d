//! The scenario file format as plain serde types, one per JSON object.
//!
//! These types are what a file says, names and all; the crate turns them into the
//! model's [`grayzone_model::Theatre`], with names replaced by indices. Parameter
//! blocks are the model's own types (`StateParams`, `MilitiaParams`, ...), written flat on
//! the object that carries them, so a path reads `actors[3].autonomy`. Doc comments here
//! become the descriptions of the published JSON Schema, so they speak to the analyst
//! who writes the file.
//!
//! Types that flatten a parameter block into an object with fields of its own (actors,
//! the ceasefire, mediators, shocks) cannot use serde's `deny_unknown_fields`; their
//! schemas (see [`crate::json_schema`]) close them instead, and the schema check runs
//! before deserialisation.

use grayzone_model::{
    AllianceParams, Amount, AssetKind, CeasefireParams, DirectiveLevels, HostParams, LadderParams,
    Mechanisms, MediatorParams, MilitiaParams, Munitions, NegotiationParams, Probability,
    StateParams, Targeting, Verification,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What an identifier may hold: letters, digits, `_` and `-`, so that it reads the same
/// in a parameter path (`actors.kataib_hezbollah.autonomy`).
pub const ID_PATTERN: &str = "^[A-Za-z0-9_-]+$";

/// The most actors a scenario may hold. The model's tables now grow with the actors and
/// their relations, not with their square; what bounds a theatre is reading its file: a
/// theatre of 100,000 militias is a 77 MB file that takes about 1.3 GB to read and check
/// (docs/performance.md, "Scale"), so 200,000 actors stay within about 2.5 GB.
pub const MAX_ACTORS: usize = 200_000;

/// A scenario: one theatre, its actors and network, its ceasefire and scheduled shocks.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// The JSON Schema this file follows (editors use it for completion and checks).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Short name, used for output folders and chart titles.
    pub name: String,
    /// What the scenario reproduces and which sources it cites.
    #[serde(default)]
    pub description: String,
    /// Length of one run in days (one tick is one day), from 1 to 100000.
    #[schemars(range(min = 1, max = 100_000))]
    pub days: u32,
    /// Seed of the random number generator (run `i` of an ensemble derives its own).
    #[serde(default)]
    pub seed: u64,
    /// Named places beyond the actors' own soil (every state and host is a territory
    /// with its own id already): straits, third countries, occupied areas.
    #[serde(default)]
    pub territories: Vec<TerritoryEntry>,
    /// States, militias and host nations; at least one, at most 200,000.
    #[schemars(length(max = MAX_ACTORS))]
    pub actors: Vec<ActorEntry>,
    /// Bases, ports, radars, drone stores, refineries, shipping lanes, vessels.
    #[serde(default)]
    pub assets: Vec<AssetEntry>,
    /// The relations between actors.
    #[serde(default)]
    pub network: NetworkEntry,
    /// The ceasefire, if one stands on `start_day` or is declared by a shock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "CeasefireEntry")]
    pub ceasefire: Option<CeasefireEntry>,
    /// Mediators and their diplomatic channels.
    #[serde(default)]
    pub mediators: Vec<MediatorEntry>,
    /// Talks in which one state puts its demands to another (seed 003), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NegotiationEntry")]
    pub negotiation: Option<NegotiationEntry>,
    /// The verification body.
    #[serde(default)]
    pub verification: Verification,
    /// Scheduled shocks.
    #[serde(default)]
    pub shocks: Vec<ShockEntry>,
    /// Switches for each mechanism (all on by default), to measure each effect alone.
    #[serde(default)]
    pub mechanisms: Mechanisms,
    /// The escalation ladder.
    #[serde(default)]
    pub ladder: LadderParams,
    /// Alliance dynamics.
    #[serde(default)]
    pub alliances: AllianceParams,
    /// What each directive of a patron means to its militias.
    #[serde(default)]
    pub directives: DirectiveLevels,
    /// How attackers choose among the targets in reach.
    #[serde(default)]
    pub targeting: Targeting,
}

/// A named place. Strikes land on territories; a strike on a sovereign's territory
/// violates its sovereignty.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TerritoryEntry {
    /// Identifier, unique among actors and territories.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// Whether interceptions overhead can cause debris damage to civilians.
    #[serde(default = "yes")]
    pub populated: bool,
    /// The state or host whose soil it is, if any.
    #[serde(default)]
    pub sovereign: Option<String>,
}

/// An actor: a state, a militia or a host nation, with the parameters of its kind
/// written flat on the same object.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
pub struct ActorEntry {
    /// Identifier, unique among actors and territories (for example "irgc").
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// Display name (for example "Iran (IRGC)"); defaults to the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The territory it stands on. States and hosts stand on their own soil (a
    /// territory with the actor's id) unless this says otherwise; a militia must name
    /// the territory, state or host it operates from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<String>,
    /// The kind, with its parameters.
    #[serde(flatten)]
    pub params: ActorParams,
}

/// The kind of an actor (the `kind` field) and its parameters.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActorParams {
    /// A state: arsenal, air defence, doctrine, credibility, economy, factions,
    /// intelligence.
    State(Box<StateParams>),
    /// A militia (proxy): autonomy, strength, command integrity, arsenal, grievance.
    Militia(Box<MilitiaParams>),
    /// A host nation: willingness to host, air defence, budget, exposed infrastructure.
    Host(Box<HostParams>),
}

impl ActorParams {
    /// The kind's name as files write it.
    pub fn kind(&self) -> ActorKindName {
        match self {
            ActorParams::State(_) => ActorKindName::State,
            ActorParams::Militia(_) => ActorKindName::Militia,
            ActorParams::Host(_) => ActorKindName::Host,
        }
    }
}

/// The three kinds of actors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActorKindName {
    /// A state.
    State,
    /// A militia.
    Militia,
    /// A host nation.
    Host,
}

impl ActorKindName {
    /// The kind's name as files write it.
    pub fn label(self) -> &'static str {
        match self {
            ActorKindName::State => "state",
            ActorKindName::Militia => "militia",
            ActorKindName::Host => "host",
        }
    }
}

/// An asset: what strikes aim at.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetEntry {
    /// Identifier, unique among assets.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// Display name; defaults to the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What it is.
    pub kind: AssetKind,
    /// The actor that owns it.
    pub owner: String,
    /// The territory where it stands; defaults to the owner's territory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Value in US dollars: what its destruction costs the owner.
    #[serde(default = "default_asset_value")]
    pub value: Amount,
    /// Hardness: leaker damage is divided by it (1 is soft; must be above 0).
    #[serde(default = "one")]
    pub hardness: Amount,
    /// Core assets are struck only at the deepest probing layer and by full answers;
    /// peripheral ones first.
    #[serde(default)]
    pub core: bool,
    /// A civilian asset under the owner's protection (a merchant ship, a shipping lane):
    /// striking it is maritime interdiction, a grey-zone act (seed 002, phase 1), not a
    /// direct strike on the owner's forces; the owner still holds it against the attacker.
    #[serde(default)]
    pub commercial: bool,
    /// Doctrine of relocation (seed 002's remedy: command functions moved "at sea or
    /// outside the immediate range" of the adversary's missiles): after this many strike
    /// waves aimed at it, its functions leave every attacker's reach from the next day; 0
    /// moves them before the crisis. Left out: never relocated (a `relocate` shock can
    /// still move it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relocate_after_strikes: Option<u32>,
}

/// The relations between actors, one list per kind of edge.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkEntry {
    /// Patron state -> militia: supply and command. Every militia needs at least one.
    pub sponsors: Vec<SponsorEdge>,
    /// Supply corridors through a third territory, from a patron to a militia it sponsors.
    pub transit: Vec<TransitEdge>,
    /// Host nation -> guest state basing.
    pub hosts: Vec<HostingEdge>,
    /// Hostile pairs of actors, as `[a, b]` (symmetric).
    pub hostile: Vec<[String; 2]>,
    /// Alliances.
    pub allied: Vec<AlliedEdge>,
    /// Linkage across theatres.
    pub linkage: Vec<LinkageEdge>,
    /// Who can strike which territory.
    pub reach: Vec<ReachEdge>,
    /// What raids fly over on their way to their targets (forward and coalition defence).
    pub flight_paths: Vec<FlightPathEdge>,
}

/// Sponsorship of a militia by its patron.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SponsorEdge {
    /// The patron: a state.
    pub patron: String,
    /// The militia.
    pub militia: String,
    /// Munitions the patron sends per day at most.
    #[serde(default = "default_sponsor_capacity")]
    pub capacity: Amount,
    /// How strongly the patron's directive binds the militia (with its autonomy).
    #[serde(default = "default_command")]
    pub command: Probability,
}

/// A supply corridor through a third territory.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitEdge {
    /// Identifier, unique among corridors.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// The patron at the source: a state that sponsors `militia`.
    pub patron: String,
    /// The militia at the end.
    pub militia: String,
    /// The territory crossed.
    pub via: String,
    /// Munitions per day the corridor carries.
    #[serde(default = "default_transit_capacity")]
    pub capacity: Amount,
    /// Probability that a convoy is interdicted at full interdiction effort.
    #[serde(default = "default_exposure")]
    pub exposure: Probability,
}

/// A host nation's basing of a guest state.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HostingEdge {
    /// The host nation.
    pub host: String,
    /// The guest state.
    pub guest: String,
}

/// An alliance between two actors.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlliedEdge {
    /// One partner.
    pub a: String,
    /// The other partner.
    pub b: String,
    /// Cooperation on day 0, both ways.
    #[serde(default = "default_cooperation")]
    pub cooperation: Probability,
}

/// Linkage: `actor` ties its compliance to `tied_to`'s conduct in another theatre
/// (seed 002: Iran ties Hormuz compliance to Israeli operations in southern Lebanon).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkageEdge {
    /// Who links.
    pub actor: String,
    /// Whose conduct counts.
    pub tied_to: String,
    /// Perceived violations per hostile act of `tied_to` against `actor`'s side.
    #[serde(default = "one")]
    pub weight: Amount,
}

/// Reach: `from` can strike assets located in `to`, possibly only through a host's basing.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReachEdge {
    /// The attacker.
    pub from: String,
    /// The territory (or state or host soil) it can strike.
    pub to: String,
    /// The host whose basing this reach depends on, if any.
    #[serde(default)]
    pub via: Option<String>,
}

/// A flight path: raids launched from `from` at targets standing in `to` cross `over`,
/// in order; the sovereign of each crossed territory (defending its airspace) and the
/// victim's allies with assets there engage them first.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlightPathEdge {
    /// The territory raids are launched from (an attacker's own soil is its id).
    pub from: String,
    /// The territory where their targets stand.
    pub to: String,
    /// The territories crossed, in the order flown.
    pub over: Vec<String>,
}

/// The ceasefire between two parties; their militias count as their sides.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
pub struct CeasefireEntry {
    /// The two parties: two distinct states.
    pub parties: [String; 2],
    /// Day it takes effect (0: in force from the start).
    #[serde(default)]
    pub start_day: u32,
    /// Tolerance, window, re-mediation.
    #[serde(flatten)]
    pub params: CeasefireParams,
}

/// Talks in which one state puts demands to another, one small concession at a time
/// (seed 003, the salami-slicing strategy), while some mediator's channel is open.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
pub struct NegotiationEntry {
    /// The state that puts the demands.
    pub demander: String,
    /// The state that answers them.
    pub responder: String,
    /// The objective, how it is sliced, and how the responder judges each demand.
    #[serde(flatten)]
    pub params: NegotiationParams,
}

/// A mediator and its diplomatic channel.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
pub struct MediatorEntry {
    /// Identifier, unique among mediators.
    #[schemars(pattern(ID_PATTERN))]
    pub id: String,
    /// Display name; defaults to the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Influence and channel.
    #[serde(flatten)]
    pub params: MediatorParams,
}

/// A scheduled shock: something that happens on a given day whatever the actors decide.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
pub struct ShockEntry {
    /// The day it happens (0 is the first day; before `days`).
    pub day: u32,
    /// A short label for charts ("commercial vessel struck").
    #[serde(default)]
    pub label: String,
    /// What happens.
    #[serde(flatten)]
    pub kind: ShockKindEntry,
}

/// What a shock does (the `kind` field) and on whom.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ShockKindEntry {
    /// An actor strikes an asset with a salvo.
    Strike {
        /// The attacker.
        by: String,
        /// The asset struck.
        target: String,
        /// The salvo.
        #[serde(default)]
        salvo: Munitions,
    },
    /// Sanctions on a state change to a new level.
    Sanctions {
        /// The sanctioned state.
        on: String,
        /// The new share of its military output lost.
        level: Probability,
    },
    /// A host restricts its guests' basing.
    RestrictBasing {
        /// The host nation.
        host: String,
    },
    /// The ceasefire (the `ceasefire` block) is declared, or re-declared.
    DeclareCeasefire {},
    /// An asset's functions are moved out of every attacker's reach (seed 002's remedy).
    Relocate {
        /// The asset.
        asset: String,
    },
}

fn yes() -> bool {
    true
}

fn one() -> Amount {
    Amount(1.0)
}

/// A mid-sized installation: $100M.
fn default_asset_value() -> Amount {
    Amount(1e8)
}

fn default_sponsor_capacity() -> Amount {
    Amount(2.0)
}

fn default_transit_capacity() -> Amount {
    Amount(2.0)
}

fn default_command() -> Probability {
    Probability(0.8)
}

fn default_exposure() -> Probability {
    Probability(0.2)
}

fn default_cooperation() -> Probability {
    Probability(0.7)
}
