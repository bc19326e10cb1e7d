//! The day: MODEL.md section 5's steps, in its order, chained. Each mechanism puts its
//! systems into its step (see [`crate::mechanisms`]); within a step, a system that must
//! follow another says so.
//!
//! | step | systems (mechanism) |
//! | --- | --- |
//! | Calendar | `begin_day` (calendar), `apply_shocks` (shocks) |
//! | 1 Supply | `rearm_states` (rearmament), `resupply_interceptors`, `deliver_supplies` (supply, with interdiction) |
//! | 2 Intelligence | `watch_adversaries` (intelligence and verification) |
//! | 3 Proxy decisions | `decide_proxy_actions` (proxy decisions, targeting) |
//! | 4 State decisions | `decide_state_actions`: credibility, retaliation, pre-emption, probing, escalation utility, execution error, signalling, factions, directives, targeting; `make_benign_moves` (benign moves) |
//! | 5 Strike resolution | `resolve_strikes` (strike resolution) |
//! | 6 Attribution | `attribute_attacks` (attribution) |
//! | 7 Ceasefire | `count_violations` (ceasefire), `mediate`, `weigh_commitment` (diplomacy), `negotiate` (negotiation) |
//! | 8 Host nations | `update_host_willingness` (host nations), `relocate_struck_assets` (relocation) |
//! | 9 Alliances | `adjust_alliances` (alliances) |
//! | 10 Metrics | `climb_ladder` (ladder), `record_day` (metrics) |

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::{LogLevel, ScheduleBuildSettings, SingleThreadedExecutor};

/// The steps of one day, in order; each holds one mechanism of MODEL.md section 5.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DaySystems {
    /// Turning the page and scheduled shocks.
    Calendar,
    /// 1. Rearmament and supply.
    Supply,
    /// 2. Intelligence and verification.
    Intelligence,
    /// 3. Proxy decisions.
    ProxyDecisions,
    /// 4. State decisions.
    StateDecisions,
    /// 5. Strike resolution.
    StrikeResolution,
    /// 6. Attribution.
    Attribution,
    /// 7. Ceasefire and diplomacy.
    Ceasefire,
    /// 8. Host nations.
    HostNations,
    /// 9. Alliances.
    Alliances,
    /// 10. Metrics.
    Metrics,
}

/// The steps of one day, single-threaded (runs are parallelised across worlds, not
/// within one), with ambiguity detection as an error: every system is ordered.
pub fn day_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    // No system defers work (no `Commands`: entities are never spawned during a run), so
    // the schedule needs no sync points between steps nor a final one.
    schedule.set_build_settings(ScheduleBuildSettings {
        ambiguity_detection: LogLevel::Error,
        auto_insert_apply_deferred: false,
        ..Default::default()
    });
    schedule.set_apply_final_deferred(false);
    schedule.configure_sets(
        (
            DaySystems::Calendar,
            DaySystems::Supply,
            DaySystems::Intelligence,
            DaySystems::ProxyDecisions,
            DaySystems::StateDecisions,
            DaySystems::StrikeResolution,
            DaySystems::Attribution,
            DaySystems::Ceasefire,
            DaySystems::HostNations,
            DaySystems::Alliances,
            DaySystems::Metrics,
        )
            .chain(),
    );
    schedule
}

/// The schedule that restores every changing component and resource to its day-0 value;
/// each mechanism adds what it owns (through its `setup`).
pub fn reset_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule
}
