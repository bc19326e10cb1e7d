//! A simulation: one world and its schedules, reused run after run.

use bevy_ecs::prelude::*;

use crate::build::populate;
use crate::components::{Arsenal, Initial, StateProfile};
use crate::dice::Dice;
use crate::messages::{Act, Attributed, Interdiction, StrikeOrder, StrikeReport};
use crate::network::Network;
use crate::record::{Outcomes, RunRecord};
use crate::resources::*;
use crate::schedule::{RunStart, day_schedule, reset_schedule};
use crate::theatre::{ActorKind, Theatre};

/// A theatre's world, ready to run histories. Building it costs more than a run; running
/// it again restores every entity and resource to day 0 first, so one simulation serves
/// a whole ensemble.
pub struct Simulation {
    world: World,
    day: Schedule,
    reset: Schedule,
    start: RunStart,
    dyads: Vec<String>,
    hosts: Vec<String>,
}

impl Simulation {
    /// Builds the world of a theatre.
    pub fn new(theatre: &Theatre) -> Simulation {
        let mut world = World::new();
        populate(&mut world, theatre);
        let start = RunStart {
            hits: world.resource::<Hits>().clone(),
            ledger: world.resource::<Ledger>().clone(),
            truce: world.resource::<Truce>().clone(),
            channels: world.resource::<Channels>().clone(),
            cooperation: world.resource::<Cooperation>().clone(),
            ladder: world.resource::<Ladder>().clone(),
        };
        let roster = world.resource::<Roster>();
        let dyads = roster
            .dyads
            .iter()
            .map(|(a, b)| format!("{} – {}", roster.actor(*a).name, roster.actor(*b).name))
            .collect();
        let hosts = theatre
            .actors
            .iter()
            .filter(|a| matches!(a.kind, ActorKind::Host(_)))
            .map(|a| a.name.clone())
            .collect();
        Simulation {
            world,
            day: day_schedule(),
            reset: reset_schedule(),
            start,
            dyads,
            hosts,
        }
    }

    /// Display names of the hostile dyads, in record order.
    pub fn dyads(&self) -> &[String] {
        &self.dyads
    }

    /// Runs history `run` of an experiment seeded with `seed` for `days` days.
    pub fn run(&mut self, seed: u64, run: u64, days: u32, detail: Detail) -> RunRecord {
        self.restart(seed, run, days, detail);
        for day in 0..days {
            self.world.resource_mut::<Calendar>().day = day;
            turn_over_messages(&mut self.world);
            self.day.run(&mut self.world);
        }
        self.record(seed, run, days)
    }

    fn restart(&mut self, seed: u64, run: u64, days: u32, detail: Detail) {
        let w = &mut self.world;
        self.reset.run(w);
        w.resource_mut::<Hits>().clone_from(&self.start.hits);
        w.resource_mut::<Ledger>().clone_from(&self.start.ledger);
        w.resource_mut::<Truce>().clone_from(&self.start.truce);
        w.resource_mut::<Channels>()
            .clone_from(&self.start.channels);
        w.resource_mut::<Cooperation>()
            .clone_from(&self.start.cooperation);
        w.resource_mut::<Ladder>().clone_from(&self.start.ladder);
        w.resource_mut::<Network>().reopen_all();
        *w.resource_mut::<Calendar>() = Calendar {
            day: 0,
            days,
            dice: Dice::new(seed, run),
        };
        let actors = w.resource::<Roster>().actors.len();
        let mut log = w.resource_mut::<RunLog>();
        *log = RunLog {
            detail,
            proxy_attacks_by: vec![0; actors],
            ..RunLog::default()
        };
        log.rows.reserve(days as usize * self.dyads.len());
        w.resource_mut::<Messages<StrikeOrder>>().clear();
        w.resource_mut::<Messages<StrikeReport>>().clear();
        w.resource_mut::<Messages<Interdiction>>().clear();
        w.resource_mut::<Messages<Attributed>>().clear();
        w.resource_mut::<Messages<Act>>().clear();
        // Change ticks advance with every system run; a long ensemble must let bevy
        // re-base them before they wrap.
        w.check_change_ticks();
    }

    fn record(&mut self, seed: u64, run: u64, days: u32) -> RunRecord {
        let w = &mut self.world;
        let log = std::mem::take(&mut *w.resource_mut::<RunLog>());
        let (arsenal_start, arsenal_end) = state_arsenals(w);
        let ledger = w.resource::<Ledger>();
        let truce = w.resource::<Truce>();
        let channels = w.resource::<Channels>();
        let roster = w.resource::<Roster>();
        let shocks = w.resource::<Shocks>();
        let attack: f64 = ledger.attack_spending.iter().sum();
        let defence: f64 = ledger.defence_spending.iter().sum();
        let outcomes = Outcomes {
            ceasefire_collapse_day: truce.first_collapse,
            ceasefire_collapses: truce.collapses.len() as u32,
            remediations: truce.remediations.len() as u32,
            first_direct_strike_day: log.first_direct_strike,
            first_host_strike_day: log.first_host_strike,
            first_basing_restriction_day: log.first_restriction,
            first_preemption_day: log.first_preemption,
            channel_halt_day: channels.0.iter().filter_map(|c| c.first_halt).min(),
            regional_war_day: log.first_day_at_rung[4],
            highest_rung: log.highest_rung,
            attack_spending: attack,
            defence_spending: defence,
            cost_exchange_ratio: (attack > 0.0).then(|| defence / attack),
            damage: ledger.damage.iter().sum(),
            debris_damage: ledger.debris.iter().sum(),
            bases_lost: ledger.bases_lost,
            strikes: ledger.strikes,
            proxy_attacks: log.proxy_attacks,
            proxy_attacks_by: log.proxy_attacks_by,
            blamed_on_patron_share: (log.proxy_attacks_on_states > 0)
                .then(|| f64::from(log.blamed_on_patron) / f64::from(log.proxy_attacks_on_states)),
            preemptions: log.preemptions,
            unprovoked_strikes: log.unprovoked,
            probes: log.probes,
            answers: log.answers,
            absorbed: log.absorbed,
            asymmetric_strikes: log.asymmetric_strikes,
            false_alarms: log.false_alarms,
            detections: log.detections,
            offramps: log.offramps,
            accidents: log.accidents,
            intercepted: ledger.intercepted,
            leaked: ledger.leaked,
            munitions_fired: ledger.fired,
            arsenal_start,
            arsenal_end,
            deepest_probe: log.deepest_probe,
            hosts_restricted: log.restrictions,
            days_at_rung_3_plus: log.days_direct,
            goldstein_total: log.goldstein_total,
            delivered: ledger.delivered,
            interdicted: ledger.interdicted,
            violations_perceived: truce.perceived_total,
            violations_real: truce.real_total,
        };
        RunRecord {
            seed,
            run,
            days,
            dyads: self.dyads.clone(),
            dyad_ids: roster
                .dyads
                .iter()
                .map(|(a, b)| (roster.actor(*a).id.clone(), roster.actor(*b).id.clone()))
                .collect(),
            actor_ids: roster.actors.iter().map(|a| a.id.clone()).collect(),
            actor_names: roster.actors.iter().map(|a| a.name.clone()).collect(),
            asset_ids: roster.assets.iter().map(|a| a.id.clone()).collect(),
            hosts: self.hosts.clone(),
            // A shock past a shortened horizon never happened in this run.
            shocks: shocks
                .0
                .iter()
                .filter(|s| s.day < days)
                .map(|s| (s.day, s.label.clone()))
                .collect(),
            remediation_days: truce.remediations.clone(),
            collapse_days: truce.collapses.clone(),
            probes: log.probe_log,
            ladder_window_days: roster.rules.ladder.window_days,
            rows: log.rows,
            willingness: log.willingness,
            events: log.events,
            outcomes,
        }
    }
}

/// The states' arsenals together, on day 0 and now.
fn state_arsenals(world: &mut World) -> (f64, f64) {
    let mut q = world.query_filtered::<(&Arsenal, &Initial<Arsenal>), With<StateProfile>>();
    q.iter(world).fold((0.0, 0.0), |(start, end), (now, then)| {
        (start + then.0.0.total(), end + now.0.total())
    })
}

/// Moves every message queue on by a day: what was written yesterday and read is dropped.
fn turn_over_messages(world: &mut World) {
    world.resource_mut::<Messages<StrikeOrder>>().update();
    world.resource_mut::<Messages<StrikeReport>>().update();
    world.resource_mut::<Messages<Interdiction>>().update();
    world.resource_mut::<Messages<Attributed>>().update();
    world.resource_mut::<Messages<Act>>().update();
}
