//! Building a world from a theatre: one entity per actor and per asset with the
//! components every mechanism shares, the roster, the network, the messages between
//! mechanisms, then every mechanism's own resources, components and systems through its
//! `setup` (see [`crate::setup`]).

use std::collections::HashSet;

use bevy_ecs::prelude::*;

use crate::components::*;
use crate::mechanisms::SETUPS;
use crate::mechanisms::host_nations::HostParams;
use crate::mechanisms::proxy_decisions::MilitiaParams;
use crate::messages::{Act, Attributed, Interdiction, StrikeOrder, StrikeReport};
use crate::network::Network;
use crate::params::StateParams;
use crate::roster::{Kind, Roster, RosterActor, RosterAsset, Rules, SharedRoster};
use crate::schedule::{day_schedule, reset_schedule};
use crate::setup::Setup;
use crate::theatre::{ActorIx, ActorKind, AssetIx, SponsorSpec, Theatre};

/// A built world, its two schedules and its message queues.
pub(crate) struct Built {
    pub world: World,
    pub day: Schedule,
    pub reset: Schedule,
    /// Each message queue's turn of the day (`false`) or emptying before a run (`true`).
    pub messages: Vec<fn(&mut World, bool)>,
}

/// Builds the world of a theatre with every mechanism in it.
pub(crate) fn build(theatre: &Theatre) -> Built {
    let mut world = World::new();
    let roster = populate(&mut world, theatre);
    world.insert_resource(SharedRoster(std::sync::Arc::new(roster)));
    world.insert_resource(Network::new(theatre));
    let (mut day, mut reset) = (day_schedule(), reset_schedule());
    let mut messages = Vec::new();
    let mut setup = Setup {
        world: &mut world,
        theatre,
        day: &mut day,
        reset: &mut reset,
        messages: &mut messages,
    };
    // The vocabulary between mechanisms, and the components several of them change.
    setup.message::<StrikeOrder>();
    setup.message::<StrikeReport>();
    setup.message::<Interdiction>();
    setup.message::<Attributed>();
    setup.message::<Act>();
    setup.restore::<Health>();
    setup.restore::<Arsenal>();
    setup.restore::<Interceptors>();
    for add in SETUPS {
        add(&mut setup);
    }
    Built {
        world,
        day,
        reset,
        messages,
    }
}

/// Spawns a theatre's entities and returns its roster.
fn populate(world: &mut World, theatre: &Theatre) -> Roster {
    let n = theatre.actors.len();
    let mut roster = Roster {
        territories: theatre.territories.clone(),
        hostile: vec![Vec::new(); n],
        adversaries: vec![Vec::new(); n],
        proxies: vec![Vec::new(); n],
        watch: vec![Vec::new(); n],
        hosts_of: vec![Vec::new(); n],
        guests_of: vec![Vec::new(); n],
        linkage: vec![Vec::new(); n],
        dyads_of: vec![Vec::new(); n],
        ..Roster::default()
    };
    let net = &theatre.network;
    let mut side: Vec<ActorIx> = (0..n).map(|i| ActorIx(i as u32)).collect();
    // Each militia's first sponsorship, by actor index (found once, not searched for
    // each militia: a theatre may have a hundred thousand).
    let mut sponsor_of = vec![None; n];
    for s in &net.sponsors {
        side[s.militia.0 as usize] = s.patron;
        roster.proxies[s.patron.0 as usize].push(s.militia);
        sponsor_of[s.militia.0 as usize].get_or_insert(s);
    }
    for (i, spec) in theatre.actors.iter().enumerate() {
        let ix = ActorIx(i as u32);
        let actor = Actor { ix };
        let entity = match &spec.kind {
            ActorKind::State(p) => spawn_state(world, actor, p),
            ActorKind::Militia(p) => spawn_militia(world, actor, p, sponsor_of[i]),
            ActorKind::Host(p) => spawn_host(world, actor, p),
        };
        let kind = match spec.kind {
            ActorKind::State(_) => Kind::State,
            ActorKind::Militia(_) => Kind::Militia,
            ActorKind::Host(_) => Kind::Host,
        };
        roster.actors.push(RosterActor {
            entity,
            id: spec.id.clone(),
            name: spec.name.clone(),
            kind,
            territory: spec.territory,
            side: side[i],
        });
    }
    for spec in &theatre.assets {
        let profile = AssetProfile {
            kind: spec.kind,
            value: spec.value,
            hardness: spec.hardness,
        };
        let entity = world
            .spawn((profile, Health(1.0), Initial(Health(1.0))))
            .id();
        roster.assets.push(RosterAsset {
            entity,
            id: spec.id.clone(),
            kind: spec.kind,
            owner: spec.owner,
            location: spec.location,
            value: spec.value,
            core: spec.core,
            commercial: spec.commercial,
            relocate_after_strikes: spec.relocate_after_strikes,
        });
    }
    relate(&mut roster, theatre, &side);
    roster.rules = Rules {
        mechanisms: theatre.mechanisms.clone(),
        ladder: theatre.ladder.clone(),
        alliances: theatre.alliances.clone(),
        directives: theatre.directives.clone(),
        verification: theatre.verification.clone(),
        targeting: theatre.targeting.clone(),
    };
    roster
}

/// The fixed relations between actors: who keeps assets where, who is hostile to whom,
/// what each state watches, hosting, linkage, and the hostile dyads between principals.
fn relate(roster: &mut Roster, theatre: &Theatre, side: &[ActorIx]) {
    let n = theatre.actors.len();
    let net = &theatre.network;
    roster.present = vec![Vec::new(); theatre.territories.len()];
    roster.assets_at = vec![Vec::new(); theatre.territories.len()];
    for (i, a) in theatre.assets.iter().enumerate() {
        let here = &mut roster.present[a.location.0 as usize];
        if !here.contains(&a.owner) {
            here.push(a.owner);
        }
        roster.assets_at[a.location.0 as usize].push(AssetIx(i as u32));
    }
    // Adversaries in the order the file declares them (the order mechanisms iterate);
    // the same, sorted, for lookups.
    let mut seen = HashSet::new();
    for &(a, b) in &net.hostile {
        for (x, y) in [(a, b), (b, a)] {
            if seen.insert((x, y)) {
                roster.adversaries[x.0 as usize].push(y);
            }
        }
    }
    for (sorted, adversaries) in roster.hostile.iter_mut().zip(&roster.adversaries) {
        sorted.clone_from(adversaries);
        sorted.sort_unstable();
    }
    for s in 0..n {
        let mut watch = roster.adversaries[s].clone();
        for a in &roster.adversaries[s] {
            watch.extend(roster.proxies[a.0 as usize].iter().copied());
        }
        watch.sort();
        watch.dedup();
        roster.watch[s] = watch;
    }
    for h in &net.hosts {
        roster.hosts_of[h.guest.0 as usize].push(h.host);
        roster.guests_of[h.host.0 as usize].push(h.guest);
    }
    for l in &net.linkage {
        roster.linkage[l.actor.0 as usize].push((l.tied_to, l.weight));
    }
    // The dyads between principals in the order their first hostile pair is declared,
    // each indexed from both of its principals.
    let mut known = HashSet::new();
    for &(a, b) in &net.hostile {
        let (x, y) = ordered(side[a.0 as usize], side[b.0 as usize]);
        if x == y || !known.insert((x, y)) {
            continue;
        }
        let d = roster.dyads.len() as u16;
        roster.dyads.push((x, y));
        roster.dyads_of[x.0 as usize].push((y, d));
        roster.dyads_of[y.0 as usize].push((x, d));
    }
    for of in &mut roster.dyads_of {
        of.sort_unstable();
    }
}

fn ordered(a: ActorIx, b: ActorIx) -> (ActorIx, ActorIx) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Spawns a component together with its day-0 copy.
fn with_initial<T: Component + Clone>(value: T) -> (T, Initial<T>) {
    (value.clone(), Initial(value))
}

fn spawn_state(world: &mut World, actor: Actor, p: &StateParams) -> Entity {
    let stocks: Vec<f64> = p.air_defence.iter().map(|l| l.stock.get()).collect();
    world
        .spawn((
            actor,
            StateProfile(Box::new(p.clone())),
            with_initial(Arsenal(p.arsenal)),
            with_initial(Interceptors(stocks)),
        ))
        .id()
}

fn spawn_militia(
    world: &mut World,
    actor: Actor,
    p: &MilitiaParams,
    sponsor: Option<&SponsorSpec>,
) -> Entity {
    let mut entity = world.spawn((
        actor,
        MilitiaProfile(Box::new(p.clone())),
        with_initial(Arsenal(p.arsenal)),
    ));
    if let Some(s) = sponsor {
        entity.insert(Sponsor {
            patron: s.patron,
            command: s.command,
        });
    }
    entity.id()
}

fn spawn_host(world: &mut World, actor: Actor, p: &HostParams) -> Entity {
    let stocks: Vec<f64> = p.air_defence.iter().map(|l| l.stock.get()).collect();
    world
        .spawn((
            actor,
            HostProfile(Box::new(p.clone())),
            with_initial(Interceptors(stocks)),
        ))
        .id()
}
