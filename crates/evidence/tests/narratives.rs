//! The four seed scenarios reproduce their articles' chains of events in most histories.

use grayzone_evidence::{ensemble, share, shipped, with};
use grayzone_model::messages::StrikeKind;
use grayzone_model::{ActorIx, Cameo, Detail, Event, RunRecord};

const RUNS: u64 = 500;

fn actor(record: &RunRecord, id: &str) -> ActorIx {
    ActorIx(
        record
            .actor_ids
            .iter()
            .position(|a| a == id)
            .unwrap_or_else(|| panic!("no actor {id}")) as u32,
    )
}

fn strikes<'a>(record: &'a RunRecord, kind: StrikeKind) -> impl Iterator<Item = &'a Event> {
    record
        .events
        .iter()
        .filter(move |e| e.cameo == Cameo::AerialStrike && e.reason == Some(kind))
}

/// Seed 000: a benign militia move is misread as an attack preparation, the US strikes
/// pre-emptively, and Iran counts the strike as a ceasefire violation.
fn misread_move_leads_to_a_counted_preemption(r: &RunRecord) -> bool {
    let (us, iran) = (actor(r, "us"), actor(r, "irgc"));
    r.events.iter().any(|alarm| {
        let false_alarm = alarm.cameo == Cameo::RaiseAlert && alarm.actor == us && !alarm.real;
        false_alarm
            && strikes(r, StrikeKind::Preemption).any(|p| {
                p.actor == us
                    && p.target == alarm.target
                    && (alarm.day..=alarm.day + 3).contains(&p.day)
                    && r.events.iter().any(|v| {
                        v.cameo == Cameo::ViolateCeasefire
                            && v.day == p.day
                            && v.target == iran
                            && v.actor == us
                    })
            })
    })
}

#[test]
fn axis_of_resistance_a_training_move_becomes_a_preemptive_strike_and_a_violation() {
    let records = ensemble(&shipped("axis-of-resistance.json"), RUNS, Detail::Full);
    let seen = share(&records, misread_move_leads_to_a_counted_preemption);
    eprintln!(
        "the chain appears in {:.1}% of {RUNS} histories",
        100.0 * seen
    );
    assert!(
        seen > 0.5,
        "the chain appears in {:.0}% of histories",
        100.0 * seen
    );
}

/// Seed 001: both sides rearm during the truce; a saturation wave depletes the
/// defender's interceptors; the defender then pre-empts.
fn wave_depletes_and_the_defender_preempts(r: &RunRecord) -> bool {
    let (israel, iran) = (actor(r, "israel"), actor(r, "irgc"));
    let Some(first_strike) = r.outcomes.first_direct_strike_day else {
        return false;
    };
    let day = |d: u32| r.rows.iter().find(|row| row.day == d);
    let (Some(start), Some(eve)) = (day(0), day(first_strike.saturating_sub(1))) else {
        return false;
    };
    let rearmed = eve.arsenal[0] > start.arsenal[0] && eve.arsenal[1] > start.arsenal[1];
    let mut by_day = std::collections::BTreeMap::<u32, f64>::new();
    for e in r
        .events
        .iter()
        .filter(|e| e.cameo == Cameo::AerialStrike && e.actor == iran && e.target == israel)
    {
        *by_day.entry(e.day).or_default() += e.volume;
    }
    let israel_side = usize::from(r.dyad_ids[0].0 != "israel");
    let stock = |d: u32| day(d).map_or(0.0, |row| row.interceptor_stock[israel_side]);
    let wave = by_day
        .iter()
        .find(|(d, volume)| **volume >= 60.0 && stock(**d) < 0.8 * stock(d.saturating_sub(1)));
    rearmed
        && wave.is_some_and(|(d, _)| {
            strikes(r, StrikeKind::Preemption).any(|p| p.actor == israel && p.day > *d)
        })
}

#[test]
fn iran_israel_truce_rearmament_saturation_and_preemption() {
    let records = ensemble(&shipped("iran-israel-truce.json"), RUNS, Detail::Full);
    let seen = share(&records, wave_depletes_and_the_defender_preempts);
    eprintln!(
        "the chain appears in {:.1}% of {RUNS} histories",
        100.0 * seen
    );
    assert!(
        seen > 0.5,
        "the chain appears in {:.0}% of histories",
        100.0 * seen
    );
}
