//! Supply (MODEL.md 5.1): patrons pass munitions to their militias over the network.
//!
//! What flows along each sponsorship comes from the network's routes (a max-flow through
//! the open corridors, least exposed first). A convoy in a corridor may be interdicted by
//! any state hostile to the patron that reaches the corridor's territory and spends
//! effort on interdiction; the convoy is lost, and the patron may read the interdiction
//! as a ceasefire violation (seed 001's redline ambiguity, counted by the ceasefire
//! system).

use bevy_ecs::prelude::*;

use crate::components::{
    Arsenal, HostProfile, Interceptors, MilitiaProfile, ProxyState, StateProfile,
};
use crate::dice::{Purpose, Subject};
use crate::events::{Cameo, Rung};
use crate::messages::{Act, Interdiction};
use crate::network::Network;
use crate::params::Munitions;
use crate::resources::{Calendar, Kind, Ledger, Roster};
use crate::systems::event;
use crate::theatre::ActorIx;

/// Moves today's supplies from patrons to militias, losing interdicted convoys.
pub fn deliver_supplies(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    network: Res<Network>,
    mut ledger: ResMut<Ledger>,
    mut patrons: Query<(&StateProfile, &mut Arsenal), Without<MilitiaProfile>>,
    mut militias: Query<(&MilitiaProfile, &mut ProxyState, &mut Arsenal), Without<StateProfile>>,
    mut interdictions: MessageWriter<Interdiction>,
    mut acts: MessageWriter<Act>,
) {
    let rules = &roster.rules;
    if !rules.mechanisms.supply {
        return;
    }
    let efforts = interdiction_efforts(&roster, &patrons);
    for route in network.routes() {
        let patron = roster.actor(route.patron).entity;
        let militia = roster.actor(route.militia).entity;
        let Ok((profile, mut proxy, mut stock)) = militias.get_mut(militia) else {
            continue;
        };
        let Ok((_, mut source)) = patrons.get_mut(patron) else {
            continue;
        };
        let mut delivered = route.direct;
        // One stream per sponsorship and day, drawn corridor by corridor in route order.
        let mut roll = calendar.roll(
            Subject::pair(route.patron, route.militia),
            Purpose::Interdiction,
        );
        for &(k, flow) in &route.legs {
            let corridor = &network.corridors()[k];
            let interdictor = rules
                .mechanisms
                .interdiction
                .then(|| {
                    interdictor_of(
                        &roster,
                        &network,
                        &efforts,
                        route.patron,
                        corridor.via,
                        corridor.exposure,
                    )
                })
                .flatten();
            let caught = interdictor.filter(|(_, p)| roll.chance(*p));
            match caught {
                Some((by, _)) => {
                    let lost = take(&mut source.0, &profile.0.salvo, flow).total();
                    ledger.interdicted += lost;
                    interdictions.write(Interdiction {
                        by,
                        patron: route.patron,
                        militia: route.militia,
                        amount: lost,
                    });
                    acts.write(Act(event(
                        &roster,
                        calendar.day,
                        by,
                        route.patron,
                        Cameo::Interdict,
                        Rung::GreyZone,
                    )));
                }
                None => delivered += flow,
            }
        }
        let moved = take(&mut source.0, &profile.0.salvo, delivered);
        if moved.total() > 0.0 {
            stock.0 = stock.0 + moved;
            let recovery = profile.0.recovery.get();
            proxy.strength += recovery * (1.0 - proxy.strength);
            proxy.command_integrity +=
                recovery * (profile.0.command_integrity.get() - proxy.command_integrity).max(0.0);
            ledger.delivered += moved.total();
        }
    }
}

/// Delivers each day's interceptors to every defence layer, up to its maximum stock.
pub fn resupply_interceptors(
    roster: Res<Roster>,
    mut defenders: Query<(
        &mut Interceptors,
        Option<&StateProfile>,
        Option<&HostProfile>,
    )>,
) {
    let rules = &roster.rules;
    if !rules.mechanisms.air_defence {
        return;
    }
    for (mut stocks, state, host) in &mut defenders {
        let layers = match (state, host) {
            (Some(s), _) => &s.0.air_defence,
            (_, Some(h)) => &h.0.air_defence,
            _ => continue,
        };
        for (stock, layer) in stocks.0.iter_mut().zip(layers) {
            *stock = (*stock + layer.resupply_per_day.get()).min(layer.max_stock.get().max(*stock));
        }
    }
}

/// Each state's interdiction effort, by actor index (zero for non-states).
fn interdiction_efforts(
    roster: &Roster,
    states: &Query<(&StateProfile, &mut Arsenal), Without<MilitiaProfile>>,
) -> Vec<f64> {
    roster
        .actors
        .iter()
        .map(|a| match (a.kind, states.get(a.entity)) {
            (Kind::State, Ok((p, _))) => p.0.doctrine.interdiction_effort.get(),
            _ => 0.0,
        })
        .collect()
}

/// The state most likely to interdict a convoy of `patron` crossing `via`, with the
/// combined probability that someone does: `1 - prod(1 - exposure * effort_i)` over the
/// patron's adversaries that reach the corridor.
fn interdictor_of(
    roster: &Roster,
    network: &Network,
    efforts: &[f64],
    patron: ActorIx,
    via: crate::theatre::TerritoryIx,
    exposure: f64,
) -> Option<(ActorIx, f64)> {
    let mut escape = 1.0;
    let mut strongest: Option<(ActorIx, f64)> = None;
    for &by in &roster.adversaries[patron.0 as usize] {
        let effort = efforts[by.0 as usize];
        if effort > 0.0 && network.reaches(by, via) {
            escape *= 1.0 - exposure * effort;
            if strongest.is_none_or(|(_, e)| effort > e) {
                strongest = Some((by, effort));
            }
        }
    }
    strongest.map(|(by, _)| (by, 1.0 - escape))
}

/// A salvo's composition as shares summing to 1 (all loitering if the salvo is empty).
fn mix_of(salvo: &Munitions) -> Munitions {
    let total = salvo.total();
    if total > 0.0 {
        salvo.scaled(1.0 / total)
    } else {
        Munitions::new(0.0, 0.0, 1.0)
    }
}

/// Takes up to `amount` munitions from a patron's arsenal in the militia's mix.
fn take(arsenal: &mut Munitions, salvo: &Munitions, amount: f64) -> Munitions {
    if amount <= 0.0 {
        return Munitions::default();
    }
    let taken = (mix_of(salvo) * amount).min(arsenal);
    arsenal.spend(&taken);
    taken
}
