//! Names to indices: a [`ScenarioFile`] becomes the model's [`Theatre`].
//!
//! This is the one place that looks names up, so it is also where a name that does not
//! resolve, or resolves to the wrong kind of thing, is reported. Resolution goes on past
//! a bad name (with a placeholder index) so that every bad name is reported at once; the
//! theatre is used only when there were none.
//!
//! Indices: actor `i` of the file is `ActorIx(i)`, asset `j` is `AssetIx(j)`. Territories
//! are first the own soil of each state and host, in actor order, then the named
//! territories of the file, in file order.

use std::collections::HashMap;

use grayzone_model::{
    ActorIx, ActorKind, ActorSpec, AlliedSpec, AssetIx, AssetSpec, CeasefireSpec, FlightPathSpec,
    HostingSpec, LinkageSpec, MediatorSpec, NegotiationSpec, NetworkSpec, ReachSpec, ShockKind,
    ShockSpec, SponsorSpec, TerritoryIx, TerritorySpec, Theatre, TransitSpec,
};

use crate::diagnostics::{JsonPath, Problem, Stage, at, suggestion};
use crate::format::{ActorKindName, ActorParams, ScenarioFile, ShockKindEntry};

use ActorKindName::{Host, Militia, State};

/// The theatre of a file, and every reference in it that does not resolve.
pub(crate) fn theatre(file: &ScenarioFile) -> (Theatre, Vec<Problem>) {
    let mut names = Names::new(file);

    let territories = territories(file, &mut names);
    let actors = actors(file, &mut names);
    let assets = file
        .assets
        .iter()
        .enumerate()
        .map(|(i, asset)| {
            let owner = names.actor(&asset.owner, at!["assets", i, "owner"], &[]);
            let location = match &asset.location {
                Some(place) => names.territory(place, at!["assets", i, "location"]),
                None => actors
                    .get(owner.0 as usize)
                    .map_or(TerritoryIx(0), |a| a.territory),
            };
            AssetSpec {
                id: asset.id.clone(),
                name: asset.name.clone().unwrap_or_else(|| asset.id.clone()),
                kind: asset.kind,
                owner,
                location,
                value: asset.value.get(),
                hardness: asset.hardness.get(),
                core: asset.core,
                commercial: asset.commercial,
                relocate_after_strikes: asset.relocate_after_strikes,
            }
        })
        .collect();
    let network = network(file, &mut names);

    let ceasefire = file.ceasefire.as_ref().map(|c| CeasefireSpec {
        parties: (
            names.actor(&c.parties[0], at!["ceasefire", "parties", 0], &[State]),
            names.actor(&c.parties[1], at!["ceasefire", "parties", 1], &[State]),
        ),
        start_day: c.start_day,
        params: c.params.clone(),
    });

    let mediators = file
        .mediators
        .iter()
        .map(|m| MediatorSpec {
            id: m.id.clone(),
            name: m.name.clone().unwrap_or_else(|| m.id.clone()),
            params: m.params.clone(),
        })
        .collect();

    let shocks = file
        .shocks
        .iter()
        .enumerate()
        .map(|(i, shock)| {
            let at = |field| at!["shocks", i, field];
            let kind = match &shock.kind {
                ShockKindEntry::Strike { by, target, salvo } => ShockKind::Strike {
                    by: names.actor(by, at("by"), &[]),
                    target: names.asset(target, at("target")),
                    salvo: *salvo,
                },
                ShockKindEntry::Sanctions { on, level } => ShockKind::Sanctions {
                    on: names.actor(on, at("on"), &[State]),
                    level: level.get(),
                },
                ShockKindEntry::RestrictBasing { host } => ShockKind::RestrictBasing {
                    host: names.actor(host, at("host"), &[Host]),
                },
                ShockKindEntry::DeclareCeasefire {} => ShockKind::DeclareCeasefire,
                ShockKindEntry::Relocate { asset } => ShockKind::Relocate {
                    asset: names.asset(asset, at("asset")),
                },
            };
            ShockSpec {
                day: shock.day,
                label: shock.label.clone(),
                kind,
            }
        })
        .collect();

    let negotiation = file.negotiation.as_ref().map(|n| NegotiationSpec {
        demander: names.actor(&n.demander, at!["negotiation", "demander"], &[State]),
        responder: names.actor(&n.responder, at!["negotiation", "responder"], &[State]),
        params: n.params.clone(),
    });

    let theatre = Theatre {
        name: file.name.clone(),
        actors,
        territories,
        assets,
        network,
        ceasefire,
        mediators,
        negotiation,
        verification: file.verification.clone(),
        shocks,
        mechanisms: file.mechanisms.clone(),
        ladder: file.ladder.clone(),
        alliances: file.alliances.clone(),
        directives: file.directives.clone(),
        targeting: file.targeting.clone(),
    };
    (theatre, names.problems)
}

/// The own soil of every state and host, then the named territories.
fn territories(file: &ScenarioFile, names: &mut Names<'_>) -> Vec<TerritorySpec> {
    let own = file
        .actors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.params.kind() != Militia)
        .map(|(i, a)| TerritorySpec {
            id: a.id.clone(),
            sovereign: Some(ActorIx(i as u32)),
            populated: true,
        });
    let named: Vec<TerritorySpec> = file
        .territories
        .iter()
        .enumerate()
        .map(|(i, t)| TerritorySpec {
            id: t.id.clone(),
            sovereign: t
                .sovereign
                .as_ref()
                .map(|s| names.actor(s, at!["territories", i, "sovereign"], &[State, Host])),
            populated: t.populated,
        })
        .collect();
    own.chain(named).collect()
}

fn actors(file: &ScenarioFile, names: &mut Names<'_>) -> Vec<ActorSpec> {
    file.actors
        .iter()
        .enumerate()
        .map(|(i, actor)| {
            let territory = match (&actor.territory, names.own[i]) {
                (Some(place), _) => names.territory(place, at!["actors", i, "territory"]),
                (None, Some(own)) => own,
                (None, None) => {
                    names.problems.push(Problem::new(
                        Stage::Semantics,
                        at!["actors", i, "territory"],
                        "missing field \"territory\": a militia must name the territory, \
                         state or host it operates from",
                    ));
                    TerritoryIx(0)
                }
            };
            ActorSpec {
                id: actor.id.clone(),
                name: actor.name.clone().unwrap_or_else(|| actor.id.clone()),
                territory,
                kind: match &actor.params {
                    ActorParams::State(p) => ActorKind::State(p.clone()),
                    ActorParams::Militia(p) => ActorKind::Militia(p.clone()),
                    ActorParams::Host(p) => ActorKind::Host(p.clone()),
                },
            }
        })
        .collect()
}

fn network(file: &ScenarioFile, names: &mut Names<'_>) -> NetworkSpec {
    let net = &file.network;
    let at = |list: &'static str, i: usize, field: &'static str| at!["network", list, i, field];
    NetworkSpec {
        sponsors: (net.sponsors.iter().enumerate())
            .map(|(i, e)| SponsorSpec {
                patron: names.actor(&e.patron, at("sponsors", i, "patron"), &[State]),
                militia: names.actor(&e.militia, at("sponsors", i, "militia"), &[Militia]),
                capacity: e.capacity.get(),
                command: e.command.get(),
            })
            .collect(),
        transit: (net.transit.iter().enumerate())
            .map(|(i, e)| TransitSpec {
                id: e.id.clone(),
                patron: names.actor(&e.patron, at("transit", i, "patron"), &[State]),
                militia: names.actor(&e.militia, at("transit", i, "militia"), &[Militia]),
                via: names.territory(&e.via, at("transit", i, "via")),
                capacity: e.capacity.get(),
                exposure: e.exposure.get(),
            })
            .collect(),
        hosts: (net.hosts.iter().enumerate())
            .map(|(i, e)| HostingSpec {
                host: names.actor(&e.host, at("hosts", i, "host"), &[Host]),
                guest: names.actor(&e.guest, at("hosts", i, "guest"), &[State]),
            })
            .collect(),
        hostile: (net.hostile.iter().enumerate())
            .map(|(i, [a, b])| {
                (
                    names.actor(a, at!["network", "hostile", i, 0], &[]),
                    names.actor(b, at!["network", "hostile", i, 1], &[]),
                )
            })
            .collect(),
        allied: (net.allied.iter().enumerate())
            .map(|(i, e)| AlliedSpec {
                a: names.actor(&e.a, at("allied", i, "a"), &[]),
                b: names.actor(&e.b, at("allied", i, "b"), &[]),
                cooperation: e.cooperation.get(),
            })
            .collect(),
        linkage: (net.linkage.iter().enumerate())
            .map(|(i, e)| LinkageSpec {
                actor: names.actor(&e.actor, at("linkage", i, "actor"), &[]),
                tied_to: names.actor(&e.tied_to, at("linkage", i, "tied_to"), &[]),
                weight: e.weight.get(),
            })
            .collect(),
        reach: (net.reach.iter().enumerate())
            .map(|(i, e)| ReachSpec {
                from: names.actor(&e.from, at("reach", i, "from"), &[]),
                to: names.territory(&e.to, at("reach", i, "to")),
                via: e
                    .via
                    .as_ref()
                    .map(|via| names.actor(via, at("reach", i, "via"), &[Host])),
            })
            .collect(),
        flight_paths: (net.flight_paths.iter().enumerate())
            .map(|(i, e)| FlightPathSpec {
                from: names.territory(&e.from, at("flight_paths", i, "from")),
                to: names.territory(&e.to, at("flight_paths", i, "to")),
                over: (e.over.iter().enumerate())
                    .map(|(k, t)| names.territory(t, at!["network", "flight_paths", i, "over", k]))
                    .collect(),
            })
            .collect(),
    }
}

/// What a name in the shared actor and territory namespace stands for.
#[derive(Clone, Copy)]
enum Named {
    Actor(usize),
    Place(usize),
}

/// The namespaces of a file, and the problems met while looking names up.
struct Names<'f> {
    file: &'f ScenarioFile,
    /// Actors and named territories share one namespace (the first use of an id wins;
    /// duplicates are reported by `validate`).
    ids: HashMap<&'f str, Named>,
    assets: HashMap<&'f str, usize>,
    /// The territory index of each actor's own soil (states and hosts only).
    own: Vec<Option<TerritoryIx>>,
    /// How many actors have soil of their own: named territories come after them.
    owned: u32,
    problems: Vec<Problem>,
}

impl<'f> Names<'f> {
    fn new(file: &'f ScenarioFile) -> Self {
        let mut ids = HashMap::new();
        for (i, actor) in file.actors.iter().enumerate() {
            ids.entry(actor.id.as_str()).or_insert(Named::Actor(i));
        }
        for (i, place) in file.territories.iter().enumerate() {
            ids.entry(place.id.as_str()).or_insert(Named::Place(i));
        }
        let mut assets = HashMap::new();
        for (i, asset) in file.assets.iter().enumerate() {
            assets.entry(asset.id.as_str()).or_insert(i);
        }
        let mut next = 0;
        let own = file
            .actors
            .iter()
            .map(|a| {
                (a.params.kind() != Militia).then(|| {
                    next += 1;
                    TerritoryIx(next - 1)
                })
            })
            .collect();
        Names {
            file,
            ids,
            assets,
            own,
            owned: next,
            problems: Vec::new(),
        }
    }

    fn kind_of(&self, i: usize) -> ActorKindName {
        self.file.actors[i].params.kind()
    }

    fn fail(&mut self, path: JsonPath, message: String) {
        self.problems
            .push(Problem::new(Stage::Semantics, path, message));
    }

    /// The actor named `id`, which must be of one of the `kinds` (any kind if empty).
    fn actor(&mut self, id: &str, path: JsonPath, kinds: &[ActorKindName]) -> ActorIx {
        let wanted = wanted(kinds);
        match self.ids.get(id).copied() {
            Some(Named::Actor(i)) if kinds.is_empty() || kinds.contains(&self.kind_of(i)) => {
                return ActorIx(i as u32);
            }
            Some(Named::Actor(i)) => {
                let found = article(self.kind_of(i).label());
                self.fail(path, format!("expected {wanted}, found {id:?}, {found}"));
            }
            Some(Named::Place(_)) => {
                self.fail(
                    path,
                    format!("expected {wanted}, found {id:?}, a territory"),
                );
            }
            None => {
                let file = self.file;
                let of_kind = file
                    .actors
                    .iter()
                    .filter(|a| kinds.is_empty() || kinds.contains(&a.params.kind()));
                let mut hint = suggestion(id, of_kind.map(|a| a.id.as_str()));
                if hint.is_empty() {
                    hint = suggestion(id, file.actors.iter().map(|a| a.id.as_str()));
                }
                self.fail(path, format!("{id:?} is not an actor{hint}"));
            }
        }
        ActorIx(0)
    }

    /// The territory named `id`: a named territory, or a state's or host's own soil.
    fn territory(&mut self, id: &str, path: JsonPath) -> TerritoryIx {
        match self.ids.get(id).copied() {
            Some(Named::Place(i)) => return TerritoryIx(self.owned + i as u32),
            Some(Named::Actor(i)) => match self.own[i] {
                Some(own) => return own,
                None => self.fail(
                    path,
                    format!(
                        "expected a territory, found {id:?}, a militia (a militia has no soil \
                         of its own: name the territory it operates from)"
                    ),
                ),
            },
            None => {
                let file = self.file;
                let places = (file.territories.iter().map(|t| t.id.as_str())).chain(
                    (file.actors.iter())
                        .filter(|a| a.params.kind() != Militia)
                        .map(|a| a.id.as_str()),
                );
                let hint = suggestion(id, places);
                self.fail(path, format!("{id:?} is not a territory{hint}"));
            }
        }
        TerritoryIx(0)
    }

    fn asset(&mut self, id: &str, path: JsonPath) -> AssetIx {
        if let Some(&i) = self.assets.get(id) {
            return AssetIx(i as u32);
        }
        let hint = suggestion(id, self.file.assets.iter().map(|a| a.id.as_str()));
        self.fail(path, format!("{id:?} is not an asset{hint}"));
        AssetIx(0)
    }
}

/// `a state`, `a state or a host`, `an actor`.
fn wanted(kinds: &[ActorKindName]) -> String {
    if kinds.is_empty() {
        return "an actor".into();
    }
    (kinds.iter().map(|k| article(k.label())))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn article(noun: &str) -> String {
    format!("a {noun}")
}
