//! Semantic checks: what the schema cannot say because it depends on other values.
//!
//! References (names that must resolve to an actor, territory or asset of the right
//! kind) are checked where they are resolved, in [`crate::resolve`]; everything else is
//! here: unique ids, a patron for every militia, days within the run, pairs of two
//! distinct actors, consistent air-defence layers.

use std::collections::{HashMap, HashSet};

use grayzone_model::DefenceLayer;

use crate::diagnostics::{JsonPath, Problem, Stage, at};
use crate::format::{ActorParams, ScenarioFile, ShockKindEntry};

/// Every semantic problem of a file, except unresolved references.
/// The most hostile dyads between principals a theatre may have (they are numbered in 16
/// bits in every record).
pub const MAX_DYADS: usize = u16::MAX as usize;

pub(crate) fn check(file: &ScenarioFile) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut fail = |path: JsonPath, message: String| {
        problems.push(Problem::new(Stage::Semantics, path, message));
    };

    if file.actors.is_empty() {
        fail(
            at!["actors"],
            "expected at least one actor, found an empty list".into(),
        );
    }

    // The hostile dyads between principals (a militia counts as its first patron) are
    // numbered in 16 bits in every record; a theatre past that is refused, not wrapped.
    {
        let mut side: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
        for s in &file.network.sponsors {
            side.entry(s.militia.as_str()).or_insert(s.patron.as_str());
        }
        let principal = |a: &str| -> String { side.get(a).copied().unwrap_or(a).to_owned() };
        let mut dyads = std::collections::HashSet::new();
        for [a, b] in &file.network.hostile {
            let (x, y) = (principal(a), principal(b));
            if x != y {
                dyads.insert(if x <= y { (x, y) } else { (y, x) });
            }
        }
        if dyads.len() > MAX_DYADS {
            fail(
                at!["network", "hostile"],
                format!(
                    "expected at most {MAX_DYADS} hostile pairs of principals (states and hosts; a militia counts as its patron), found {}, over by {}",
                    dyads.len(),
                    dyads.len() - MAX_DYADS
                ),
            );
        }
    }

    // Actors and territories share one namespace: a strike on "iran" must mean one place.
    let mut shared = Ids::default();
    for (i, actor) in file.actors.iter().enumerate() {
        shared.add(&actor.id, at!["actors", i, "id"], &mut fail);
    }
    for (i, place) in file.territories.iter().enumerate() {
        shared.add(&place.id, at!["territories", i, "id"], &mut fail);
    }
    let mut assets = Ids::default();
    for (i, asset) in file.assets.iter().enumerate() {
        assets.add(&asset.id, at!["assets", i, "id"], &mut fail);
        if asset.hardness.get() <= 0.0 {
            fail(
                at!["assets", i, "hardness"],
                format!(
                    "expected a hardness above 0 (1 is soft), found {}",
                    asset.hardness.get()
                ),
            );
        }
    }
    let mut corridors = Ids::default();
    for (i, corridor) in file.network.transit.iter().enumerate() {
        corridors.add(&corridor.id, at!["network", "transit", i, "id"], &mut fail);
    }
    let mut mediators = Ids::default();
    for (i, mediator) in file.mediators.iter().enumerate() {
        mediators.add(&mediator.id, at!["mediators", i, "id"], &mut fail);
    }

    let patrons: HashSet<&str> = (file.network.sponsors.iter())
        .map(|s| s.militia.as_str())
        .collect();
    for (i, actor) in file.actors.iter().enumerate() {
        let layers = match &actor.params {
            ActorParams::State(state) => &state.air_defence,
            ActorParams::Host(host) => &host.air_defence,
            ActorParams::Militia(_) => {
                if !patrons.contains(actor.id.as_str()) {
                    fail(
                        at!["actors", i, "id"],
                        format!(
                            "militia {:?} has no patron: expected a `network.sponsors` edge \
                             from a state to it",
                            actor.id
                        ),
                    );
                }
                continue;
            }
        };
        for (j, layer) in layers.iter().enumerate() {
            check_layer(layer, at!["actors", i, "air_defence", j], &mut fail);
        }
    }

    let mut sponsored = HashMap::new();
    for (i, edge) in file.network.sponsors.iter().enumerate() {
        let pair = (edge.patron.as_str(), edge.militia.as_str());
        if let Some(first) = sponsored.insert(pair, i) {
            fail(
                at!["network", "sponsors", i, "militia"],
                format!(
                    "{:?} already sponsors {:?} at network.sponsors[{first}]",
                    edge.patron, edge.militia
                ),
            );
        }
    }
    for (i, corridor) in file.network.transit.iter().enumerate() {
        let pair = (corridor.patron.as_str(), corridor.militia.as_str());
        if !sponsored.contains_key(&pair) {
            fail(
                at!["network", "transit", i, "militia"],
                format!(
                    "expected {:?} to sponsor {:?} (a `network.sponsors` edge) for a corridor \
                     between them, found none",
                    corridor.patron, corridor.militia
                ),
            );
        }
    }

    let mut hostile = HashMap::new();
    for (i, [a, b]) in file.network.hostile.iter().enumerate() {
        distinct(
            a,
            b,
            at!["network", "hostile", i, 1],
            "hostile to",
            &mut fail,
        );
        let key = if a <= b { (a, b) } else { (b, a) };
        if let Some(first) = hostile.insert(key, i) {
            fail(
                at!["network", "hostile", i],
                format!("{a:?} and {b:?} are already hostile at network.hostile[{first}]"),
            );
        }
    }
    for (i, edge) in file.network.allied.iter().enumerate() {
        let at = at!["network", "allied", i, "b"];
        distinct(&edge.a, &edge.b, at, "allied with", &mut fail);
    }
    for (i, edge) in file.network.linkage.iter().enumerate() {
        let at = at!["network", "linkage", i, "tied_to"];
        distinct(&edge.actor, &edge.tied_to, at, "linked to", &mut fail);
    }

    let days = file.days;
    if let Some(ceasefire) = &file.ceasefire {
        let [a, b] = &ceasefire.parties;
        distinct(
            a,
            b,
            at!["ceasefire", "parties", 1],
            "at truce with",
            &mut fail,
        );
        if ceasefire.start_day >= days {
            fail(
                at!["ceasefire", "start_day"],
                within(days, ceasefire.start_day),
            );
        }
    }

    if let Some(talks) = &file.negotiation {
        distinct(
            &talks.demander,
            &talks.responder,
            at!["negotiation", "responder"],
            "negotiating with",
            &mut fail,
        );
    }

    for (i, shock) in file.shocks.iter().enumerate() {
        if shock.day >= days {
            fail(at!["shocks", i, "day"], within(days, shock.day));
        }
        if matches!(shock.kind, ShockKindEntry::DeclareCeasefire {}) && file.ceasefire.is_none() {
            fail(
                at!["shocks", i, "kind"],
                "a `declare_ceasefire` shock needs a `ceasefire` block naming the parties, \
                 found none"
                    .into(),
            );
        }
    }

    problems
}

/// `expected a day in [0, 90), found 120`.
fn within(days: u32, day: u32) -> String {
    format!("expected a day in [0, {days}) (the run lasts {days} days), found {day}")
}

fn distinct(
    a: &str,
    b: &str,
    path: JsonPath,
    relation: &str,
    fail: &mut impl FnMut(JsonPath, String),
) {
    if a == b {
        fail(
            path,
            format!("expected two distinct actors, found {a:?} {relation} itself"),
        );
    }
}

fn check_layer(layer: &DefenceLayer, at: JsonPath, fail: &mut impl FnMut(JsonPath, String)) {
    if layer.max_stock.get() < layer.stock.get() {
        fail(
            at.key("max_stock"),
            format!(
                "expected max_stock of at least the stock ({}), found {}",
                layer.stock.get(),
                layer.max_stock.get()
            ),
        );
    }
    if layer.shots_per_target < 1 {
        fail(
            at.key("shots_per_target"),
            format!(
                "expected at least 1 shot per target, found {}",
                layer.shots_per_target
            ),
        );
    }
}

/// One namespace of ids: the first use of an id owns it.
#[derive(Default)]
struct Ids<'f> {
    seen: HashMap<&'f str, JsonPath>,
}

impl<'f> Ids<'f> {
    fn add(&mut self, id: &'f str, at: JsonPath, fail: &mut impl FnMut(JsonPath, String)) {
        if let Some(first) = self.seen.get(id) {
            fail(
                at,
                format!("duplicate id {id:?}: already used at {}", first.parent()),
            );
        } else {
            self.seen.insert(id, at);
        }
    }
}
