//! A simulation: one world and its schedules, reused run after run.

use crate::build::{Built, build};
use crate::dice::Dice;
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::ceasefire::Truce;
use crate::mechanisms::metrics::{Detail, RunLog};
use crate::mechanisms::shocks::Shocks;
use crate::mechanisms::strike_resolution::Ledger;
use crate::network::Network;
use crate::outcomes::Tallies;
use crate::record::{LayerRecord, RunRecord};
use crate::roster::SharedRoster;
use crate::theatre::{ActorKind, Theatre};

/// A theatre's world, ready to run histories. Building it costs more than a run; running
/// it again restores every entity and resource to day 0 first, so one simulation serves
/// a whole ensemble.
pub struct Simulation {
    built: Built,
    dyads: Vec<String>,
    hosts: Vec<String>,
}

impl Simulation {
    /// Builds the world of a theatre.
    pub fn new(theatre: &Theatre) -> Simulation {
        let built = build(theatre);
        let roster = built.world.resource::<SharedRoster>();
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
            built,
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
        let b = &mut self.built;
        for day in 0..days {
            b.world.resource_mut::<Calendar>().day = day;
            // What was written yesterday and read is dropped.
            for turn in &b.messages {
                turn(&mut b.world, false);
            }
            b.day.run(&mut b.world);
        }
        self.record(seed, run, days)
    }

    fn restart(&mut self, seed: u64, run: u64, days: u32, detail: Detail) {
        let b = &mut self.built;
        let w = &mut b.world;
        b.reset.run(w);
        w.resource_mut::<Network>().reopen_all();
        *w.resource_mut::<Calendar>() = Calendar {
            day: 0,
            dice: Dice::new(seed, run),
        };
        let actors = w.resource::<SharedRoster>().actors.len();
        *w.resource_mut::<Tallies>() = Tallies::new(actors);
        let mut log = w.resource_mut::<RunLog>();
        *log = RunLog {
            detail,
            ..RunLog::default()
        };
        log.rows.reserve(days as usize * self.dyads.len());
        for clear in &b.messages {
            clear(w, true);
        }
        // Change ticks advance with every system run; a long ensemble must let bevy
        // re-base them before they wrap.
        w.check_change_ticks();
    }

    fn record(&mut self, seed: u64, run: u64, days: u32) -> RunRecord {
        let w = &mut self.built.world;
        let outcomes = w.resource::<Tallies>().outcomes(w);
        let log = std::mem::take(&mut *w.resource_mut::<RunLog>());
        let truce = w.resource::<Truce>();
        let roster = w.resource::<SharedRoster>();
        let shocks = w.resource::<Shocks>();
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
            probes: log.probes,
            ladder_window_days: roster.rules.ladder.window_days,
            rows: log.rows,
            willingness: log.willingness,
            events: log.events,
            layers: (w.resource::<Ledger>().layers.iter())
                .map(|l| LayerRecord {
                    defender: roster.actor(l.defender).id.clone(),
                    name: l.name.clone(),
                    intercepted: l.intercepted,
                    shots: l.shots,
                    engagements: l.engagements,
                    spending: l.spending,
                })
                .collect(),
            layer_days: log.layer_days,
            outcomes,
        }
    }
}
