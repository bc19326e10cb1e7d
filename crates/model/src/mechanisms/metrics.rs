//! Metrics (MODEL.md 5.10 and section 6): each day, the rung of each hostile dyad, its
//! Goldstein intensity, strikes, interceptions, stocks, spending, credibility, host
//! willingness and the ceasefire's status.
//!
//! A dyad's rung is the highest class of act between its sides within the rolling window,
//! raised to regional war when a side has enough fronts at proxy war or above, and to
//! full-scale war when direct exchanges were frequent and heavy enough within the window.
//! An off-ramp granted today steps the window's record down one rung.

use bevy_ecs::prelude::*;

use crate::components::{Actor, Arsenal, Credibility, Interceptors, Willingness};
use crate::events::Rung;
use crate::messages::{Act, StrikeReport};
use crate::resources::{
    Calendar, Detail, DyadDay, Ladder, LadderDay, Ledger, Roster, Rules, RunLog, Truce,
};
use crate::systems::fresh;
use crate::theatre::ActorIx;

/// Today's tallies of one dyad.
#[derive(Clone, Copy, Default)]
pub struct Tally {
    class: u8,
    direct_volume: f64,
    goldstein: f64,
    intensity: f64,
    strikes: u32,
    intercepted: f64,
    leaked: f64,
}

/// Scores the day's acts per dyad, moves the ladder and appends the day to the run log.
pub fn record_day(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    truce: Res<Truce>,
    ledger: Res<Ledger>,
    mut ladder: ResMut<Ladder>,
    mut log: ResMut<RunLog>,
    mut acts: MessageReader<Act>,
    mut reports: MessageReader<StrikeReport>,
    states: Query<(&Actor, &Credibility, &Interceptors, &Arsenal)>,
    hosts: Query<(&Actor, &Willingness)>,
    mut tallies: Local<Vec<Tally>>,
) {
    let rules = &roster.rules;
    let day = calendar.day;
    let full = log.detail == Detail::Full;
    let tallies = fresh(&mut tallies, roster.dyads.len(), Tally::default());
    for Act(e) in acts.read() {
        if let Some(d) = e.dyad {
            let t = &mut tallies[usize::from(d)];
            t.goldstein += e.cameo.goldstein();
            t.intensity += (-e.cameo.goldstein()).max(0.0);
            t.class = t.class.max(e.class as u8);
            if e.direct {
                t.direct_volume += e.volume;
            }
            if e.volume > 0.0 {
                t.strikes += 1;
            }
        }
        if full {
            log.events.push(e.clone());
        }
    }
    for r in reports.read() {
        if let Some(d) = roster.dyad(r.order.attacker, r.order.against) {
            tallies[d].intercepted += r.intercepted.total();
            tallies[d].leaked += r.leaked.total();
        }
    }
    climb(&mut ladder, tallies, &roster, rules);
    if ladder.rungs.iter().any(|r| *r >= Rung::DirectLimited as u8) {
        log.days_direct += 1;
    }
    log.goldstein_total += tallies.iter().map(|t| t.goldstein).sum::<f64>();

    for (d, t) in tallies.iter().enumerate() {
        let rung = ladder.rungs[d];
        log.highest_rung = log.highest_rung.max(rung);
        for level in 1..=usize::from(rung) {
            log.first_day_at_rung[level].get_or_insert(day);
        }
        let mut row = DyadDay {
            day,
            dyad: d as u16,
            rung,
            goldstein: t.goldstein,
            intensity: t.intensity,
            ceasefire: truce.status.label(),
            ..DyadDay::default()
        };
        if full {
            let (a, b) = roster.dyads[d];
            row.strikes = t.strikes;
            row.intercepted = t.intercepted;
            row.leaked = t.leaked;
            for (i, side) in [a, b].into_iter().enumerate() {
                let members = side_members(&roster, side);
                row.attack_spending[i] = members.clone().map(|m| ledger.attack_spending[m]).sum();
                row.defence_spending[i] = members.map(|m| ledger.defence_spending[m]).sum();
                if let Ok((_, c, stock, arsenal)) = states.get(roster.actor(side).entity) {
                    row.credibility[i] = c.0;
                    row.arsenal[i] = arsenal.0.total();
                    row.interceptor_stock[i] = stock.0.iter().sum();
                }
            }
        }
        log.rows.push(row);
    }
    if full {
        let mut willing: Vec<(ActorIx, f64)> = hosts.iter().map(|(a, w)| (a.ix, w.value)).collect();
        willing.sort_by_key(|(a, _)| *a);
        log.willingness.extend(willing.into_iter().map(|(_, w)| w));
    }
}

/// Indices of a principal and its militias.
fn side_members(roster: &Roster, side: ActorIx) -> impl Iterator<Item = usize> + Clone + '_ {
    std::iter::once(side.0 as usize)
        .chain(roster.proxies[side.0 as usize].iter().map(|m| m.0 as usize))
}

/// Moves every dyad's window by one day and sets today's rungs.
fn climb(ladder: &mut Ladder, tallies: &[Tally], roster: &Roster, rules: &Rules) {
    let params = &rules.ladder;
    let window = params.window_days.max(1) as usize;
    let ladder = &mut *ladder;
    for (d, t) in tallies.iter().enumerate() {
        let days = &mut ladder.windows[d];
        if std::mem::take(&mut ladder.offramps[d]) {
            let cap = ladder.rungs[d].saturating_sub(1);
            for day in days.iter_mut() {
                day.class = day.class.min(cap);
                if cap < Rung::FullWar as u8 {
                    day.direct_volume = 0.0;
                }
            }
        }
        days.push(LadderDay {
            class: t.class,
            direct_volume: t.direct_volume,
        });
        if days.len() > window {
            days.remove(0);
        }
        let mut rung = days.iter().map(|x| x.class).max().unwrap_or(0);
        let exchange_days = days.iter().filter(|x| x.direct_volume > 0.0).count() as u32;
        let volume: f64 = days.iter().map(|x| x.direct_volume).sum();
        if exchange_days >= params.full_war_days.max(1) && volume >= params.full_war_volume.get() {
            rung = Rung::FullWar as u8;
        }
        ladder.rungs[d] = rung;
    }
    // Several fronts at once: a side with enough dyads at proxy war or above is at
    // regional war on all of them.
    let fronts = params.regional_fronts.max(1) as usize;
    if roster.dyads.len() >= fronts {
        let mut active = vec![0usize; roster.len()];
        for (d, &(a, b)) in roster.dyads.iter().enumerate() {
            if ladder.rungs[d] >= Rung::ProxyWar as u8 {
                active[a.0 as usize] += 1;
                active[b.0 as usize] += 1;
            }
        }
        for (d, &(a, b)) in roster.dyads.iter().enumerate() {
            let many = active[a.0 as usize] >= fronts || active[b.0 as usize] >= fronts;
            if many && ladder.rungs[d] >= Rung::ProxyWar as u8 {
                ladder.rungs[d] = ladder.rungs[d].max(Rung::RegionalWar as u8);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::{ActorEntry, Kind};
    use crate::theatre::TerritoryIx;
    use bevy_ecs::entity::Entity;

    fn roster(dyads: Vec<(ActorIx, ActorIx)>, n: usize) -> Roster {
        let actors = (0..n)
            .map(|i| ActorEntry {
                entity: Entity::PLACEHOLDER,
                id: format!("a{i}"),
                name: format!("A{i}"),
                kind: Kind::State,
                territory: TerritoryIx(i as u32),
                side: ActorIx(i as u32),
            })
            .collect();
        Roster {
            actors,
            dyads,
            ..Roster::default()
        }
    }

    fn ladder(dyads: usize) -> Ladder {
        Ladder {
            windows: vec![Vec::new(); dyads],
            rungs: vec![0; dyads],
            offramps: vec![false; dyads],
        }
    }

    fn strike(class: Rung, volume: f64) -> Tally {
        Tally {
            class: class as u8,
            direct_volume: volume,
            ..Tally::default()
        }
    }

    #[test]
    fn rung_is_the_highest_act_in_the_window_and_falls_back() {
        let roster = roster(vec![(ActorIx(0), ActorIx(1))], 2);
        let mut rules = Rules::default();
        rules.ladder.window_days = 3;
        let mut ladder = ladder(1);
        climb(
            &mut ladder,
            &[strike(Rung::DirectLimited, 10.0)],
            &roster,
            &rules,
        );
        assert_eq!(ladder.rungs[0], 3);
        climb(&mut ladder, &[Tally::default()], &roster, &rules);
        climb(&mut ladder, &[Tally::default()], &roster, &rules);
        assert_eq!(ladder.rungs[0], 3);
        climb(&mut ladder, &[Tally::default()], &roster, &rules);
        assert_eq!(
            ladder.rungs[0], 0,
            "the curve falls back when the fighting stops"
        );
    }

    #[test]
    fn an_offramp_steps_down_one_rung() {
        let roster = roster(vec![(ActorIx(0), ActorIx(1))], 2);
        let rules = Rules::default();
        let mut ladder = ladder(1);
        climb(
            &mut ladder,
            &[strike(Rung::DirectLimited, 10.0)],
            &roster,
            &rules,
        );
        ladder.offramps[0] = true;
        climb(&mut ladder, &[Tally::default()], &roster, &rules);
        assert_eq!(ladder.rungs[0], 2);
    }

    #[test]
    fn sustained_heavy_direct_exchange_is_full_war() {
        let roster = roster(vec![(ActorIx(0), ActorIx(1))], 2);
        let mut rules = Rules::default();
        rules.ladder.full_war_days = 3;
        rules.ladder.full_war_volume = crate::params::Amount(100.0);
        let mut ladder = ladder(1);
        for _ in 0..3 {
            climb(
                &mut ladder,
                &[strike(Rung::DirectLimited, 40.0)],
                &roster,
                &rules,
            );
        }
        assert_eq!(ladder.rungs[0], 5);
    }

    #[test]
    fn several_fronts_make_regional_war() {
        let dyads = vec![
            (ActorIx(0), ActorIx(1)),
            (ActorIx(0), ActorIx(2)),
            (ActorIx(0), ActorIx(3)),
        ];
        let roster = roster(dyads, 4);
        let mut rules = Rules::default();
        rules.ladder.regional_fronts = 3;
        let mut ladder = ladder(3);
        let proxy = strike(Rung::ProxyWar, 0.0);
        climb(&mut ladder, &[proxy, proxy, proxy], &roster, &rules);
        assert_eq!(ladder.rungs, vec![4, 4, 4]);
        let mut two = self::ladder(3);
        climb(&mut two, &[proxy, proxy, Tally::default()], &roster, &rules);
        assert_eq!(two.rungs, vec![2, 2, 0]);
    }
}
