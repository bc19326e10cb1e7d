//! Proxy decisions (MODEL.md 5.3; seed 000).
//!
//! A militia acts on a mixture of its patron's directive and its own initiative. The
//! directive's weight is `(1 - autonomy) * control`, where control is the sponsorship's
//! command strength times the militia's command-and-control integrity times its
//! cooperation with the patron; the rest is its own initiative, made of grievance and
//! stockpile. High autonomy gives the patron deniability (see attribution) and costs it
//! control. An attack is prepared for some days (visible to intelligence) before launch.

use bevy_ecs::prelude::*;

use crate::components::{Actor, Arsenal, Health, MilitiaProfile, Sponsor, StateProfile};
use crate::dice::{Purpose, Subject};
use crate::mechanisms::alliances::Cooperation;
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::directives::{Directive, DirectiveLevels};
use crate::mechanisms::relocation::Relocations;
use crate::mechanisms::strike_resolution::{Hits, MunitionProfile};
use crate::mechanisms::{fresh, targeting};
use crate::messages::{StrikeKind, StrikeOrder, StrikeTarget};
use crate::network::Network;
use crate::params::{Amount, Munitions, Probability, serde_block};
use crate::roster::{Roster, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// A militia's grievance (MODEL.md 5.3): it grows when the militia or its patron's allies
/// are struck, and decays.
pub struct Grievance {
    /// Grievance on day 0, in [0, 1].
    pub initial: Probability,
    /// Added when the militia itself is struck.
    pub when_struck: Probability,
    /// Added when its patron or one of the patron's other proxies is struck.
    pub when_ally_struck: Probability,
    /// Share lost per day.
    pub decay: Probability,
}
}

impl Default for Grievance {
    fn default() -> Self {
        Grievance {
            initial: Probability(0.1),
            when_struck: Probability(0.3),
            when_ally_struck: Probability(0.1),
            decay: Probability(0.03),
        }
    }
}

serde_block! {
/// Everything a militia carries (MODEL.md section 3).
pub struct MilitiaParams {
    /// Autonomy in [0, 1]: weight of its own initiative against its patron's directive;
    /// high autonomy gives the patron deniability and costs it control (seed 000).
    pub autonomy: Probability,
    /// Fighting strength on day 0 (1 is intact).
    pub strength: Probability,
    /// Command-and-control integrity on day 0 (how far a directive reaches it).
    pub command_integrity: Probability,
    /// Arsenal on day 0.
    pub arsenal: Munitions,
    /// Costs and effects of its munitions.
    pub munitions: MunitionProfile,
    /// Munitions in one attack.
    pub salvo: Munitions,
    /// Daily probability of preparing an attack at full propensity.
    pub attack_rate: Probability,
    /// Days between the start of a preparation and the launch (the window in which
    /// intelligence can see it and a state can pre-empt).
    pub preparation_days: u32,
    /// Daily probability of a benign move (training, repositioning) that intelligence
    /// may misread as an attack preparation.
    pub benign_move_rate: Probability,
    /// Grievance dynamics.
    pub grievance: Grievance,
    /// Weight of grievance in its own initiative (the rest is its stockpile).
    pub grievance_weight: Probability,
    /// Stockpile, in salvos, at which the stockpile pushes it to act at full weight.
    pub stockpile_salvos: Amount,
    /// How identifiable its attacks are (evidence for attribution).
    pub signature: Probability,
    /// Strength regained per day, as a share of what is missing, when supplied.
    pub recovery: Probability,
    /// Hardness of its dispersed forces: leaker damage to its strength is divided by it.
    pub hardness: Amount,
    /// Time constant, in days, of its recent losses when its patron is not a state (a
    /// state patron's `utility.window_days` sets it otherwise).
    pub loss_window_days: u32,
}
}

impl Default for MilitiaParams {
    fn default() -> Self {
        MilitiaParams {
            autonomy: Probability(0.5),
            strength: Probability(1.0),
            command_integrity: Probability(0.9),
            arsenal: Munitions::new(0.0, 10.0, 20.0),
            munitions: MunitionProfile {
                unit_cost: Munitions::new(1_000_000.0, 150_000.0, 30_000.0),
                damage: Munitions::new(0.35, 0.12, 0.08),
                ..MunitionProfile::default()
            },
            salvo: Munitions::new(0.0, 2.0, 4.0),
            attack_rate: Probability(0.08),
            preparation_days: 2,
            benign_move_rate: Probability(0.2),
            grievance: Grievance::default(),
            grievance_weight: Probability(0.6),
            stockpile_salvos: Amount(6.0),
            signature: Probability(0.5),
            recovery: Probability(0.02),
            hardness: Amount(2.0),
            loss_window_days: 14,
        }
    }
}

/// An attack a militia is preparing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Preparation {
    /// Launch day.
    pub launch_day: u32,
    /// What it will hit.
    pub target: StrikeTarget,
    /// The adversary it is aimed at.
    pub against: ActorIx,
}

/// A militia's changing state.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct ProxyState {
    /// Fighting strength in [0, 1].
    pub strength: f64,
    /// Command-and-control integrity in [0, 1].
    pub command_integrity: f64,
    /// Grievance in [0, 1].
    pub grievance: f64,
    /// Strength lost recently, decaying over the patron's utility window.
    pub recent_losses: f64,
    /// The attack being prepared, if any.
    pub preparing: Option<Preparation>,
    /// Whether it made a benign move today (which intelligence may misread tomorrow).
    pub benign_move: bool,
}

/// Gives militias their changing state and decides after intelligence.
pub(crate) fn setup(s: &mut Setup) {
    s.on_militias(|p| ProxyState {
        strength: p.strength.get(),
        command_integrity: p.command_integrity.get(),
        grievance: p.grievance.initial.get(),
        recent_losses: 0.0,
        preparing: None,
        benign_move: false,
    });
    s.systems(decide_proxy_actions.in_set(DaySystems::ProxyDecisions));
}

/// Updates each militia's grievance, then prepares, launches or forgoes attacks.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn decide_proxy_actions(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    network: Res<Network>,
    cooperation: Res<Cooperation>,
    hits: Res<Hits>,
    patrons: Query<&StateProfile>,
    health: Query<&Health>,
    relocations: Res<Relocations>,
    mut militias: Query<(
        &Actor,
        &MilitiaProfile,
        &Sponsor,
        &Directive,
        &mut ProxyState,
        &mut Arsenal,
    )>,
    mut orders: MessageWriter<StrikeOrder>,
    mut allies_struck: Local<Vec<u32>>,
) {
    let rules = &roster.rules;
    let day = calendar.day;
    let allies_struck = count_allies_struck(&roster, &cooperation, &hits, &mut allies_struck);
    for (actor, profile, sponsor, directive, mut proxy, mut arsenal) in &mut militias {
        let m = actor.ix;
        let p = &profile.0;
        let window = patrons
            .get(roster.actor(sponsor.patron).entity)
            .map_or(p.loss_window_days, |s| s.0.utility.window_days)
            .max(1);
        proxy.recent_losses *= 1.0 - 1.0 / f64::from(window);
        proxy.grievance = if rules.mechanisms.grievance {
            let ally = ally_struck(
                (&roster, &cooperation, &hits),
                allies_struck,
                m,
                sponsor.patron,
            );
            grieve(proxy.grievance, p, struck(&hits, m), ally)
        } else {
            proxy.grievance * (1.0 - p.grievance.decay.get())
        };
        // One stream for the militia's day, drawn in a fixed order: its benign move first,
        // then its decision to attack.
        let mut roll = calendar.roll(Subject::actor(m), Purpose::ProxyDecision);
        proxy.benign_move = roll.chance(p.benign_move_rate.get());

        if let Some(prep) = proxy.preparing
            && prep.launch_day <= day
        {
            proxy.preparing = None;
            // A target whose functions were relocated meanwhile is gone: the attack is
            // called off (the munitions are kept).
            let moved = matches!(prep.target, StrikeTarget::Asset(a) if relocations.away(a));
            if moved {
                continue;
            }
            if let Some(order) = launch(m, prep, p, proxy.strength, &mut arsenal.0) {
                orders.write(order);
            }
            continue;
        }
        if proxy.preparing.is_some() || arsenal.0.total() < 1.0 {
            continue;
        }
        let control = sponsor.command
            * proxy.command_integrity
            * cooperation
                .of(m, sponsor.patron)
                .filter(|_| rules.mechanisms.alliances)
                .unwrap_or(1.0);
        let propensity = propensity(
            p,
            &proxy,
            &arsenal,
            *directive,
            &rules.directives,
            control,
            rules.mechanisms.proxy_initiative,
        );
        if !roll.chance(p.attack_rate.get() * propensity * proxy.strength) {
            continue;
        }
        let Some(prep) = aim(
            (&roster, &network, &health, &relocations),
            &calendar,
            (m, sponsor.patron),
            p,
        ) else {
            continue;
        };
        if p.preparation_days == 0 {
            if let Some(order) = launch(m, prep, p, proxy.strength, &mut arsenal.0) {
                orders.write(order);
            }
        } else {
            proxy.preparing = Some(prep);
        }
    }
}

/// The target of militia `m`'s next attack, drawn among the intact enemy assets it
/// reaches, and when it will launch.
fn aim(
    here: (&Roster, &Network, &Query<&Health>, &Relocations),
    calendar: &Calendar,
    (m, patron): (ActorIx, ActorIx),
    p: &MilitiaParams,
) -> Option<Preparation> {
    let roster = here.0;
    let enemies = |owner: ActorIx| {
        roster.is_hostile(m, owner) || roster.is_hostile(patron, roster.side(owner))
    };
    let candidates = targeting::reachable(here, m, |a| enemies(a.owner));
    let mut roll = calendar.roll(Subject::actor(m), Purpose::Targeting);
    let &target = targeting::pick(roster, &candidates, 1, &mut roll).first()?;
    Some(Preparation {
        launch_day: calendar.day + p.preparation_days,
        target: StrikeTarget::Asset(target),
        against: roster.side(roster.asset(target).owner),
    })
}

/// The militia's propensity to attack in [0, 1]: the directive weighted by
/// `(1 - autonomy) * control`, its own initiative by the rest.
pub(crate) fn propensity(
    p: &MilitiaParams,
    proxy: &ProxyState,
    arsenal: &Arsenal,
    directive: Directive,
    levels: &DirectiveLevels,
    control: f64,
    initiative_on: bool,
) -> f64 {
    let ordered = match directive {
        Directive::Restrain => levels.restrain.get(),
        Directive::Harass => levels.harass.get(),
        Directive::Escalate => levels.escalate.get(),
    };
    let weight = (1.0 - p.autonomy.get()) * control.clamp(0.0, 1.0);
    if !initiative_on {
        return weight * ordered;
    }
    let full_stock = p.stockpile_salvos.get() * p.salvo.total();
    let stockpile = if full_stock > 0.0 {
        (arsenal.0.total() / full_stock).min(1.0)
    } else {
        1.0
    };
    let gw = p.grievance_weight.get();
    let initiative = gw * proxy.grievance + (1.0 - gw) * stockpile;
    weight * ordered + (1.0 - weight) * initiative
}

fn grieve(grievance: f64, p: &MilitiaParams, struck: bool, ally_struck: bool) -> f64 {
    let g = &p.grievance;
    let mut next = grievance * (1.0 - g.decay.get());
    if struck {
        next += g.when_struck.get();
    }
    if ally_struck {
        next += g.when_ally_struck.get();
    }
    next.min(1.0)
}

fn struck(hits: &Hits, a: ActorIx) -> bool {
    hits.yesterday.get(a.0 as usize).is_some_and(|h| *h > 0)
}

/// For each patron, how many of its militias and of the actors allied to it were struck
/// yesterday (an actor that is both counts twice). Counted once a day, so that a militia's
/// question below costs no scan of its siblings: theatres can have thousands.
fn count_allies_struck<'a>(
    roster: &Roster,
    cooperation: &Cooperation,
    hits: &Hits,
    counts: &'a mut Vec<u32>,
) -> &'a [u32] {
    let counts = fresh(counts, roster.len(), 0);
    for (patron, proxies) in roster.proxies.iter().enumerate() {
        counts[patron] = proxies.iter().filter(|&&s| struck(hits, s)).count() as u32;
    }
    for (from, to, _) in &cooperation.ties {
        if struck(hits, *from) {
            counts[to.0 as usize] += 1;
        }
    }
    counts
}

/// Whether the patron, a sibling militia or an ally of the patron was struck yesterday.
fn ally_struck(
    (roster, cooperation, hits): (&Roster, &Cooperation, &Hits),
    allies_struck: &[u32],
    m: ActorIx,
    patron: ActorIx,
) -> bool {
    // The militia itself is among its patron's proxies and perhaps its allies: it does
    // not count as its own ally.
    let own = if struck(hits, m) {
        roster.proxies[patron.0 as usize]
            .iter()
            .filter(|&&s| s == m)
            .count()
            + cooperation.ties_between(m, patron)
    } else {
        0
    };
    struck(hits, patron) || allies_struck[patron.0 as usize] as usize > own
}

/// The order a ready preparation becomes: the salvo scaled by strength, limited by what
/// is left after pre-emption and interdiction.
fn launch(
    m: ActorIx,
    prep: Preparation,
    p: &MilitiaParams,
    strength: f64,
    arsenal: &mut Munitions,
) -> Option<StrikeOrder> {
    let salvo = (p.salvo * strength).rounded().min(arsenal);
    if salvo.total() < 1.0 {
        return None;
    }
    arsenal.spend(&salvo);
    Some(StrikeOrder {
        attacker: m,
        against: prep.against,
        target: prep.target,
        salvo,
        kind: StrikeKind::ProxyAttack,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxy(grievance: f64) -> ProxyState {
        ProxyState {
            strength: 1.0,
            command_integrity: 1.0,
            grievance,
            recent_losses: 0.0,
            preparing: None,
            benign_move: false,
        }
    }

    #[test]
    fn autonomy_shifts_weight_from_directive_to_initiative() {
        let levels = DirectiveLevels::default();
        let arsenal = Arsenal(Munitions::new(0.0, 0.0, 0.0));
        let obedient = MilitiaParams {
            autonomy: Probability(0.0),
            ..MilitiaParams::default()
        };
        let autonomous = MilitiaParams {
            autonomy: Probability(1.0),
            ..MilitiaParams::default()
        };
        // Restrained by the patron but aggrieved: only autonomy lets grievance act.
        let restrained = |p: &MilitiaParams| {
            propensity(
                p,
                &proxy(1.0),
                &arsenal,
                Directive::Restrain,
                &levels,
                1.0,
                true,
            )
        };
        assert!(restrained(&obedient) < 1e-12);
        assert!(restrained(&autonomous) > 0.5);
        // Ordered to escalate but calm: autonomy lowers the propensity.
        let escalating = |p: &MilitiaParams| {
            propensity(
                p,
                &proxy(0.0),
                &arsenal,
                Directive::Escalate,
                &levels,
                1.0,
                true,
            )
        };
        assert!(escalating(&obedient) > escalating(&autonomous));
        // Without initiative only the directive counts.
        assert!(
            propensity(
                &autonomous,
                &proxy(1.0),
                &arsenal,
                Directive::Restrain,
                &levels,
                1.0,
                false
            ) < 1e-12
        );
    }

    #[test]
    fn grievance_grows_when_struck_and_decays() {
        let p = MilitiaParams::default();
        let calm = grieve(0.5, &p, false, false);
        assert!(calm < 0.5);
        assert!(grieve(0.5, &p, true, false) > grieve(0.5, &p, false, true));
        assert!(grieve(0.5, &p, false, true) > calm);
        assert!(grieve(0.99, &p, true, true) <= 1.0);
    }
}
