//! Bad scenarios: each must produce a diagnostic with the right path, message and place.

use grayzone_scenario::{Diagnostic, Scenario, Stage};

/// A small valid scenario; each case edits one line of it.
const BASE: &str = r#"{
  "name": "table",
  "days": 30,
  "actors": [
    { "id": "us", "kind": "state", "air_defence": [ { "stock": 10, "max_stock": 20 } ] },
    { "id": "irgc", "kind": "state" },
    { "id": "kh", "kind": "militia", "territory": "iraq", "autonomy": 0.6 },
    { "id": "bahrain", "kind": "host" }
  ],
  "territories": [ { "id": "iraq" } ],
  "assets": [ { "id": "nsa", "kind": "base", "owner": "us", "location": "bahrain" } ],
  "network": {
    "sponsors": [ { "patron": "irgc", "militia": "kh", "capacity": 4 } ],
    "hosts": [ { "host": "bahrain", "guest": "us" } ],
    "hostile": [ ["us", "irgc"], ["us", "kh"] ],
    "reach": [ { "from": "irgc", "to": "bahrain" } ]
  },
  "ceasefire": { "parties": ["us", "irgc"], "tolerance": 2 },
  "shocks": [ { "day": 1, "kind": "strike", "by": "irgc", "target": "nsa", "salvo": { "cruise": 2 } } ]
}
"#;

/// How a case makes its text.
enum Edit {
    /// Replace the first occurrence of a fragment of `BASE`.
    Replace(&'static str, &'static str),
    /// A text of its own.
    Whole(&'static str),
}

use Edit::{Replace, Whole};

struct Case {
    name: &'static str,
    edit: Edit,
    /// `line:column` of the diagnostic.
    at: &'static str,
    /// What the text holds at that place (checks the position is the right one).
    token: &'static str,
    /// The JSON path the diagnostic names ("" for the whole document).
    path: &'static str,
    /// A fragment of the message.
    message: &'static str,
}

fn text_of(edit: &Edit) -> String {
    match edit {
        Replace(from, to) => {
            assert!(BASE.contains(from), "{from:?} is not in BASE");
            BASE.replacen(from, to, 1)
        }
        Whole(text) => (*text).to_owned(),
    }
}

const CASES: &[Case] = &[
    Case {
        name: "syntax error: missing comma",
        edit: Replace(r#""days": 30,"#, r#""days": 30"#),
        at: "4:3",
        token: r#""actors""#,
        path: "",
        message: "expected `,` or `}`, found `\"` (is a comma missing at the end of line 3?)",
    },
    Case {
        name: "trailing garbage",
        edit: Whole(
            "{ \"name\": \"x\", \"days\": 5, \"actors\": [ { \"id\": \"a\", \"kind\": \"state\" } ] }\n]",
        ),
        at: "2:1",
        token: "]",
        path: "",
        message: "expected the end of the document, found `]`",
    },
    Case {
        name: "unknown top-level field",
        edit: Replace(r#""days": 30,"#, r#""days": 30, "dayz": 3,"#),
        at: "3:15",
        token: r#""dayz""#,
        path: "dayz",
        message: "unknown field \"dayz\", expected one of: $schema, actors, alliances, assets, ceasefire, days, description, directives, ladder, mechanisms, mediators, name, negotiation, network, seed, shocks, targeting, territories, verification (did you mean \"days\"?)",
    },
    Case {
        name: "unknown actor field",
        edit: Replace(r#""autonomy": 0.6"#, r#""autonmy": 0.6"#),
        at: "7:59",
        token: r#""autonmy""#,
        path: "actors[2].autonmy",
        message: "unknown field \"autonmy\", expected one of: arsenal, attack_rate, autonomy, benign_move_rate, command_integrity, grievance, grievance_weight, hardness, id, kind, loss_window_days, munitions, name, preparation_days, recovery, salvo, signature, stockpile_salvos, strength, territory",
    },
    Case {
        name: "unknown actor field: did you mean",
        edit: Replace(r#""autonomy": 0.6"#, r#""autonmy": 0.6"#),
        at: "7:59",
        token: r#""autonmy""#,
        path: "actors[2].autonmy",
        message: "(did you mean \"autonomy\"?)",
    },
    Case {
        name: "unknown field in a flattened block",
        edit: Replace(r#""tolerance": 2"#, r#""tolerence": 2"#),
        at: "18:45",
        token: r#""tolerence""#,
        path: "ceasefire.tolerence",
        message: "unknown field \"tolerence\", expected one of: alarm_as_violation, interdiction_as_violation, parties, rearmament_as_violation, remediation_calm_days, remediation_rate, start_day, tolerance, window_days (did you mean \"tolerance\"?)",
    },
    Case {
        name: "dangling reference in sponsors",
        edit: Replace(r#""patron": "irgc""#, r#""patron": "irgcc""#),
        at: "13:31",
        token: r#""irgcc""#,
        path: "network.sponsors[0].patron",
        message: "\"irgcc\" is not an actor (did you mean \"irgc\"?)",
    },
    Case {
        name: "wrong-kind reference: a host as patron",
        edit: Replace(r#""patron": "irgc""#, r#""patron": "bahrain""#),
        at: "13:31",
        token: r#""bahrain""#,
        path: "network.sponsors[0].patron",
        message: "expected a state, found \"bahrain\", a host",
    },
    Case {
        name: "wrong-kind reference: a militia as ceasefire party",
        edit: Replace(r#""parties": ["us", "irgc"]"#, r#""parties": ["us", "kh"]"#),
        at: "18:36",
        token: r#""kh""#,
        path: "ceasefire.parties[1]",
        message: "expected a state, found \"kh\", a militia",
    },
    Case {
        name: "wrong-kind reference: reach to a militia",
        edit: Replace(r#""to": "bahrain""#, r#""to": "kh""#),
        at: "16:40",
        token: r#""kh""#,
        path: "network.reach[0].to",
        message: "expected a territory, found \"kh\", a militia",
    },
    Case {
        name: "unknown territory with a close match",
        edit: Replace(r#""territory": "iraq""#, r#""territory": "irak""#),
        at: "7:51",
        token: r#""irak""#,
        path: "actors[2].territory",
        message: "\"irak\" is not a territory (did you mean \"iraq\"?)",
    },
    Case {
        name: "probability above 1",
        edit: Replace(r#""autonomy": 0.6"#, r#""autonomy": 1.5"#),
        at: "7:71",
        token: "1.5",
        path: "actors[2].autonomy",
        message: "expected a probability in [0, 1], found 1.5",
    },
    Case {
        name: "negative count",
        edit: Replace(r#""tolerance": 2"#, r#""tolerance": -1"#),
        at: "18:58",
        token: "-1",
        path: "ceasefire.tolerance",
        message: "expected a whole number from 0 to 4294967295, found -1",
    },
    Case {
        name: "negative munition count",
        edit: Replace(r#""cruise": 2"#, r#""cruise": -2"#),
        at: "19:97",
        token: "-2",
        path: "shocks[0].salvo.cruise",
        message: "expected a non-negative number no larger than 1e15, found -2",
    },
    Case {
        name: "negative amount",
        edit: Replace(
            r#""location": "bahrain" }"#,
            r#""location": "bahrain", "value": -5e6 }"#,
        ),
        at: "11:93",
        token: "-5e6",
        path: "assets[0].value",
        message: "expected a non-negative number no larger than 1e15, found -5000000",
    },
    Case {
        name: "number beyond a float: 1e400",
        edit: Replace(r#""capacity": 4"#, r#""capacity": 1e400"#),
        at: "13:68",
        token: "1e400",
        path: "network.sponsors[0].capacity",
        message: "expected a non-negative number no larger than 1e15, found 1e400, which is out of range",
    },
    Case {
        name: "huge capacity: 1e300",
        edit: Replace(r#""capacity": 4"#, r#""capacity": 1e300"#),
        at: "13:68",
        token: "1e300",
        path: "network.sponsors[0].capacity",
        message: "expected a non-negative number no larger than 1e15, found 1e300",
    },
    Case {
        name: "the string \"NaN\" for a number",
        edit: Replace(r#""autonomy": 0.6"#, r#""autonomy": "NaN""#),
        at: "7:71",
        token: r#""NaN""#,
        path: "actors[2].autonomy",
        message: "expected a probability in [0, 1], found the string \"NaN\"",
    },
    Case {
        name: "empty actor list",
        edit: Whole("{\n  \"name\": \"nobody\",\n  \"days\": 10,\n  \"actors\": []\n}"),
        at: "4:13",
        token: "[]",
        path: "actors",
        message: "expected at least one actor, found an empty list",
    },
    Case {
        name: "militia without a patron",
        edit: Replace(
            r#"[ { "patron": "irgc", "militia": "kh", "capacity": 4 } ]"#,
            "[]",
        ),
        at: "7:13",
        token: r#""kh""#,
        path: "actors[2].id",
        message: "militia \"kh\" has no patron: expected a `network.sponsors` edge from a state to it",
    },
    Case {
        name: "duplicate id across actors and territories",
        edit: Replace(
            r#"[ { "id": "iraq" } ]"#,
            r#"[ { "id": "iraq" }, { "id": "us" } ]"#,
        ),
        at: "10:46",
        token: r#""us""#,
        path: "territories[1].id",
        message: "duplicate id \"us\": already used at actors[0]",
    },
    Case {
        name: "duplicate key",
        edit: Replace(r#""days": 30,"#, r#""days": 30, "days": 40,"#),
        at: "3:15",
        token: r#""days""#,
        path: "days",
        message: "duplicate field \"days\": already written at 3:3",
    },
    Case {
        name: "shock past the horizon",
        edit: Replace(r#"{ "day": 1,"#, r#"{ "day": 30,"#),
        at: "19:24",
        token: "30",
        path: "shocks[0].day",
        message: "expected a day in [0, 30) (the run lasts 30 days), found 30",
    },
    Case {
        name: "ceasefire with the same party twice",
        edit: Replace(r#""parties": ["us", "irgc"]"#, r#""parties": ["us", "us"]"#),
        at: "18:36",
        token: r#""us""#,
        path: "ceasefire.parties[1]",
        message: "expected two distinct actors, found \"us\" at truce with itself",
    },
    Case {
        name: "hostile to itself",
        edit: Replace(r#"["us", "kh"]"#, r#"["kh", "kh"]"#),
        at: "15:41",
        token: r#""kh""#,
        path: "network.hostile[1][1]",
        message: "expected two distinct actors, found \"kh\" hostile to itself",
    },
    Case {
        name: "max_stock below stock",
        edit: Replace(r#""max_stock": 20"#, r#""max_stock": 5"#),
        at: "5:81",
        token: "5",
        path: "actors[0].air_defence[0].max_stock",
        message: "expected max_stock of at least the stock (10), found 5",
    },
    Case {
        name: "no shot per target",
        edit: Replace(
            r#""max_stock": 20"#,
            r#""max_stock": 20, "shots_per_target": 0"#,
        ),
        at: "5:105",
        token: "0",
        path: "actors[0].air_defence[0].shots_per_target",
        message: "expected at least 1 shot per target, found 0",
    },
    Case {
        name: "a string where an object is expected",
        edit: Replace(
            r#"[ { "id": "nsa", "kind": "base", "owner": "us", "location": "bahrain" } ]"#,
            r#"[ "nsa" ]"#,
        ),
        at: "11:15",
        token: r#""nsa""#,
        path: "assets[0]",
        message: "expected an object, found the string \"nsa\"",
    },
    Case {
        name: "missing days",
        edit: Replace("\n  \"days\": 30,", ""),
        at: "1:1",
        token: "{",
        path: "days",
        message: "missing required field \"days\": length of one run in days",
    },
    Case {
        name: "days out of range",
        edit: Replace(r#""days": 30"#, r#""days": 0"#),
        at: "3:11",
        token: "0",
        path: "days",
        message: "expected a whole number in [1, 100000], found 0",
    },
    Case {
        name: "unknown actor kind",
        edit: Replace(r#""kind": "host""#, r#""kind": "hots""#),
        at: "8:32",
        token: r#""hots""#,
        path: "actors[3].kind",
        message: "expected one of: state, militia, host, found \"hots\" (did you mean \"host\"?)",
    },
    Case {
        name: "actor without a kind",
        edit: Replace(
            r#"{ "id": "bahrain", "kind": "host" }"#,
            r#"{ "id": "bahrain" }"#,
        ),
        at: "8:5",
        token: "{",
        path: "actors[3].kind",
        message: "missing required field \"kind\": one of state, militia, host",
    },
    Case {
        name: "a pair with one actor",
        edit: Replace(r#"["us", "kh"]"#, r#"["us"]"#),
        at: "15:34",
        token: r#"["us"]"#,
        path: "network.hostile[1]",
        message: "expected a list of exactly 2 items, found 1 item",
    },
    Case {
        name: "missing field of a shock kind",
        edit: Replace(r#""target": "nsa", "#, ""),
        at: "19:15",
        token: "{",
        path: "shocks[0].target",
        message: "missing required field \"target\": the asset struck",
    },
    Case {
        name: "unknown asset in a shock",
        edit: Replace(r#""target": "nsa""#, r#""target": "nsaa""#),
        at: "19:69",
        token: r#""nsaa""#,
        path: "shocks[0].target",
        message: "\"nsaa\" is not an asset (did you mean \"nsa\"?)",
    },
    Case {
        name: "an id that cannot be a path",
        edit: Replace(
            r#"{ "id": "iraq" }"#,
            r#"{ "id": "iraq" }, { "id": "north iraq" }"#,
        ),
        at: "10:46",
        token: r#""north iraq""#,
        path: "territories[1].id",
        message: "expected an identifier (letters, digits, '_' and '-'), found the string \"north iraq\"",
    },
];

/// The text at a 1-based line and character column.
fn text_at(text: &str, line: usize, column: usize) -> &str {
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    let start = line_text
        .char_indices()
        .nth(column - 1)
        .map_or(line_text.len(), |(i, _)| i);
    &line_text[start..]
}

#[test]
fn base_is_valid() {
    Scenario::from_str(BASE, "table.json").unwrap();
}

#[test]
fn every_bad_scenario_is_reported_precisely() {
    assert!(CASES.len() >= 20);
    let mut failures = Vec::new();
    for case in CASES {
        let text = text_of(&case.edit);
        let diagnostics = match Scenario::from_str(&text, "table.json") {
            Ok(_) => {
                failures.push(format!("{}: accepted", case.name));
                continue;
            }
            Err(diagnostics) => diagnostics,
        };
        let matching: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.message.contains(case.message))
            .collect();
        let Some(found) = matching.first() else {
            failures.push(format!(
                "{}: no diagnostic contains {:?}; got:\n{diagnostics}",
                case.name, case.message
            ));
            continue;
        };
        let at = format!("{}:{}", found.line, found.column);
        if at != case.at || found.path != case.path || found.origin != "table.json" {
            failures.push(format!(
                "{}: expected {} at {}, got {} at {} ({found})",
                case.name, case.path, case.at, found.path, at
            ));
            continue;
        }
        if !text_at(&text, found.line, found.column).starts_with(case.token) {
            failures.push(format!(
                "{}: {at} holds {:?}, not {:?}",
                case.name,
                text_at(&text, found.line, found.column),
                case.token
            ));
        }
        let line = found.to_string();
        let expected_prefix = if case.path.is_empty() {
            format!("error: table.json:{at}: ")
        } else {
            format!("error: table.json:{at}: {}: ", case.path)
        };
        if !line.starts_with(&expected_prefix) {
            failures.push(format!("{}: rendered as {line:?}", case.name));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_pass() {
    let text = BASE
        .replacen(r#""days": 30,"#, r#""days": 30, "dayz": 3,"#, 1)
        .replacen(r#""autonomy": 0.6"#, r#""autonomy": 1.5"#, 1)
        .replacen(r#""max_stock": 20"#, r#""max_stock": 5"#, 1)
        .replacen(r#""patron": "irgc""#, r#""patron": "irgcc""#, 1)
        .replacen(
            r#""parties": ["us", "irgc"]"#,
            r#""parties": ["us", "us"]"#,
            1,
        )
        .replacen(r#"{ "day": 1,"#, r#"{ "day": 31,"#, 1);
    let diagnostics = Scenario::from_str(&text, "many.json").unwrap_err();
    let got: Vec<(String, String)> = diagnostics
        .iter()
        .map(|d| (format!("{}:{}", d.line, d.column), d.path.clone()))
        .collect();
    let expected = [
        ("3:15", "dayz"),
        ("5:81", "actors[0].air_defence[0].max_stock"),
        ("7:71", "actors[2].autonomy"),
        ("13:31", "network.sponsors[0].patron"),
        ("18:36", "ceasefire.parties[1]"),
        ("19:24", "shocks[0].day"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, p)| (a.to_string(), p.to_string()))
        .collect();
    assert_eq!(got, expected, "\n{diagnostics}");
    let stages: Vec<Stage> = diagnostics.iter().map(|d| d.stage).collect();
    assert!(stages.contains(&Stage::Structure) && stages.contains(&Stage::Semantics));
}

#[test]
fn rendering_shows_the_line_and_a_caret() {
    let text = BASE.replacen(r#""autonomy": 0.6"#, r#""autonomy": 1.5"#, 1);
    let diagnostics = Scenario::from_str(&text, "scenarios/bad.json").unwrap_err();
    let rendered = format!("{diagnostics:#}");
    let expected = "error: scenarios/bad.json:7:71: actors[2].autonomy: expected a probability in [0, 1], found 1.5\n  |\n7 |     { \"id\": \"kh\", \"kind\": \"militia\", \"territory\": \"iraq\", \"autonomy\": 1.5 },\n  |                                                                       ^^^\n\n1 problem found";
    assert_eq!(rendered, expected);
    assert_eq!(
        diagnostics.to_string(),
        "error: scenarios/bad.json:7:71: actors[2].autonomy: expected a probability in [0, 1], found 1.5"
    );
}

#[test]
fn an_unreadable_file_is_a_diagnostic() {
    let diagnostics = Scenario::from_path("no/such/scenario.json").unwrap_err();
    let only = diagnostics.iter().next().unwrap();
    assert_eq!(only.stage, Stage::Io);
    assert_eq!(only.origin, "no/such/scenario.json");
    assert!(
        only.to_string()
            .starts_with("error: no/such/scenario.json: cannot read the scenario")
    );
}

#[test]
fn an_empty_file_is_a_syntax_error() {
    let diagnostics = Scenario::from_str("", "empty.json").unwrap_err();
    assert_eq!(
        diagnostics.to_string(),
        "error: empty.json:1:1: expected a value, found the end of the file"
    );
}

/// The rendered form of a representative subset of the table: the first line as the
/// table checks it, then the source line with a caret under the offending span.
#[test]
fn representative_cases_render_with_a_caret() {
    let expected = [
        (
            "unknown actor field",
            "error: table.json:7:59: actors[2].autonmy: unknown field \"autonmy\", expected one of: arsenal, attack_rate, autonomy, benign_move_rate, command_integrity, grievance, grievance_weight, hardness, id, kind, loss_window_days, munitions, name, preparation_days, recovery, salvo, signature, stockpile_salvos, strength, territory (did you mean \"autonomy\"?)\n  |\n7 |     { \"id\": \"kh\", \"kind\": \"militia\", \"territory\": \"iraq\", \"autonmy\": 0.6 },\n  |                                                           ^^^^^^^^^",
        ),
        (
            "syntax error: missing comma",
            "error: table.json:4:3: expected `,` or `}`, found `\"` (is a comma missing at the end of line 3?)\n  |\n4 |   \"actors\": [\n  |   ^",
        ),
        (
            "missing days",
            "error: table.json:1:1: days: missing required field \"days\": length of one run in days (one tick is one day), from 1 to 100000\n  |\n1 | {\n  | ^",
        ),
        (
            "dangling reference in sponsors",
            "error: table.json:13:31: network.sponsors[0].patron: \"irgcc\" is not an actor (did you mean \"irgc\"?)\n   |\n13 |     \"sponsors\": [ { \"patron\": \"irgcc\", \"militia\": \"kh\", \"capacity\": 4 } ],\n   |                               ^^^^^^^",
        ),
    ];
    let mut failures = Vec::new();
    for (name, rendering) in expected {
        let case = CASES.iter().find(|c| c.name == name).unwrap();
        let diagnostics = Scenario::from_str(&text_of(&case.edit), "table.json").unwrap_err();
        let found = diagnostics
            .iter()
            .find(|d| d.message.contains(case.message))
            .unwrap();
        if found.render() != rendering {
            failures.push(format!(
                "{name}:\n{}\nexpected:\n{rendering}",
                found.render()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// A minified file is one long line: the excerpt is a window around the place, marked
/// where it is cut, with the caret under the span.
#[test]
fn a_long_line_is_shown_as_a_window() {
    let minified: String = BASE.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = minified.replacen(r#""autonomy": 0.6"#, r#""autonomy": 1.5"#, 1);
    let diagnostics = Scenario::from_str(&text, "min.json").unwrap_err();
    let rendered = format!("{diagnostics:#}");
    let caret = format!("{}^^^", " ".repeat(41));
    assert_eq!(
        rendered,
        "error: min.json:1:231: actors[2].autonomy: expected a probability in [0, 1], found 1.5\n  |\n1 | …itia\", \"territory\": \"iraq\", \"autonomy\": 1.5 }, { \"id\": \"bahrain\", \"kind\": \"host\" } ], \"territories\": [ { \"id\": \"iraq\" } …\n  | CARET\n\n1 problem found"
            .replace("CARET", &caret)
    );
}
