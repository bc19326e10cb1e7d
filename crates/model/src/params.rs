//! The parameter catalogue's common part: the units every block is written in
//! (probabilities, amounts, munitions by type), what a state carries, and the switches of
//! every mechanism. Each mechanism's own block lives in its module and is re-exported at
//! the crate root; every number the model uses is in one of them, with its documented
//! default.
//!
//! Blocks are plain data. Under the `serde` feature (enabled by the scenario crate only)
//! they also derive `Deserialize`, `Serialize` and `JsonSchema`, so that each parameter is
//! written once: its doc comment becomes its description in the published JSON Schema.
//! Every block sets `deny_unknown_fields` and takes its defaults from `Default`, so a
//! scenario names only what differs.

use std::ops::{Add, Mul};

use crate::{
    AttributionPolicy, BenignMoves, CredibilityParams, DefenceLayer, Doctrine, Economy, Factions,
    HostParams, Intelligence, MunitionProfile, Preemption, Probing, Rearmament, Utility,
};

/// A parameter block: plain data that, under the `serde` feature, reads from and writes to
/// a scenario and describes itself in the JSON Schema.
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
pub(crate) use serde_block;

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

serde_block! {
/// A probability for each munition type: an interceptor's kill probability, a launch's
/// reliability. Typed as probabilities so that a scenario cannot give 1.5 (with two shots
/// a kill probability of 3 once gave no interception at all).
#[derive(Copy, Default)]
pub struct Chances {
    /// Ballistic missiles.
    pub ballistic: Probability,
    /// Cruise missiles (and rockets with a cruise profile).
    pub cruise: Probability,
    /// Loitering munitions and attack drones.
    pub loitering: Probability,
}
}

impl Chances {
    /// Builds the chances from plain numbers (ballistic, cruise, loitering).
    pub fn new(ballistic: f64, cruise: f64, loitering: f64) -> Self {
        Chances {
            ballistic: Probability(ballistic),
            cruise: Probability(cruise),
            loitering: Probability(loitering),
        }
    }

    /// The chance for one type.
    pub fn get(&self, kind: MunitionType) -> f64 {
        match kind {
            MunitionType::Ballistic => self.ballistic.0,
            MunitionType::Cruise => self.cruise.0,
            MunitionType::Loitering => self.loitering.0,
        }
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

    /// Sets the count of one type, within 0 and [`AMOUNT_MAX`] (NaN as 0): a count never goes
    /// negative, and never grows past the largest amount a scenario may hold (a
    /// Richardson reaction at its maximum would otherwise double arsenals into infinity
    /// within weeks, and every cost after them).
    pub fn set(&mut self, kind: MunitionType, value: f64) {
        let slot = match kind {
            MunitionType::Ballistic => &mut self.ballistic,
            MunitionType::Cruise => &mut self.cruise,
            MunitionType::Loitering => &mut self.loitering,
        };
        slot.0 = if value.is_nan() {
            0.0
        } else {
            value.clamp(0.0, AMOUNT_MAX)
        };
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
/// Everything a state carries (MODEL.md section 3).
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
    /// Benign moves (surveillance sorties, repositioning, exercises).
    pub benign_moves: BenignMoves,
    /// Attribution doctrine: what it does with attacks by other actors' proxies.
    pub attribution: AttributionPolicy,
    /// Probability that one interception over its populated soil causes debris damage.
    pub debris_rate: Probability,
    /// Average debris damage of one such interception, in US dollars.
    pub debris_cost: Amount,
}
}

impl Default for StateParams {
    fn default() -> Self {
        // Debris over a state's soil is costed as over a host's (section 7).
        let host = HostParams::default();
        StateParams {
            arsenal: Munitions::default(),
            munitions: MunitionProfile::default(),
            air_defence: Vec::new(),
            rearmament: Rearmament::default(),
            economy: Economy::default(),
            intelligence: Intelligence::default(),
            utility: Utility::default(),
            credibility: CredibilityParams::default(),
            probing: Probing::default(),
            preemption: Preemption::default(),
            doctrine: Doctrine::default(),
            factions: Factions::default(),
            benign_moves: BenignMoves::default(),
            attribution: AttributionPolicy::default(),
            debris_rate: host.debris_rate,
            debris_cost: host.debris_cost,
        }
    }
}

/// Writes the switches once: the struct, its all-on default, its names as scenarios write
/// them and its all-off baseline come from one list, so a new switch is one line.
macro_rules! switches {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        serde_block! {
        /// Switches for each mechanism of MODEL.md, so that each effect can be measured
        /// alone. All are on by default.
        pub struct Mechanisms {
            $($(#[doc = $doc])* pub $name: bool,)*
        }
        }

        impl Default for Mechanisms {
            fn default() -> Self {
                Mechanisms { $($name: true,)* }
            }
        }

        impl Mechanisms {
            /// The switches' names, as scenarios write them.
            pub fn names() -> Vec<&'static str> {
                vec![$(stringify!($name),)*]
            }

            /// Every mechanism off: a baseline that isolates one mechanism when it is
            /// turned on.
            pub fn none() -> Self {
                Mechanisms { $($name: false,)* }
            }
        }
    };
}

switches! {
    /// Richardson rearmament.
    rearmament,
    /// Sanctions lower output (and the shift to the military under threat).
    sanctions,
    /// Sanctions and the military shift drain economic reserves (off: reserves never
    /// run out).
    reserves,
    /// Patrons supply their militias over the network.
    supply,
    /// Convoys can be interdicted in transit corridors.
    interdiction,
    /// States watch their adversaries (off: no detection, no false alarms).
    intelligence,
    /// The verification body clears false alarms and the worst-case bias, verifies
    /// interdictions and rearmament, and catches misattributions.
    verification,
    /// States make benign moves their adversaries can misread.
    benign_moves,
    /// Militias act on their own initiative (off: they follow directives only).
    proxy_initiative,
    /// Credibility moves with answers and silences.
    credibility,
    /// States probe low-credibility adversaries' red lines.
    probing,
    /// States pre-empt perceived imminent threats.
    preemption,
    /// States may answer asymmetrically on host nations.
    asymmetric,
    /// Factions weigh the choices (off: balanced at all times).
    factions,
    /// Execution errors happen.
    execution_error,
    /// Threats back deterrence: states threaten, the threatened side weighs the
    /// threatener's credibility, and an empty threat costs it (off: no threats).
    threats,
    /// Expected external enforcement moves with shows of commitment and unanswered
    /// violations (off: it stays at its day-0 value).
    enforcement,
    /// Victims attribute proxy attacks to patrons (off: blame stays with the militia).
    attribution,
    /// Linkage makes conduct in another theatre count as a violation.
    linkage,
    /// Mediators' channels offer off-ramps and halt on sovereignty violations.
    diplomacy,
    /// Collapsed ceasefires can be re-mediated.
    remediation,
    /// Host willingness falls and hosts restrict basing.
    host_willingness,
    /// Willingness losses spread between peer hosts.
    contagion,
    /// Hosts' air-defence budgets deplete and their strain lowers willingness.
    host_budgets,
    /// Interceptions over populated territory cause debris damage.
    debris,
    /// Alliance cooperation follows strength and credibility and gates access.
    alliances,
    /// Air defence engages incoming salvos (off: every munition leaks).
    air_defence,
    /// Militias' grievance grows when they or their allies are struck.
    grievance,
    /// A share of each salvo fails at launch or in flight (munitions' reliability).
    reliability,
    /// Layers of actors along a raid's flight path engage it before the target's.
    forward_defence,
}
