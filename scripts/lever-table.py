#!/usr/bin/env python3
"""Reproduce the headline, lever-response and remedy tables of docs/scenarios.md.

Each lever is a two-point sweep (`grayzone sweep --param PATH=LO:HI:2`) at a fixed seed and
400 runs per end; each headline is a `grayzone ensemble` of 2,000 runs; each remedy is a
pair of ensembles (the scenario without and with the remedy, written beside the results)
at the same seed. The tables are
printed as Markdown and, with --write, replace the text between the markers
`<!-- NAME:begin -->` and `<!-- NAME:end -->` in docs/scenarios.md.

    python3 scripts/lever-table.py                 # print the tables
    python3 scripts/lever-table.py --write         # and update docs/scenarios.md

Only the standard library is needed; the binary is built with `cargo build --release`.
"""

import argparse
import csv
import json
import math
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "grayzone"
OUT = ROOT / "output" / "levers"
SEED = 1
RUNS_PER_END = 400
HEADLINE_RUNS = 2000
HEADLINE = "ceasefire_collapse_within_30_days"

SCENARIOS = ["axis-of-resistance", "iran-israel-truce", "hormuz-2026", "red-line-probing"]

# (scenario, lever path, low end, high end, outcomes it is argued to move, what it is)
LEVERS = [
    ("hormuz-2026", "militias.*.autonomy", 0, 1, [HEADLINE], "the militias' autonomy"),
    ("hormuz-2026", "actors.us.attribution.policy", 0, 1, [HEADLINE], "US attribution"),
    ("axis-of-resistance", "actors.us.attribution.policy", 0, 1, ["direct_strike"],
     "US attribution"),
    ("iran-israel-truce", "verification.strength", 0, 1, [HEADLINE], "verification"),
    ("red-line-probing", "actors.irgc.doctrine.retaliation_ratio", 0.5, 2,
     ["deepest_probe", "probing_stopped"], "the IRGC's answer"),
]


def setp(doc, path, value):
    """Sets `path` in a scenario document: `actors.us.preemption.direct_line`, list
    entries by id (`assets.nsa_bahrain`) or by index (`network.linkage[0]`)."""
    keys = []
    for part in path.split("."):
        name, _, rest = part.partition("[")
        keys.append(name)
        keys += [int(i) for i in rest.rstrip("]").split("][") if i]
    node = doc
    for key in keys[:-1]:
        if isinstance(node, list) and isinstance(key, str):
            node = next(x for x in node if x.get("id") == key)
        else:
            node = node.setdefault(key, {}) if isinstance(node, dict) else node[key]
    node[keys[-1]] = value


def setting(*pairs):
    """An edit that sets each (path, value) pair."""
    def edit(doc):
        for path, value in pairs:
            setp(doc, path, value)
    return edit


# The worked example's layer (docs/scenarios.md, "A directed-energy layer").
DIRECTED_ENERGY = {
    "name": "Directed energy / EW (Iron Beam class)",
    "stock": 100000, "max_stock": 100000, "resupply_per_day": 0,
    "pk": {"ballistic": 0.0, "cruise": 0.3, "loitering": 0.8},
    "shots_per_target": 1, "engagements_per_wave": 12,
    "unit_cost": 0, "cost_per_engagement": 2000,
}


def lasers_at_the_hosts(doc):
    for actor in doc["actors"]:
        if actor["id"] in ("bahrain", "kuwait"):
            actor["air_defence"].insert(0, dict(DIRECTED_ENERGY))


def unchanged(doc):
    pass


# Remedies of the articles: (scenario, what, edit without, edit with, outcomes, runs an
# arm). Each is an ensemble of the scenario with each edit; the same comparisons are
# asserted in crates/evidence/tests/remedies.rs.
REMEDIES = [
    ("axis-of-resistance", "a direct line (000): `actors.us.preemption.direct_line` 0 → 1",
     setting(("actors.us.preemption.direct_line", 0)),
     setting(("actors.us.preemption.direct_line", 1)),
     ["preemptions", HEADLINE], 400),
    ("hormuz-2026", "command functions of NSA Bahrain relocated before the crisis (002): "
     "`relocate_after_strikes` absent → 0",
     unchanged, setting(("assets.nsa_bahrain.relocate_after_strikes", 0)),
     ["host_willingness_end", "damage", HEADLINE], 400),
    ("hormuz-2026", "a directed-energy layer at the hosts (002)",
     unchanged, lasers_at_the_hosts,
     ["defence_spending", "host_budget_strain", "host_willingness_end"], 400),
    ("hormuz-2026", "compliance insulated from linkage (002): `network.linkage[0].weight` 1 → 0",
     unchanged, setting(("network.linkage[0].weight", 0)), [HEADLINE], 400),
    ("iran-israel-truce", "a verification mandate over corridors and rearmament (001), "
     "at strength 1: `verification.corridors`, `.rearmament` 0 → 1",
     setting(("verification.strength", 1), ("verification.corridors", 0),
             ("verification.rearmament", 0)),
     setting(("verification.strength", 1)), [HEADLINE], 2000),
    ("iran-israel-truce", "explicit red lines (001): interdiction, alarms and rearmament "
     "not violations",
     unchanged,
     setting(("ceasefire.interdiction_as_violation", 0), ("ceasefire.alarm_as_violation", 0),
             ("ceasefire.rearmament_as_violation", 0)), [HEADLINE], 2000),
    ("iran-israel-truce", "a unified external commitment (001): Iran's expected enforcement "
     "0.1 → 0.6, not waning",
     unchanged, setting(("actors.irgc.utility.external_enforcement", 0.6),
                        ("actors.irgc.utility.enforcement_loss", 0)),
     ["unprovoked_strikes", HEADLINE], 2000),
    ("iran-israel-truce", "a face-saving off-ramp (001), with an active mediator (influence "
     "0.9, off-ramp rate 0.6): `mediators.external_mediator.face_saving` 0 → 1",
     setting(("mediators.external_mediator.influence", 0.9),
             ("mediators.external_mediator.offramp_rate", 0.6)),
     setting(("mediators.external_mediator.influence", 0.9),
             ("mediators.external_mediator.offramp_rate", 0.6),
             ("mediators.external_mediator.face_saving", 1)),
     ["answers", "ceasefire_collapsed", HEADLINE], 2000),
    ("iran-israel-truce", "sanctions relief for compliance, weighed (002): relief 0.002 a "
     "compliant day on offer, `actors.irgc.utility.relief_weight` 0 → 2",
     setting(("actors.irgc.economy.relief_per_compliant_day", 0.002)),
     setting(("actors.irgc.economy.relief_per_compliant_day", 0.002),
             ("actors.irgc.utility.relief_weight", 2)),
     ["unprovoked_strikes", HEADLINE], 2000),
    ("red-line-probing", "a negotiator who links each concession to the whole (003): "
     "`negotiation.holistic` 0 → 1",
     unchanged, setting(("negotiation.holistic", 1)),
     ["conceded", "allied_cooperation_end"], 400),
    ("red-line-probing", "answering rather than silence (003): "
     "`actors.irgc.doctrine.retaliate` 0.1 → 1",
     unchanged, setting(("actors.irgc.doctrine.retaliate", 1)),
     ["allied_cooperation_end", "deepest_probe", HEADLINE], 400),
]


def run(args):
    subprocess.run([str(BINARY), *map(str, args)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def value(row, name):
    """One outcome of one run from runs.csv, or None when absent (censored)."""
    if name == HEADLINE:
        # runs.csv keeps the collapse day (empty when censored); the summary's headline
        # counts days 0 to 29, and so does this.
        day = row["ceasefire_collapse_day"]
        return float(day != "" and int(day) < 30)
    text = row[name]
    if text == "":
        return None
    return {"true": 1.0, "false": 0.0}.get(text, None) if text in ("true", "false") \
        else float(text)


def column(path, name):
    """Per-point lists of one outcome from a sweep's runs.csv (missing values left out)."""
    points = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            x = value(row, name)
            if x is not None:
                points.setdefault(int(row["point"]), []).append(x)
    return points


def outcomes_of(path, names):
    """Lists of the named outcomes from an ensemble's runs.csv (missing values left out)."""
    lists = {name: [] for name in names}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            for name in names:
                x = value(row, name)
                if x is not None:
                    lists[name].append(x)
    return lists


def shown(x):
    """A figure as the tables print it: dollars in millions, the rest to three places."""
    return f"{x / 1e6:,.0f}M" if abs(x) >= 1e5 else f"{x:.3f}"


def mean_se(xs):
    n = len(xs)
    m = sum(xs) / n
    var = sum((x - m) ** 2 for x in xs) / (n - 1) if n > 1 else 0.0
    return m, math.sqrt(var / n)


def slug(*parts):
    return "-".join(str(p).replace("*", "all").replace(".", "_") for p in parts)


def headlines():
    rows = ["| scenario | P(collapse within 30 days) | 95% interval | runs | command |",
            "|---|---|---|---|---|"]
    for name in SCENARIOS:
        out = OUT / slug("headline", name)
        command = ["ensemble", f"scenarios/{name}.json", "--runs", HEADLINE_RUNS, "--seed",
                   SEED, "--format", "csv", "--force", "--out", out]
        run(command)
        # The summary's own estimate and Wilson interval: one computation, not two.
        h = json.loads((out / "summary.json").read_text())["probabilities"][HEADLINE]
        p, lo, hi = h["estimate"], h["lo"], h["hi"]
        shown = " ".join(map(str, command[:6]))
        rows.append(f"| {name} | {p:.3f} | {lo:.3f}–{hi:.3f} | {HEADLINE_RUNS} | "
                    f"`grayzone {shown}` |")
    return "\n".join(rows)



def levers(table):
    rows = ["| scenario | lever | ends | outcome | low end (95%) | high end (95%) | z |",
            "|---|---|---|---|---|---|---|"]
    for scenario, path, lo, hi, outcomes, what in table:
        out = OUT / slug(scenario, path)
        run(["sweep", f"scenarios/{scenario}.json", "--param", f"{path}={lo}:{hi}:2",
             "--runs-per-point", RUNS_PER_END, "--seed", SEED, "--format", "csv", "--force",
             "--out", out])
        for outcome in outcomes:
            points = column(out / "runs.csv", outcome)
            if sorted(points) != [0, 1]:
                sys.exit(f"{out}: {outcome} is missing at a sweep point ({sorted(points)})")
            (a, sa), (b, sb) = mean_se(points[0]), mean_se(points[1])
            se = math.hypot(sa, sb)
            z = (b - a) / se if se > 0 else 0.0
            rows.append(
                f"| {scenario} | {what}: `{path}` | {lo} → {hi} | `{outcome}` | "
                f"{a:.3f} ({a - 1.96 * sa:.3f}–{a + 1.96 * sa:.3f}) | "
                f"{b:.3f} ({b - 1.96 * sb:.3f}–{b + 1.96 * sb:.3f}) | {z:+.1f} |")
    return "\n".join(rows)


def remedies(table):
    rows = ["| scenario | remedy | outcome | without (95%) | with (95%) | z | runs an arm |",
            "|---|---|---|---|---|---|---|"]
    for k, (scenario, what, without, with_, outcomes, runs) in enumerate(table):
        ends = []
        for end, edit in (("without", without), ("with", with_)):
            doc = json.loads((ROOT / "scenarios" / f"{scenario}.json").read_text())
            edit(doc)
            out = OUT / slug("remedy", k, scenario)
            out.mkdir(parents=True, exist_ok=True)
            path = out / "scenario.json"
            path.write_text(json.dumps(doc, indent=1))
            run(["ensemble", path, "--runs", runs, "--seed", SEED, "--format", "csv",
                 "--force", "--out", out / end])
            ends.append(outcomes_of(out / end / "runs.csv", outcomes))
        for outcome in outcomes:
            (a, sa), (b, sb) = (mean_se(e[outcome]) for e in ends)
            se = math.hypot(sa, sb)
            z = (b - a) / se if se > 0 else 0.0
            rows.append(
                f"| {scenario} | {what} | `{outcome}` | "
                f"{shown(a)} ({shown(a - 1.96 * sa)}–{shown(a + 1.96 * sa)}) | "
                f"{shown(b)} ({shown(b - 1.96 * sb)}–{shown(b + 1.96 * sb)}) | {z:+.1f} | "
                f"{runs} |")
    return "\n".join(rows)


def replace(text, name, table):
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{table}\n{end}{tail}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/scenarios.md")
    args = parser.parse_args()
    if not BINARY.exists():
        sys.exit(f"{BINARY} is missing: run `cargo build --release` first")
    tables = {"headlines": headlines(), "levers": levers(LEVERS)}
    tables["remedies"] = remedies(REMEDIES)
    for name, table in tables.items():
        print(f"## {name}\n\n{table}\n")
    if args.write:
        doc = ROOT / "docs" / "scenarios.md"
        text = doc.read_text()
        for name, table in tables.items():
            text = replace(text, name, table)
        doc.write_text(text)


if __name__ == "__main__":
    main()
