//! Host nations (MODEL.md 5.8; seed 002: Bahrain and Kuwait).
//!
//! Willingness to host falls with strikes on the host's soil, with debris damage, and
//! with the strain interceptor spending puts on its air-defence budget: the budget is a
//! stock that every interceptor (and engagement) the host pays for depletes and that is
//! replenished at the budget's daily rate, and the share of it depleted costs willingness
//! every day it stays depleted (seed 002: a $20k drone against a $1M interceptor is "a
//! long-term sustainability crisis for host-nation defense budgets"). A share of each
//! host's loss spreads to its peers (hosts of the same guest: a strike on one signals
//! all). Calm days recover part of the gap to day 0. Below its threshold a host restricts
//! its guests' basing, which closes the hosting edges and every reach that went through
//! it; once its willingness has recovered above `lift_above` (and its alliance no longer
//! distrusts the guest) it lifts the restriction again.

use bevy_ecs::prelude::*;

use crate::components::{Actor, HostProfile};
use crate::events::{Cameo, Rung};
use crate::mechanisms::alliances::Cooperation;
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::strike_resolution::{DefenceLayer, Ledger};
use crate::mechanisms::{event, fresh};
use crate::messages::{Chronicle, StrikeReport};
use crate::network::Network;
use crate::outcomes::{Outcome, OutcomeKind};
use crate::params::{Amount, Probability, serde_block};
use crate::roster::{Roster, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// Everything a host nation carries (MODEL.md section 3, seed 002).
pub struct HostParams {
    /// Willingness to host on day 0.
    pub willingness: Probability,
    /// Below this willingness the host restricts the guest's basing.
    pub restrict_below: Probability,
    /// Willingness lost per strike landing on its soil.
    pub per_strike: Probability,
    /// Willingness lost per million dollars of debris damage.
    pub per_debris_million: Probability,
    /// Willingness lost per day at a fully depleted air-defence budget, in proportion to
    /// the share of the budget stock depleted.
    pub per_budget_strain: Probability,
    /// Yearly defence budget in US dollars.
    pub defence_budget: Amount,
    /// Share of the yearly defence budget that pays for air defence: the capacity of the
    /// budget stock that interceptor and engagement spending depletes.
    pub air_defence_share: Probability,
    /// Days the budget takes to refill its air-defence stock from empty: it is
    /// replenished by `air_defence_share * defence_budget / replenish_days` a day.
    pub replenish_days: Amount,
    /// Willingness above which a host that restricted basing (on its own, not by a
    /// scheduled shock) lifts the restriction; at or below `restrict_below` it never
    /// lifts.
    pub lift_above: Probability,
    /// Share of a peer host's willingness loss it feels itself (a strike on one signals
    /// all, seed 002).
    pub contagion: Probability,
    /// Share of the gap to day-0 willingness recovered per calm day.
    pub recovery: Probability,
    /// Probability that one interception over its populated territory causes debris
    /// damage (seed 002: refinery fires near BAPCO, force majeure).
    pub debris_rate: Probability,
    /// Average debris damage of one such interception, in US dollars.
    pub debris_cost: Amount,
    /// Its own air defence layers.
    pub air_defence: Vec<DefenceLayer>,
}
}

impl Default for HostParams {
    fn default() -> Self {
        HostParams {
            willingness: Probability(0.8),
            restrict_below: Probability(0.3),
            per_strike: Probability(0.04),
            per_debris_million: Probability(0.01),
            per_budget_strain: Probability(0.005),
            defence_budget: Amount(1.4e9),
            air_defence_share: Probability(0.1),
            replenish_days: Amount(365.0),
            lift_above: Probability(0.5),
            contagion: Probability(0.4),
            recovery: Probability(0.01),
            debris_rate: Probability(0.15),
            debris_cost: Amount(2_000_000.0),
            air_defence: Vec::new(),
        }
    }
}

/// A host nation's willingness to host.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Willingness {
    /// Willingness in [0, 1].
    pub value: f64,
    /// Whether it has restricted its guests' basing.
    pub restricted: bool,
    /// Whether the restriction was imposed by a scheduled shock (never lifted).
    pub imposed: bool,
    /// Whether it ever restricted basing in this run.
    pub ever: bool,
}

impl Willingness {
    /// A host's willingness on day 0.
    fn day0(p: &HostParams) -> Self {
        Willingness {
            value: p.willingness.get(),
            restricted: false,
            imposed: false,
            ever: false,
        }
    }
}

/// A host's air-defence budget: a stock in US dollars that interceptor and engagement
/// spending depletes and the yearly budget replenishes (seed 002).
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct DefenceBudget {
    /// Dollars left in the air-defence budget.
    pub stock: f64,
}

impl DefenceBudget {
    /// The stock's capacity: the air-defence share of the yearly budget.
    pub fn capacity(p: &HostParams) -> f64 {
        p.air_defence_share.get() * p.defence_budget.get()
    }

    /// Share of the stock depleted, in [0, 1] (0 for a host without an air-defence budget).
    pub fn strain(&self, p: &HostParams) -> f64 {
        let capacity = Self::capacity(p);
        if capacity > 0.0 {
            (1.0 - self.stock / capacity).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Spends `spending` (never below zero) and replenishes a day's share of the budget.
    pub fn step(&mut self, p: &HostParams, spending: f64) {
        let capacity = Self::capacity(p);
        let refill = if p.replenish_days.get() > 0.0 {
            capacity / p.replenish_days.get()
        } else {
            capacity
        };
        self.stock = ((self.stock - spending).max(0.0) + refill).min(capacity);
    }
}

/// First basing restriction by a host.
pub(crate) static FIRST_BASING_RESTRICTION_DAY: Outcome =
    Outcome::first_day("first_basing_restriction_day");
/// Whether a host restricted basing.
pub(crate) static BASING_RESTRICTED: Outcome =
    Outcome::flag("basing_restricted", &FIRST_BASING_RESTRICTION_DAY);
/// Hosts that restricted basing.
pub(crate) static HOSTS_RESTRICTED: Outcome = Outcome::count("hosts_restricted");
/// Restrictions lifted after willingness recovered.
pub(crate) static BASING_LIFTED: Outcome = Outcome::count("basing_lifted");
/// Host-days a host's basing was restricted.
pub(crate) static RESTRICTED_DAYS: Outcome = Outcome::count("restricted_host_days");
/// The hosts' mean share of their air-defence budget depleted at the horizon.
pub(crate) static HOST_BUDGET_STRAIN: Outcome =
    Outcome::at_end("host_budget_strain", OutcomeKind::Ratio, |w| {
        let mut q = w.try_query::<(&HostProfile, &DefenceBudget)>()?;
        let (sum, n) = q
            .iter(w)
            .fold((0.0, 0.0), |(s, n), (p, b)| (s + b.strain(&p.0), n + 1.0));
        (n > 0.0).then(|| sum / n)
    });
/// The hosts' mean willingness at the horizon.
pub(crate) static HOST_WILLINGNESS_END: Outcome =
    Outcome::at_end("host_willingness_end", OutcomeKind::Ratio, |w| {
        let mut q = w.try_query::<&Willingness>()?;
        let (sum, n) = q
            .iter(w)
            .fold((0.0, 0.0), |(s, n), h| (s + h.value, n + 1.0));
        (n > 0.0).then(|| sum / n)
    });
pub(crate) static OUTCOMES: &[&Outcome] = &[
    &FIRST_BASING_RESTRICTION_DAY,
    &BASING_RESTRICTED,
    &HOSTS_RESTRICTED,
    &BASING_LIFTED,
    &RESTRICTED_DAYS,
    &HOST_BUDGET_STRAIN,
    &HOST_WILLINGNESS_END,
];

/// Gives hosts their willingness and updates it after the ceasefire.
pub(crate) fn setup(s: &mut Setup) {
    s.on_hosts(Willingness::day0);
    s.on_hosts(|p| DefenceBudget {
        stock: DefenceBudget::capacity(p),
    });
    s.systems(update_host_willingness.in_set(DaySystems::HostNations));
}

/// Updates every host's budget and willingness, restricts basing below the threshold and
/// lifts a restriction once willingness has recovered.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn update_host_willingness(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    ledger: Res<Ledger>,
    cooperation: Res<Cooperation>,
    mut network: ResMut<Network>,
    mut reports: MessageReader<StrikeReport>,
    mut hosts: Query<(&Actor, &HostProfile, &mut Willingness, &mut DefenceBudget)>,
    mut chronicle: Chronicle,
    mut scratch: Local<(Vec<u32>, Vec<f64>, Vec<f64>)>,
) {
    let rules = &roster.rules;
    let n = roster.len();
    let (strikes, debris, loss) = &mut *scratch;
    let strikes = fresh(strikes, n, 0);
    let debris = fresh(debris, n, 0.0);
    for r in reports.read() {
        if let Some(h) = r.sovereign {
            strikes[h.0 as usize] += 1;
        }
    }
    for (actor, profile, _, mut budget) in &mut hosts {
        budget.step(
            &profile.0,
            ledger.defence_spending_today[actor.ix.0 as usize],
        );
    }
    // Debris falls where the interception happened, on the target's soil or on the way.
    debris.copy_from_slice(&ledger.debris_today);
    if !rules.mechanisms.host_willingness {
        return;
    }
    let loss = fresh(loss, n, 0.0);
    for (actor, profile, _, _) in &hosts {
        let h = actor.ix.0 as usize;
        loss[h] = direct_loss(&profile.0, strikes[h], debris[h], 0.0);
    }
    for (actor, profile, mut w, budget) in &mut hosts {
        let h = actor.ix;
        let p = &profile.0;
        let spread = if rules.mechanisms.contagion {
            p.contagion.get() * peers(&roster, h).map(|j| loss[j.0 as usize]).sum::<f64>()
        } else {
            0.0
        };
        // Strikes and debris (its own and, through contagion, its peers') stop the
        // recovery; a depleted budget costs willingness every day it lasts, calm or not.
        let shaken = loss[h.0 as usize] + spread;
        let strain = if rules.mechanisms.host_budgets {
            p.per_budget_strain.get() * budget.strain(p)
        } else {
            0.0
        };
        let recovered = if shaken > 0.0 {
            0.0
        } else {
            p.recovery.get() * (p.willingness.get() - w.value).max(0.0)
        };
        w.value = (w.value - shaken - strain + recovered).clamp(0.0, 1.0);
        if !w.restricted && w.value < p.restrict_below.get() {
            w.restricted = true;
            let first = !w.ever;
            w.ever = true;
            restrict(
                h,
                calendar.day,
                &roster,
                &mut network,
                &mut chronicle,
                first,
            );
        } else if w.restricted
            && !w.imposed
            && w.value > p.lift_above.get().max(p.restrict_below.get())
            && !distrusted(&roster, &cooperation, h)
        {
            w.restricted = false;
            lift_basing(h, calendar.day, &roster, &mut network, &mut chronicle);
        }
        if w.restricted {
            chronicle.count(&RESTRICTED_DAYS);
        }
    }
}

/// Willingness lost to today's strikes and debris, and to the share of the air-defence
/// budget depleted (`strain`, in [0, 1]).
pub(crate) fn direct_loss(p: &HostParams, strikes: u32, debris: f64, strain: f64) -> f64 {
    p.per_strike.get() * f64::from(strikes)
        + p.per_debris_million.get() * debris / 1e6
        + p.per_budget_strain.get() * strain
}

/// Whether the host's alliance ties still distrust one of its guests (alliances would
/// restrict the basing again the same day).
fn distrusted(roster: &Roster, cooperation: &Cooperation, h: ActorIx) -> bool {
    roster.rules.mechanisms.alliances
        && roster.guests_of[h.0 as usize].iter().any(|g| {
            cooperation
                .of(h, *g)
                .is_some_and(|c| c < roster.rules.alliances.basing_below.get())
        })
}

/// Lifts a host's restriction of its guests' basing and codes it (036: the host is ready
/// to host again).
fn lift_basing(
    host: ActorIx,
    day: u32,
    roster: &Roster,
    network: &mut Network,
    chronicle: &mut Chronicle,
) {
    network.lift_basing(host);
    chronicle.count(&BASING_LIFTED);
    tell_guests(host, day, roster, chronicle, Cameo::OfferTalks);
}

/// The other hosts of any of this host's guests.
fn peers<'a>(roster: &'a Roster, h: ActorIx) -> impl Iterator<Item = ActorIx> + 'a {
    let mut peers: Vec<ActorIx> = roster.guests_of[h.0 as usize]
        .iter()
        .flat_map(|g| roster.hosts_of[g.0 as usize].iter().copied())
        .filter(|j| *j != h)
        .collect();
    peers.sort();
    peers.dedup();
    peers.into_iter()
}

/// Closes a host's basing of its guests, records the first restriction, and codes it.
pub(crate) fn restrict_basing(
    host: ActorIx,
    day: u32,
    roster: &Roster,
    network: &mut Network,
    chronicle: &mut Chronicle,
) {
    restrict(host, day, roster, network, chronicle, true);
}

/// Closes a host's basing of its guests and codes it; `first` counts the host among
/// those that restricted (a host that restricts again after lifting is counted once).
fn restrict(
    host: ActorIx,
    day: u32,
    roster: &Roster,
    network: &mut Network,
    chronicle: &mut Chronicle,
    first: bool,
) {
    network.restrict_basing(host);
    chronicle.count(&FIRST_BASING_RESTRICTION_DAY);
    if first {
        chronicle.count(&HOSTS_RESTRICTED);
    }
    tell_guests(host, day, roster, chronicle, Cameo::ReduceRelations);
}

/// Codes the host's act towards each of its guests (a restriction or its lifting).
fn tell_guests(host: ActorIx, day: u32, roster: &Roster, chronicle: &mut Chronicle, cameo: Cameo) {
    for &guest in &roster.guests_of[host.0 as usize] {
        chronicle.act(event(roster, day, host, guest, cameo, Rung::Truce));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strikes_debris_and_budget_strain_each_cost_willingness() {
        let p = HostParams::default();
        assert_eq!(direct_loss(&p, 0, 0.0, 0.0), 0.0);
        assert!(direct_loss(&p, 1, 0.0, 0.0) > 0.0);
        assert!(direct_loss(&p, 0, 5e6, 0.0) > 0.0);
        assert!(direct_loss(&p, 0, 0.0, 0.5) > 0.0);
        assert!(direct_loss(&p, 2, 0.0, 0.0) > direct_loss(&p, 1, 0.0, 0.0));
    }

    #[test]
    fn the_budget_depletes_with_spending_and_refills_at_its_daily_rate() {
        let p = HostParams::default();
        let capacity = DefenceBudget::capacity(&p);
        let mut b = DefenceBudget { stock: capacity };
        b.step(&p, 0.0);
        assert_eq!(b.stock, capacity, "never above capacity");
        assert_eq!(b.strain(&p), 0.0);
        // Twenty $4.2M Patriot shots out of a $140M stock.
        b.step(&p, 20.0 * 4.2e6);
        let strained = b.strain(&p);
        assert!(strained > 0.5 && strained < 0.65, "{strained}");
        b.step(&p, 0.0);
        assert!(b.strain(&p) < strained, "a day's budget refills part of it");
        let mut poor = DefenceBudget { stock: capacity };
        let half = HostParams {
            defence_budget: Amount(p.defence_budget.get() / 2.0),
            ..p.clone()
        };
        poor.stock = DefenceBudget::capacity(&half);
        poor.step(&half, 20.0 * 4.2e6);
        assert!(
            poor.strain(&half) > strained,
            "half the budget, more strain"
        );
        b.step(&p, 1e12);
        assert!(
            (b.strain(&p) - (1.0 - 1.0 / 365.0)).abs() < 1e-12,
            "emptied, then a day's refill"
        );
    }
}
