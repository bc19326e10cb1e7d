//! The day schedule: MODEL.md section 5's systems, in its order, chained.

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::{LogLevel, ScheduleBuildSettings, SingleThreadedExecutor};

use crate::components::*;
use crate::resources::{Channels, Cooperation, Hits, Ladder, Ledger, Truce};
use crate::systems::*;

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

/// The schedule of one day, single-threaded (runs are parallelised across worlds, not
/// within one), with ambiguity detection as an error: every system is ordered.
pub fn day_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.set_build_settings(ScheduleBuildSettings {
        ambiguity_detection: LogLevel::Error,
        ..Default::default()
    });
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
    schedule.add_systems((
        (calendar::begin_day, shocks::apply_shocks)
            .chain()
            .in_set(DaySystems::Calendar),
        (
            rearmament::rearm_states,
            supply::resupply_interceptors,
            supply::deliver_supplies,
        )
            .chain()
            .in_set(DaySystems::Supply),
        intelligence::watch_adversaries.in_set(DaySystems::Intelligence),
        proxy_decisions::decide_proxy_actions.in_set(DaySystems::ProxyDecisions),
        state_decisions::decide_state_actions.in_set(DaySystems::StateDecisions),
        strike_resolution::resolve_strikes.in_set(DaySystems::StrikeResolution),
        attribution::attribute_attacks.in_set(DaySystems::Attribution),
        (ceasefire::count_violations, ceasefire::mediate)
            .chain()
            .in_set(DaySystems::Ceasefire),
        host_nations::update_host_willingness.in_set(DaySystems::HostNations),
        alliances::adjust_alliances.in_set(DaySystems::Alliances),
        metrics::record_day.in_set(DaySystems::Metrics),
    ));
    schedule
}

/// The schedule that restores every changing component to its day-0 value.
pub fn reset_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.add_systems(
        (
            restore::<Health>,
            restore::<Arsenal>,
            restore::<Interceptors>,
            restore::<Credibility>,
            restore::<FactionBalance>,
            restore::<Legitimacy>,
            restore::<Sanctions>,
            restore::<Perception>,
            restore::<Grudges>,
            restore::<Probes>,
            restore::<Received>,
            restore::<Plans>,
            restore::<LastThreat>,
            restore::<ProxyState>,
            restore::<Directive>,
            restore::<Willingness>,
        )
            .chain(),
    );
    schedule
}

/// Copies a component's day-0 value back, reusing its allocation.
fn restore<T: Component<Mutability = bevy_ecs::component::Mutable> + Clone>(
    mut q: Query<(&mut T, &Initial<T>)>,
) {
    for (mut value, initial) in &mut q {
        value.clone_from(&initial.0);
    }
}

/// Resources a run changes, as they were before day 0.
#[derive(Clone)]
pub(crate) struct RunStart {
    pub hits: Hits,
    pub ledger: Ledger,
    pub truce: Truce,
    pub channels: Channels,
    pub cooperation: Cooperation,
    pub ladder: Ladder,
}
