//! Ceasefire and diplomacy (MODEL.md 5.7; seeds 000, 001, 002).
//!
//! Violations are counted per side as the other side perceives them: attributed attacks
//! across the ceasefire line, interdictions the patron reads as violations (seed 001),
//! and, through linkage, conduct of a third party in another theatre (seed 002: Iran ties
//! Hormuz compliance to Israeli operations in Lebanon). A side abandons the ceasefire when
//! the violations it perceives within the window exceed its tolerance. Mediators' channels
//! halt after repeated sovereignty violations and reopen after calm; an open channel offers
//! off-ramps (a step down the ladder, scaled by the mediator's influence and the factions'
//! balance); influence wanes with violations; a collapsed ceasefire can be re-mediated.

use bevy_ecs::prelude::*;

use crate::components::{Actor, FactionBalance, Grudges, StateProfile};
use crate::dice::{Purpose, Subject};
use crate::events::{Cameo, Rung};
use crate::messages::{Act, Attributed, Interdiction};
use crate::resources::{Calendar, Channels, Ladder, Roster, Rules, RunLog, Truce, TruceStatus};
use crate::systems::state_decisions::faction_factor;
use crate::systems::{event, fresh};
use crate::theatre::ActorIx;

/// Counts today's perceived violations, collapses the ceasefire past tolerance, and
/// halts or reopens the mediators' channels.
pub fn count_violations(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    mut truce: ResMut<Truce>,
    mut channels: ResMut<Channels>,
    mut attributed: MessageReader<Attributed>,
    mut interdictions: MessageReader<Interdiction>,
    mut acts: MessageWriter<Act>,
) {
    let rules = &roster.rules;
    let day = calendar.day;
    let mut violations = 0.0;
    // The party (0 or 1) whose sovereignty each of today's violations breached.
    let mut sovereignty: Vec<usize> = Vec::new();
    let holding = truce.status == TruceStatus::Holding;
    let mut perceive = |truce: &mut Truce,
                        perceiver: usize,
                        weight: f64,
                        real_by: Option<usize>,
                        acts: &mut MessageWriter<Act>| {
        truce.perceived[perceiver].push((day, weight));
        truce.perceived_total[perceiver] += weight;
        if let Some(v) = real_by {
            truce.real_total[v] += weight;
        }
        let parties = [truce.parties.0, truce.parties.1];
        let mut e = event(
            &roster,
            day,
            parties[1 - perceiver],
            parties[perceiver],
            Cameo::ViolateCeasefire,
            Rung::Truce,
        );
        e.real = real_by.is_some();
        acts.write(Act(e));
        violations += weight;
    };
    // One attack is one violation however many waves it took: a ten-target strike
    // package is one breach of the truce, not ten.
    let mut seen: Vec<(usize, ActorIx)> = Vec::new();
    let mut violated: Vec<(usize, ActorIx)> = Vec::new();
    // Calm means no strike across the line, whether or not the truce still stands: a
    // collapsed truce is not re-mediated, nor a halted channel reopened, under fire.
    let mut fighting = false;
    for a in attributed.read() {
        // A strike on a party's proxy is a strike on its side; but an attack is held
        // against a party only when the party itself is blamed: a militia blamed on its
        // own is not its patron's violation (seed 000: that distinction is exactly what
        // an attribution policy accepts or refuses).
        let victim_party = truce.party_of(roster.side(a.victim));
        let blamed_party = truce.party_of(a.blamed);
        if let (Some(v), Some(p)) = (victim_party, truce.party_of(roster.side(a.perpetrator)))
            && v != p
        {
            fighting = true;
        }
        if let (Some(v), Some(b)) = (victim_party, blamed_party)
            && v != b
        {
            // Sovereignty violations halt the channel whether or not the truce still
            // stands (seed 002: the IRGC's warning was about its territory).
            if a.sovereignty && !violated.contains(&(v, a.perpetrator)) {
                violated.push((v, a.perpetrator));
                sovereignty.push(v);
            }
            if holding && !seen.contains(&(v, a.perpetrator)) {
                seen.push((v, a.perpetrator));
                let real = truce.party_of(roster.side(a.perpetrator)) == Some(b);
                perceive(&mut truce, v, 1.0, real.then_some(b), &mut acts);
            }
        }
        if holding && rules.mechanisms.linkage {
            for (linker, weight) in linked(&roster, a) {
                if let Some(v) = truce.party_of(linker)
                    && !seen.contains(&(v, a.perpetrator))
                {
                    seen.push((v, a.perpetrator));
                    perceive(&mut truce, v, weight, None, &mut acts);
                }
            }
        }
    }
    for (k, i) in interdictions.read().enumerate() {
        let (Some(v), Some(b)) = (
            truce.party_of(roster.side(i.patron)),
            truce.party_of(roster.side(i.by)),
        ) else {
            continue;
        };
        let read_as_violation = calendar
            .roll(Subject::item(5, k), Purpose::Perception)
            .chance(truce.params.interdiction_as_violation.get());
        if holding && v != b && read_as_violation {
            perceive(&mut truce, v, 1.0, None, &mut acts);
        }
    }
    let window = truce.params.window_days;
    for side in &mut truce.perceived {
        side.retain(|(d, _)| d + window > day);
    }
    let tolerance = f64::from(truce.params.tolerance);
    let exceeded = truce
        .perceived
        .iter()
        .any(|side| side.iter().map(|(_, w)| w).sum::<f64>() > tolerance);
    if holding && exceeded {
        truce.status = TruceStatus::Collapsed;
        truce.first_collapse.get_or_insert(day);
        truce.collapses.push(day);
    }
    let calm = violations == 0.0 && !fighting;
    truce.calm_days = if calm { truce.calm_days + 1 } else { 0 };
    update_channels(
        &mut channels,
        &truce,
        &roster,
        rules,
        day,
        violations,
        calm,
        &sovereignty,
        &mut acts,
    );
}

/// Actors that count this attack as a violation through linkage: when the perpetrator is
/// an actor that `linker` has tied its compliance to, and the victim is on `linker`'s side.
fn linked<'a>(roster: &'a Roster, a: &'a Attributed) -> impl Iterator<Item = (ActorIx, f64)> + 'a {
    let victim_side = roster.side(a.victim);
    roster.linkage[victim_side.0 as usize]
        .iter()
        .filter(move |(tied_to, _)| *tied_to == a.perpetrator)
        .map(move |(_, w)| (victim_side, *w))
}

fn update_channels(
    channels: &mut Channels,
    truce: &Truce,
    roster: &Roster,
    rules: &Rules,
    day: u32,
    violations: f64,
    calm: bool,
    sovereignty: &[usize],
    acts: &mut MessageWriter<Act>,
) {
    if !rules.mechanisms.diplomacy {
        return;
    }
    let window = truce.params.window_days;
    for channel in &mut channels.0 {
        let p = &channel.params;
        channel
            .sovereignty_violations
            .extend(sovereignty.iter().map(|&party| (day, party)));
        channel
            .sovereignty_violations
            .retain(|(d, _)| d + window > day);
        channel.influence = (channel.influence - p.decay_per_violation.get() * violations).max(0.0);
        if !calm {
            channel.calm_days = 0;
        } else {
            channel.calm_days += 1;
            let home = p.influence.get();
            channel.influence = (channel.influence + p.recovery_per_calm_day.get())
                .min(home.max(channel.influence));
        }
        if channel.open && channel.sovereignty_violations.len() as u32 >= p.halt_after.max(1) {
            channel.open = false;
            channel.first_halt.get_or_insert(day);
            // The party whose sovereignty was violated most halts the talks (seed 002:
            // the IRGC warned that violations of its territory would end them).
            let breached = |k: usize| {
                channel
                    .sovereignty_violations
                    .iter()
                    .filter(|(_, party)| *party == k)
                    .count()
            };
            let (a, b) = truce.parties;
            let (halts, other) = if breached(1) > breached(0) {
                (b, a)
            } else {
                (a, b)
            };
            acts.write(Act(event(
                roster,
                day,
                halts,
                other,
                Cameo::HaltTalks,
                Rung::Truce,
            )));
        } else if !channel.open && channel.calm_days >= p.reopen_after_calm_days {
            channel.open = true;
            channel.sovereignty_violations.clear();
        }
    }
}

/// Off-ramps and re-mediation through open channels.
///
/// An off-ramp steps the dyad down a rung and the two sides set aside their pending
/// grudges against each other (neither answers what it has not yet answered). It does not
/// unsee a violation: the tally that breaks the truce keeps every one, so a truce cannot
/// be talked into "holding" through a full-scale exchange.
pub fn mediate(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    channels: Res<Channels>,
    mut truce: ResMut<Truce>,
    mut ladder: ResMut<Ladder>,
    mut log: ResMut<RunLog>,
    mut acts: ParamSet<(MessageReader<Act>, MessageWriter<Act>)>,
    states: Query<(&Actor, &StateProfile, &FactionBalance)>,
    mut grudges: Query<&mut Grudges>,
    mut offers: Local<Vec<u32>>,
) {
    let rules = &roster.rules;
    if !rules.mechanisms.diplomacy {
        return;
    }
    let day = calendar.day;
    let influence = channels.open_influence();
    let offramp_rate = channels
        .0
        .iter()
        .filter(|c| c.open)
        .map(|c| c.params.offramp_rate.get())
        .fold(0.0, f64::max);
    let offers = fresh(&mut offers, roster.dyads.len(), 0);
    for Act(e) in acts.p0().read() {
        if e.cameo == Cameo::OfferTalks
            && let Some(d) = e.dyad
        {
            offers[usize::from(d)] += 1;
        }
    }
    let conciliation = |a: ActorIx| {
        states
            .get(roster.actor(a).entity)
            .map_or(1.0, |(_, p, f)| 2.0 - faction_factor(f.0, &p.0, rules))
    };
    for (d, &(a, b)) in roster.dyads.iter().enumerate() {
        if ladder.rungs[d] == 0 || influence <= 0.0 {
            continue;
        }
        let balance = (conciliation(a) + conciliation(b)) / 2.0;
        let p = offramp_rate * influence * balance * (1.0 + f64::from(offers[d]));
        if calendar
            .roll(Subject::pair(a, b), Purpose::Diplomacy)
            .chance(p)
        {
            ladder.offramps[d] = true;
            log.offramps += 1;
            for (x, y) in [(a, b), (b, a)] {
                if let Ok(mut g) = grudges.get_mut(roster.actor(x).entity) {
                    g.0.retain(|g| roster.side(g.blamed) != y);
                }
            }
        }
    }
    let calm = truce.params.remediation_calm_days;
    if rules.mechanisms.remediation
        && truce.status == TruceStatus::Collapsed
        && truce.calm_days >= calm
        && influence > 0.0
    {
        let (a, b) = truce.parties;
        let rate = truce.params.remediation_rate.get();
        if calendar
            .roll(Subject::pair(a, b), Purpose::Remediation)
            .chance(rate * influence)
        {
            truce.status = TruceStatus::Holding;
            truce.perceived = Default::default();
            truce.remediations.push(day);
            acts.p1().write(Act(event(
                &roster,
                day,
                a,
                b,
                Cameo::DeclareCeasefire,
                Rung::Truce,
            )));
        }
    }
}
