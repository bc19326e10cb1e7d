//! No input makes the reader panic: truncations, byte flips, hostile values.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use grayzone_scenario::{ParamPath, Scenario};

fn fixture() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/valid/gulf.json"),
    )
    .unwrap()
}

/// SplitMix64: a seeded generator, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Reads `text`; a panic fails the test with the input that caused it. Every failure
/// must come with at least one diagnostic that renders.
fn survives(text: &str) {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        match Scenario::from_str(text, "fuzz.json") {
            Ok(scenario) => {
                let _ = scenario.to_json_string_pretty();
            }
            Err(diagnostics) => {
                assert!(!diagnostics.is_empty());
                let _ = format!("{diagnostics:#}");
            }
        }
    }));
    if outcome.is_err() {
        panic!("panicked on input:\n{text}");
    }
}

#[test]
fn every_truncation() {
    let text = fixture();
    let mut cut = 0;
    while cut <= text.len() {
        if text.is_char_boundary(cut) {
            survives(&text[..cut]);
        }
        cut += 1;
    }
}

#[test]
fn random_byte_flips() {
    let original = fixture().into_bytes();
    let mut rng = Rng(2026);
    for _ in 0..3000 {
        let mut bytes = original.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len());
            bytes[at] = match rng.below(3) {
                0 => rng.next() as u8,
                1 => b"{}[]\",:0-e.\\ntfu"[rng.below(16)],
                _ => bytes[at] ^ (1 << rng.below(8)),
            };
        }
        survives(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn hostile_values_in_every_number() {
    let text = fixture();
    let numbers: Vec<(usize, usize)> = {
        let bytes = text.as_bytes();
        let mut spans = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit()
                && i > 0
                && matches!(bytes[i - 1], b' ' | b'-' | b':' | b'[')
            {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                    i += 1;
                }
                spans.push((start, i));
            }
            i += 1;
        }
        spans
    };
    assert!(numbers.len() > 30, "{}", numbers.len());
    let hostile = [
        "1e400",
        "-1e400",
        "1e-400",
        "1e309",
        "1e300",
        "-1",
        "-0",
        "0",
        "4294967296",
        "18446744073709551616",
        "123456789012345678901234567890",
        "0.5",
        "1.5",
        "\"NaN\"",
        "null",
        "true",
        "[]",
        "{}",
        "\"\"",
        "1e15",
        "1.0000000000000002e15",
    ];
    for &(start, end) in &numbers {
        for value in hostile {
            let mut mutated = text.clone();
            mutated.replace_range(start..end, value);
            survives(&mutated);
        }
    }
}

#[test]
fn odd_documents() {
    let deep_arrays = "[".repeat(100_000);
    let deep_objects = "{\"a\":".repeat(50_000);
    let many_huge = format!("[{}1]", "1e999,".repeat(5_000));
    let long_string = format!("{{\"name\": \"{}\"}}", "x".repeat(1_000_000));
    for text in [
        "",
        " ",
        "null",
        "[]",
        "{}",
        "\"scenario\"",
        "{\"name\": 1}",
        "\u{feff}{}",
        "{\"actors\": [{}]}",
        "{\"name\":\"x\",\"days\":1,\"actors\":[{\"id\":\"a\",\"kind\":\"militia\"}]}",
        "{\"name\":\"x\",\"days\":1,\"actors\":[{\"id\":\"a\",\"kind\":\"state\",\"air_defence\":[{\"stock\":1e999}]}]}",
        &deep_arrays,
        &deep_objects,
        &many_huge,
        &long_string,
    ] {
        survives(text);
    }
}

#[test]
fn odd_parameter_paths() {
    let scenario = Scenario::from_str(&fixture(), "gulf.json").unwrap();
    for text in [
        "*",
        "*.*",
        "actors.*.*",
        "actors[*].*.*",
        "states.*",
        "network.*.*.*",
        "[0]",
        "a.b.c.d.e",
        "actors.us.air_defence[*].*",
        "actors[99999999999999999999]",
        "$schema",
        "name",
        "territories.*.populated",
        "network.hostile[0][1]",
        "shocks[0].salvo.*",
    ] {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if let Ok(path) = ParamPath::parse(text)
                && scenario.param_value(&path).is_ok()
            {
                let _ = scenario.with_params(&[(path, 1.0)]);
            }
        }));
        assert!(outcome.is_ok(), "panicked on path {text:?}");
    }
}
