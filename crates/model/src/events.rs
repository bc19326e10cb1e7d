//! Events coded CAMEO-style with their Goldstein weights, and the rung class of each act.
//!
//! Weights follow GDELT's CAMEO.goldsteinscale table (see `shared/notes/public-figures.md`),
//! so that an escalation curve can be set beside event-data series.

use crate::theatre::ActorIx;

/// The CAMEO codes the model emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cameo {
    /// 0871 declare ceasefire (+9.0).
    DeclareCeasefire,
    /// 036 express intent to meet or negotiate (+4.0).
    OfferTalks,
    /// 072 provide military aid (+8.3): a patron's supply to its proxy.
    MilitaryAid,
    /// 016 deny responsibility (-2.0).
    DenyResponsibility,
    /// 1123 accuse of aggression (-2.0).
    Accuse,
    /// 16 reduce relations (-4.0): a host restricts basing.
    ReduceRelations,
    /// 161 break diplomatic relations (-4.0): a diplomatic channel halts.
    HaltTalks,
    /// 138 threaten to use military force (-7.0).
    Threaten,
    /// 152 raise military alert (-7.2): an alarm raised by intelligence.
    RaiseAlert,
    /// 171 seize or damage property (-9.2): a convoy interdicted.
    Interdict,
    /// 196 violate ceasefire (-9.5).
    ViolateCeasefire,
    /// 190 use conventional military force (-10).
    UseForce,
    /// 195 employ aerial weapons (-10): missile and drone strikes.
    AerialStrike,
}

impl Cameo {
    /// The CAMEO code as event datasets write it.
    pub fn code(self) -> &'static str {
        match self {
            Cameo::DeclareCeasefire => "0871",
            Cameo::OfferTalks => "036",
            Cameo::MilitaryAid => "072",
            Cameo::DenyResponsibility => "016",
            Cameo::Accuse => "1123",
            Cameo::ReduceRelations => "16",
            Cameo::HaltTalks => "161",
            Cameo::Threaten => "138",
            Cameo::RaiseAlert => "152",
            Cameo::Interdict => "171",
            Cameo::ViolateCeasefire => "196",
            Cameo::UseForce => "190",
            Cameo::AerialStrike => "195",
        }
    }

    /// Goldstein weight in [-10, +10].
    pub fn goldstein(self) -> f64 {
        match self {
            Cameo::DeclareCeasefire => 9.0,
            Cameo::OfferTalks => 4.0,
            Cameo::MilitaryAid => 8.3,
            Cameo::DenyResponsibility => -2.0,
            Cameo::Accuse => -2.0,
            Cameo::ReduceRelations => -4.0,
            Cameo::HaltTalks => -4.0,
            Cameo::Threaten => -7.0,
            Cameo::RaiseAlert => -7.2,
            Cameo::Interdict => -9.2,
            Cameo::ViolateCeasefire => -9.5,
            Cameo::UseForce => -10.0,
            Cameo::AerialStrike => -10.0,
        }
    }

    /// A short English description.
    pub fn describe(self) -> &'static str {
        match self {
            Cameo::DeclareCeasefire => "declare ceasefire",
            Cameo::OfferTalks => "express intent to negotiate",
            Cameo::MilitaryAid => "provide military aid",
            Cameo::DenyResponsibility => "deny responsibility",
            Cameo::Accuse => "accuse of aggression",
            Cameo::ReduceRelations => "reduce relations (restrict basing)",
            Cameo::HaltTalks => "halt diplomatic channel",
            Cameo::Threaten => "threaten military force",
            Cameo::RaiseAlert => "raise military alert",
            Cameo::Interdict => "seize or damage property (interdiction)",
            Cameo::ViolateCeasefire => "violate ceasefire",
            Cameo::UseForce => "use conventional military force",
            Cameo::AerialStrike => "employ aerial weapons",
        }
    }
}

/// An event as PLOVER codes it (Open Event Data Alliance, PLOVER manual 0.7b1; the
/// successor of CAMEO that POLECAT uses): what was done (`event`), how (`mode`), in what
/// field (`context`), its quad class and its intensity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plover {
    /// The PLOVER event category (`ASSAULT`, `THREATEN`, ...).
    pub event: &'static str,
    /// The category's mode, when one of the manual's applies.
    pub mode: Option<&'static str>,
    /// Contexts from the manual's general list.
    pub context: &'static [&'static str],
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    /// conflict: the quad class of the category, numbered as ICEWS numbers CAMEO's.
    pub quad_code: u8,
    /// The category's conflict-cooperation score on -10..+10 (the manual's "Schrodt
    /// scores", the frequency-weighted Goldstein weights of its CAMEO codes).
    pub intensity: f64,
}

impl Cameo {
    /// The PLOVER coding of the act. Categories, modes and contexts follow the Open
    /// Event Data Alliance's CAMEO-to-PLOVER table (`CAMEO2PLOVER-2021.txt`), except
    /// where docs/model.md ("Events in PLOVER") says why grayzone's act is read otherwise.
    pub fn plover(self) -> Plover {
        let (event, mode, context): (_, _, &'static [&'static str]) = match self {
            Cameo::DeclareCeasefire => ("RETREAT", Some("ceasefire"), &["military"]),
            Cameo::OfferTalks => ("AGREE", None, &["diplomatic"]),
            Cameo::MilitaryAid => ("AID", Some("military"), &["military"]),
            // PLOVER drops CAMEO's public statements (01); a denial answers an accusation.
            Cameo::DenyResponsibility => ("REJECT", None, &["military"]),
            Cameo::Accuse => ("ACCUSE", None, &["military"]),
            // A host curtails a guest's basing: a material exchange cut short.
            Cameo::ReduceRelations => ("SANCTION", Some("sever"), &["military"]),
            Cameo::HaltTalks => ("SANCTION", Some("withdraw"), &["diplomatic"]),
            Cameo::Threaten => ("THREATEN", Some("violence"), &["military"]),
            Cameo::RaiseAlert => ("MOBILIZE", Some("troops"), &["military"]),
            // A convoy seized at sea or on land by armed forces, not by a court.
            Cameo::Interdict => ("COERCE", Some("confiscate"), &["military"]),
            Cameo::ViolateCeasefire => ("ASSAULT", None, &["legal", "military"]),
            Cameo::UseForce => ("ASSAULT", None, &["military"]),
            Cameo::AerialStrike => ("ASSAULT", Some("heavy-weapons"), &["military"]),
        };
        let (quad_code, intensity) = match event {
            "AGREE" => (1, 4.2),
            "AID" => (2, 7.4),
            "RETREAT" => (2, 7.6),
            "ACCUSE" => (3, -2.0),
            "REJECT" => (3, -4.2),
            "THREATEN" => (3, -5.1),
            "SANCTION" => (4, -5.2),
            "MOBILIZE" => (4, -5.3),
            "COERCE" => (4, -7.2),
            _ => (4, -9.3),
        };
        Plover {
            event,
            mode,
            context,
            quad_code,
            intensity,
        }
    }
}

/// The rungs of the escalation ladder (MODEL.md section 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(u8)]
pub enum Rung {
    /// 0: the truce holds.
    #[default]
    Truce = 0,
    /// 1: harassment, interdiction, surveillance, threats.
    GreyZone = 1,
    /// 2: militia attacks and strikes on militias.
    ProxyWar = 2,
    /// 3: state strikes on the other state's assets.
    DirectLimited = 3,
    /// 4: strikes on host nations, or several fronts active at once.
    RegionalWar = 4,
    /// 5: sustained daily direct exchange above a volume threshold.
    FullWar = 5,
}

impl Rung {
    /// Every rung, from calm to war.
    pub const ALL: [Rung; 6] = [
        Rung::Truce,
        Rung::GreyZone,
        Rung::ProxyWar,
        Rung::DirectLimited,
        Rung::RegionalWar,
        Rung::FullWar,
    ];

    /// The rung from its number (numbers above 5 clamp to 5).
    pub fn from_level(level: u8) -> Rung {
        Rung::ALL[usize::from(level.min(5))]
    }

    /// The rung's name.
    pub fn label(self) -> &'static str {
        match self {
            Rung::Truce => "truce holding",
            Rung::GreyZone => "grey zone",
            Rung::ProxyWar => "proxy war",
            Rung::DirectLimited => "direct limited exchange",
            Rung::RegionalWar => "regional war",
            Rung::FullWar => "full-scale state war",
        }
    }
}

/// One coded event: who did what to whom, as it happened or as it was perceived.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The day.
    pub day: u32,
    /// Who acted (the real actor for real events; the blamed one for perceived ones).
    pub actor: ActorIx,
    /// Whom the act was directed at.
    pub target: ActorIx,
    /// What was done.
    pub cameo: Cameo,
    /// Who the target holds responsible (differs from `actor` for proxy attacks blamed
    /// on the patron and for misattributions).
    pub attributed_to: ActorIx,
    /// True when the act happened; false when it exists only in someone's perception
    /// (false alarms, violations read into an interdiction, linkage).
    pub real: bool,
    /// The rung class of the act, for the ladder.
    pub class: Rung,
    /// Munitions involved (0 for non-kinetic acts).
    pub volume: f64,
    /// Whether the act was a direct state-on-state strike.
    pub direct: bool,
    /// The hostile dyad the act is scored in, if any.
    pub dyad: Option<u16>,
    /// Why a strike was made (strikes only).
    pub reason: Option<crate::messages::StrikeKind>,
    /// The asset struck (strikes on assets only).
    pub asset: Option<crate::theatre::AssetIx>,
    /// Munitions that got through the defence (strikes only).
    pub leaked: f64,
}
