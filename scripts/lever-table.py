#!/usr/bin/env python3
"""Reproduce the headline and lever-response tables of docs/scenarios.md.

Each lever is a two-point sweep (`grayzone sweep --param PATH=LO:HI:2`) at a fixed seed and
400 runs per end; each headline is a `grayzone ensemble` of 2,000 runs. The tables are
printed as Markdown and, with --write, replace the text between the markers
`<!-- NAME:begin -->` and `<!-- NAME:end -->` in docs/scenarios.md.

    python3 scripts/lever-table.py                 # print both tables
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

# Remedies of the articles, as levers: (scenario, path, off, on, outcomes, what it is).
REMEDIES = []


def run(args):
    subprocess.run([str(BINARY), *map(str, args)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def column(path, name):
    """Per-point lists of one outcome from a sweep's runs.csv (missing values left out)."""
    points = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if name == HEADLINE:
                # runs.csv keeps the collapse day (empty when censored); the summary's
                # headline counts days 0 to 29, and so does this.
                day = row["ceasefire_collapse_day"]
                points.setdefault(int(row["point"]), []).append(
                    float(day != "" and int(day) < 30))
                continue
            value = row[name]
            if value == "":
                continue
            x = {"true": 1.0, "false": 0.0}.get(value)
            points.setdefault(int(row["point"]), []).append(
                float(value) if x is None else x)
    return points


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
            (a, sa), (b, sb) = mean_se(points.get(0, [0.0])), mean_se(points.get(1, [0.0]))
            se = math.hypot(sa, sb)
            z = (b - a) / se if se > 0 else 0.0
            rows.append(
                f"| {scenario} | {what}: `{path}` | {lo} → {hi} | `{outcome}` | "
                f"{a:.3f} ({a - 1.96 * sa:.3f}–{a + 1.96 * sa:.3f}) | "
                f"{b:.3f} ({b - 1.96 * sb:.3f}–{b + 1.96 * sb:.3f}) | {z:+.1f} |")
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
    if REMEDIES:
        tables["remedies"] = levers(REMEDIES)
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
