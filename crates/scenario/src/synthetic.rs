//! Synthetic theatres of any size (MODEL.md section 7): many patrons, thousands of
//! militias, a scale-free sponsorship network, for experiments and for measuring scale.
//!
//! One great power (`blue`) keeps bases in every host nation and every region; each
//! patron is hostile to it and sponsors militias. Sponsorship grows by preferential
//! attachment with patrons entering over time (Price's model), so the number of militias
//! per patron is heavy-tailed: a few patrons sponsor most militias, as in a scale-free
//! network. The theatre is written as a
//! scenario file's text and read back through the normal checks, so it is exactly what
//! an analyst could have written by hand, and every parameter is a default except those
//! drawn here.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

use crate::{Diagnostics, Scenario};

/// The size and seed of a synthetic theatre.
#[derive(Clone, Debug, PartialEq)]
pub struct Synthetic {
    /// States that sponsor militias (at least 1), all hostile to `blue`.
    pub patrons: usize,
    /// Militias, each sponsored by one patron.
    pub militias: usize,
    /// Host nations of `blue`'s bases.
    pub hosts: usize,
    /// Seed of the generator; also the scenario's own `seed`.
    pub seed: u64,
    /// The scenario's `days`.
    pub days: u32,
}

/// Militias per region: regions are where militias live and convoys pass.
const MILITIAS_PER_REGION: usize = 20;

impl Synthetic {
    /// The theatre as a checked scenario (its origin names the sizes and seed).
    pub fn scenario(&self) -> Result<Scenario, Diagnostics> {
        let text = serde_json::to_string_pretty(&self.document()).unwrap_or_default();
        Scenario::from_str(&text, &format!("{}.json", self.name()))
    }

    /// The scenario's name: its sizes and seed.
    pub fn name(&self) -> String {
        format!(
            "synthetic-p{}-m{}-h{}-s{}",
            self.patrons, self.militias, self.hosts, self.seed
        )
    }

    fn document(&self) -> Value {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let patrons: Vec<String> = (0..self.patrons.max(1))
            .map(|i| format!("patron_{i}"))
            .collect();
        let hosts: Vec<String> = (0..self.hosts).map(|i| format!("host_{i}")).collect();
        let regions: Vec<String> = (0..self.militias.div_ceil(MILITIAS_PER_REGION).max(1))
            .map(|i| format!("region_{i}"))
            .collect();

        let mut actors = vec![json!({
            "id": "blue", "name": "Blue (great power)", "kind": "state",
            "arsenal": { "ballistic": 0, "cruise": 600, "loitering": 200 },
            "air_defence": [ { "name": "Patriot", "stock": 80, "max_stock": 80, "resupply_per_day": 1,
                "pk": { "ballistic": 0.75, "cruise": 0.85, "loitering": 0.9 },
                "shots_per_target": 1, "engagements_per_wave": 24, "unit_cost": 4200000 } ],
            "attribution": { "policy": 0.5 }
        })];
        let mut assets = Vec::new();
        let mut network = Network::default();
        for p in &patrons {
            actors.push(json!({
                "id": p, "kind": "state",
                "arsenal": { "ballistic": rng.random_range(50..300), "cruise": rng.random_range(20..150), "loitering": rng.random_range(200..1000) },
                "air_defence": [ { "name": "Area defence", "stock": 30, "max_stock": 30, "resupply_per_day": 0.2,
                    "pk": { "ballistic": 0.2, "cruise": 0.35, "loitering": 0.4 },
                    "shots_per_target": 2, "engagements_per_wave": 8, "unit_cost": 1000000 } ],
                "factions": { "hardliners": round2(rng.random_range(0.3..0.7)) }
            }));
            for kind in ["radar", "drone_store", "launcher", "command"] {
                assets.push(json!({
                    "id": format!("{p}_{kind}"), "kind": kind, "owner": p, "location": p,
                    "value": rng.random_range(1..10) * 100_000_000_u64,
                    "hardness": rng.random_range(1..4),
                    "core": kind == "command"
                }));
            }
            network.hostile.push(json!(["blue", p]));
            network.reach.push(json!({ "from": "blue", "to": p }));
            for h in &hosts {
                network.reach.push(json!({ "from": p, "to": h }));
            }
            for r in &regions {
                network.reach.push(json!({ "from": p, "to": r }));
            }
        }
        for h in &hosts {
            actors.push(json!({
                "id": h, "kind": "host",
                "willingness": round2(rng.random_range(0.6..0.9)), "restrict_below": 0.3,
                "air_defence": [ { "name": "Host Patriot", "stock": 30, "max_stock": 30, "resupply_per_day": 0.2,
                    "pk": { "ballistic": 0.7, "cruise": 0.8, "loitering": 0.85 },
                    "shots_per_target": 1, "engagements_per_wave": 12, "unit_cost": 4200000 } ]
            }));
            assets.push(json!({ "id": format!("{h}_base"), "kind": "base", "owner": "blue", "location": h, "value": 1_000_000_000_u64, "hardness": 3 }));
            assets.push(json!({ "id": format!("{h}_refinery"), "kind": "refinery", "owner": h, "location": h, "value": 2_000_000_000_u64 }));
            network.hosts.push(json!({ "host": h, "guest": "blue" }));
            network.allied.push(
                json!({ "a": h, "b": "blue", "cooperation": round2(rng.random_range(0.6..0.9)) }),
            );
        }
        for r in &regions {
            assets.push(json!({ "id": format!("{r}_outpost"), "kind": "base", "owner": "blue", "location": r, "value": 300_000_000_u64, "hardness": 2 }));
            network.reach.push(json!({ "from": "blue", "to": r }));
        }

        // Preferential attachment with patrons entering over time (Price's model): patron
        // j enters with the (j * militias / patrons)-th militia, and every other militia
        // picks an entered patron with probability proportional to the militias it has
        // plus the mean number per patron (its attractiveness). Early, large patrons grow
        // larger; the militias per patron are heavy-tailed, like a scale-free network's
        // degrees, without one patron taking all.
        let attractiveness = (self.militias / patrons.len()).max(1);
        let mut sponsored = vec![0usize; patrons.len()];
        let mut entered = 0;
        for i in 0..self.militias {
            let patron = if entered < patrons.len() && i >= entered * self.militias / patrons.len()
            {
                entered += 1;
                entered - 1
            } else {
                let mut pick = rng.random_range(0..i + entered * attractiveness);
                sponsored[..entered]
                    .iter()
                    .position(|n| {
                        let weight = n + attractiveness;
                        let hit = pick < weight;
                        pick = pick.saturating_sub(weight);
                        hit
                    })
                    .unwrap_or(0)
            };
            sponsored[patron] += 1;
            let (id, p) = (format!("militia_{i}"), &patrons[patron]);
            let home = &regions[rng.random_range(0..regions.len())];
            actors.push(json!({
                "id": id, "kind": "militia", "territory": home,
                "autonomy": round2(rng.random_range(0.1..0.9)),
                "arsenal": { "ballistic": 0, "cruise": rng.random_range(0..20), "loitering": rng.random_range(5..40) },
                "attack_rate": round2(rng.random_range(0.01..0.08)),
                "signature": round2(rng.random_range(0.3..0.8))
            }));
            network.sponsors.push(json!({ "patron": p, "militia": id, "capacity": rng.random_range(1..4), "command": round2(rng.random_range(0.5..0.9)) }));
            if regions.len() > 1 && rng.random_bool(0.5) {
                let via = &regions[rng.random_range(0..regions.len())];
                if via != home {
                    network.transit.push(json!({ "id": format!("{id}_corridor"), "patron": p, "militia": id, "via": via, "capacity": 1, "exposure": round2(rng.random_range(0.05..0.3)) }));
                }
            }
            network.hostile.push(json!(["blue", id]));
            network.allied.push(
                json!({ "a": id, "b": p, "cooperation": round2(rng.random_range(0.5..0.9)) }),
            );
            network.reach.push(json!({ "from": id, "to": home }));
        }

        let mut territories: Vec<Value> = regions
            .iter()
            .map(|r| json!({ "id": r, "populated": true }))
            .collect();
        territories.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        json!({
            "name": self.name(),
            "description": format!(
                "A synthetic theatre: {} patrons hostile to one great power, {} militias sponsored by preferential attachment, {} host nations (grayzone generate, seed {}).",
                patrons.len(), self.militias, self.hosts, self.seed
            ),
            "days": self.days,
            "seed": self.seed,
            "territories": territories,
            "actors": actors,
            "assets": assets,
            "network": {
                "sponsors": network.sponsors,
                "transit": network.transit,
                "hosts": network.hosts,
                "hostile": network.hostile,
                "allied": network.allied,
                "reach": network.reach
            },
            "ceasefire": { "parties": ["blue", "patron_0"], "tolerance": 3, "window_days": 14 },
            "mediators": [ { "id": "channel", "name": "Mediation channel", "influence": 0.5 } ]
        })
    }
}

#[derive(Default)]
struct Network {
    sponsors: Vec<Value>,
    transit: Vec<Value>,
    hosts: Vec<Value>,
    hostile: Vec<Value>,
    allied: Vec<Value>,
    reach: Vec<Value>,
}

/// Two decimals: generated files read like hand-written ones.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(patrons: usize, militias: usize, seed: u64) -> Synthetic {
        Synthetic {
            patrons,
            militias,
            hosts: 3,
            seed,
            days: 30,
        }
    }

    #[test]
    fn the_theatre_is_a_valid_scenario_of_the_asked_size() {
        let s = spec(4, 120, 7).scenario().unwrap();
        let theatre = s.theatre();
        assert_eq!(theatre.actors.len(), 1 + 4 + 3 + 120);
        assert_eq!(s.name(), "synthetic-p4-m120-h3-s7");
    }

    #[test]
    fn the_same_seed_gives_the_same_text_and_another_seed_another() {
        let text = |seed| {
            spec(3, 50, seed)
                .scenario()
                .unwrap()
                .to_json_string_pretty()
        };
        assert_eq!(text(1), text(1));
        assert_ne!(text(1), text(2));
    }

    #[test]
    fn sponsorship_is_concentrated_by_preferential_attachment() {
        let s = spec(20, 2000, 3).scenario().unwrap();
        let sponsors = s.document()["network"]["sponsors"]
            .as_array()
            .unwrap()
            .clone();
        let mut counts = vec![0usize; 20];
        for e in &sponsors {
            let p = e["patron"].as_str().unwrap();
            counts[p["patron_".len()..].parse::<usize>().unwrap()] += 1;
        }
        counts.sort_unstable_by(|a, b| b.cmp(a));
        // Were militias spread evenly, the top four patrons would hold about 20%.
        let top4: usize = counts[..4].iter().sum();
        assert!(
            top4 * 100 > 2000 * 35,
            "top four patrons hold {top4} of 2000: {counts:?}"
        );
        assert!(
            counts.iter().all(|c| *c > 0),
            "every patron sponsors: {counts:?}"
        );
    }
}
