//! `summary.json`: outcomes, each defence layer's totals, and provenance.

use grayzone_model::{Outcomes, RunRecord};
use serde_json::{Map, Value, json};

/// Where a result comes from: enough to reproduce it.
#[derive(Clone, Debug, Default)]
pub struct Provenance {
    /// grayzone's version.
    pub version: String,
    /// The scenario's name.
    pub scenario: String,
    /// The scenario file's hash.
    pub scenario_hash: String,
    /// The command line that produced it; left out of the summary when empty, so that a
    /// history's files depend only on the scenario, the seed and the version.
    pub command: String,
}

/// The outcomes as a JSON object, every field named as in [`Outcomes::fields`] (absent
/// times and ratios are null).
pub fn outcomes_json(outcomes: &Outcomes) -> Value {
    let map: Map<String, Value> = outcomes
        .fields()
        .into_iter()
        .map(|(name, v)| (name.to_string(), v.map_or(Value::Null, |x| json!(x))))
        .collect();
    Value::Object(map)
}

/// The summary of one run.
pub fn summary_json(record: &RunRecord, p: &Provenance) -> Value {
    let mut provenance = json!({
        "grayzone_version": p.version,
        "scenario": p.scenario,
        "scenario_hash": p.scenario_hash,
        "seed": record.seed,
        "run": record.run,
        "days": record.days,
    });
    if !p.command.is_empty() {
        provenance["command"] = json!(p.command);
    }
    json!({
        "outcomes": outcomes_json(&record.outcomes),
        "layers": layers_json(record),
        "provenance": provenance,
    })
}

/// Every defence layer's totals: by defender and layer name, interceptions by type,
/// shots, engagements and spending.
fn layers_json(record: &RunRecord) -> Value {
    Value::Array(
        record
            .layers
            .iter()
            .map(|l| {
                json!({
                    "defender": l.defender,
                    "layer": l.name,
                    "intercepted": {
                        "ballistic": l.intercepted.ballistic.get(),
                        "cruise": l.intercepted.cruise.get(),
                        "loitering": l.intercepted.loitering.get(),
                    },
                    "shots": l.shots,
                    "engagements": l.engagements,
                    "spending": l.spending,
                })
            })
            .collect(),
    )
}
