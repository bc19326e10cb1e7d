//! The escalation ladder (MODEL.md section 6): each day, the rung of each hostile dyad.
//!
//! A dyad's rung is the highest class of act between its sides within the rolling window
//! (`window_days`), raised to regional war (4) when a side has `regional_fronts` dyads at
//! proxy war or above, and to full-scale war (5) when direct exchanges were made on
//! `full_war_days` days of the window with `full_war_volume` munitions or more. The curve
//! falls back when the fighting stops; an off-ramp (see diplomacy) does not rewrite the
//! record, it restrains the decisions that make it.
//!
//! Runs at the end of the day, before metrics; reads the day's coded events; the rungs
//! are read the next day by decisions (talks) and diplomacy (off-ramps).

use bevy_ecs::prelude::*;

use crate::events::Rung;
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::fresh;
use crate::messages::Act;
use crate::outcomes::{Outcome, OutcomeKind};
use crate::params::{Amount, serde_block};
use crate::roster::{Roster, Rules, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;

serde_block! {
/// The escalation ladder (MODEL.md section 6).
pub struct LadderParams {
    /// A dyad's rung on a day is the highest class of act within this many days.
    pub window_days: u32,
    /// Number of dyads of one side at rung 2 or above that makes regional war (rung 4).
    pub regional_fronts: u32,
    /// Days with direct exchanges within the window for full-scale war (rung 5).
    pub full_war_days: u32,
    /// Munitions of direct exchange within the window for full-scale war (rung 5).
    pub full_war_volume: Amount,
}
}

impl Default for LadderParams {
    fn default() -> Self {
        LadderParams {
            window_days: 7,
            regional_fronts: 3,
            full_war_days: 4,
            full_war_volume: Amount(400.0),
        }
    }
}

/// One day of one dyad on the ladder.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct LadderDay {
    /// The highest class of act between the sides that day.
    pub class: u8,
    /// Munitions of direct state-on-state exchange that day.
    pub direct_volume: f64,
}

/// The rolling window of each dyad (MODEL.md section 6).
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Ladder {
    /// For each dyad, the last `window_days` days, oldest first.
    pub windows: Vec<Vec<LadderDay>>,
    /// DayClass's rung of each dyad (after the day's acts).
    pub rungs: Vec<u8>,
}

impl Ladder {
    /// A ladder of `dyads` dyads, all at rung 0 with empty windows.
    pub fn new(dyads: usize) -> Ladder {
        Ladder {
            windows: vec![Vec::new(); dyads],
            rungs: vec![0; dyads],
        }
    }
}

/// What the ladder keeps of a whole run.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Heights {
    /// Highest rung reached by any dyad.
    pub highest: u8,
    /// The first day each rung was reached by any dyad.
    pub first_day_at: [Option<u32>; 6],
    /// Days on which some dyad stood at rung 3 or above.
    pub days_direct: u32,
}

fn heights(w: &World) -> &Heights {
    w.resource::<Heights>()
}

/// First day any dyad reached regional war (rung 4).
pub(crate) static REGIONAL_WAR_DAY: Outcome =
    Outcome::at_end("regional_war_day", OutcomeKind::Day, |w| {
        heights(w).first_day_at[4].map(f64::from)
    });
/// Whether any dyad reached regional war.
pub(crate) static REGIONAL_WAR: Outcome = Outcome::at_end("regional_war", OutcomeKind::Flag, |w| {
    Some(if heights(w).first_day_at[4].is_some() {
        1.0
    } else {
        0.0
    })
});
/// Highest rung any dyad reached.
pub(crate) static HIGHEST_RUNG: Outcome =
    Outcome::at_end("highest_rung", OutcomeKind::Count, |w| {
        Some(f64::from(heights(w).highest))
    });
/// Days on which some dyad stood at rung 3 (direct exchange) or above.
pub(crate) static DAYS_AT_RUNG_3_PLUS: Outcome =
    Outcome::at_end("days_at_rung_3_plus", OutcomeKind::Count, |w| {
        Some(f64::from(heights(w).days_direct))
    });
pub(crate) static OUTCOMES: &[&Outcome] = &[
    &REGIONAL_WAR_DAY,
    &REGIONAL_WAR,
    &HIGHEST_RUNG,
    &DAYS_AT_RUNG_3_PLUS,
];

/// Adds every dyad's ladder and climbs it at the end of the day.
pub(crate) fn setup(s: &mut Setup) {
    let dyads = s.world.resource::<SharedRoster>().dyads.len();
    s.resource(Ladder::new(dyads));
    s.resource(Heights::default());
    s.systems(climb_ladder.in_set(DaySystems::Metrics));
}

/// DayClass's acts of one dyad, as the ladder reads them.
#[derive(Clone, Copy, Default)]
pub(crate) struct DayClass {
    class: u8,
    direct_volume: f64,
}

/// Moves every dyad's window on by today's acts and records how high the ladder went.
pub(crate) fn climb_ladder(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    mut ladder: ResMut<Ladder>,
    mut heights: ResMut<Heights>,
    mut acts: MessageReader<Act>,
    mut today: Local<Vec<DayClass>>,
) {
    let today = fresh(&mut today, roster.dyads.len(), DayClass::default());
    for Act(e) in acts.read() {
        if let Some(d) = e.dyad {
            let t = &mut today[usize::from(d)];
            t.class = t.class.max(e.class as u8);
            if e.direct {
                t.direct_volume += e.volume;
            }
        }
    }
    climb(&mut ladder, today, &roster, &roster.rules);
    if ladder.rungs.iter().any(|r| *r >= Rung::DirectLimited as u8) {
        heights.days_direct += 1;
    }
    for &rung in &ladder.rungs {
        heights.highest = heights.highest.max(rung);
        for level in 1..=usize::from(rung) {
            heights.first_day_at[level].get_or_insert(calendar.day);
        }
    }
}

/// Moves every dyad's window by one day and sets today's rungs.
fn climb(ladder: &mut Ladder, tallies: &[DayClass], roster: &Roster, rules: &Rules) {
    let params = &rules.ladder;
    let window = params.window_days.max(1) as usize;
    let ladder = &mut *ladder;
    for (d, t) in tallies.iter().enumerate() {
        let days = &mut ladder.windows[d];
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
    use crate::roster::{Kind, RosterActor};
    use crate::theatre::ActorIx;
    use crate::theatre::TerritoryIx;
    use bevy_ecs::entity::Entity;

    fn roster(dyads: Vec<(ActorIx, ActorIx)>, n: usize) -> Roster {
        let actors = (0..n)
            .map(|i| RosterActor {
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
        Ladder::new(dyads)
    }

    fn strike(class: Rung, volume: f64) -> DayClass {
        DayClass {
            class: class as u8,
            direct_volume: volume,
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
        climb(&mut ladder, &[DayClass::default()], &roster, &rules);
        climb(&mut ladder, &[DayClass::default()], &roster, &rules);
        assert_eq!(ladder.rungs[0], 3);
        climb(&mut ladder, &[DayClass::default()], &roster, &rules);
        assert_eq!(
            ladder.rungs[0], 0,
            "the curve falls back when the fighting stops"
        );
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
        climb(
            &mut two,
            &[proxy, proxy, DayClass::default()],
            &roster,
            &rules,
        );
        assert_eq!(two.rungs, vec![2, 2, 0]);
    }
}
