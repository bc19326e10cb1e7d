//! Any bytes as a scenario file: a scenario or diagnostics, never a panic; a scenario that
//! loads writes itself back as text that loads again.
#![no_main]

use grayzone_scenario::Scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Scenario::from_str(text, "fuzz.json") {
        Ok(scenario) => {
            let again = scenario.to_json_string_pretty();
            assert!(Scenario::from_str(&again, "again.json").is_ok());
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            let _ = diagnostics.render();
        }
    }
});
