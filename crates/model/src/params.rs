//! Parameter blocks: every number the model uses, with its documented default.
//!
//! These are plain data. Under the `serde` feature (enabled by the scenario crate only)
//! they also derive `Deserialize`, `Serialize` and `JsonSchema`, so that each parameter is
//! written once: its doc comment becomes its description in the published JSON Schema.
//! Every block sets `deny_unknown_fields` and takes its defaults from `Default`, so a
//! scenario names only what differs.

use std::ops::{Add, Mul};

macro_rules! serde_block {
    ($item:item) => {
        #[derive(Clone, Debug, PartialEq)]
        #[cfg_attr(
            feature = "serde",
            derive(serde::Deserialize, serde::Serialize, schemars::JsonSchema),
            serde(default, deny_unknown_fields)
        )]
        $item
    };
}

/// A probability or share in [0, 1].
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize, serde::Serialize),
    serde(transparent)
)]
pub struct Probability(pub f64);

/// A finite, non-negative quantity (munitions, dollars, rates, weights).
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize, serde::Serialize),
    serde(transparent)
)]
pub struct Amount(pub f64);

impl Probability {
    /// The value in [0, 1].
    pub fn get(self) -> f64 {
        self.0
    }
}

impl Amount {
    /// The value, finite and non-negative.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// The largest amount a scenario may hold: beyond it a number is a typo, not a theatre.
pub const AMOUNT_MAX: f64 = 1e15;

#[cfg(feature = "serde")]
mod schema {
    use super::{AMOUNT_MAX, Amount, Probability};
    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    impl JsonSchema for Probability {
        fn schema_name() -> Cow<'static, str> {
            "Probability".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "number", "minimum": 0.0, "maximum": 1.0,
                "description": "a probability or share in [0, 1]"
            })
        }
    }

    impl JsonSchema for Amount {
        fn schema_name() -> Cow<'static, str> {
            "Amount".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "number", "minimum": 0.0, "maximum": AMOUNT_MAX,
                "description": "a finite non-negative number"
            })
        }
    }
}

serde_block! {
/// Counts of munitions by type: the unit of arsenals, salvos and interceptions.
#[derive(Copy, Default)]
pub struct Munitions {
    /// Ballistic missiles.
    pub ballistic: Amount,
    /// Cruise missiles (and rockets with a cruise profile).
    pub cruise: Amount,
    /// Loitering munitions and attack drones.
    pub loitering: Amount,
}
}

/// The three munition types, in the order a salvo arrives at the defence: slow drones
/// first (they flood radars and draw interceptors), then cruise missiles, then ballistic
/// missiles (seed 001, the saturation wave).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MunitionType {
    /// Loitering munitions and attack drones.
    Loitering,
    /// Cruise missiles.
    Cruise,
    /// Ballistic missiles.
    Ballistic,
}

impl MunitionType {
    /// All types, in arrival order.
    pub const ALL: [MunitionType; 3] = [
        MunitionType::Loitering,
        MunitionType::Cruise,
        MunitionType::Ballistic,
    ];
}

impl Munitions {
    /// Builds a count from plain numbers (ballistic, cruise, loitering).
    pub fn new(ballistic: f64, cruise: f64, loitering: f64) -> Self {
        Munitions {
            ballistic: Amount(ballistic),
            cruise: Amount(cruise),
            loitering: Amount(loitering),
        }
    }

    /// The count of one type.
    pub fn get(&self, kind: MunitionType) -> f64 {
        match kind {
            MunitionType::Ballistic => self.ballistic.0,
            MunitionType::Cruise => self.cruise.0,
            MunitionType::Loitering => self.loitering.0,
        }
    }

    /// Sets the count of one type (negative values clamp to zero).
    pub fn set(&mut self, kind: MunitionType, value: f64) {
        let slot = match kind {
            MunitionType::Ballistic => &mut self.ballistic,
            MunitionType::Cruise => &mut self.cruise,
            MunitionType::Loitering => &mut self.loitering,
        };
        slot.0 = value.max(0.0);
    }

    /// All munitions together.
    pub fn total(&self) -> f64 {
        self.ballistic.0 + self.cruise.0 + self.loitering.0
    }

    /// Each type multiplied by the same factor.
    pub fn scaled(&self, factor: f64) -> Munitions {
        Munitions::new(
            self.ballistic.0 * factor,
            self.cruise.0 * factor,
            self.loitering.0 * factor,
        )
    }

    /// Each type rounded to whole munitions.
    pub fn rounded(&self) -> Munitions {
        Munitions::new(
            self.ballistic.0.round(),
            self.cruise.0.round(),
            self.loitering.0.round(),
        )
    }

    /// The per-type minimum of two counts.
    pub fn min(&self, other: &Munitions) -> Munitions {
        Munitions::new(
            self.ballistic.0.min(other.ballistic.0),
            self.cruise.0.min(other.cruise.0),
            self.loitering.0.min(other.loitering.0),
        )
    }

    /// Removes `spent` from this count, never below zero.
    pub fn spend(&mut self, spent: &Munitions) {
        for kind in MunitionType::ALL {
            self.set(kind, self.get(kind) - spent.get(kind));
        }
    }

    /// The sum over types of count times a per-type price or weight.
    pub fn dot(&self, weights: &Munitions) -> f64 {
        MunitionType::ALL
            .iter()
            .map(|&k| self.get(k) * weights.get(k))
            .sum()
    }
}

impl Add for Munitions {
    type Output = Munitions;
    fn add(self, rhs: Munitions) -> Munitions {
        Munitions::new(
            self.ballistic.0 + rhs.ballistic.0,
            self.cruise.0 + rhs.cruise.0,
            self.loitering.0 + rhs.loitering.0,
        )
    }
}

impl Mul<f64> for Munitions {
    type Output = Munitions;
    fn mul(self, factor: f64) -> Munitions {
        self.scaled(factor)
    }
}

serde_block! {
/// What an actor's munitions cost and what they do when they leak through.
pub struct MunitionProfile {
    /// Unit cost in US dollars by type (defaults: ballistic 1.5M, cruise 1M, loitering 35k;
    /// a Shahed-class drone is 20k-50k by CSIS, seed 002 says "a twenty-thousand-dollar drone").
    pub unit_cost: Munitions,
    /// Damage one leaker does to an asset of hardness 1, as a share of the asset's health
    /// (defaults: ballistic 0.35, cruise 0.25, loitering 0.08).
    pub damage: Munitions,
}
}

impl Default for MunitionProfile {
    fn default() -> Self {
        MunitionProfile {
            unit_cost: Munitions::new(1_500_000.0, 1_000_000.0, 35_000.0),
            damage: Munitions::new(0.35, 0.25, 0.08),
        }
    }
}

serde_block! {
/// One layer of air defence. Layers are tried in the order listed: what a layer cannot
/// engage passes to the next, and what no layer stops leaks (seed 001: saturation).
pub struct DefenceLayer {
    /// A label for charts and tables (for example "Arrow", "Iron Dome", "Patriot").
    pub name: String,
    /// Interceptors in stock on day 0.
    pub stock: Amount,
    /// The most interceptors the layer can hold; resupply stops there.
    pub max_stock: Amount,
    /// Interceptors delivered per day, up to `max_stock`.
    pub resupply_per_day: Amount,
    /// Probability that one interceptor kills one incoming munition, by type (0 means
    /// the layer does not engage that type).
    pub pk: Munitions,
    /// Interceptors fired at each engaged munition (shoot-shoot doctrine is 2).
    pub shots_per_target: u32,
    /// The most incoming munitions the layer can engage in one wave (saturation).
    pub engagements_per_wave: u32,
    /// Cost of one interceptor in US dollars (PAC-3 MSE about 4.2M-5.2M; Arrow about
    /// 3.5M; Tamir about 40k-62k). A layer defends its owner's territory and every
    /// territory where its owner keeps an asset.
    pub unit_cost: Amount,
}
}

impl Default for DefenceLayer {
    fn default() -> Self {
        DefenceLayer {
            name: "air defence".into(),
            stock: Amount(40.0),
            max_stock: Amount(40.0),
            resupply_per_day: Amount(0.5),
            pk: Munitions::new(0.7, 0.8, 0.85),
            shots_per_target: 1,
            engagements_per_wave: 24,
            unit_cost: Amount(4_000_000.0),
        }
    }
}

serde_block! {
/// Rearmament in Richardson's form, `dx/dt = k*y - a*x + g` (MODEL.md section 5.1), with
/// x this state's arsenal and y the sum of its hostile states' arsenals, stepped once a
/// day.
pub struct Rearmament {
    /// k: munitions added per day per munition the adversaries hold (reaction).
    pub reaction: Amount,
    /// a: share of its own arsenal a state retires or loses per day (burden, fatigue).
    pub burden: Amount,
    /// g: munitions added per day whatever the adversary does (grievance, ambition).
    pub ambition: Amount,
    /// How new production splits across types; need not sum to 1 (it is normalised).
    pub mix: Munitions,
}
}

impl Default for Rearmament {
    fn default() -> Self {
        Rearmament {
            reaction: Amount(0.0),
            burden: Amount(0.002),
            ambition: Amount(0.0),
            mix: Munitions::new(0.3, 0.2, 0.5),
        }
    }
}

serde_block! {
/// The economy behind rearmament (seed 001: sanctions lower output, but a state that
/// feels existentially threatened shifts what it has left to the military).
pub struct Economy {
    /// Share of military output lost to sanctions.
    pub sanctions: Probability,
    /// Perceived threat (or proxy degradation) at or above which the state feels
    /// existentially threatened.
    pub existential_threshold: Probability,
    /// Share of the sanctioned output that a threatened state claws back for the military.
    pub military_shift: Probability,
}
}

impl Default for Economy {
    fn default() -> Self {
        Economy {
            sanctions: Probability(0.0),
            existential_threshold: Probability(0.6),
            military_shift: Probability(0.5),
        }
    }
}

serde_block! {
/// Intelligence (MODEL.md 5.2, seeds 000 and 001).
pub struct Intelligence {
    /// Probability of detecting a real attack preparation by a watched actor.
    pub quality: Probability,
    /// Probability that one benign move (training, repositioning) is misread as an
    /// attack preparation, before verification lowers it.
    pub false_alarm: Probability,
    /// Worst-case bias: how far an alarm pushes the perceived threat towards certainty
    /// beyond what the evidence supports (seed 000: "worst-case scenario planning").
    pub worst_case_bias: Probability,
    /// Prior belief that a watched adversary is preparing an attack on a given day.
    pub prior_hostility: Probability,
    /// Share of yesterday's perceived threat that remains today without new alarms.
    pub threat_memory: Probability,
}
}

impl Default for Intelligence {
    fn default() -> Self {
        Intelligence {
            quality: Probability(0.6),
            false_alarm: Probability(0.03),
            worst_case_bias: Probability(0.3),
            prior_hostility: Probability(0.1),
            threat_memory: Probability(0.5),
        }
    }
}

serde_block! {
/// Escalation utility as seed 001 writes it:
/// `utility = w_d * proxy degradation rate + w_l * regime legitimacy pressure
///  - w_r * perceived external retaliation cost`.
pub struct Utility {
    /// w_d: weight of the proxy degradation rate (share of the proxies' strength lost in
    /// the last `window_days`).
    pub degradation_weight: Amount,
    /// w_l: weight of regime legitimacy pressure.
    pub legitimacy_weight: Amount,
    /// w_r: weight of the perceived external retaliation cost.
    pub retaliation_weight: Amount,
    /// Legitimacy pressure the regime is under with nothing happening.
    pub legitimacy_base: Probability,
    /// Legitimacy pressure added by each attack absorbed without answer (decays with
    /// `legitimacy_memory`).
    pub legitimacy_per_absorbed: Amount,
    /// Share of legitimacy pressure above the base that remains the next day.
    pub legitimacy_memory: Probability,
    /// The outside enforcement the state expects if it escalates (mediators' and great
    /// powers' will to respond, seed 001): the retaliation cost is this plus the
    /// adversary's credibility times its relative strength.
    pub external_enforcement: Probability,
    /// Utility above which the state orders its proxies to escalate.
    pub escalate_above: f64,
    /// Utility above which the state orders its proxies to harass (below: restrain).
    pub harass_above: f64,
    /// Days over which the proxy degradation rate is measured.
    pub window_days: u32,
}
}

impl Default for Utility {
    fn default() -> Self {
        Utility {
            degradation_weight: Amount(1.0),
            legitimacy_weight: Amount(1.0),
            retaliation_weight: Amount(1.0),
            legitimacy_base: Probability(0.2),
            legitimacy_per_absorbed: Amount(0.1),
            legitimacy_memory: Probability(0.95),
            external_enforcement: Probability(0.3),
            escalate_above: 0.4,
            harass_above: 0.0,
            window_days: 14,
        }
    }
}

serde_block! {
/// Credibility (seed 003): it rises when attacks are answered above their size and erodes
/// when they are absorbed or answered short.
pub struct CredibilityParams {
    /// Credibility on day 0.
    pub initial: Probability,
    /// Gain per answer above the attack's size, in full at `full_gain_ratio` times the
    /// attack or more, in proportion below it.
    pub gain: Probability,
    /// Answer-to-attack ratio that earns the full gain (above 1; an answer of exactly the
    /// attack's size earns nothing: seed 003 asks for "a level exceeding" it).
    pub full_gain_ratio: Amount,
    /// Loss per attack absorbed (unanswered within `answer_window_days`).
    pub loss: Probability,
    /// Days a state has to answer an attributed attack before it counts as absorbed.
    pub answer_window_days: u32,
}
}

impl Default for CredibilityParams {
    fn default() -> Self {
        CredibilityParams {
            initial: Probability(0.6),
            gain: Probability(0.1),
            full_gain_ratio: Amount(2.0),
            loss: Probability(0.08),
            answer_window_days: 3,
        }
    }
}

serde_block! {
/// Probing of red lines, layer by layer (seed 003, salami slicing).
pub struct Probing {
    /// Probing starts only against an adversary whose credibility is below this.
    pub credibility_below: Probability,
    /// Daily probability of a probe against a low-credibility adversary.
    pub rate: Probability,
    /// The deepest layer (1 harassment, 2 a strike on its proxies, 3 a strike on its
    /// peripheral assets, 4 a strike on its core assets).
    pub max_depth: u32,
    /// Factor on the probe rate after a probe was answered above its size
    /// (an answer deters further probes).
    pub answered_rate_factor: Probability,
    /// Size of a probe per layer of depth, as a share of the doctrine's unit salvo: a
    /// probe at depth d fires `size_per_layer * d * salvo` (deeper probes hit harder).
    pub size_per_layer: Amount,
}
}

impl Default for Probing {
    fn default() -> Self {
        Probing {
            credibility_below: Probability(0.5),
            rate: Probability(0.05),
            max_depth: 4,
            answered_rate_factor: Probability(0.3),
            size_per_layer: Amount(0.5),
        }
    }
}

serde_block! {
/// Pre-emption (seed 001): a state whose air defence cannot guarantee zero penetration of
/// the adversary's largest salvo and which perceives an imminent threat strikes first.
pub struct Preemption {
    /// Perceived threat at or above which a threat counts as imminent.
    pub threat_threshold: Probability,
    /// Probability of pre-empting on a day when both conditions hold.
    pub probability: Probability,
    /// The defence "guarantees zero penetration" when the expected leakers of the
    /// adversary's largest salvo are below this number.
    pub tolerable_leakers: Amount,
}
}

impl Default for Preemption {
    fn default() -> Self {
        Preemption {
            threat_threshold: Probability(0.5),
            probability: Probability(0.6),
            tolerable_leakers: Amount(0.5),
        }
    }
}

serde_block! {
/// Internal factions that weigh every choice (seed 001: hardliners and pragmatists; seed
/// 002: a reciprocity wing and a diplomatic wing).
pub struct Factions {
    /// Weight of the hardline (reciprocity) wing on day 0; the rest is pragmatists.
    pub hardliners: Probability,
    /// How strongly the balance moves escalatory and conciliatory probabilities: each is
    /// multiplied by `1 + sensitivity * (2*hardliners - 1)` (or its mirror).
    pub sensitivity: Probability,
    /// Hardliner weight gained per attack absorbed.
    pub gain_per_absorbed: Probability,
    /// Share of the gap between the hardliners' weight and its day-0 value closed each
    /// day (absorbed attacks push it up; time brings it back).
    pub calm_drift: Probability,
}
}

impl Default for Factions {
    fn default() -> Self {
        Factions {
            hardliners: Probability(0.5),
            sensitivity: Probability(0.5),
            gain_per_absorbed: Probability(0.03),
            calm_drift: Probability(0.01),
        }
    }
}

serde_block! {
/// How a state answers and acts (MODEL.md 5.4).
pub struct Doctrine {
    /// Size of an answer relative to what was attributed (above 1 exceeds the attack, 003).
    pub retaliation_ratio: Amount,
    /// Probability of answering on a day when an attributed attack is pending.
    pub retaliate: Probability,
    /// Daily probability of an unprovoked strike at utility 1 (scaled by utility).
    pub unprovoked: Probability,
    /// Probability that an answer to a state strikes the hosts of its bases rather than
    /// its own infrastructure (seed 002, the tri-lateral loop).
    pub asymmetric: Probability,
    /// Probability that an answer to a proxy attack falls on the patron itself when the
    /// patron was blamed (otherwise it falls on the proxy).
    pub answer_patron: Probability,
    /// Execution error (accidents, rogue units, misfires): the probability that an
    /// intended restraint becomes a small strike, and that an intended strike is not made.
    pub execution_error: Probability,
    /// Effort against the adversary's supply corridors (grey-zone interdiction).
    pub interdiction_effort: Probability,
    /// Utility above which the state publicly threatens force (CAMEO 138).
    pub threaten_above: f64,
    /// Daily probability of offering talks (CAMEO 036) while a mediator's channel is open
    /// and the dyad is above rung 0 (scaled by the pragmatists' weight).
    pub offer_talks: Probability,
    /// Factor on unprovoked strikes and probes while the ceasefire holds.
    pub ceasefire_restraint: Probability,
    /// The strike package of one answer of size 1, by type; an answer of size s fires
    /// s times this, up to the arsenal.
    pub salvo: Munitions,
    /// Most assets one strike is spread over (CENTCOM struck 10 targets, seed 002).
    pub targets_per_strike: u32,
    /// The smallest strike a state launches, in munitions.
    pub minimum_strike: Amount,
    /// Days an unprovoked strike is prepared before launch (visible to the adversary's
    /// intelligence, which may pre-empt).
    pub preparation_days: u32,
    /// Days an answer is readied before launch (0: at once). A readied answer is visible
    /// to the adversary's intelligence like any preparation.
    pub answer_delay_days: u32,
    /// Probability that a symmetric answer spares the adversary's core assets (command,
    /// the economy's heart) and strikes only peripheral ones while any are in reach:
    /// escalation control (seed 002: CENTCOM struck coastal radar, drone storage and
    /// surveillance, not the regime).
    pub spare_core: Probability,
    /// Size of the strike an execution error sets off, in munitions (a rogue launch or a
    /// misfire, not a doctrine's answer).
    pub accident_size: Amount,
}
}

impl Default for Doctrine {
    fn default() -> Self {
        Doctrine {
            retaliation_ratio: Amount(1.0),
            retaliate: Probability(0.5),
            unprovoked: Probability(0.01),
            asymmetric: Probability(0.0),
            answer_patron: Probability(0.5),
            execution_error: Probability(0.005),
            interdiction_effort: Probability(0.0),
            threaten_above: 0.3,
            offer_talks: Probability(0.05),
            ceasefire_restraint: Probability(0.8),
            salvo: Munitions::new(2.0, 4.0, 10.0),
            targets_per_strike: 4,
            minimum_strike: Amount(4.0),
            preparation_days: 1,
            answer_delay_days: 0,
            spare_core: Probability(0.0),
            accident_size: Amount(4.0),
        }
    }
}

serde_block! {
/// Everything a state carries (MODEL.md section 3).
#[derive(Default)]
pub struct StateParams {
    /// Arsenal on day 0.
    pub arsenal: Munitions,
    /// Costs and effects of its munitions.
    pub munitions: MunitionProfile,
    /// Ordered air-defence layers.
    pub air_defence: Vec<DefenceLayer>,
    /// Richardson rearmament.
    pub rearmament: Rearmament,
    /// Sanctions and the military shift under threat.
    pub economy: Economy,
    /// What it detects and misreads.
    pub intelligence: Intelligence,
    /// The escalation utility of seed 001.
    pub utility: Utility,
    /// Credibility and its dynamics.
    pub credibility: CredibilityParams,
    /// Salami-slicing probes.
    pub probing: Probing,
    /// Pre-emption doctrine.
    pub preemption: Preemption,
    /// Retaliation and targeting doctrine.
    pub doctrine: Doctrine,
    /// Internal factions.
    pub factions: Factions,
    /// Attribution doctrine: what it does with attacks by other actors' proxies.
    pub attribution: AttributionPolicy,
}
}

serde_block! {
/// How a victim attributes proxy attacks (seed 000).
pub struct AttributionPolicy {
    /// How firmly the state holds patrons responsible for their affiliates (seed 000: the
    /// US "no longer accepts this distinction" is near 1).
    pub policy: Probability,
    /// Weight of evidence: the probability of blaming the patron grows by
    /// `evidence_weight * signature * intelligence quality` of what remains.
    pub evidence_weight: Probability,
    /// Weight of deniability: the militia's autonomy times this is taken off.
    pub deniability_weight: Probability,
    /// Probability that an attack is blamed on the wrong actor (another adversary).
    pub misattribution: Probability,
}
}

impl Default for AttributionPolicy {
    fn default() -> Self {
        AttributionPolicy {
            policy: Probability(0.3),
            evidence_weight: Probability(0.6),
            deniability_weight: Probability(0.8),
            misattribution: Probability(0.03),
        }
    }
}

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
        }
    }
}

serde_block! {
/// What the patron's directive means to the militia's propensity to attack, per directive.
pub struct DirectiveLevels {
    /// Propensity under "restrain".
    pub restrain: Probability,
    /// Propensity under "harass".
    pub harass: Probability,
    /// Propensity under "escalate".
    pub escalate: Probability,
}
}

impl Default for DirectiveLevels {
    fn default() -> Self {
        DirectiveLevels {
            restrain: Probability(0.0),
            harass: Probability(0.4),
            escalate: Probability(1.0),
        }
    }
}

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
    /// Willingness lost per unit of interceptor spending over its defence budget per day.
    pub per_budget_strain: Probability,
    /// Yearly defence budget in US dollars (interceptor spending strains it).
    pub defence_budget: Amount,
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
            per_budget_strain: Probability(0.5),
            defence_budget: Amount(1.4e9),
            contagion: Probability(0.4),
            recovery: Probability(0.01),
            debris_rate: Probability(0.15),
            debris_cost: Amount(2_000_000.0),
            air_defence: Vec::new(),
        }
    }
}

serde_block! {
/// Alliances (seed 003): cooperation follows the partner's perceived strength and
/// credibility, and gates transit, basing and shared intelligence.
pub struct AllianceParams {
    /// Weight of the partner's credibility in the cooperation it earns.
    pub credibility_weight: Probability,
    /// Weight of the partner's strength (arsenal and proxies relative to day 0).
    pub strength_weight: Probability,
    /// Share of the gap to the earned cooperation closed per day.
    pub adjustment: Probability,
    /// Below this cooperation an ally closes its transit corridors to the partner.
    pub transit_below: Probability,
    /// Below this cooperation an allied host restricts the partner's basing.
    pub basing_below: Probability,
    /// Credibility a host nation is taken to have as a partner: hosts keep none of their
    /// own (a militia's is its patron's).
    pub host_credibility: Probability,
}
}

impl Default for AllianceParams {
    fn default() -> Self {
        AllianceParams {
            credibility_weight: Probability(0.6),
            strength_weight: Probability(0.4),
            adjustment: Probability(0.05),
            transit_below: Probability(0.3),
            basing_below: Probability(0.2),
            host_credibility: Probability(0.5),
        }
    }
}

serde_block! {
/// The ceasefire between two parties (MODEL.md 5.7).
pub struct CeasefireParams {
    /// Perceived violations by the other side, within `window_days`, that one side
    /// tolerates; one more and it abandons the ceasefire.
    pub tolerance: u32,
    /// The rolling window over which violations are counted.
    pub window_days: u32,
    /// Share of an interdicted convoy that the patron reads as a violation (seed 001: is
    /// the interdiction of a convoy in a third-country corridor a breach?).
    pub interdiction_as_violation: Probability,
    /// Days of calm after a collapse before re-mediation can restore the ceasefire.
    pub remediation_calm_days: u32,
    /// Daily probability of re-mediation after the calm, times mediator influence.
    pub remediation_rate: Probability,
}
}

impl Default for CeasefireParams {
    fn default() -> Self {
        CeasefireParams {
            tolerance: 2,
            window_days: 14,
            interdiction_as_violation: Probability(0.3),
            remediation_calm_days: 14,
            remediation_rate: Probability(0.1),
        }
    }
}

serde_block! {
/// A mediator and its diplomatic channel (seeds 000 and 002: European and Arab partners,
/// the Swiss channel).
pub struct MediatorParams {
    /// Influence on day 0.
    pub influence: Probability,
    /// Influence lost per violation (seed 000: their influence "appears to be waning").
    pub decay_per_violation: Probability,
    /// Influence regained per calm day, towards day 0.
    pub recovery_per_calm_day: Probability,
    /// The channel halts after this many sovereignty violations within the ceasefire
    /// window (seed 002: the IRGC warned that violations of its sovereignty would halt
    /// all diplomatic processes).
    pub halt_after: u32,
    /// Calm days after which a halted channel reopens.
    pub reopen_after_calm_days: u32,
    /// Daily probability, at full influence and balanced factions, that an open channel
    /// gives a dyad an off-ramp one rung down.
    pub offramp_rate: Probability,
}
}

impl Default for MediatorParams {
    fn default() -> Self {
        MediatorParams {
            influence: Probability(0.5),
            decay_per_violation: Probability(0.05),
            recovery_per_calm_day: Probability(0.005),
            halt_after: 2,
            reopen_after_calm_days: 10,
            offramp_rate: Probability(0.15),
        }
    }
}

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

serde_block! {
/// Switches for each mechanism of MODEL.md, so that each effect can be measured alone.
/// All are on by default.
pub struct Mechanisms {
    /// Richardson rearmament.
    pub rearmament: bool,
    /// Sanctions lower output (and the shift to the military under threat).
    pub sanctions: bool,
    /// Patrons supply their militias over the network.
    pub supply: bool,
    /// Convoys can be interdicted in transit corridors.
    pub interdiction: bool,
    /// States watch their adversaries (off: no detection, no false alarms).
    pub intelligence: bool,
    /// The verification body lowers false alarms.
    pub verification: bool,
    /// Militias act on their own initiative (off: they follow directives only).
    pub proxy_initiative: bool,
    /// Credibility moves with answers and silences.
    pub credibility: bool,
    /// States probe low-credibility adversaries' red lines.
    pub probing: bool,
    /// States pre-empt perceived imminent threats.
    pub preemption: bool,
    /// States may answer asymmetrically on host nations.
    pub asymmetric: bool,
    /// Factions weigh the choices (off: balanced at all times).
    pub factions: bool,
    /// Execution errors happen.
    pub execution_error: bool,
    /// Victims attribute proxy attacks to patrons (off: blame stays with the militia).
    pub attribution: bool,
    /// Linkage makes conduct in another theatre count as a violation.
    pub linkage: bool,
    /// Mediators' channels offer off-ramps and halt on sovereignty violations.
    pub diplomacy: bool,
    /// Collapsed ceasefires can be re-mediated.
    pub remediation: bool,
    /// Host willingness falls and hosts restrict basing.
    pub host_willingness: bool,
    /// Willingness losses spread between peer hosts.
    pub contagion: bool,
    /// Interceptions over populated territory cause debris damage.
    pub debris: bool,
    /// Alliance cooperation follows strength and credibility and gates access.
    pub alliances: bool,
    /// Air defence engages incoming salvos (off: every munition leaks).
    pub air_defence: bool,
    /// Militias' grievance grows when they or their allies are struck.
    pub grievance: bool,
}
}

impl Default for Mechanisms {
    fn default() -> Self {
        Mechanisms {
            rearmament: true,
            sanctions: true,
            supply: true,
            interdiction: true,
            intelligence: true,
            verification: true,
            proxy_initiative: true,
            credibility: true,
            probing: true,
            preemption: true,
            asymmetric: true,
            factions: true,
            execution_error: true,
            attribution: true,
            linkage: true,
            diplomacy: true,
            remediation: true,
            host_willingness: true,
            contagion: true,
            debris: true,
            alliances: true,
            air_defence: true,
            grievance: true,
        }
    }
}

impl Mechanisms {
    /// The switches' names, as scenarios write them.
    pub fn names() -> [&'static str; 23] {
        [
            "rearmament",
            "sanctions",
            "supply",
            "interdiction",
            "intelligence",
            "verification",
            "proxy_initiative",
            "credibility",
            "probing",
            "preemption",
            "asymmetric",
            "factions",
            "execution_error",
            "attribution",
            "linkage",
            "diplomacy",
            "remediation",
            "host_willingness",
            "contagion",
            "debris",
            "alliances",
            "air_defence",
            "grievance",
        ]
    }

    /// Every mechanism off: a baseline that isolates one mechanism when it is turned on.
    pub fn none() -> Self {
        Mechanisms {
            rearmament: false,
            sanctions: false,
            supply: false,
            interdiction: false,
            intelligence: false,
            verification: false,
            proxy_initiative: false,
            credibility: false,
            probing: false,
            preemption: false,
            asymmetric: false,
            factions: false,
            execution_error: false,
            attribution: false,
            linkage: false,
            diplomacy: false,
            remediation: false,
            host_willingness: false,
            contagion: false,
            debris: false,
            alliances: false,
            air_defence: false,
            grievance: false,
        }
    }
}

serde_block! {
/// How attackers choose among the targets in reach (states and militias alike).
pub struct Targeting {
    /// Each target in reach is drawn with weight `value^value_exponent`: 0 picks
    /// uniformly, 1 in proportion to value; between them a fleet headquarters draws fire
    /// without drawing all of it.
    pub value_exponent: Amount,
}
}

impl Default for Targeting {
    fn default() -> Self {
        Targeting {
            value_exponent: Amount(0.5),
        }
    }
}

serde_block! {
/// The verification body (seed 001: the verification bottleneck).
#[derive(Default)]
pub struct Verification {
    /// Share of false alarms the body removes (0: unilateral declarations only).
    pub strength: Probability,
}
}
