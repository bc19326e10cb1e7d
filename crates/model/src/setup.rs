//! How a mechanism adds itself to a simulation, in the way a bevy plugin does.
//!
//! Each mechanism module has one `setup` function that receives a [`Setup`] and adds what
//! the mechanism owns: its resources (restored to their day-0 value before every run),
//! the components it keeps on states, militias or hosts (each with its day-0 copy, restored
//! likewise), the messages it writes, and its systems in their step of the day. The list
//! of mechanisms, in the order of the day, is [`crate::mechanisms::SETUPS`].

use bevy_ecs::component::Mutable;
use bevy_ecs::message::Message;
use bevy_ecs::prelude::*;
use bevy_ecs::system::ScheduleSystem;

use crate::components::{HostProfile, Initial, MilitiaProfile, StateProfile};
use crate::params::StateParams;
use crate::roster::SharedRoster;
use crate::theatre::Theatre;
use crate::{HostParams, MilitiaParams};

/// What a mechanism is given to add itself with.
pub(crate) struct Setup<'a> {
    /// The world being built; actors and assets are spawned, the roster inserted.
    pub world: &'a mut World,
    /// The theatre it is built from.
    pub theatre: &'a Theatre,
    pub(crate) day: &'a mut Schedule,
    pub(crate) reset: &'a mut Schedule,
    /// What moves each message queue on by a day, and what empties it before a run.
    pub(crate) messages: &'a mut Vec<fn(&mut World, bool)>,
}

impl Setup<'_> {
    /// Adds systems to the day (each placed in its step, `.in_set(DaySystems::…)`).
    pub fn systems<M>(&mut self, systems: impl IntoScheduleConfigs<ScheduleSystem, M>) {
        self.day.add_systems(systems);
    }

    /// Inserts a resource that every run starts from as it is now.
    pub fn resource<R: Resource<Mutability = Mutable> + Clone>(&mut self, value: R) {
        self.world.insert_resource(Start(value.clone()));
        self.world.insert_resource(value);
        self.reset.add_systems(restore_resource::<R>);
    }

    /// Registers a message the mechanism writes.
    pub fn message<M: Message>(&mut self) {
        self.world.init_resource::<Messages<M>>();
        self.messages.push(|world, clear| {
            let mut queue = world.resource_mut::<Messages<M>>();
            if clear {
                queue.clear();
            } else {
                queue.update();
            }
        });
    }

    /// Gives every state a component made from its parameters and the number of actors,
    /// restored to this value before every run.
    pub fn on_states<C>(&mut self, make: impl Fn(&StateParams, usize) -> C)
    where
        C: Component<Mutability = Mutable> + Clone,
    {
        self.on::<StateProfile, C>(|p, n| make(&p.0, n));
    }

    /// Gives every militia a component made from its parameters, restored likewise.
    pub fn on_militias<C>(&mut self, make: impl Fn(&MilitiaParams) -> C)
    where
        C: Component<Mutability = Mutable> + Clone,
    {
        self.on::<MilitiaProfile, C>(|p, _| make(&p.0));
    }

    /// Gives every host a component made from its parameters, restored likewise.
    pub fn on_hosts<C>(&mut self, make: impl Fn(&HostParams) -> C)
    where
        C: Component<Mutability = Mutable> + Clone,
    {
        self.on::<HostProfile, C>(|p, _| make(&p.0));
    }

    /// Inserts `C` (and its day-0 copy) on every entity with profile `P`, in the roster's
    /// order, so that queries meet entities in the order they were declared.
    fn on<P: Component, C>(&mut self, make: impl Fn(&P, usize) -> C)
    where
        C: Component<Mutability = Mutable> + Clone,
    {
        let entities: Vec<Entity> = self
            .world
            .resource::<SharedRoster>()
            .actors
            .iter()
            .map(|a| a.entity)
            .collect();
        let n = entities.len();
        for entity in entities {
            let Some(profile) = self.world.get::<P>(entity) else {
                continue;
            };
            let value = make(profile, n);
            self.world
                .entity_mut(entity)
                .insert((value.clone(), Initial(value)));
        }
        self.restore::<C>();
    }

    /// Restores a component from its [`Initial`] copy before every run.
    pub fn restore<C: Component<Mutability = Mutable> + Clone>(&mut self) {
        self.reset.add_systems(restore_component::<C>);
    }
}

/// The day-0 value of a resource.
#[derive(Resource)]
struct Start<R>(R);

fn restore_resource<R: Resource<Mutability = Mutable> + Clone>(
    mut value: ResMut<R>,
    start: Res<Start<R>>,
) {
    value.clone_from(&start.0);
}

/// Copies a component's day-0 value back, reusing its allocation.
fn restore_component<T: Component<Mutability = Mutable> + Clone>(
    mut q: Query<(&mut T, &Initial<T>)>,
) {
    for (mut value, initial) in &mut q {
        value.clone_from(&initial.0);
    }
}
