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

/// How `events.jsonl` codes events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EventCoding {
    /// CAMEO codes with their Goldstein weights (the default).
    #[default]
    Cameo,
    /// PLOVER, CAMEO's successor (POLECAT's ontology): event, mode, context, quad code
    /// and intensity, actors and recipients as lists, and a link along retaliation chains.
    Plover,
}

/// `events.jsonl`: one coded event per line.
pub fn events_jsonl(record: &RunRecord, coding: EventCoding) -> String {
    let id = |a: grayzone_model::ActorIx| {
        record
            .actor_ids
            .get(a.0 as usize)
            .cloned()
            .unwrap_or_default()
    };
    if coding == EventCoding::Plover {
        return plover_jsonl(record, &id);
    }
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

/// The PLOVER lines of a run. Beside PLOVER's own fields, what event data never records
/// and a simulation knows: who really acted (`true_actor`, null for an act that exists
/// only in someone's perception), who was blamed, and whether the act was real.
fn plover_jsonl(record: &RunRecord, id: &dyn Fn(grayzone_model::ActorIx) -> String) -> String {
    let links = retaliation_chains(&record.events);
    let mut out = String::new();
    for (e, link) in record.events.iter().zip(links) {
        let p = e.cameo.plover();
        let line = json!({
            "day": e.day,
            "event": p.event,
            "mode": p.mode,
            "context": p.context,
            "quad_code": p.quad_code,
            "intensity": p.intensity,
            "actor": [id(e.actor)],
            "recipient": [id(e.target)],
            "link": link,
            "true_actor": e.real.then(|| id(e.actor)),
            "blamed": id(e.attributed_to),
            "real": e.real,
            "cameo": e.cameo.code(),
            "munitions": e.volume,
            "dyad": e.dyad.and_then(|d| record.dyads.get(usize::from(d)).cloned()),
            "strike_kind": e.reason.map(|k| k.label()),
            "asset": e.asset.and_then(|a| record.asset_ids.get(a.0 as usize).cloned()),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// For each event, the line (counted from 0) of the strike that opened the retaliation
/// chain it belongs to. A strike opens a chain unless it is a retaliation, which joins
/// the chain of the latest strike blamed on its target against its actor (what it
/// answers); a ceasefire violation joins the chain of the strike its actor made on the
/// same target that day. Other events, and acts that were only perceived, are in no chain.
fn retaliation_chains(events: &[grayzone_model::Event]) -> Vec<Option<usize>> {
    use grayzone_model::messages::StrikeKind;
    use grayzone_model::{ActorIx, Cameo};
    let mut links: Vec<Option<usize>> = vec![None; events.len()];
    // The latest real strike by (who it is blamed on, whom it hit), and by (who made it,
    // whom it hit) with its day.
    let mut blamed_on = std::collections::HashMap::<(ActorIx, ActorIx), usize>::new();
    let mut made_by = std::collections::HashMap::<(ActorIx, ActorIx), (u32, usize)>::new();
    for (i, e) in events.iter().enumerate() {
        if !e.real {
            continue;
        }
        match e.cameo {
            Cameo::AerialStrike | Cameo::UseForce => {
                let answered = (e.reason == Some(StrikeKind::Retaliation))
                    .then(|| blamed_on.get(&(e.target, e.actor)))
                    .flatten();
                links[i] = Some(answered.map_or(i, |&j| links[j].unwrap_or(j)));
                blamed_on.insert((e.attributed_to, e.target), i);
                made_by.insert((e.actor, e.target), (e.day, i));
            }
            Cameo::ViolateCeasefire => {
                links[i] = made_by
                    .get(&(e.actor, e.target))
                    .filter(|(day, _)| *day == e.day)
                    .and_then(|(_, j)| links[*j]);
            }
            _ => {}
        }
    }
    links
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

#[cfg(test)]
mod tests {
    use grayzone_model::messages::StrikeKind;
    use grayzone_model::{ActorIx, Cameo, Event, Rung};

    use super::retaliation_chains;

    fn event(
        day: u32,
        (actor, target): (u32, u32),
        cameo: Cameo,
        kind: Option<StrikeKind>,
    ) -> Event {
        Event {
            day,
            actor: ActorIx(actor),
            target: ActorIx(target),
            cameo,
            attributed_to: ActorIx(actor),
            real: true,
            class: Rung::ProxyWar,
            volume: 1.0,
            direct: false,
            dyad: None,
            reason: kind,
            asset: None,
            leaked: 0.0,
        }
    }

    /// An answer joins the chain of the strike it answers, and the answer to the answer
    /// too; a strike that answers nothing opens a chain of its own; a violation joins its
    /// strike's chain; a perceived act and a threat are in none.
    #[test]
    fn answers_join_the_chain_of_what_they_answer() {
        let strike = |day, pair, kind| event(day, pair, Cameo::AerialStrike, Some(kind));
        let mut perceived = event(
            2,
            (2, 1),
            Cameo::AerialStrike,
            Some(StrikeKind::Retaliation),
        );
        perceived.real = false;
        let events = [
            strike(1, (0, 1), StrikeKind::Shock),
            event(1, (0, 1), Cameo::ViolateCeasefire, None),
            strike(2, (1, 0), StrikeKind::Retaliation),
            strike(2, (2, 3), StrikeKind::ProxyAttack),
            perceived,
            event(3, (0, 1), Cameo::Threaten, None),
            strike(4, (0, 1), StrikeKind::Retaliation),
            strike(5, (3, 1), StrikeKind::Retaliation),
        ];
        assert_eq!(
            retaliation_chains(&events),
            [
                Some(0),
                Some(0),
                Some(0),
                Some(3),
                None,
                None,
                Some(0),
                // Nothing blamed on 1 ever struck 3: this answer opens its own chain.
                Some(7),
            ]
        );
    }
}
