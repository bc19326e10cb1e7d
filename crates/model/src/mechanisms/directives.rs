//! Directives (MODEL.md 5.3 and 5.4; seed 000): a patron orders its militias to restrain,
//! harass or escalate, from its highest escalation utility of the day.
//!
//! Utility above `escalate_above` orders escalation, above `harass_above` harassment,
//! otherwise restraint. What a directive means to a militia's propensity to attack is the
//! theatre's [`DirectiveLevels`]; how far it binds is the militia's autonomy, command
//! integrity and the sponsorship's command strength (see proxy decisions).
//!
//! Run by the state-decisions step, after each state's menu; read by proxy decisions the
//! next day.

use bevy_ecs::prelude::*;
use bevy_ecs::query::QueryData;

use crate::components::{Actor, Arsenal, MilitiaProfile};
use crate::mechanisms::proxy_decisions::ProxyState;
use crate::mechanisms::state_decisions::View;
use crate::params::{Probability, StateParams, serde_block};
use crate::setup::Setup;
use crate::theatre::ActorIx;

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

/// A patron's directive to a militia.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum Directive {
    /// Hold fire.
    #[default]
    Restrain,
    /// Harass at a low tempo.
    Harass,
    /// Escalate.
    Escalate,
}

/// A patron's answer delegated to its militias (seed 000): they are ordered to escalate
/// up to and including day `until`, whatever the patron's utility.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct DelegatedAnswer {
    /// The last day of the escalate order.
    pub until: Option<u32>,
}

/// Gives militias their patron's directive, restraint on day 0, and states no delegated
/// answer.
pub(crate) fn setup(s: &mut Setup) {
    s.on_militias(|_| Directive::Restrain);
    s.on_states(|_, _| DelegatedAnswer::default());
}

/// What states read of militias and write to them.
#[derive(QueryData)]
#[query_data(mutable)]
pub(crate) struct Militias {
    pub actor: &'static Actor,
    pub profile: &'static MilitiaProfile,
    pub proxy: &'static ProxyState,
    pub directive: &'static mut Directive,
    pub arsenal: &'static Arsenal,
}

/// Sets the directive of the state's militias from its highest escalation utility, or to
/// escalation while an answer delegated to them lasts.
pub(crate) fn set(
    world: &View,
    (s, delegated): (ActorIx, DelegatedAnswer),
    utility: f64,
    p: &StateParams,
    militias: &mut Query<Militias, Without<crate::components::StateProfile>>,
) {
    let answering = delegated.until.is_some_and(|until| world.day <= until);
    let directive = if answering || utility > p.utility.escalate_above {
        Directive::Escalate
    } else if utility > p.utility.harass_above {
        Directive::Harass
    } else {
        Directive::Restrain
    };
    for &m in &world.roster.proxies[s.0 as usize] {
        if let Ok(mut militia) = militias.get_mut(world.roster.actor(m).entity) {
            *militia.directive = directive;
        }
    }
}
