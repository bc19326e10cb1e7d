//! What an ensemble or a sweep shows: its charts, and the few lines that say what it
//! found.

use std::path::{Path, PathBuf};

use grayzone_charts::{
    AtRisk, FanDay, FanInput, FanPanel, HistogramInput, Quantity, RungSharesInput, SurvivalInput,
};
use grayzone_experiments::{Kind, Report, RunReport, Shard, ShardSource};

use crate::error::Result;
use crate::sweep;
use crate::text::{fmt_value, thousands};

/// What an experiment found, in the lines printed after it: its headline probabilities
/// and times (an ensemble) or where its headline probability is lowest and highest (a
/// sweep). `pace` ends the first line (see [`pace`](crate::pace)).
pub fn findings(report: &Report, pace: &str) -> Vec<String> {
    match report.manifest.kind {
        Kind::Ensemble => ensemble_lines(report, pace),
        Kind::Sweep => sweep_lines(report, pace),
    }
}

/// What a slice ran, in words that cannot be misread: shards counted from 1 for people
/// (with the index the flags take), chunk ranges inclusive.
pub fn slice(shard: Shard, source: ShardSource, done: &RunReport, chunks: u64) -> String {
    let from = match source {
        ShardSource::Slurm { task } => {
            format!(" (Slurm array task {task}: --shard {})", shard.index())
        }
        ShardSource::Kubernetes => format!(" (JOB_COMPLETION_INDEX {})", shard.index()),
        _ => format!(" (--shard {})", shard.index()),
    };
    let range = match done.chunks.end - done.chunks.start {
        0 => "no chunk (more shards than chunks)".to_owned(),
        1 => format!("chunk {} (1 of {chunks})", done.chunks.start),
        n => format!(
            "chunks {}–{} ({n} of {chunks})",
            done.chunks.start,
            done.chunks.end - 1
        ),
    };
    format!(
        "shard {} of {}{from}: {range}, {} computed now, {} finished before",
        shard.index() + 1,
        shard.count(),
        done.computed,
        done.already_finished
    )
}

fn subtitle(report: &Report) -> String {
    let m = &report.manifest;
    format!(
        "{} · seed {} · {} runs · {} days",
        m.scenario.name,
        m.seed,
        thousands(m.runs),
        m.days
    )
}

/// The charts an experiment's folder got, and those it did not, with why.
#[derive(Clone, Debug, Default)]
pub struct Charts {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// The charts that had nothing to draw (an ensemble in which no run spent anything
    /// on defence has no cost-exchange ratio), in words: the tables are complete without
    /// them, so they are told, not failed on.
    pub not_drawn: Vec<String>,
}

impl Charts {
    fn keep(
        &mut self,
        drawn: std::result::Result<grayzone_charts::Written, grayzone_charts::Error>,
    ) -> Result<()> {
        match drawn {
            Ok(w) => self.files.extend([w.png, w.svg]),
            Err(e @ grayzone_charts::Error::Empty { .. }) => self.not_drawn.push(e.to_string()),
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }
}

/// Writes the charts of an ensemble or a sweep into `dir`.
pub fn charts(report: &Report, dir: &Path) -> Result<Charts> {
    let mut charts = Charts::default();
    match report.manifest.kind {
        Kind::Ensemble => {
            charts.keep(grayzone_charts::fan(
                &fan_input(report),
                &dir.join("escalation-fan"),
            ))?;
            if let Some(input) = survival_input(report) {
                charts.keep(grayzone_charts::survival(
                    &input,
                    &dir.join("ceasefire-survival"),
                ))?;
            }
            charts.keep(grayzone_charts::rung_shares(
                &rung_shares_input(report),
                &dir.join("rung-shares"),
            ))?;
            if !report.cost_exchange.is_empty() {
                charts.keep(grayzone_charts::histogram(
                    &cost_exchange_input(report),
                    &dir.join("cost-exchange"),
                ))?;
            }
        }
        Kind::Sweep => {
            for w in sweep::write(report, dir)? {
                charts.keep(Ok(w))?;
            }
        }
    }
    Ok(charts)
}

/// Dyads shown in the fan chart beyond which only the theatre and the first ones appear.
const MAX_FAN_DYADS: usize = 8;

fn fan_input(report: &Report) -> FanInput {
    let dyads = &report.manifest.dyads;
    let theatre = dyads.len();
    // With one dyad the theatre's row is that dyad's: one panel, not the same one twice.
    let shown: Vec<usize> = if dyads.len() == 1 {
        vec![0]
    } else {
        (0..dyads.len().min(MAX_FAN_DYADS))
            .chain([theatre])
            .collect()
    };
    let panels = shown
        .iter()
        .map(|&d| FanPanel {
            label: if d == theatre {
                "theatre: highest rung of any dyad".to_owned()
            } else {
                dyads[d].clone()
            },
            days: report
                .daily
                .iter()
                .filter(|r| r.dyad == d)
                .map(|r| {
                    let q = |q| spread_quantile(&r.rung_share, q);
                    FanDay {
                        day: r.day,
                        p05: q(0.05),
                        p25: q(0.25),
                        median: q(0.5),
                        p75: q(0.75),
                        p95: q(0.95),
                    }
                })
                .collect(),
        })
        .collect();
    let more = if dyads.len() > MAX_FAN_DYADS {
        format!(" · first {MAX_FAN_DYADS} of {} dyads", dyads.len())
    } else {
        String::new()
    };
    FanInput {
        title: format!(
            "Escalation across {} histories: rung per day",
            thousands(report.manifest.runs)
        ),
        subtitle: format!(
            "{}{more} · a day's rung is the highest class of act in the ladder's rolling window; percentiles spread each rung over its unit band",
            subtitle(report)
        ),
        quantity: Quantity::Rung,
        panels,
    }
}

/// The q-quantile of a rung whose runs are spread evenly over the unit band around each
/// rung (rung k over k - 0.5 to k + 0.5), kept within the ladder's 0 to 5. Percentiles of
/// the rung itself jump a whole rung at a time, so a band covered rungs 0 to 4 for most
/// of a horizon whatever the shares did; spread, they move as the shares move, and a
/// band's edge sits a third of the way into a rung when a third of that rung's runs are
/// inside it.
pub fn spread_quantile(shares: &[f64], q: f64) -> f64 {
    let total: f64 = shares.iter().sum();
    // No runs (or a NaN share): no percentile.
    if total.is_nan() || total <= 0.0 {
        return f64::NAN;
    }
    let mut below = 0.0;
    for (k, share) in shares.iter().enumerate() {
        let p = share / total;
        if p > 0.0 && q <= below + p {
            let at = k as f64 - 0.5 + (q - below) / p;
            return at.clamp(0.0, (shares.len() - 1) as f64);
        }
        below += p;
    }
    (shares.len() - 1) as f64
}

fn survival_input(report: &Report) -> Option<SurvivalInput> {
    let km = report.survival.as_ref()?;
    let steps = km.steps();
    let horizon = f64::from(report.manifest.days);
    let censored = steps
        .iter()
        .filter(|s| s.time == horizon)
        .map(|s| s.censored as u64)
        .sum();
    // Counts under the axis's own ticks, so that each sits under a labelled day.
    let every = nice_step(report.manifest.days, 10);
    let at_risk = (0..=report.manifest.days)
        .step_by(every as usize)
        .map(|d| AtRisk {
            day: f64::from(d),
            count: km.at_risk(f64::from(d)) as u64,
        })
        .collect();
    Some(SurvivalInput {
        title: "How long the ceasefire holds".to_owned(),
        subtitle: format!(
            "{} · day of the first collapse; runs still holding at the horizon are censored",
            subtitle(report)
        ),
        x_label: "day".to_owned(),
        times: steps.iter().map(|s| s.time).collect(),
        survival: steps.iter().map(|s| s.survival).collect(),
        lower: steps.iter().map(|s| s.lo).collect(),
        upper: steps.iter().map(|s| s.hi).collect(),
        at_risk,
        horizon,
        censored,
    })
}

/// The smallest of 1, 2, 5, 10, 20, 50... that cuts `span` into at most `parts` steps.
fn nice_step(span: u32, parts: u32) -> u32 {
    let mut unit = 1u32;
    loop {
        for m in [1, 2, 5] {
            let step = unit.saturating_mul(m);
            if span.div_ceil(step.max(1)) <= parts || step == u32::MAX {
                return step.max(1);
            }
        }
        unit = unit.saturating_mul(10);
    }
}

fn rung_shares_input(report: &Report) -> RungSharesInput {
    let theatre = report.manifest.dyads.len();
    let rows: Vec<_> = report.daily.iter().filter(|r| r.dyad == theatre).collect();
    RungSharesInput {
        title: "Where the histories stand, day by day".to_owned(),
        subtitle: format!(
            "{} · share of runs at each rung (the highest of any dyad)",
            subtitle(report)
        ),
        days: rows.iter().map(|r| r.day).collect(),
        shares: rows.iter().map(|r| r.rung_share).collect(),
    }
}

fn cost_exchange_input(report: &Report) -> HistogramInput {
    let with_value: u64 = report.cost_exchange.iter().map(|(_, n)| n).sum();
    let without = report.manifest.runs - with_value;
    let note = if without > 0 {
        format!(" · {} runs fired nothing", thousands(without))
    } else {
        String::new()
    };
    HistogramInput {
        title: "Cost exchange: defence spent per dollar of attack".to_owned(),
        subtitle: format!(
            "{}{note} · above 1, the defenders spent more than the attackers",
            subtitle(report)
        ),
        x_label: "defence spending ÷ attack spending (log scale)".to_owned(),
        y_label: "runs".to_owned(),
        values: report.cost_exchange.iter().map(|(v, _)| *v).collect(),
        weights: report.cost_exchange.iter().map(|(_, n)| *n).collect(),
        bins: 0,
        log_x: true,
        show_median: true,
        reference: Some((1.0, "1: defence and attack spent alike".to_owned())),
    }
}

/// The ceasefire's Kaplan–Meier median and quartiles, in words: all runs count, those
/// that held to the horizon censored there.
fn km_line(km: &serde_json::Value, days: u32) -> Option<String> {
    let day = |key: &str| {
        km[key]
            .as_f64()
            .map_or(format!("after day {days}"), |d| format!("day {d}"))
    };
    let horizon = km["survival_at_horizon"].as_f64()?;
    Some(format!(
        "Kaplan–Meier over all runs: a quarter collapsed by {}, half by {}, three quarters by {} ({:.1}% still holding on day {days})",
        day("q1"),
        day("median"),
        day("q3"),
        horizon * 100.0
    ))
}

fn ensemble_lines(report: &Report, pace: &str) -> Vec<String> {
    let mut out = Vec::new();
    let m = &report.manifest;
    out.push(format!(
        "{} · ensemble of {} runs · seed {} · {} days{pace}",
        m.scenario.name,
        thousands(m.runs),
        m.seed,
        m.days
    ));
    let p = &report.summary["probabilities"];
    let line = |label: &str, key: &str| {
        let v = &p[key];
        match (v["estimate"].as_f64(), v["lo"].as_f64(), v["hi"].as_f64()) {
            (Some(e), Some(lo), Some(hi)) => {
                Some(format!("  {label:<42} {e:>6.3}  [{lo:.3}, {hi:.3}]"))
            }
            _ => None,
        }
    };
    out.extend(line("P(ceasefire collapses)", "ceasefire_collapsed"));
    out.extend(line(
        "P(ceasefire collapses within 30 days)",
        "ceasefire_collapse_within_30_days",
    ));
    out.extend(line(
        "P(regional war within 30 days)",
        "regional_war_within_30_days",
    ));
    if report.summary.get("undefined").is_some() {
        out.push(format!(
            "  P(… within 30 days): undefined, the runs last {} days (the line above is P(by day {}))",
            m.days, m.days
        ));
    }
    out.extend(line("P(direct state-on-state strike)", "direct_strike"));
    out.extend(line(
        "P(highest rung >= 3, direct exchange)",
        "highest_rung_at_least_3",
    ));
    out.extend(line(
        "P(highest rung >= 5, full-scale war)",
        "highest_rung_at_least_5",
    ));
    let t = &report.summary["times"]["ceasefire_collapse_day"];
    if let (Some(median), Some(q1), Some(q3)) =
        (t["median"].as_f64(), t["q1"].as_f64(), t["q3"].as_f64())
    {
        out.push(format!(
            "  ceasefire collapse: median day {median}, quartiles {q1}–{q3} among {} runs; {} held to day {}",
            thousands(t["events"].as_u64().unwrap_or(0)),
            thousands(t["censored"].as_u64().unwrap_or(0)),
            m.days
        ));
    }
    if let Some(line) = km_line(&t["kaplan_meier"], m.days) {
        out.push(format!("  {line}"));
    }
    let c = &report.summary["cost_exchange"];
    if let (Some(median), Some(q1), Some(q3)) =
        (c["median"].as_f64(), c["p25"].as_f64(), c["p75"].as_f64())
    {
        out.push(format!(
            "  cost-exchange ratio (defence $ per attack $): median {median:.2}, quartiles {q1:.2}–{q3:.2}"
        ));
    }
    out
}

fn sweep_lines(report: &Report, pace: &str) -> Vec<String> {
    let mut out = Vec::new();
    let m = &report.manifest;
    let Some(sweep) = &m.sweep else {
        return out;
    };
    let params: Vec<String> = sweep
        .params
        .iter()
        .map(|p| format!("{} in [{}, {}]", p.path, p.lo, p.hi))
        .collect();
    out.push(format!(
        "{} · {} sweep of {} points × {} runs · seed {} · {} days{pace}",
        m.scenario.name,
        sweep.design,
        thousands(sweep.points.len() as u64),
        thousands(m.runs_per_point),
        m.seed,
        m.days
    ));
    out.push(format!("  {}", params.join(", ")));
    let (key, label) = sweep::headline(m.days);
    let extreme = |better: fn(f64, f64) -> bool| {
        report
            .points
            .iter()
            .filter_map(|p| p.get(&key).map(|e| (p, e.interval.estimate)))
            .filter(|(_, e)| e.is_finite())
            .reduce(|a, b| if better(b.1, a.1) { b } else { a })
    };
    let at = |p: &grayzone_experiments::PointSummary| {
        sweep
            .params
            .iter()
            .zip(&p.params)
            .map(|(r, v)| format!("{} = {}", r.path, fmt_value(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let (Some((lo_p, lo)), Some((hi_p, hi))) = (extreme(|a, b| a < b), extreme(|a, b| a > b)) {
        out.push(format!("  {label}: lowest {lo:.3} at {}", at(lo_p)));
        out.push(format!("  {label}: highest {hi:.3} at {}", at(hi_p)));
    }
    if report.summary.get("undefined").is_some() {
        out.push(format!(
            "  (the runs last {} days: P(… within 30 days) is undefined, and the charts show P(within {} days))",
            m.days, m.days
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_risk_counts_fall_on_round_days() {
        assert_eq!(nice_step(90, 10), 10);
        assert_eq!(nice_step(365, 10), 50);
        assert_eq!(nice_step(25, 10), 5);
        assert_eq!(nice_step(3, 10), 1);
    }

    /// Spread percentiles move with the shares within a rung, where the rung's own
    /// percentiles stay put, and stay on the ladder.
    #[test]
    fn spread_percentiles_follow_the_shares() {
        // Half the runs at rung 0, half at rung 2: the median is the top of rung 0's band.
        assert_eq!(spread_quantile(&[0.5, 0.0, 0.5], 0.5), 0.5);
        // 40% at rung 1 and 60% at rung 3: the 5th percentile sits an eighth into rung 1's
        // band, the 95th near the top of rung 3's.
        let shares = [0.0, 0.4, 0.0, 0.6, 0.0, 0.0];
        assert!((spread_quantile(&shares, 0.05) - 0.625).abs() < 1e-12);
        assert!((spread_quantile(&shares, 0.95) - (2.5 + 0.55 / 0.6)).abs() < 1e-12);
        // Moving a tenth of the runs from rung 3 to rung 4 moves the 95th percentile up.
        let more = [0.0, 0.4, 0.0, 0.5, 0.1, 0.0];
        assert!(spread_quantile(&more, 0.95) > spread_quantile(&shares, 0.95));
        // Everything at rung 0 or 5 stays within 0..=5.
        assert_eq!(spread_quantile(&[1.0, 0.0, 0.0, 0.0, 0.0, 0.0], 0.05), 0.0);
        assert_eq!(spread_quantile(&[0.0, 0.0, 0.0, 0.0, 0.0, 1.0], 0.95), 5.0);
        assert!(spread_quantile(&[0.0; 6], 0.5).is_nan());
    }
}
