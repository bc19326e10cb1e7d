//! Building a world from a theatre: one entity per actor and per asset, the roster, the
//! rules and every resource a run starts from.

use bevy_ecs::prelude::*;

use crate::components::*;
use crate::messages::{Act, Attributed, Interdiction, StrikeOrder, StrikeReport};
use crate::network::Network;
use crate::resources::*;
use crate::theatre::{ActorIx, ActorKind, Theatre};

/// Spawns a theatre's entities and inserts its resources into an empty world.
pub fn populate(world: &mut World, theatre: &Theatre) {
    let n = theatre.actors.len();
    let mut roster = Roster {
        territories: theatre.territories.clone(),
        hostile: vec![false; n * n],
        adversaries: vec![Vec::new(); n],
        proxies: vec![Vec::new(); n],
        watch: vec![Vec::new(); n],
        hosts_of: vec![Vec::new(); n],
        guests_of: vec![Vec::new(); n],
        linkage: vec![Vec::new(); n],
        dyad_of: vec![None; n * n],
        ..Roster::default()
    };
    let net = &theatre.network;
    let mut side: Vec<ActorIx> = (0..n).map(|i| ActorIx(i as u32)).collect();
    for s in &net.sponsors {
        side[s.militia.0 as usize] = s.patron;
        roster.proxies[s.patron.0 as usize].push(s.militia);
    }
    for (i, spec) in theatre.actors.iter().enumerate() {
        let ix = ActorIx(i as u32);
        let actor = Actor {
            ix,
            territory: spec.territory,
        };
        let entity = match &spec.kind {
            ActorKind::State(p) => spawn_state(world, actor, p, n),
            ActorKind::Militia(p) => {
                let sponsor = net.sponsors.iter().find(|s| s.militia == ix);
                spawn_militia(world, actor, p, sponsor)
            }
            ActorKind::Host(p) => spawn_host(world, actor, p),
        };
        let kind = match spec.kind {
            ActorKind::State(_) => Kind::State,
            ActorKind::Militia(_) => Kind::Militia,
            ActorKind::Host(_) => Kind::Host,
        };
        roster.actors.push(ActorEntry {
            entity,
            id: spec.id.clone(),
            name: spec.name.clone(),
            kind,
            territory: spec.territory,
            side: side[i],
        });
    }
    for (i, spec) in theatre.assets.iter().enumerate() {
        let profile = AssetProfile {
            ix: crate::theatre::AssetIx(i as u32),
            kind: spec.kind,
            owner: spec.owner,
            location: spec.location,
            value: spec.value,
            hardness: spec.hardness,
            core: spec.core,
        };
        let entity = world
            .spawn((profile, Health(1.0), Initial(Health(1.0))))
            .id();
        roster.assets.push(AssetEntry {
            entity,
            id: spec.id.clone(),
            kind: spec.kind,
            owner: spec.owner,
            location: spec.location,
            value: spec.value,
            core: spec.core,
            commercial: spec.commercial,
        });
    }
    roster.present = vec![Vec::new(); theatre.territories.len()];
    for a in &theatre.assets {
        let here = &mut roster.present[a.location.0 as usize];
        if !here.contains(&a.owner) {
            here.push(a.owner);
        }
    }
    for &(a, b) in &net.hostile {
        for (x, y) in [(a, b), (b, a)] {
            if !roster.hostile[x.0 as usize * n + y.0 as usize] {
                roster.hostile[x.0 as usize * n + y.0 as usize] = true;
                roster.adversaries[x.0 as usize].push(y);
            }
        }
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
    for &(a, b) in &net.hostile {
        let pair = ordered(side[a.0 as usize], side[b.0 as usize]);
        if pair.0 != pair.1 && !roster.dyads.contains(&pair) {
            roster.dyads.push(pair);
        }
    }
    for x in 0..n {
        for y in 0..n {
            let pair = ordered(side[x], side[y]);
            roster.dyad_of[x * n + y] = roster
                .dyads
                .iter()
                .position(|d| *d == pair)
                .map(|d| d as u16);
        }
    }

    let dyads = roster.dyads.len();
    roster.rules = Rules {
        mechanisms: theatre.mechanisms.clone(),
        ladder: theatre.ladder.clone(),
        alliances: theatre.alliances.clone(),
        directives: theatre.directives.clone(),
        verification: theatre.verification.clone(),
        targeting: theatre.targeting.clone(),
    };
    let mut shocks = theatre.shocks.clone();
    shocks.sort_by_key(|s| s.day);
    world.insert_resource(Shocks(shocks));
    world.insert_resource(Calendar::default());
    world.insert_resource(Network::new(theatre));
    world.insert_resource(Hits {
        today: vec![0; n],
        yesterday: vec![0; n],
    });
    world.insert_resource(Ledger {
        attack_spending: vec![0.0; n],
        defence_spending: vec![0.0; n],
        defence_spending_today: vec![0.0; n],
        damage: vec![0.0; n],
        debris: vec![0.0; n],
        ..Ledger::default()
    });
    world.insert_resource(truce(theatre));
    world.insert_resource(Channels(
        theatre
            .mediators
            .iter()
            .map(|m| Channel {
                name: m.name.clone(),
                params: m.params.clone(),
                influence: m.params.influence.get(),
                open: true,
                sovereignty_violations: Vec::new(),
                calm_days: 0,
                first_halt: None,
            })
            .collect(),
    ));
    world.insert_resource(Cooperation::new(
        net.allied
            .iter()
            .flat_map(|a| [(a.a, a.b, a.cooperation), (a.b, a.a, a.cooperation)])
            .collect(),
    ));
    world.insert_resource(Ladder {
        windows: vec![Vec::new(); dyads],
        rungs: vec![0; dyads],
        offramps: vec![false; dyads],
    });
    world.insert_resource(RunLog::default());
    world.insert_resource(roster);
    world.init_resource::<Messages<StrikeOrder>>();
    world.init_resource::<Messages<StrikeReport>>();
    world.init_resource::<Messages<Interdiction>>();
    world.init_resource::<Messages<Attributed>>();
    world.init_resource::<Messages<Act>>();
}

fn ordered(a: ActorIx, b: ActorIx) -> (ActorIx, ActorIx) {
    if a <= b { (a, b) } else { (b, a) }
}

fn truce(theatre: &Theatre) -> Truce {
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

/// Spawns a component together with its day-0 copy.
fn with_initial<T: Component + Clone>(value: T) -> (T, Initial<T>) {
    (value.clone(), Initial(value))
}

fn spawn_state(
    world: &mut World,
    actor: Actor,
    p: &crate::params::StateParams,
    n: usize,
) -> Entity {
    let stocks: Vec<f64> = p.air_defence.iter().map(|l| l.stock.get()).collect();
    let fresh_probe = ProbeTrack {
        depth: 1,
        rate_factor: 1.0,
        outstanding: None,
    };
    world
        .spawn((
            actor,
            StateProfile(Box::new(p.clone())),
            with_initial(Arsenal(p.arsenal)),
            with_initial(Interceptors(stocks)),
            with_initial(Credibility(p.credibility.initial.get())),
            with_initial(FactionBalance(p.factions.hardliners.get())),
            with_initial(Legitimacy(0.0)),
            with_initial(Sanctions(p.economy.sanctions.get())),
            with_initial(Perception {
                threat: vec![0.0; n],
            }),
            with_initial(Grudges::default()),
        ))
        .insert((
            with_initial(Probes(vec![fresh_probe; n])),
            with_initial(Received(vec![0.0; n])),
            with_initial(Plans::default()),
            with_initial(LastThreat(vec![None; n])),
        ))
        .id()
}

fn spawn_militia(
    world: &mut World,
    actor: Actor,
    p: &crate::params::MilitiaParams,
    sponsor: Option<&crate::theatre::SponsorSpec>,
) -> Entity {
    let state = ProxyState {
        strength: p.strength.get(),
        command_integrity: p.command_integrity.get(),
        grievance: p.grievance.initial.get(),
        recent_losses: 0.0,
        preparing: None,
        benign_move: false,
    };
    let mut entity = world.spawn((
        actor,
        MilitiaProfile(Box::new(p.clone())),
        with_initial(Arsenal(p.arsenal)),
        with_initial(state),
        with_initial(Directive::Restrain),
    ));
    if let Some(s) = sponsor {
        entity.insert(Sponsor {
            patron: s.patron,
            command: s.command,
        });
    }
    entity.id()
}

fn spawn_host(world: &mut World, actor: Actor, p: &crate::params::HostParams) -> Entity {
    let stocks: Vec<f64> = p.air_defence.iter().map(|l| l.stock.get()).collect();
    world
        .spawn((
            actor,
            HostProfile(Box::new(p.clone())),
            with_initial(Interceptors(stocks)),
            with_initial(Willingness {
                value: p.willingness.get(),
                restricted: false,
            }),
        ))
        .id()
}
