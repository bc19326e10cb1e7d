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

use std::io::{self, Write};

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

/// The lists of a scenario file the generator fills, in the file's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    Actors,
    Assets,
    Sponsors,
    Transit,
    Hosts,
    Hostile,
    Allied,
    Reach,
}

impl List {
    fn key(self) -> &'static str {
        match self {
            List::Actors => "actors",
            List::Assets => "assets",
            List::Sponsors => "sponsors",
            List::Transit => "transit",
            List::Hosts => "hosts",
            List::Hostile => "hostile",
            List::Allied => "allied",
            List::Reach => "reach",
        }
    }
}

impl Synthetic {
    /// The theatre as a checked scenario (its origin names the sizes and seed).
    pub fn scenario(&self) -> Result<Scenario, Diagnostics> {
        let mut text = Vec::new();
        // Writing to memory cannot fail.
        let _ = self.write(&mut text);
        Scenario::from_str(
            &String::from_utf8_lossy(&text),
            &format!("{}.json", self.name()),
        )
    }

    /// The scenario's name: its sizes and seed.
    pub fn name(&self) -> String {
        format!(
            "synthetic-p{}-m{}-h{}-s{}",
            self.patrons, self.militias, self.hosts, self.seed
        )
    }

    fn regions(&self) -> usize {
        self.militias.div_ceil(MILITIAS_PER_REGION).max(1)
    }

    /// Writes the theatre as a scenario file's text, one entry a line. The theatre is
    /// never held whole: the generator runs once for each list of the file and writes
    /// only that list's entries, so a million militias take the memory of the patrons'
    /// counts and the regions' order, not of the document (8 GB when it was built first).
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let description = format!(
            "A synthetic theatre: {} patrons hostile to one great power, {} militias sponsored by preferential attachment, {} host nations (grayzone generate, seed {}).",
            self.patrons.max(1),
            self.militias,
            self.hosts,
            self.seed
        );
        writeln!(out, "{{")?;
        writeln!(out, "  \"name\": {},", json!(self.name()))?;
        writeln!(out, "  \"description\": {},", json!(description))?;
        writeln!(out, "  \"days\": {},", self.days)?;
        writeln!(out, "  \"seed\": {},", self.seed)?;
        // Territories in the order of their names, as a hand-written file would list them.
        let mut regions: Vec<u32> = (0..self.regions() as u32).collect();
        regions.sort_by_cached_key(|r| format!("region_{r}"));
        write!(out, "  \"territories\": [")?;
        for (k, r) in regions.into_iter().enumerate() {
            let territory = json!({ "id": format!("region_{r}"), "populated": true });
            write!(out, "{}\n    {territory}", if k == 0 { "" } else { "," })?;
        }
        writeln!(out, "\n  ],")?;
        self.write_list(out, "  ", List::Actors)?;
        writeln!(out, ",")?;
        self.write_list(out, "  ", List::Assets)?;
        writeln!(out, ",")?;
        writeln!(out, "  \"network\": {{")?;
        let network = [
            List::Sponsors,
            List::Transit,
            List::Hosts,
            List::Hostile,
            List::Allied,
            List::Reach,
        ];
        for (k, list) in network.into_iter().enumerate() {
            self.write_list(out, "    ", list)?;
            writeln!(out, "{}", if k + 1 < network.len() { "," } else { "" })?;
        }
        writeln!(out, "  }},")?;
        let ceasefire =
            json!({ "parties": ["blue", "patron_0"], "tolerance": 3, "window_days": 14 });
        writeln!(out, "  \"ceasefire\": {ceasefire},")?;
        let mediators =
            json!([ { "id": "channel", "name": "Mediation channel", "influence": 0.5 } ]);
        writeln!(out, "  \"mediators\": {mediators}")?;
        writeln!(out, "}}")
    }

    /// One list of the file: a run of the generator that writes only its entries.
    fn write_list(&self, out: &mut dyn Write, indent: &str, list: List) -> io::Result<()> {
        write!(out, "{indent}\"{}\": [", list.key())?;
        let mut first = true;
        self.generate(&mut |of, entry| {
            if of == list {
                write!(out, "{}\n{indent}  {entry}", if first { "" } else { "," })?;
                first = false;
            }
            Ok(())
        })?;
        if !first {
            write!(out, "\n{indent}")?;
        }
        write!(out, "]")
    }

    /// Draws the theatre and hands each entry to `emit` with its list, in the order of
    /// the draws: every run of it gives the same entries.
    fn generate(&self, emit: &mut dyn FnMut(List, Value) -> io::Result<()>) -> io::Result<()> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let patrons: Vec<String> = (0..self.patrons.max(1))
            .map(|i| format!("patron_{i}"))
            .collect();
        let hosts: Vec<String> = (0..self.hosts).map(|i| format!("host_{i}")).collect();
        let regions = self.regions();
        let region = |r: usize| format!("region_{r}");

        emit(
            List::Actors,
            json!({
                "id": "blue", "name": "Blue (great power)", "kind": "state",
                "arsenal": { "ballistic": 0, "cruise": 600, "loitering": 200 },
                "air_defence": [ { "name": "Patriot", "stock": 80, "max_stock": 80, "resupply_per_day": 1,
                    "pk": { "ballistic": 0.75, "cruise": 0.85, "loitering": 0.9 },
                    "shots_per_target": 1, "engagements_per_wave": 24, "unit_cost": 4200000 } ],
                "attribution": { "policy": 0.5 }
            }),
        )?;
        for p in &patrons {
            emit(
                List::Actors,
                json!({
                    "id": p, "kind": "state",
                    "arsenal": { "ballistic": rng.random_range(50..300), "cruise": rng.random_range(20..150), "loitering": rng.random_range(200..1000) },
                    "air_defence": [ { "name": "Area defence", "stock": 30, "max_stock": 30, "resupply_per_day": 0.2,
                        "pk": { "ballistic": 0.2, "cruise": 0.35, "loitering": 0.4 },
                        "shots_per_target": 2, "engagements_per_wave": 8, "unit_cost": 1000000 } ],
                    "factions": { "hardliners": round2(rng.random_range(0.3..0.7)) }
                }),
            )?;
            for kind in ["radar", "drone_store", "launcher", "command"] {
                emit(
                    List::Assets,
                    json!({
                        "id": format!("{p}_{kind}"), "kind": kind, "owner": p, "location": p,
                        "value": rng.random_range(1..10) * 100_000_000_u64,
                        "hardness": rng.random_range(1..4),
                        "core": kind == "command"
                    }),
                )?;
            }
            emit(List::Hostile, json!(["blue", p]))?;
            emit(List::Reach, json!({ "from": "blue", "to": p }))?;
            for h in &hosts {
                emit(List::Reach, json!({ "from": p, "to": h }))?;
            }
            for r in 0..regions {
                emit(List::Reach, json!({ "from": p, "to": region(r) }))?;
            }
        }
        for h in &hosts {
            emit(
                List::Actors,
                json!({
                    "id": h, "kind": "host",
                    "willingness": round2(rng.random_range(0.6..0.9)), "restrict_below": 0.3,
                    "air_defence": [ { "name": "Host Patriot", "stock": 30, "max_stock": 30, "resupply_per_day": 0.2,
                        "pk": { "ballistic": 0.7, "cruise": 0.8, "loitering": 0.85 },
                        "shots_per_target": 1, "engagements_per_wave": 12, "unit_cost": 4200000 } ]
                }),
            )?;
            emit(
                List::Assets,
                json!({ "id": format!("{h}_base"), "kind": "base", "owner": "blue", "location": h, "value": 1_000_000_000_u64, "hardness": 3 }),
            )?;
            emit(
                List::Assets,
                json!({ "id": format!("{h}_refinery"), "kind": "refinery", "owner": h, "location": h, "value": 2_000_000_000_u64 }),
            )?;
            emit(List::Hosts, json!({ "host": h, "guest": "blue" }))?;
            emit(
                List::Allied,
                json!({ "a": h, "b": "blue", "cooperation": round2(rng.random_range(0.6..0.9)) }),
            )?;
        }
        for r in 0..regions {
            emit(
                List::Assets,
                json!({ "id": format!("{}_outpost", region(r)), "kind": "base", "owner": "blue", "location": region(r), "value": 300_000_000_u64, "hardness": 2 }),
            )?;
            emit(List::Reach, json!({ "from": "blue", "to": region(r) }))?;
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
            let home = rng.random_range(0..regions);
            emit(
                List::Actors,
                json!({
                    "id": id, "kind": "militia", "territory": region(home),
                    "autonomy": round2(rng.random_range(0.1..0.9)),
                    "arsenal": { "ballistic": 0, "cruise": rng.random_range(0..20), "loitering": rng.random_range(5..40) },
                    "attack_rate": round2(rng.random_range(0.01..0.08)),
                    "signature": round2(rng.random_range(0.3..0.8))
                }),
            )?;
            emit(
                List::Sponsors,
                json!({ "patron": p, "militia": id, "capacity": rng.random_range(1..4), "command": round2(rng.random_range(0.5..0.9)) }),
            )?;
            if regions > 1 && rng.random_bool(0.5) {
                let via = rng.random_range(0..regions);
                if via != home {
                    emit(
                        List::Transit,
                        json!({ "id": format!("{id}_corridor"), "patron": p, "militia": id, "via": region(via), "capacity": 1, "exposure": round2(rng.random_range(0.05..0.3)) }),
                    )?;
                }
            }
            emit(List::Hostile, json!(["blue", id]))?;
            emit(
                List::Allied,
                json!({ "a": id, "b": p, "cooperation": round2(rng.random_range(0.5..0.9)) }),
            )?;
            emit(List::Reach, json!({ "from": id, "to": region(home) }))?;
        }
        Ok(())
    }
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
