//! Parameter paths: reading and setting the numbers of a scenario by name.

use std::path::Path;

use grayzone_model::ActorKind;
use grayzone_scenario::{Domain, ParamPath, Scenario, Stage};

fn gulf() -> Scenario {
    Scenario::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/valid/gulf.json"))
        .unwrap()
}

fn path(text: &str) -> ParamPath {
    ParamPath::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn get(scenario: &Scenario, text: &str) -> Vec<f64> {
    scenario
        .param_value(&path(text))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn error(scenario: &Scenario, text: &str) -> String {
    match ParamPath::parse(text) {
        Err(e) => e.to_string(),
        Ok(p) => scenario.param_value(&p).unwrap_err().to_string(),
    }
}

fn autonomy(scenario: &Scenario, i: usize) -> f64 {
    match &scenario.theatre().actors[i].kind {
        ActorKind::Militia(m) => m.autonomy.get(),
        _ => panic!("not a militia"),
    }
}

#[test]
fn reads_written_and_default_values() {
    let s = gulf();
    assert_eq!(get(&s, "actors.kataib_hezbollah.autonomy"), [0.6]);
    assert_eq!(get(&s, "actors[3].autonomy"), [0.6]);
    assert_eq!(get(&s, "militias.*.autonomy"), [0.6, 0.5]);
    assert_eq!(get(&s, "militias.hezbollah.autonomy"), [0.5]);
    assert_eq!(
        get(&s, "states.*.doctrine.retaliation_ratio"),
        [1.5, 1.0, 1.0]
    );
    assert_eq!(get(&s, "hosts.*.willingness"), [0.8, 0.7, 0.8]);
    assert_eq!(get(&s, "actors.us.attribution.policy"), [0.9]);
    assert_eq!(get(&s, "actors.us.air_defence[0].pk.ballistic"), [0.7]);
    assert_eq!(get(&s, "actors.us.arsenal.*"), [0.0, 400.0, 50.0]);
    assert_eq!(get(&s, "ceasefire.tolerance"), [3.0]);
    assert_eq!(get(&s, "ceasefire.remediation_rate"), [0.1]);
    assert_eq!(get(&s, "network.sponsors[0].capacity"), [4.0]);
    assert_eq!(get(&s, "network.sponsors[*].capacity"), [4.0, 2.0]);
    assert_eq!(get(&s, "network.transit.iraq_corridor.exposure"), [0.2]);
    assert_eq!(get(&s, "mediators.swiss_channel.influence"), [0.5]);
    assert_eq!(get(&s, "mediators.*.influence"), [0.5, 0.5]);
    assert_eq!(get(&s, "assets.nsa_bahrain.value"), [2e9]);
    assert_eq!(get(&s, "mechanisms.probing"), [0.0]);
    assert_eq!(get(&s, "mechanisms.rearmament"), [1.0]);
    assert_eq!(get(&s, "ladder.full_war_volume"), [400.0]);
    assert_eq!(get(&s, "days"), [60.0]);
}

#[test]
fn sets_values_and_checks_again() {
    let s = gulf();
    let militias = path("militias.*.autonomy");
    let bolder = s.with_params(&[(militias.clone(), 0.9)]).unwrap();
    assert_eq!(bolder.param_value(&militias).unwrap(), [0.9, 0.9]);
    assert_eq!((autonomy(&bolder, 3), autonomy(&bolder, 4)), (0.9, 0.9));
    // The original is untouched, and the copy is a different scenario.
    assert_eq!(s.param_value(&militias).unwrap(), [0.6, 0.5]);
    assert_ne!(bolder.hash(), s.hash());
    // A key the file left to its default is written in; nothing else changes.
    assert_eq!(bolder.document()["actors"][4]["autonomy"], 0.9);
    let mut before = s.document().clone();
    before["actors"][3]["autonomy"] = 0.9.into();
    before["actors"][4]["autonomy"] = 0.9.into();
    assert_eq!(bolder.document(), &before);
}

/// A calibrated file differs from the original only where a number changed.
#[test]
fn writes_back_only_what_changed() {
    let s = gulf();
    let changed = s
        .with_params(&[
            (path("actors.kataib_hezbollah.autonomy"), 0.75),
            (path("network.sponsors[0].capacity"), 6.0),
        ])
        .unwrap();
    let before = s.to_json_string_pretty();
    let after = changed.to_json_string_pretty();
    let differing: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(
        differing,
        [
            (r#"      "autonomy": 0.6"#, r#"      "autonomy": 0.75"#),
            (
                r#"      { "patron": "irgc", "militia": "kataib_hezbollah", "capacity": 4, "command": 0.7 },"#,
                r#"      { "patron": "irgc", "militia": "kataib_hezbollah", "capacity": 6.0, "command": 0.7 },"#
            ),
        ]
    );
    // A value the file left to its default is added to its object.
    let added = s
        .with_params(&[(path("actors.kataib_hezbollah.strength"), 0.5)])
        .unwrap()
        .to_json_string_pretty();
    assert!(
        added.contains("\"autonomy\": 0.6,\n      \"strength\": 0.5\n"),
        "{added}"
    );
    // A bad value is reported at the analyst's own line.
    let bad = s
        .with_params(&[(path("actors.kataib_hezbollah.autonomy"), 2.0)])
        .unwrap_err();
    let only = bad.iter().next().unwrap();
    assert_eq!((only.line, only.column), (38, 19));
}

#[test]
fn sets_fields_inside_absent_blocks() {
    let s = gulf();
    let changed = s
        .with_params(&[
            (path("states.irgc.doctrine.retaliation_ratio"), 2.0),
            (path("actors.israel.intelligence.quality"), 0.9),
            (path("ceasefire.tolerance"), 5.0),
            (path("mechanisms.probing"), 1.0),
            (path("verification.strength"), 0.5),
        ])
        .unwrap_or_else(|d| panic!("{d:#}"));
    let doc = changed.document();
    // irgc's doctrine keeps what the file said and gains the new field.
    assert_eq!(doc["actors"][1]["doctrine"]["asymmetric"], 0.7);
    assert_eq!(doc["actors"][1]["doctrine"]["retaliation_ratio"], 2.0);
    assert_eq!(
        doc["actors"][2]["intelligence"],
        serde_json::json!({ "quality": 0.9 })
    );
    assert_eq!(doc["ceasefire"]["tolerance"], 5, "a whole number stays one");
    assert!(doc["ceasefire"]["tolerance"].is_u64());
    assert_eq!(doc["mechanisms"]["probing"], true);
    let theatre = changed.theatre();
    assert_eq!(theatre.ceasefire.as_ref().unwrap().params.tolerance, 5);
    assert!(theatre.mechanisms.probing);
    assert_eq!(theatre.verification.strength.get(), 0.5);
    assert_eq!(
        get(&changed, "actors.israel.intelligence.false_alarm"),
        [0.03]
    );
    // Written back and read again, the change holds.
    let again = Scenario::from_str(&changed.to_json_string_pretty(), "again.json").unwrap();
    assert_eq!(get(&again, "states.irgc.doctrine.retaliation_ratio"), [2.0]);
}

#[test]
fn values_are_checked_like_the_file() {
    let s = gulf();
    let problems = s
        .with_params(&[(path("actors.kataib_hezbollah.autonomy"), 1.5)])
        .unwrap_err();
    let only = problems.iter().next().unwrap();
    assert_eq!(only.path, "actors[3].autonomy");
    assert_eq!(only.message, "expected a probability in [0, 1], found 1.5");
    assert!(only.origin.ends_with("gulf.json (with parameters)"));

    let fractional = s
        .with_params(&[(path("ceasefire.tolerance"), 2.5)])
        .unwrap_err();
    let only = fractional.iter().next().unwrap();
    assert_eq!(only.stage, Stage::Parameters);
    assert_eq!(only.path, "ceasefire.tolerance");
    assert!(
        only.message
            .contains("expected a non-negative whole number, found 2.5")
    );

    let switch = s
        .with_params(&[(path("mechanisms.probing"), 0.5)])
        .unwrap_err();
    assert!(
        switch
            .to_string()
            .contains("expected 0 or 1 for a switch, found 0.5")
    );
    let nan = s.with_params(&[(path("days"), f64::NAN)]).unwrap_err();
    assert!(
        nan.to_string()
            .contains("expected a non-negative whole number, found NaN")
    );
    let inf = s
        .with_params(&[(path("actors.us.doctrine.retaliation_ratio"), f64::INFINITY)])
        .unwrap_err();
    assert!(
        inf.to_string()
            .contains("expected a finite number, found inf")
    );
}

#[test]
fn bad_paths_name_the_valid_choices_closest_first() {
    let s = gulf();
    assert_eq!(
        error(&s, "militias.kataib_hezbolah.autonomy"),
        "parameter path \"militias.kataib_hezbolah.autonomy\": no militia \"kataib_hezbolah\": \
         expected one of: kataib_hezbollah, hezbollah (did you mean \"kataib_hezbollah\"?)"
    );
    let field = error(&s, "actors.kataib_hezbollah.autonmy");
    assert!(
        field.starts_with(
            "parameter path \"actors.kataib_hezbollah.autonmy\": no field \"autonmy\" in \
             actors.kataib_hezbollah: expected one of: autonomy, "
        ),
        "{field}"
    );
    assert!(field.ends_with("(did you mean \"autonomy\"?)"), "{field}");
    // Only fields that lead to a number are offered: a name or a kind is not a parameter.
    let choices = field.split("expected one of: ").nth(1).unwrap();
    assert!(
        !choices.contains("name") && !choices.contains("kind"),
        "{field}"
    );
    let top = error(&s, "cesefire.tolerance");
    assert!(
        top.contains("no field \"cesefire\" at the top level: expected one of: ceasefire, "),
        "{top}"
    );
    assert!(top.contains("militias"), "kind aliases are listed: {top}");
    assert!(
        !top.contains("description"),
        "text fields are not offered: {top}"
    );
    let id = error(&s, "mediators.swis_channel.influence");
    assert!(
        id.contains("no \"swis_channel\" in mediators: expected one of: swiss_channel, oman"),
        "{id}"
    );
    let object = error(&s, "actors.us.doctrine");
    assert!(
        object.contains("expected a number, found an object at actors[0].doctrine: continue with one of: accident_size, answer_delay_days, answer_patron, answer_through_proxies, asymmetric, "),
        "{object}"
    );
    assert!(
        error(&s, "network.sponsors[5].capacity")
            .contains("expected an index below 2 (network.sponsors has 2 entries), found 5")
    );
    assert!(error(&s, "network.sponsors.x.capacity").contains(
        "network.sponsors is a list of 2 without ids: expected `[index]` or `[*]`, found \"x\""
    ));
    assert!(error(&s, "states.*.autonomy").contains("no field \"autonomy\" in states.*"));
    assert!(
        error(&s, "actors.us.name").contains("expected a number, found a string at actors[0].name")
    );
    assert!(
        error(&s, "states[0].autonomy").contains("expected a state id or `*` after \"states\"")
    );

    let minimal = Scenario::from_path(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/valid/minimal.json"),
    )
    .unwrap();
    assert!(
        error(&minimal, "ceasefire.tolerance").contains("no field \"ceasefire\" at the top level")
    );
    assert!(
        error(&minimal, "militias.*.autonomy")
            .contains("matches nothing: the scenario has no militias")
    );
    assert!(
        error(&minimal, "actors[0].air_defence[0].stock").contains("expected an index below 0")
    );
}

#[test]
fn malformed_paths() {
    for (text, message) in [
        ("", "expected a name before \".\", found nothing"),
        ("actors..us", "expected a name before \".\", found nothing"),
        ("actors.us.", "expected a name before \".\", found nothing"),
        (
            "actors[x]",
            "expected an index or `*` in brackets, found \"x\"",
        ),
        ("actors[0", "expected `[index]`, found \"[0\""),
        ("actors[0]x", "expected `[index]`, found \"x\""),
        (
            "actors.u s",
            "expected a name of letters, digits, '_' and '-', found \"u s\"",
        ),
    ] {
        let error = ParamPath::parse(text).unwrap_err();
        assert_eq!(error.path(), text);
        assert_eq!(error.message(), message, "{text:?}");
    }
    let parsed: ParamPath = "network.sponsors[*].capacity".parse().unwrap();
    assert_eq!(parsed.to_string(), "network.sponsors[*].capacity");
    assert_eq!(parsed.as_str(), "network.sponsors[*].capacity");
}

#[test]
fn slots_name_each_number_with_the_values_it_takes() {
    let s = gulf();
    let slots = s
        .resolve_params(&[
            path("militias.*.autonomy"),
            path("ceasefire.tolerance"),
            path("mechanisms.probing"),
        ])
        .unwrap();
    let at: Vec<Vec<&str>> = slots
        .iter()
        .map(|v| v.iter().map(|s| s.at.as_str()).collect())
        .collect();
    assert_eq!(
        at,
        [
            vec!["actors[3].autonomy", "actors[4].autonomy"],
            vec!["ceasefire.tolerance"],
            vec!["mechanisms.probing"]
        ]
    );
    assert_eq!(slots[0][0].domain, Domain::Real);
    assert_eq!(slots[1][0].domain, Domain::Whole);
    assert_eq!(slots[2][0].domain, Domain::Switch);
    assert_eq!(Domain::Whole.nearest(2.966), 3.0);
    assert_eq!(Domain::Whole.nearest(-0.4), 0.0);
    assert_eq!(Domain::Switch.nearest(0.5), 1.0);
    assert_eq!(Domain::Real.nearest(0.25), 0.25);
}

/// Two names of one number would let one parameter silently override the other.
#[test]
fn paths_that_share_a_number_are_refused() {
    let s = gulf();
    let wildcard = s
        .resolve_params(&[
            path("militias.*.autonomy"),
            path("militias.kataib_hezbollah.autonomy"),
        ])
        .unwrap_err()
        .to_string();
    assert!(
        wildcard.contains(
            "\"militias.kataib_hezbollah.autonomy\": sets actors[3].autonomy, which \"militias.*.autonomy\" sets too"
        ),
        "{wildcard}"
    );
    let aliases = s
        .resolve_params(&[
            path("militias.hezbollah.autonomy"),
            path("actors.hezbollah.autonomy"),
        ])
        .unwrap_err()
        .to_string();
    assert!(
        aliases.contains(
            "names the same number as \"militias.hezbollah.autonomy\" (actors[4].autonomy)"
        ),
        "{aliases}"
    );
    // Setting them goes through the same check, so calibration refuses them too.
    let set = s
        .with_params(&[
            (path("actors[3].autonomy"), 0.2),
            (path("militias.*.autonomy"), 0.4),
        ])
        .unwrap_err()
        .to_string();
    assert!(
        set.contains("each number can be set by one parameter only"),
        "{set}"
    );
    assert!(
        s.resolve_params(&[path("militias.*.autonomy"), path("hosts.*.willingness")])
            .is_ok()
    );
}
