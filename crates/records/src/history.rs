//! The time series and the event log of one history.

use std::io::Write;
use std::path::Path;

use grayzone_model::{RunRecord, Rung};
use serde_json::json;

use crate::Error;
use crate::atomic::write_atomic_with;

/// Writes `timeseries.csv` to `path` atomically: one row per day and hostile dyad, with
/// each host's willingness and each defence layer's running interceptions, shots and
/// spending of the day repeated on every dyad's row of that day.
pub fn write_timeseries(path: &Path, record: &RunRecord) -> Result<(), Error> {
    write_atomic_with(path, |file| {
        let mut out = csv::Writer::from_writer(std::io::BufWriter::new(file));
        timeseries_rows(record, &mut out).map_err(|e| Error::new(path, e.into()))?;
        let mut inner = out
            .into_inner()
            .map_err(|e| Error::new(path, e.into_error()))?;
        inner.flush().map_err(|e| Error::new(path, e))
    })
}

fn timeseries_rows<W: Write>(record: &RunRecord, out: &mut csv::Writer<W>) -> csv::Result<()> {
    let mut header: Vec<String> = [
        "day",
        "dyad",
        "side_a",
        "side_b",
        "rung",
        "rung_name",
        "goldstein",
        "intensity",
        "strikes",
        "intercepted",
        "leaked",
        "interceptor_stock_a",
        "interceptor_stock_b",
        "attack_spending_a",
        "attack_spending_b",
        "defence_spending_a",
        "defence_spending_b",
        "credibility_a",
        "credibility_b",
        "arsenal_a",
        "arsenal_b",
        "ceasefire",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(
        record
            .hosts
            .iter()
            .map(|h| format!("willingness_{}", slug(h))),
    );
    for l in &record.layers {
        let layer = format!("{}_{}", slug(&l.defender), slug(&l.name));
        for what in ["intercepted", "shots", "spending"] {
            header.push(format!("{what}_{layer}"));
        }
    }
    out.write_record(&header)?;
    let hosts = record.hosts.len();
    let layers = record.layers.len();
    for row in &record.rows {
        let d = usize::from(row.dyad);
        let (a, b) = record.dyad_ids.get(d).cloned().unwrap_or_default();
        let mut fields = vec![
            row.day.to_string(),
            record.dyads.get(d).cloned().unwrap_or_default(),
            a,
            b,
            row.rung.to_string(),
            Rung::from_level(row.rung).label().to_string(),
            num(row.goldstein),
            num(row.intensity),
            row.strikes.to_string(),
            num(row.intercepted),
            num(row.leaked),
            num(row.interceptor_stock[0]),
            num(row.interceptor_stock[1]),
            num(row.attack_spending[0]),
            num(row.attack_spending[1]),
            num(row.defence_spending[0]),
            num(row.defence_spending[1]),
            format!("{:.4}", row.credibility[0]),
            format!("{:.4}", row.credibility[1]),
            num(row.arsenal[0]),
            num(row.arsenal[1]),
            row.ceasefire.to_string(),
        ];
        let day = row.day as usize;
        fields.extend((0..hosts).map(|k| {
            record
                .willingness
                .get(day * hosts + k)
                .map_or(String::new(), |w| format!("{w:.4}"))
        }));
        for k in 0..layers {
            match record.layer_days.get(day * layers + k) {
                Some(l) => fields.extend([num(l.intercepted), num(l.shots), num(l.spending)]),
                None => fields.extend(std::iter::repeat_n(String::new(), 3)),
            }
        }
        out.write_record(&fields)?;
    }
    Ok(())
}

/// `events.jsonl`: one coded event per line.
pub fn events_jsonl(record: &RunRecord) -> String {
    let id = |a: grayzone_model::ActorIx| {
        record
            .actor_ids
            .get(a.0 as usize)
            .cloned()
            .unwrap_or_default()
    };
    let mut out = String::new();
    for e in &record.events {
        let line = json!({
            "day": e.day,
            "actor": id(e.actor),
            "target": id(e.target),
            "cameo": e.cameo.code(),
            "event": e.cameo.describe(),
            "goldstein": e.cameo.goldstein(),
            "attributed_to": id(e.attributed_to),
            "real": e.real,
            "rung_class": e.class as u8,
            "munitions": e.volume,
            "direct": e.direct,
            "dyad": e.dyad.and_then(|d| record.dyads.get(usize::from(d)).cloned()),
            "strike_kind": e.reason.map(|k| k.label()),
            "asset": e.asset.and_then(|a| record.asset_ids.get(a.0 as usize).cloned()),
            "leaked": e.leaked,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Numbers without noise: integers as integers, others to 4 decimals.
fn num(x: f64) -> String {
    // -0 (an empty sum of negative terms) reads as a sign error in a spreadsheet.
    let x = if x == 0.0 { 0.0 } else { x };
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.4}")
    }
}

/// A column-name-safe form of a display name.
fn slug(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    while s.contains("__") {
        s = s.replace("__", "_");
    }
    s.trim_matches('_').to_string()
}
