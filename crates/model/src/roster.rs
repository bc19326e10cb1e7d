//! The roster: who is who in a theatre, and the theatre-wide rules, read by every
//! mechanism and changed by none during a run.

use std::ops::Deref;
use std::sync::Arc;

use bevy_ecs::prelude::{Entity, FromWorld, Resource, World};

use crate::mechanisms::alliances::AllianceParams;
use crate::mechanisms::directives::DirectiveLevels;
use crate::mechanisms::intelligence::Verification;
use crate::mechanisms::ladder::LadderParams;
use crate::mechanisms::targeting::Targeting;
use crate::params::Mechanisms;
use crate::theatre::{ActorIx, AssetIx, AssetKind, TerritoryIx, TerritorySpec};

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
pub struct RosterActor {
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
pub struct RosterAsset {
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
    /// Waves aimed at it after which its functions are relocated out of reach.
    pub relocate_after_strikes: Option<u32>,
}

/// Who is who: lookups from indices to entities and the fixed relations between actors.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    /// Actors by index.
    pub actors: Vec<RosterActor>,
    /// Assets by index.
    pub assets: Vec<RosterAsset>,
    /// Territories by index.
    pub territories: Vec<TerritorySpec>,
    /// Each actor's hostile actors, sorted, for [`Roster::is_hostile`]: a list per actor
    /// rather than an n × n table, so memory grows with the hostile pairs, not with the
    /// square of the actors.
    pub hostile: Vec<Vec<ActorIx>>,
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
    /// The assets on each territory, by territory index, in index order: what an
    /// attacker's reach leads to without scanning every asset of the theatre.
    pub assets_at: Vec<Vec<AssetIx>>,
    /// Guests of each host.
    pub guests_of: Vec<Vec<ActorIx>>,
    /// The hostile dyads between principals, in a fixed order.
    pub dyads: Vec<(ActorIx, ActorIx)>,
    /// For each principal, the other principals it has a dyad with and that dyad's
    /// index, sorted: [`Roster::dyad`] looks up the principals of two actors here.
    pub dyads_of: Vec<Vec<(ActorIx, u16)>>,
    /// Linkage: for each actor, the actors whose conduct it counts, with weights.
    pub linkage: Vec<Vec<(ActorIx, f64)>>,
    /// Theatre-wide parameters.
    pub rules: Rules,
}

/// The roster as the world holds it. It never changes after set-up, so it is shared: a
/// system keeps its own handle from its first run (`Local<SharedRoster>`) instead of
/// looking the roster up in the world every day, which cost each of the day's twenty
/// systems a hundred-odd instructions a day (issue "Performance and scale").
#[derive(Resource, Clone, Debug)]
pub struct SharedRoster(pub Arc<Roster>);

impl Deref for SharedRoster {
    type Target = Roster;

    fn deref(&self) -> &Roster {
        &self.0
    }
}

impl FromWorld for SharedRoster {
    fn from_world(world: &mut World) -> Self {
        world.resource::<SharedRoster>().clone()
    }
}

impl Roster {
    /// Number of actors.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// The actor entry of an index.
    pub fn actor(&self, a: ActorIx) -> &RosterActor {
        &self.actors[a.0 as usize]
    }

    /// The asset entry of an index.
    pub fn asset(&self, a: AssetIx) -> &RosterAsset {
        &self.assets[a.0 as usize]
    }

    /// The principal of an actor (its patron for a militia).
    pub fn side(&self, a: ActorIx) -> ActorIx {
        self.actor(a).side
    }

    /// Whether two actors are hostile.
    pub fn is_hostile(&self, a: ActorIx, b: ActorIx) -> bool {
        self.hostile[a.0 as usize].binary_search(&b).is_ok()
    }

    /// The dyad between the principals of two actors, if they are hostile sides.
    pub fn dyad(&self, a: ActorIx, b: ActorIx) -> Option<usize> {
        let of = &self.dyads_of[self.side(a).0 as usize];
        let other = self.side(b);
        of.binary_search_by_key(&other, |&(p, _)| p)
            .ok()
            .map(|i| usize::from(of[i].1))
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
