//! Whole runs of the sample theatre: reproducibility and world reuse.

use grayzone_model::sample::duel;
use grayzone_model::{Detail, Simulation};

#[test]
fn same_seed_same_history_and_reuse_changes_nothing() {
    let theatre = duel();
    let mut sim = Simulation::new(&theatre);
    let a = sim.run(11, 0, 120, Detail::Full);
    let b = sim.run(11, 1, 120, Detail::Full);
    let again = sim.run(11, 0, 120, Detail::Full);
    assert_eq!(a.rows, again.rows);
    assert_eq!(a.events, again.events);
    assert_eq!(a.outcomes, again.outcomes);
    let fresh = Simulation::new(&theatre).run(11, 0, 120, Detail::Full);
    assert_eq!(a.rows, fresh.rows);
    assert_ne!(a.events, b.events, "another run is another history");
    println!("{:#?}", a.outcomes);
}
