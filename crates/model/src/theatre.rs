//! The theatre: a resolved, validated description of one scenario, as plain data.
//!
//! The scenario crate parses a file, checks it and turns names into indices; the model
//! builds its world from a `Theatre` and never sees a file. Indices are positions in the
//! vectors below: `ActorIx(3)` is `actors[3]`.

use crate::*;

/// Index of an actor in [`Theatre::actors`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorIx(pub u32);

/// Index of an asset in [`Theatre::assets`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssetIx(pub u32);

/// Index of a territory in [`Theatre::territories`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TerritoryIx(pub u32);

/// A complete theatre: actors, assets, the network, diplomacy and shocks.
#[derive(Clone, Debug, Default)]
pub struct Theatre {
    /// Short name (used for output folders and chart titles).
    pub name: String,
    /// States, militias and host nations.
    pub actors: Vec<ActorSpec>,
    /// Places where assets stand and strikes land; every actor owns the territory with
    /// its own index in [`ActorSpec::territory`].
    pub territories: Vec<TerritorySpec>,
    /// Bases, ports, radars, drone stores, refineries, shipping lanes, vessels.
    pub assets: Vec<AssetSpec>,
    /// The relations of MODEL.md section 4.
    pub network: NetworkSpec,
    /// The ceasefire, if one stands on day 0 or is declared later.
    pub ceasefire: Option<CeasefireSpec>,
    /// Mediators and their channels.
    pub mediators: Vec<MediatorSpec>,
    /// Talks in which one state puts demands to another, if any.
    pub negotiation: Option<NegotiationSpec>,
    /// The verification body.
    pub verification: Verification,
    /// Scheduled shocks.
    pub shocks: Vec<ShockSpec>,
    /// Mechanism switches.
    pub mechanisms: Mechanisms,
    /// The escalation ladder.
    pub ladder: LadderParams,
    /// Alliance dynamics.
    pub alliances: AllianceParams,
    /// What each directive means to a militia.
    pub directives: DirectiveLevels,
    /// How attackers choose targets.
    pub targeting: Targeting,
}

/// One actor.
#[derive(Clone, Debug)]
pub struct ActorSpec {
    /// Identifier as written in the scenario (for example "irgc").
    pub id: String,
    /// Display name (for example "Iran (IRGC)").
    pub name: String,
    /// The territory the actor stands on (its own soil for states and hosts, the
    /// territory it operates from for militias).
    pub territory: TerritoryIx,
    /// Kind and kind-specific parameters.
    pub kind: ActorKind,
}

/// What kind of actor, with its parameters.
#[derive(Clone, Debug)]
pub enum ActorKind {
    /// A state.
    State(Box<StateParams>),
    /// A militia (proxy).
    Militia(Box<MilitiaParams>),
    /// A host nation.
    Host(Box<HostParams>),
}

impl ActorKind {
    /// The kind's name as scenarios write it.
    pub fn label(&self) -> &'static str {
        match self {
            ActorKind::State(_) => "state",
            ActorKind::Militia(_) => "militia",
            ActorKind::Host(_) => "host",
        }
    }
}

/// A territory.
#[derive(Clone, Debug)]
pub struct TerritorySpec {
    /// Identifier (an actor's id for its own soil, or a named place such as "strait_of_hormuz").
    pub id: String,
    /// Whose soil it is: a strike here violates that actor's sovereignty.
    pub sovereign: Option<ActorIx>,
    /// Whether interceptions overhead can cause debris damage to civilians.
    pub populated: bool,
}

/// Kinds of assets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize, serde::Serialize, schemars::JsonSchema),
    serde(rename_all = "snake_case")
)]
pub enum AssetKind {
    /// A military base.
    Base,
    /// A port.
    Port,
    /// A radar or surveillance installation.
    Radar,
    /// A drone or missile store.
    DroneStore,
    /// A launcher or launch site.
    Launcher,
    /// A refinery or other energy infrastructure.
    Refinery,
    /// A shipping lane.
    ShippingLane,
    /// A vessel (naval or commercial).
    Vessel,
    /// A command centre.
    Command,
}

impl AssetKind {
    /// Every kind, in the order scenarios list them.
    pub const ALL: [AssetKind; 9] = [
        AssetKind::Base,
        AssetKind::Port,
        AssetKind::Radar,
        AssetKind::DroneStore,
        AssetKind::Launcher,
        AssetKind::Refinery,
        AssetKind::ShippingLane,
        AssetKind::Vessel,
        AssetKind::Command,
    ];

    /// The kind's name as scenarios write it.
    pub fn label(self) -> &'static str {
        match self {
            AssetKind::Base => "base",
            AssetKind::Port => "port",
            AssetKind::Radar => "radar",
            AssetKind::DroneStore => "drone_store",
            AssetKind::Launcher => "launcher",
            AssetKind::Refinery => "refinery",
            AssetKind::ShippingLane => "shipping_lane",
            AssetKind::Vessel => "vessel",
            AssetKind::Command => "command",
        }
    }

    /// Whether a strike on it counts as a strike on launch capability (pre-emption).
    pub fn is_launch_capability(self) -> bool {
        matches!(self, AssetKind::DroneStore | AssetKind::Launcher)
    }
}

/// An asset.
#[derive(Clone, Debug)]
pub struct AssetSpec {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: AssetKind,
    /// Who owns it.
    pub owner: ActorIx,
    /// Where it stands.
    pub location: TerritoryIx,
    /// Value in US dollars (what its destruction costs the owner).
    pub value: f64,
    /// Hardness: leaker damage is divided by it (1 is soft).
    pub hardness: f64,
    /// Core assets are struck only at the deepest probing layer and by full answers;
    /// peripheral ones first.
    pub core: bool,
    /// A civilian asset under the owner's protection: striking it is a grey-zone act.
    pub commercial: bool,
    /// Doctrine of relocation (seed 002's remedy): after this many strike waves aimed at
    /// it, its functions move out of every attacker's reach (0: before the crisis).
    pub relocate_after_strikes: Option<u32>,
}

/// The relations of MODEL.md section 4.
#[derive(Clone, Debug, Default)]
pub struct NetworkSpec {
    /// Patron -> militia.
    pub sponsors: Vec<SponsorSpec>,
    /// Patron -> territory -> militia corridors.
    pub transit: Vec<TransitSpec>,
    /// Host -> guest basing.
    pub hosts: Vec<HostingSpec>,
    /// Hostile pairs (symmetric).
    pub hostile: Vec<(ActorIx, ActorIx)>,
    /// Allied pairs with their cooperation on day 0 (symmetric pairs, directional
    /// cooperation).
    pub allied: Vec<AlliedSpec>,
    /// Linkage across theatres.
    pub linkage: Vec<LinkageSpec>,
    /// Who can strike where.
    pub reach: Vec<ReachSpec>,
    /// What raids fly over on their way (forward and coalition defence).
    pub flight_paths: Vec<FlightPathSpec>,
}

/// A flight path: a raid launched from `from` at a target in `to` crosses `over`, in
/// order; the sovereigns of those territories and the victim's allies with assets there
/// engage it before the target's own layers (April 2024: Jordan and US, UK and French
/// aircraft over Jordan and Iraq against Iran's raid on Israel).
#[derive(Clone, Debug)]
pub struct FlightPathSpec {
    /// Where raids are launched (the attacker's territory).
    pub from: TerritoryIx,
    /// Where their targets stand.
    pub to: TerritoryIx,
    /// The territories crossed, in the order flown.
    pub over: Vec<TerritoryIx>,
}

/// Sponsorship of a militia by its patron.
#[derive(Clone, Debug)]
pub struct SponsorSpec {
    /// The patron state.
    pub patron: ActorIx,
    /// The militia.
    pub militia: ActorIx,
    /// Munitions the patron sends per day at most.
    pub capacity: f64,
    /// How strongly the patron's directive binds the militia (with its autonomy).
    pub command: f64,
}

/// A transit corridor through a third country's territory.
#[derive(Clone, Debug)]
pub struct TransitSpec {
    /// Identifier.
    pub id: String,
    /// The patron at the source.
    pub patron: ActorIx,
    /// The militia at the end.
    pub militia: ActorIx,
    /// The territory crossed.
    pub via: TerritoryIx,
    /// Munitions per day the corridor carries.
    pub capacity: f64,
    /// Probability that a convoy is interdicted at full interdiction effort.
    pub exposure: f64,
}

/// A host nation's basing of a guest.
#[derive(Clone, Debug)]
pub struct HostingSpec {
    /// The host nation.
    pub host: ActorIx,
    /// The guest state.
    pub guest: ActorIx,
}

/// An alliance.
#[derive(Clone, Debug)]
pub struct AlliedSpec {
    /// One partner.
    pub a: ActorIx,
    /// The other partner.
    pub b: ActorIx,
    /// Cooperation on day 0, both ways.
    pub cooperation: f64,
}

/// Linkage: `actor` ties its compliance to `tied_to`'s conduct in another theatre.
#[derive(Clone, Debug)]
pub struct LinkageSpec {
    /// Who links (Iran, seed 002).
    pub actor: ActorIx,
    /// Whose conduct counts (Israel's operations in southern Lebanon).
    pub tied_to: ActorIx,
    /// Perceived violations per hostile act of `tied_to` against `actor`'s side.
    pub weight: f64,
}

/// Reach: `from` can strike assets located in `to`, possibly only through a host's basing.
#[derive(Clone, Debug)]
pub struct ReachSpec {
    /// The attacker.
    pub from: ActorIx,
    /// The territory it can strike.
    pub to: TerritoryIx,
    /// The host whose basing this reach depends on, if any.
    pub via: Option<ActorIx>,
}

/// The ceasefire.
#[derive(Clone, Debug)]
pub struct CeasefireSpec {
    /// The two parties (their militias count as their sides).
    pub parties: (ActorIx, ActorIx),
    /// Day it takes effect (0: in force from the start).
    pub start_day: u32,
    /// Tolerance, window, re-mediation.
    pub params: CeasefireParams,
}

/// Talks in which one state puts demands to another (seed 003).
#[derive(Clone, Debug)]
pub struct NegotiationSpec {
    /// The state that puts the demands.
    pub demander: ActorIx,
    /// The state that answers them.
    pub responder: ActorIx,
    /// The terms.
    pub params: crate::mechanisms::negotiation::NegotiationParams,
}

/// A mediator.
#[derive(Clone, Debug)]
pub struct MediatorSpec {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Influence and channel.
    pub params: MediatorParams,
}

/// A scheduled shock.
#[derive(Clone, Debug)]
pub struct ShockSpec {
    /// The day it happens (0 is the first day).
    pub day: u32,
    /// A short label for charts ("commercial vessel struck").
    pub label: String,
    /// What happens.
    pub kind: ShockKind,
}

/// What a shock does.
#[derive(Clone, Debug)]
pub enum ShockKind {
    /// An actor strikes an asset with a salvo.
    Strike {
        /// The attacker.
        by: ActorIx,
        /// The asset struck.
        target: AssetIx,
        /// The salvo.
        salvo: Munitions,
    },
    /// Sanctions on a state change to a new level.
    Sanctions {
        /// The sanctioned state.
        on: ActorIx,
        /// The new share of output lost.
        level: f64,
    },
    /// A host restricts a guest's basing.
    RestrictBasing {
        /// The host.
        host: ActorIx,
    },
    /// The ceasefire is declared (or re-declared).
    DeclareCeasefire,
    /// An asset's functions are moved out of every attacker's reach.
    Relocate {
        /// The asset.
        asset: AssetIx,
    },
}
