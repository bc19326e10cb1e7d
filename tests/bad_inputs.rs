//! The table of bad inputs (issue "Untrusted input"): scenario files, targets files,
//! flags, output folders and tampered experiment folders, each with the exit status and
//! the words of the message it must get. Every case runs the real binary; none may
//! panic, abort (a signal), hang, or exit with another status.

#![allow(
    clippy::print_stdout,
    reason = "the test reports the size of its table"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

mod common;
use common::s;

/// One bad input: the command line, the exit status and a piece of the message.
struct Case {
    name: String,
    args: Vec<String>,
    code: i32,
    says: String,
}

/// The flagship scenario as JSON.
fn flagship() -> Value {
    serde_json::from_str(&std::fs::read_to_string(scenario("hormuz-2026.json")).unwrap()).unwrap()
}

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

/// The cases, with the files they read written into `dir`.
struct Table<'a> {
    dir: &'a Path,
    cases: Vec<Case>,
}

impl Table<'_> {
    fn add(&mut self, name: &str, args: &[&str], code: i32, says: &str) {
        self.cases.push(Case {
            name: name.to_owned(),
            args: args.iter().map(|a| a.to_string()).collect(),
            code,
            says: says.to_owned(),
        });
    }

    /// A file holding `text`; its path.
    fn file(&self, name: &str, text: &[u8]) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, text).unwrap();
        s(&path).to_owned()
    }

    /// The flagship with `edit` applied, validated: exit 2 and `says`.
    fn scenario(&mut self, name: &str, edit: impl FnOnce(&mut Value), says: &str) {
        let mut doc = flagship();
        edit(&mut doc);
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let path = self.file(&format!("{}.json", slug(name)), text.as_bytes());
        self.add(name, &["validate", &path], 2, says);
    }

    /// The flagship's text with `from` replaced by `to` (syntax the JSON writer would
    /// never produce), validated: exit 2 and `says`.
    fn text(&mut self, name: &str, from: &str, to: &str, says: &str) {
        let text = std::fs::read_to_string(scenario("hormuz-2026.json")).unwrap();
        assert!(text.contains(from), "{name}: {from:?} not in the flagship");
        let path = self.file(
            &format!("{}.json", slug(name)),
            text.replacen(from, to, 1).as_bytes(),
        );
        self.add(name, &["validate", &path], 2, says);
    }
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// Sets the value at a JSON pointer, adding the last field if it is absent.
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let parent = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{pointer} not in the flagship"));
    match parent {
        Value::Object(fields) => {
            fields.insert(key.to_owned(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().expect("an index")] = value,
        _ => panic!("{pointer}: no object or list to set in"),
    }
}

fn scenario_files(t: &mut Table) {
    // Syntax.
    t.text(
        "missing comma",
        "\"days\": 90,",
        "\"days\": 90",
        "expected `,`",
    );
    t.text(
        "trailing comma",
        "\"days\": 90,",
        "\"days\": 90,,",
        "expected a field name in double quotes, found `,`",
    );
    t.text(
        "unclosed string",
        "\"hormuz-2026\"",
        "\"hormuz-2026",
        "close the string",
    );
    t.text(
        "single quotes",
        "\"hormuz-2026\"",
        "'hormuz-2026'",
        "expected a value",
    );
    t.text(
        "comment",
        "\"days\": 90,",
        "// c\n\"days\": 90,",
        "expected a field name in double quotes, found `/`",
    );
    t.text(
        "NaN literal",
        "\"days\": 90,",
        "\"days\": NaN,",
        "expected a value",
    );
    t.text(
        "lone surrogate",
        "\"hormuz-2026\"",
        "\"hormuz\\ud800x\"",
        "lone surrogate",
    );
    t.text(
        "bad escape",
        "\"hormuz-2026\"",
        "\"hormuz\\q\"",
        "invalid escape",
    );
    t.text(
        "tab in a string",
        "\"hormuz-2026\"",
        "\"hormuz\t2026\"",
        "control character",
    );
    t.text(
        "duplicate key",
        "\"days\": 90,",
        "\"days\": 90, \"days\": 91,",
        "duplicate field \"days\": already written at 4:3",
    );
    t.text(
        "truncated",
        "\"days\": 90,",
        "\"days\": 90, \"actors\": [",
        "expected `,` or `]`",
    );
    // Types, fields and ranges.
    t.scenario(
        "unknown field",
        |d| set(d, "/actors/0/autonmy", json!(1)),
        "unknown field \"autonmy\"",
    );
    t.scenario(
        "missing name",
        |d| {
            d.as_object_mut().unwrap().remove("name");
        },
        "missing required field \"name\"",
    );
    t.scenario(
        "days zero",
        |d| set(d, "/days", json!(0)),
        "days: expected a whole number in [1, 100000], found 0",
    );
    t.scenario(
        "days too many",
        |d| set(d, "/days", json!(100_001)),
        "days: expected a whole number in [1, 100000], found 100001",
    );
    t.scenario(
        "days as text",
        |d| set(d, "/days", json!("90")),
        "found the string \"90\"",
    );
    t.scenario(
        "seed 2^64",
        |d| set(d, "/seed", json!(18_446_744_073_709_551_616.0)),
        "from 0 to 18446744073709551615, found 18446744073709551616",
    );
    t.scenario("seed negative", |d| set(d, "/seed", json!(-1)), "found -1");
    t.scenario(
        "autonomy 1.5",
        |d| set(d, "/actors/3/autonomy", json!(1.5)),
        "expected a probability in [0, 1], found 1.5",
    );
    t.scenario(
        "autonomy negative",
        |d| set(d, "/actors/3/autonomy", json!(-0.1)),
        "expected a probability in [0, 1]",
    );
    t.scenario(
        "kill probability 1.5",
        |d| set(d, "/actors/0/air_defence/0/pk/ballistic", json!(1.5)),
        "pk.ballistic: expected a probability in [0, 1], found 1.5",
    );
    t.scenario(
        "kill probability 3",
        |d| set(d, "/actors/0/air_defence/0/pk/cruise", json!(3)),
        "expected a probability in [0, 1], found 3",
    );
    t.scenario(
        "reliability 2",
        |d| {
            set(
                d,
                "/actors/0/munitions",
                json!({"reliability": {"ballistic": 2}}),
            )
        },
        "expected a probability in [0, 1], found 2",
    );
    t.scenario(
        "burden 5",
        |d| set(d, "/actors/0/rearmament/burden", json!(5)),
        "burden: expected a probability in [0, 1], found 5",
    );
    t.scenario(
        "amount past 1e15",
        |d| set(d, "/actors/0/arsenal/ballistic", json!(2e15)),
        "no larger than 1e15",
    );
    t.scenario(
        "negative amount",
        |d| set(d, "/actors/0/arsenal/ballistic", json!(-5)),
        "non-negative number",
    );
    t.scenario(
        "amount 1e400",
        |d| set(d, "/actors/0/arsenal/ballistic", json!("1e400")),
        "found the string",
    );
    t.scenario(
        "amount null",
        |d| set(d, "/actors/0/arsenal/ballistic", Value::Null),
        "found null",
    );
    t.scenario(
        "count past u32",
        |d| {
            set(
                d,
                "/actors/0/air_defence/0/shots_per_target",
                json!(5_000_000_000u64),
            )
        },
        "from 0 to 4294967295",
    );
    t.scenario(
        "fractional count",
        |d| set(d, "/ceasefire/tolerance", json!(2.5)),
        "whole number",
    );
    t.scenario(
        "name of 5,000 characters",
        |d| set(d, "/actors/0/name", json!("A".repeat(5000))),
        "expected at most 200 characters, found a string of 5000 characters",
    );
    t.scenario(
        "identifier with a space",
        |d| set(d, "/territories/0/id", json!("strait of hormuz")),
        "expected an identifier",
    );
    t.scenario(
        "identifier with a slash",
        |d| set(d, "/actors/3/id", json!("../kh")),
        "expected an identifier",
    );
    t.scenario(
        "kind unknown",
        |d| set(d, "/actors/6/kind", json!("hots")),
        "expected one of",
    );
    t.scenario(
        "actors not a list",
        |d| set(d, "/actors", json!({})),
        "expected a list",
    );
    // References and meaning.
    t.scenario(
        "unknown patron",
        |d| set(d, "/network/sponsors/0/patron", json!("irgcc")),
        "irgcc",
    );
    t.scenario(
        "unknown territory",
        |d| set(d, "/actors/3/territory", json!("atlantis")),
        "atlantis",
    );
    t.scenario(
        "unknown asset owner",
        |d| set(d, "/assets/0/owner", json!("nobody")),
        "nobody",
    );
    t.scenario(
        "unknown shock target",
        |d| set(d, "/shocks/0/target", json!("no_ship")),
        "no_ship",
    );
    t.scenario(
        "unknown ceasefire party",
        |d| set(d, "/ceasefire/parties/1", json!("iran")),
        "iran",
    );
    t.scenario(
        "hostile pair with itself",
        |d| set(d, "/network/hostile/0", json!(["us", "us"])),
        "expected two distinct actors, found \"us\" hostile to itself",
    );
    t.scenario(
        "duplicate identifier",
        |d| set(d, "/actors/4/id", json!("kataib_hezbollah")),
        "kataib_hezbollah",
    );
    t.scenario(
        "shock after the horizon",
        |d| set(d, "/shocks/0/day", json!(5000)),
        "expected a day in [0, 90) (the run lasts 90 days), found 5000",
    );
    t.scenario(
        "hardness zero",
        |d| set(d, "/assets/0/hardness", json!(0)),
        "expected a hardness above 0 (1 is soft), found 0",
    );
    t.scenario(
        "too many actors",
        |d| {
            let actors = d["actors"].as_array_mut().unwrap();
            for i in 0..200_000 {
                actors.push(json!({"id": format!("h{i}"), "kind": "host"}));
            }
        },
        "expected a list of at most 200000 items, found 200008 items",
    );

    // 400 states all hostile to each other: 79,800 dyads, past the 65,535 records number.
    let states: Vec<Value> = (0..400)
        .map(|i| json!({"id": format!("s{i}"), "kind": "state"}))
        .collect();
    let mut pairs = Vec::new();
    for i in 0..400 {
        for j in i + 1..400 {
            pairs.push(json!([format!("s{i}"), format!("s{j}")]));
        }
    }
    let dense =
        json!({"name": "dense", "days": 10, "actors": states, "network": {"hostile": pairs}});
    let dense = t.file("dense.json", dense.to_string().as_bytes());
    t.add(
        "80,000 hostile dyads",
        &["validate", &dense],
        2,
        "expected at most 65535 hostile pairs of principals (states and hosts; a militia counts as its patron), found 79800, over by 14265",
    );

    // Files that are not scenario files at all.
    let binary = t.file("binary.json", b"{\"name\": \"x\xff\xfe\"}");
    t.add(
        "not UTF-8",
        &["validate", &binary],
        2,
        "not UTF-8 text: byte 11 (line 1, column 12) is 0xff",
    );
    let empty = t.file("empty.json", b"");
    t.add("empty file", &["validate", &empty], 2, "expected a value");
    let bom = t.file("bom-only.json", "\u{feff}".as_bytes());
    t.add(
        "byte-order mark only",
        &["validate", &bom],
        2,
        "expected a value",
    );
    let deep = t.file("deep.json", "[".repeat(100_000).as_bytes());
    t.add(
        "100,000 nested lists",
        &["validate", &deep],
        2,
        "…(110 levels)…[0][0][0][0][0][0][0][0]: objects and lists nested more than 127 levels deep",
    );
    let folder = s(t.dir).to_owned();
    t.add(
        "a folder",
        &["validate", &folder],
        2,
        "it is a folder: expected a regular file",
    );
    t.add(
        "a device",
        &["validate", "/dev/zero"],
        2,
        "not a regular file",
    );
    #[cfg(unix)]
    {
        let fifo = t.dir.join("pipe.json");
        let made = Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            t.add(
                "a named pipe nobody writes to",
                &["validate", s(&fifo)],
                2,
                "not a regular file (a device, a pipe or a socket)",
            );
        }
    }
    t.add(
        "no such file",
        &["validate", "/nonexistent/x.json"],
        2,
        "No such file",
    );
    let big = t.dir.join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(300 << 20)
        .unwrap();
    t.add(
        "a 300 MiB file",
        &["validate", s(&big)],
        2,
        "over the limit of 256 MiB for an input file by 44.0 MiB",
    );
    t.add("run of a bad scenario", &["run", &binary], 2, "not UTF-8");
}

fn targets_files(t: &mut Table) {
    let target = |outcome: &str, observed: f64| {
        json!({
            "days": 30,
            "targets": [{"name": "t", "outcome": outcome, "observed": observed, "tolerance": 1}]
        })
        .to_string()
    };
    let unknown = t.file(
        "targets-unknown.json",
        target("intercepted_ballistik", 3.0).as_bytes(),
    );
    t.add(
        "targets: unknown outcome",
        &["validate", "--targets", &unknown],
        2,
        "intercepted_ballistic",
    );
    let share = t.file(
        "targets-share.json",
        target("collapse_within_20", 1.5).as_bytes(),
    );
    t.add(
        "targets: a share above 1",
        &["validate", "--targets", &share],
        2,
        "expected a value in [0, 1], found 1.5",
    );
    let syntax = t.file("targets-syntax.json", b"{\"days\": 30,, }");
    t.add(
        "targets: syntax",
        &["validate", "--targets", &syntax],
        2,
        "expected a field name in double quotes",
    );
    let field = t.file("targets-field.json", br#"{"days": 30, "targetz": []}"#);
    t.add(
        "targets: unknown field",
        &["validate", "--targets", &field],
        2,
        "targetz",
    );
    t.add(
        "targets: no file",
        &["validate", "--targets", "/nonexistent/t.json"],
        2,
        "cannot read the targets",
    );
}

fn flags(t: &mut Table) {
    let out = s(&t.dir.join("flags")).to_owned();
    t.add(
        "ensemble --runs 0",
        &["ensemble", "--runs", "0", "--out", &out],
        2,
        "--runs",
    );
    t.add(
        "ensemble --runs 1e15",
        &["ensemble", "--runs", "1000000000000000", "--out", &out],
        2,
        "chunks, more than the 1000000 an experiment may have",
    );
    t.add(
        "ensemble --chunk-size 1e12",
        &[
            "ensemble",
            "--runs",
            "1000000000000",
            "--chunk-size",
            "1000000000000",
            "--out",
            &out,
        ],
        2,
        "over the 1000000 a chunk may hold by 999999000000",
    );
    t.add(
        "sweep --runs-per-point 1e15",
        &[
            "sweep",
            "--param",
            "militias.*.autonomy=0:1",
            "--runs-per-point",
            "1000000000000000",
            "--out",
            &out,
        ],
        2,
        "more than the 1000000",
    );
    t.add(
        "sweep: unknown path",
        &[
            "sweep",
            "--param",
            "militias.*.autonomyy=0:1",
            "--out",
            &out,
        ],
        2,
        "autonomy",
    );
    t.add(
        "sweep: LO above HI",
        &["sweep", "--param", "militias.*.autonomy=1:0", "--out", &out],
        2,
        "LO must be below HI",
    );
    t.add(
        "sweep: 1e9 grid steps",
        &[
            "sweep",
            "--param",
            "militias.*.autonomy=0:1:1000000000",
            "--out",
            &out,
        ],
        2,
        "grid points: at most",
    );
    t.add(
        "sweep: days as a parameter",
        &["sweep", "--param", "days=10:20:3", "--out", &out],
        2,
        "use --days D",
    );
    t.add(
        "sweep: same number twice",
        &[
            "sweep",
            "--param",
            "militias.hezbollah.autonomy=0:1:2",
            "--param",
            "actors.hezbollah.autonomy=0:1:2",
            "--out",
            &out,
        ],
        2,
        "names the same number",
    );
    t.add(
        "shard out of range",
        &["ensemble", "--shard", "3", "--shards", "3", "--out", &out],
        2,
        "out of range",
    );
    t.add(
        "--days 0",
        &["run", "--days", "0", "--out", &out],
        2,
        "--days",
    );
    t.add(
        "--days past the limit",
        &["ensemble", "--days", "100001", "--out", &out],
        2,
        "--days",
    );
    t.add(
        "--threads 5000",
        &["ensemble", "--threads", "5000", "--out", &out],
        2,
        "--threads",
    );
    t.add(
        "sobol samples not a power of two",
        &[
            "sensitivity",
            "--param",
            "militias.*.autonomy=0:1",
            "--outcome",
            "proxy_attacks",
            "--method",
            "sobol",
            "--samples",
            "100",
            "--out",
            &out,
        ],
        2,
        "power of two",
    );
    t.add(
        "unknown outcome",
        &[
            "sensitivity",
            "--param",
            "militias.*.autonomy=0:1",
            "--outcome",
            "proxy_atacks",
            "--method",
            "morris",
            "--out",
            &out,
        ],
        2,
        "proxy_attacks",
    );
    t.add(
        "outcome expression",
        &[
            "optimize",
            "--param",
            "militias.*.autonomy=0:1",
            "--minimize",
            "P(proxy_attacks<=)",
            "--out",
            &out,
        ],
        2,
        "P(",
    );
    t.add(
        "calibrate: a huge budget per point",
        &[
            "calibrate",
            "--param",
            "militias.*.autonomy=0:1",
            "--targets",
            s(&scenario("targets/hormuz-2026.json")),
            "--runs-per-point",
            "1000000000000",
            "--out",
            &out,
        ],
        2,
        "raise --budget",
    );
    t.add(
        "replay of a folder without a manifest",
        &["replay", &out, "--run", "0"],
        2,
        "no manifest.json: not the folder of an ensemble or a sweep",
    );
    t.add(
        "report of a folder that holds no experiment",
        &["report", "/nonexistent/experiment"],
        2,
        "not a finished experiment (no summary.json",
    );
    t.add(
        "merge of nothing finished",
        &["merge", "/nonexistent/shard"],
        2,
        "no manifest.json: not the folder of an ensemble or a sweep",
    );
}

fn output_folders(t: &mut Table) {
    let file = t.file("a-file", b"");
    let targets = scenario("targets/hormuz-2026.json");
    let cases: [(&str, &[&str]); 7] = [
        ("run", &["run"]),
        ("ensemble", &["ensemble", "--runs", "100"]),
        ("sweep", &["sweep", "--param", "militias.*.autonomy=0:1"]),
        (
            "sensitivity",
            &[
                "sensitivity",
                "--param",
                "militias.*.autonomy=0:1",
                "--outcome",
                "proxy_attacks",
                "--method",
                "morris",
            ],
        ),
        (
            "calibrate",
            &[
                "calibrate",
                "--param",
                "militias.*.autonomy=0:1",
                "--targets",
                s(&targets),
            ],
        ),
        (
            "optimize",
            &[
                "optimize",
                "--param",
                "militias.*.autonomy=0:1",
                "--minimize",
                "proxy_attacks",
            ],
        ),
        ("merge", &["merge", "/nonexistent/shard"]),
    ];
    for (command, args) in cases {
        let mut args: Vec<&str> = args.to_vec();
        args.extend(["--out", &file]);
        let says = "cannot write into the output folder";
        t.add(&format!("{command}: --out is a file"), &args, 2, says);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = t.dir.join("locked");
        std::fs::create_dir_all(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root writes anywhere: the case only means something for other users.
        let probe = locked.join("probe");
        if std::fs::write(&probe, "").is_err() {
            t.add(
                "run: --out read-only",
                &["run", "--out", s(&locked)],
                2,
                "cannot write into the output folder",
            );
            t.add(
                "ensemble: --out read-only",
                &["ensemble", "--out", s(&locked)],
                2,
                "cannot write into the output folder",
            );
        } else {
            std::fs::remove_file(&probe).unwrap();
        }
    }
}

/// Scenario names that would take the output elsewhere: the output goes under output/,
/// said on standard error, exit 0.
fn names(t: &mut Table) {
    for (i, name) in [
        "../escaped",
        "/tmp/absolute",
        "..",
        ".",
        "a/b/c",
        "tab\there",
    ]
    .into_iter()
    .enumerate()
    {
        let mut doc = flagship();
        set(&mut doc, "/name", json!(name));
        let path = t.file(&format!("name-{i}.json"), doc.to_string().as_bytes());
        t.add(
            &format!("name {name:?}"),
            &["run", &path, "--days", "3", "--force"],
            0,
            "is not a plain folder name; its output goes to output/",
        );
    }
}

/// Folders a colleague might hand over: edited manifests and chunks, look-alikes, links.
fn folders(t: &mut Table) {
    let root = t.dir.join("folders");
    let base = root.join("base");
    let made = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args([
            "ensemble",
            "--runs",
            "40",
            "--days",
            "10",
            "--chunk-size",
            "20",
            "--out",
            s(&base),
        ])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(base.join("manifest.json")).unwrap())
            .unwrap();
    let copy = |name: &str| -> PathBuf {
        let dir = root.join(name);
        std::fs::create_dir_all(dir.join("chunks")).unwrap();
        for f in [
            "manifest.json",
            "chunks/runs-000000.parquet",
            "chunks/daily-000000.json",
            "chunks/runs-000001.parquet",
            "chunks/daily-000001.json",
        ] {
            std::fs::copy(base.join(f), dir.join(f)).unwrap();
        }
        dir
    };
    let edited = |t: &mut Table, name: &str, edit: &dyn Fn(&mut Value), says: &str| {
        let dir = copy(&slug(name));
        let mut m = manifest.clone();
        edit(&mut m);
        std::fs::write(dir.join("manifest.json"), m.to_string()).unwrap();
        t.add(name, &["merge", s(&dir)], 2, says);
    };
    edited(
        t,
        "manifest: chunk_size 0",
        &|m| m["chunk_size"] = json!(0),
        "must each be at least 1",
    );
    edited(
        t,
        "manifest: runs_per_point 0",
        &|m| m["runs_per_point"] = json!(0),
        "must each be at least 1",
    );
    edited(
        t,
        "manifest: runs 1e15",
        &|m| m["runs"] = json!(1_000_000_000_000_000u64),
        "runs 1000000000000000 is not 1 point(s) × 40 runs per point",
    );
    edited(
        t,
        "manifest: days 2^32-1",
        &|m| m["days"] = json!(4_294_967_295u32),
        "days 4294967295 is not between 1 and 100000",
    );
    edited(
        t,
        "manifest: unknown layout",
        &|m| m["layout"] = json!(99),
        "layout 99 is not one this build reads (expected 2)",
    );
    edited(
        t,
        "manifest: runs as text",
        &|m| m["runs"] = json!("40"),
        "not a manifest grayzone wrote",
    );
    edited(
        t,
        "manifest: missing seed",
        &|m| {
            m.as_object_mut().unwrap().remove("seed");
        },
        "missing field `seed`",
    );
    let text = t.file("garbage-manifest", b"{ not json");
    let dir = copy("manifest-garbage");
    std::fs::copy(&text, dir.join("manifest.json")).unwrap();
    t.add(
        "manifest: not JSON",
        &["merge", s(&dir)],
        2,
        "not a manifest grayzone wrote",
    );
    let dir = copy("manifest-edited-text");
    let mut m = manifest.clone();
    let scenario_text =
        m["scenario"]["text"]
            .as_str()
            .unwrap()
            .replacen("hormuz-2026", "hormuz-2027", 1);
    m["scenario"]["text"] = json!(scenario_text);
    std::fs::write(dir.join("manifest.json"), m.to_string()).unwrap();
    t.add(
        "manifest: scenario text edited",
        &["replay", s(&dir), "--run", "1"],
        2,
        "the manifest was edited",
    );

    let dir = copy("daily-count-max");
    let daily = std::fs::read_to_string(dir.join("chunks/daily-000001.json")).unwrap();
    let at = daily.find("\"standing\":").unwrap() + "\"standing\":".len();
    let end = at + daily[at..].find([',', '}']).unwrap();
    std::fs::write(
        dir.join("chunks/daily-000001.json"),
        format!("{}{}{}", &daily[..at], u64::MAX, &daily[end..]),
    )
    .unwrap();
    t.add(
        "chunk: a count of u64::MAX",
        &["merge", s(&dir)],
        2,
        "daily-000001.json is refused: it was altered",
    );
    let dir = copy("runs-flipped");
    let mut bytes = std::fs::read(dir.join("chunks/runs-000000.parquet")).unwrap();
    bytes[40] ^= 0x55;
    std::fs::write(dir.join("chunks/runs-000000.parquet"), bytes).unwrap();
    t.add(
        "chunk: a byte changed",
        &["merge", s(&dir)],
        2,
        "runs-000000.parquet is refused",
    );
    let dir = copy("runs-swapped");
    std::fs::copy(
        base.join("chunks/runs-000000.parquet"),
        dir.join("chunks/runs-000001.parquet"),
    )
    .unwrap();
    t.add(
        "chunk: filed under another index",
        &["merge", s(&dir)],
        2,
        "it says it is chunk 0, not chunk 1",
    );
    let dir = copy("daily-not-json");
    std::fs::write(dir.join("chunks/daily-000000.json"), "[]").unwrap();
    t.add(
        "chunk: daily not an aggregate",
        &["merge", s(&dir)],
        2,
        "daily-000000.json is refused: it is not a daily chunk",
    );
    let dir = copy("foreign-seed");
    let other = root.join("seed-2");
    let made = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args([
            "ensemble",
            "--runs",
            "40",
            "--days",
            "10",
            "--chunk-size",
            "20",
            "--seed",
            "2",
            "--out",
            s(&other),
        ])
        .output()
        .unwrap();
    assert!(made.status.success());
    for f in ["chunks/runs-000001.parquet", "chunks/daily-000001.json"] {
        std::fs::copy(other.join(f), dir.join(f)).unwrap();
    }
    t.add(
        "chunk: from a seed-2 experiment",
        &["merge", s(&dir)],
        2,
        "it is a chunk of another experiment",
    );

    // Another sweep in the folder of a sweep: the first point that differs, not two cuts
    // of JSON.
    let sweep = root.join("sweep");
    let sweep_args = |hi: &str| -> Vec<String> {
        [
            "sweep",
            "--param",
            &format!("militias.*.autonomy=0:{hi}"),
            "--design",
            "lhs",
            "--points",
            "8",
            "--runs-per-point",
            "2",
            "--days",
            "5",
            "--out",
            s(&sweep),
        ]
        .iter()
        .map(|a| a.to_string())
        .collect()
    };
    let made = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(sweep_args("1"))
        .output()
        .unwrap();
    assert!(made.status.success());
    let other = sweep_args("0.5");
    let other: Vec<&str> = other.iter().map(String::as_str).collect();
    t.add(
        "another sweep in a sweep's folder",
        &other,
        2,
        "sweep.points[0][0] (and 7 more of its 8 elements) is",
    );
    // A horizon whose escalation chart once never finished drawing.
    t.add(
        "run of 3,000 days",
        &["run", "--days", "3000", "--out", s(&root.join("long"))],
        0,
        "escalation.png",
    );

    // --force on a look-alike: someone's folder with files of grayzone's names.
    let theirs = root.join("theirs");
    std::fs::create_dir_all(theirs.join("chunks")).unwrap();
    std::fs::write(theirs.join("manifest.json"), "{\"mine\": true}").unwrap();
    std::fs::write(theirs.join("summary.json"), "{}").unwrap();
    t.add(
        "--force on someone's folder",
        &["ensemble", "--runs", "20", "--out", s(&theirs), "--force"],
        2,
        "is not a manifest grayzone wrote (or one of an older grayzone): --force deletes nothing",
    );
    t.add(
        "run --force on someone's folder",
        &["run", "--out", s(&theirs), "--force"],
        2,
        "grayzone has no record of writing",
    );
    let history = root.join("history");
    let made = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["run", "--days", "5", "--out", s(&history)])
        .output()
        .unwrap();
    assert!(made.status.success());
    t.add(
        "run over an earlier history",
        &["run", "--days", "5", "--out", s(&history)],
        2,
        "already holds a history: add --force",
    );
    t.add(
        "ensemble over a finished experiment",
        &[
            "ensemble",
            "--runs",
            "40",
            "--days",
            "10",
            "--chunk-size",
            "20",
            "--out",
            s(&base),
        ],
        2,
        "--resume",
    );
    #[cfg(unix)]
    {
        let linked = copy("linked-chunks");
        std::fs::remove_dir_all(linked.join("chunks")).unwrap();
        std::os::unix::fs::symlink(base.join("chunks"), linked.join("chunks")).unwrap();
        t.add(
            "resume through a chunks link",
            &[
                "ensemble", "--runs", "40", "--days", "10", "--chunk-size", "20", "--out",
                s(&linked), "--resume",
            ],
            2,
            "chunks is a symbolic link: grayzone writes chunks only into the experiment's own folder",
        );
        let replayed = copy("linked-replay");
        std::os::unix::fs::symlink(&root, replayed.join("replay-1")).unwrap();
        t.add(
            "replay through a link",
            &["replay", s(&replayed), "--run", "1"],
            2,
            "replay-1 is a symbolic link",
        );
        t.add(
            "--force through a chunks link",
            &[
                "ensemble",
                "--runs",
                "40",
                "--days",
                "10",
                "--chunk-size",
                "20",
                "--out",
                s(&linked),
                "--force",
            ],
            2,
            "is a symbolic link",
        );
    }
}

/// Runs a case; a hang guard of ten minutes turns a hang into a failure (a guard, not a
/// measure of speed: the slowest case takes a second).
fn run(case: &Case, cwd: &Path) -> Result<(), String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(&case.args)
        .current_dir(cwd)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let (tx, rx) = std::sync::mpsc::channel();
    let pid = child.id();
    std::thread::spawn(move || {
        if rx
            .recv_timeout(std::time::Duration::from_secs(600))
            .is_err()
        {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    });
    let mut stdout = String::new();
    let mut stderr = String::new();
    use std::io::Read;
    let _ = child.stdout.take().unwrap().read_to_string(&mut stdout);
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    let status = child.wait().map_err(|e| e.to_string())?;
    let _ = tx.send(());
    let said = format!("{stdout}{stderr}");
    let problem = if said.contains("panicked") {
        Some("panicked".to_owned())
    } else {
        match status.code() {
            None => Some(format!("ended by a signal (abort or hang): {status}")),
            Some(c) if c != case.code => Some(format!("exit {c}, expected {}", case.code)),
            _ if !said.contains(&case.says) => Some(format!("the message lacks {:?}", case.says)),
            _ => None,
        }
    };
    match problem {
        None => Ok(()),
        Some(p) => Err(format!(
            "{}: {p}\n  grayzone {}\n  {}",
            case.name,
            case.args.join(" ").chars().take(300).collect::<String>(),
            said.chars()
                .take(1200)
                .collect::<String>()
                .replace('\n', "\n  ")
        )),
    }
}

#[test]
fn every_bad_input_gets_its_exit_status_and_message() {
    let tmp = tempfile::tempdir().unwrap();
    let mut table = Table {
        dir: tmp.path(),
        cases: Vec::new(),
    };
    scenario_files(&mut table);
    targets_files(&mut table);
    flags(&mut table);
    output_folders(&mut table);
    names(&mut table);
    folders(&mut table);
    let failures: Vec<String> = table
        .cases
        .iter()
        .filter_map(|c| run(c, tmp.path()).err())
        .collect();
    assert!(
        table.cases.len() >= 80,
        "the table has {} cases",
        table.cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        table.cases.len(),
        failures.join("\n\n")
    );
    println!(
        "{} bad inputs: each got its exit status and message; 0 panics, 0 signals, 0 hangs",
        table.cases.len()
    );
    // Names that would have escaped wrote under output/ of the working folder instead,
    // and nothing beside it.
    for escaped in [
        tmp.path().parent().unwrap().join("escaped"),
        PathBuf::from("/tmp/absolute"),
    ] {
        assert!(!escaped.exists(), "{} was written", escaped.display());
    }
}
