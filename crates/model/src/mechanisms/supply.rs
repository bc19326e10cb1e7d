//! Supply (MODEL.md 5.1): patrons pass munitions to their militias over the network, and
//! interceptor stocks are replenished.
//!
//! What flows along each sponsorship comes from the network's routes (a max-flow through
//! the open corridors, least exposed first). Each corridor leg may be interdicted by the
//! states that chose yesterday to interdict the patron (see [`interdiction`]); what is
//! not reaches the militia, which regains strength and command integrity when supplied.
//!
//! Runs first in the day's supply step, after rearmament; reads the network's routes and
//! yesterday's [`InterdictionOrders`], writes arsenals, militia strength and
//! [`Interdiction`] messages.

use bevy_ecs::prelude::*;

use crate::components::{Arsenal, HostProfile, Interceptors, MilitiaProfile, StateProfile};
use crate::dice::{Purpose, Subject};
use crate::events::{Cameo, Rung};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::interdiction::InterdictionOrders;
use crate::mechanisms::proxy_decisions::ProxyState;
use crate::mechanisms::rearmament::rearm_states;
use crate::mechanisms::{event, interdiction};
use crate::messages::{Chronicle, Interdiction};
use crate::network::Network;
use crate::outcomes::{Outcome, Tally};
use crate::params::Munitions;
use crate::roster::SharedRoster;
use crate::schedule::DaySystems;
use crate::setup::Setup;

/// Munitions delivered to militias.
pub(crate) static DELIVERED: Outcome = Outcome::amount("delivered");
pub(crate) static OUTCOMES: &[&Outcome] = &[&DELIVERED];

/// Adds interceptor resupply and deliveries, after rearmament.
pub(crate) fn setup(s: &mut Setup) {
    s.systems(
        (resupply_interceptors, deliver_supplies)
            .chain()
            .in_set(DaySystems::Supply)
            .after(rearm_states),
    );
}

/// Moves today's supplies from patrons to militias, losing interdicted convoys.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn deliver_supplies(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    network: Res<Network>,
    orders: Res<InterdictionOrders>,
    mut patrons: Query<(&StateProfile, &mut Arsenal), Without<MilitiaProfile>>,
    mut militias: Query<(&MilitiaProfile, &mut ProxyState, &mut Arsenal), Without<StateProfile>>,
    mut interdictions: MessageWriter<Interdiction>,
    mut chronicle: Chronicle,
) {
    let rules = &roster.rules;
    if !rules.mechanisms.supply {
        return;
    }
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
            match interdiction::catch(
                &roster,
                &network,
                &orders,
                route.patron,
                corridor,
                &mut roll,
            ) {
                Some(by) => {
                    let lost = take(&mut source.0, &profile.0.salvo, flow).total();
                    chronicle.tally(Tally::of(&interdiction::INTERDICTED, lost));
                    interdictions.write(Interdiction {
                        by,
                        patron: route.patron,
                        militia: route.militia,
                        amount: lost,
                    });
                    chronicle.act(event(
                        &roster,
                        calendar.day,
                        by,
                        route.patron,
                        Cameo::Interdict,
                        Rung::GreyZone,
                    ));
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
            chronicle.tally(Tally::of(&DELIVERED, moved.total()));
        }
    }
}

/// Delivers each day's interceptors to every defence layer, up to its maximum stock.
pub(crate) fn resupply_interceptors(
    roster: Local<SharedRoster>,
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
