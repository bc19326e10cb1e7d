//! Whole runs of the sample theatre: reproducibility and world reuse.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "outcomes are printed for the record of a run"
)]

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

#[test]
fn each_militias_attacks_add_up_to_the_militia_attacks() {
    let theatre = duel();
    let mut sim = Simulation::new(&theatre);
    let mut attacks = 0;
    for run in 0..40 {
        let o = sim.run(5, run, 120, Detail::Outcomes).outcomes;
        let by: Vec<(usize, f64)> = o
            .per_actor()
            .filter(|(name, _, _)| *name == "proxy_attacks")
            .map(|(_, i, n)| (i, n))
            .collect();
        let total = o.value("proxy_attacks").unwrap();
        assert_eq!(by.len(), theatre.actors.len());
        assert_eq!(by.iter().map(|(_, n)| n).sum::<f64>(), total);
        for (i, n) in by {
            let militia = matches!(
                theatre.actors[i].kind,
                grayzone_model::ActorKind::Militia(_)
            );
            assert!(militia || n == 0.0, "{} made attacks", theatre.actors[i].id);
        }
        attacks += total as u32;
    }
    assert!(
        attacks > 0,
        "no militia attacked in 40 runs: the test shows nothing"
    );
}
