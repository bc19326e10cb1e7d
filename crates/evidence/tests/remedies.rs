//! The articles' remedies as levers an analyst can test (issue "Scenarios that answer"):
//! each is a scenario option, and switching it on moves what its article says it would,
//! by more than three standard errors ([`grayzone_evidence::MARGIN`]) over 400 histories
//! an arm. docs/scenarios.md has a worked example of each.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "frequencies are printed for the record of a run"
)]

use grayzone_evidence::{moves, shipped};

const RUNS: u64 = 400;

/// Seed 000: "without direct lines of communication" a launcher moved for training is
/// read as an attack and pre-empted. A line over which the US checks an alarm before it
/// pre-empts calls off the pre-emptions that misread moves set off, and with them the
/// violations Iran counts: the truce collapses less often within 30 days.
#[test]
fn a_direct_line_calls_off_preemptions_on_misread_moves() {
    let axis = shipped("axis-of-resistance.json");
    let arms = (
        &[("actors.us.preemption.direct_line", 0.0)][..],
        &[("actors.us.preemption.direct_line", 1.0)][..],
    );
    let e = moves("direct line (000)", &axis, arms, "preemptions", false, RUNS);
    eprintln!("direct line 0 -> 1: pre-emptions {e}");
    let e = moves(
        "direct line (000)",
        &axis,
        arms,
        "ceasefire_collapse_day",
        true,
        RUNS,
    );
    eprintln!("direct line 0 -> 1: collapse day {e}");
}
