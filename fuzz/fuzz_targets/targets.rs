//! Any bytes as a targets file: targets or diagnostics, never a panic.
#![no_main]

use grayzone_tuning::Targets;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(diagnostics) = Targets::from_str(text, "fuzz.json") {
        assert!(!diagnostics.is_empty());
        let _ = diagnostics.render();
    }
});
