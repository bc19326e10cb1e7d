//! Numbers as a person reads them, in every report.

use std::time::Duration;

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Runs per second as a person reads them: whole runs, thousands grouped ("1,096 runs/s"
/// rather than "1,095.7857/s").
pub fn rate(per_sec: f64) -> String {
    if !per_sec.is_finite() || per_sec < 0.0 {
        return "– runs/s".to_owned();
    }
    if per_sec < 10.0 {
        return format!("{per_sec:.1} runs/s");
    }
    format!("{} runs/s", thousands(per_sec.round() as u64))
}

/// ` · N runs in S s (R runs/s on T threads)`, the end of an experiment's first line;
/// nothing when no run was computed.
pub fn pace(runs: u64, elapsed: Duration, threads: usize) -> String {
    if runs == 0 {
        return String::new();
    }
    let s = elapsed.as_secs_f64();
    format!(
        " · {} runs in {s:.1} s ({} on {threads} thread{})",
        thousands(runs),
        rate(runs as f64 / s.max(1e-9)),
        if threads == 1 { "" } else { "s" }
    )
}

/// `1 generation`, `2 generations`.
pub fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A parameter value as printed: whole numbers without decimals.
pub fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v}")
    } else {
        format!("{v:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::{rate, thousands};

    #[test]
    fn rates_are_whole_runs_per_second() {
        assert_eq!(rate(1095.7857), "1,096 runs/s");
        assert_eq!(rate(12.4), "12 runs/s");
        assert_eq!(rate(2.25), "2.2 runs/s");
        assert_eq!(rate(f64::INFINITY), "– runs/s");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
