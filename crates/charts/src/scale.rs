//! Axis scales and the numbers printed on them.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

/// Formats values the way a reader expects: three significant digits, thousands
/// separators, and a real minus sign.
pub(crate) fn fmt_num(v: f64) -> String {
    fmt_sig(v, 3)
}

/// Like [`fmt_num`] with `digits` significant digits (below 10,000).
pub(crate) fn fmt_sig(v: f64, digits: i32) -> String {
    if !v.is_finite() {
        return "n/a".to_owned();
    }
    let a = v.abs();
    let body = if a < 1e-12 {
        return "0".to_owned();
    } else if !(1e-3..1e9).contains(&a) {
        let s = format!("{a:.1e}");
        s.replace(".0e", "e")
    } else if a >= 1e4 {
        group_thousands(a.round() as u64)
    } else {
        let decimals = (digits - 1 - a.log10().floor() as i32).clamp(0, 6) as usize;
        let s = format!("{a:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    };
    if v < 0.0 {
        format!("\u{2212}{body}")
    } else {
        body
    }
}

/// `v` with exactly `decimals` decimals and a real minus sign.
pub(crate) fn fmt_fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "n/a".to_owned();
    }
    let s = format!("{:.decimals$}", v.abs());
    if v < 0.0 && s.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        format!("\u{2212}{s}")
    } else {
        s
    }
}

/// 10000 → "10,000".
pub(crate) fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 0.25 → "25%".
pub(crate) fn fmt_percent(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_owned();
    }
    let p = v * 100.0;
    if (p - p.round()).abs() < 1e-6 {
        format!("{}%", p.round())
    } else {
        format!("{p:.1}%")
    }
}

/// A linear axis whose ticks this crate chooses itself.
///
/// plotters picks ticks on its own only for its built-in ranges, and those cannot take
/// integer-only steps (days), categories (parameter names) or decades of a log axis while
/// keeping a custom label formatter; one small axis type covers all of them.
#[derive(Clone, Debug)]
pub(crate) struct Ticked {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
}

impl Ticked {
    /// `lo..hi` with the given ticks (those outside the range are dropped).
    pub(crate) fn with_ticks(lo: f64, hi: f64, ticks: Vec<f64>) -> Self {
        let ticks = ticks
            .into_iter()
            .filter(|t| *t >= lo - 1e-9 * (hi - lo) && *t <= hi + 1e-9 * (hi - lo))
            .collect();
        Self { lo, hi, ticks }
    }

    /// `lo..hi` with round ticks, at most about `max_ticks` of them.
    pub(crate) fn linear(lo: f64, hi: f64, max_ticks: usize) -> Self {
        Self::with_ticks(lo, hi, nice_ticks(lo, hi, max_ticks, 0.0))
    }

    /// `lo..hi` with ticks on whole numbers only (days, counts).
    pub(crate) fn integers(lo: f64, hi: f64, max_ticks: usize) -> Self {
        Self::with_ticks(lo, hi, nice_ticks(lo, hi, max_ticks, 1.0))
    }
}

/// An axis over log10 values `lo..hi`: ticks on decades, with 2 and 5 between them when
/// there are few decades, and plain round values when the span is under one decade.
/// Label it with [`fmt_log`].
pub(crate) fn log_axis(lo: f64, hi: f64) -> Ticked {
    let span = hi - lo;
    // Within a decade or two, enough labelled values to read a bar's position off the
    // axis: a histogram of ratios between 0.8 and 4 had four labels.
    let ticks = if span < 1.0 {
        nice_ticks(10f64.powf(lo), 10f64.powf(hi), 9, 0.0)
            .into_iter()
            .filter(|v| *v > 0.0)
            .map(f64::log10)
            .collect()
    } else {
        let multiples: &[f64] = if span < 2.0 {
            &[1.0, 1.5, 2.0, 3.0, 5.0, 7.0]
        } else if span < 4.0 {
            &[1.0, 2.0, 5.0]
        } else {
            &[1.0]
        };
        (lo.floor() as i32..=hi.ceil() as i32)
            .flat_map(|d| multiples.iter().map(move |m| f64::from(d) + m.log10()))
            .collect()
    };
    Ticked::with_ticks(lo, hi, ticks)
}

/// Labels a log10 axis value with the value itself.
pub(crate) fn fmt_log(v: &f64) -> String {
    fmt_num(10f64.powf(*v))
}

/// Multiples of a 1-2-5 step no smaller than `min_step`, covering `lo..=hi`.
pub(crate) fn nice_ticks(lo: f64, hi: f64, max_ticks: usize, min_step: f64) -> Vec<f64> {
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        return vec![lo];
    }
    let raw = span / max_ticks.max(1) as f64;
    let exponent = raw.log10().floor() as i32;
    let magnitude = 10f64.powi(exponent);
    let mantissa = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .find(|m| m * magnitude >= raw)
        .unwrap_or(10.0);
    // k × mantissa scaled by a power of ten, dividing for negative powers, gives the
    // nearest float to the decimal (0.6, not 0.6000000000000001).
    let (mut mantissa, mut exponent) = (mantissa, exponent);
    if mantissa * 10f64.powi(exponent) < min_step {
        (mantissa, exponent) = (min_step, 0);
    }
    let value = |k: i64| {
        let scaled = k as f64 * mantissa;
        if exponent < 0 {
            scaled / 10f64.powi(-exponent)
        } else {
            scaled * 10f64.powi(exponent)
        }
    };
    let step = value(1);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(value).collect()
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = (value - self.lo) / (self.hi - self.lo);
        let pixel = f64::from(limit.0) + share * f64::from(limit.1 - limit.0);
        pixel.round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_report() {
        assert_eq!(fmt_num(0.0), "0");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(0.30000000000000004), "0.3");
        assert_eq!(fmt_num(12.0), "12");
        assert_eq!(fmt_num(-1.5), "\u{2212}1.5");
        assert_eq!(fmt_num(10000.0), "10,000");
        assert_eq!(fmt_num(1234567.0), "1,234,567");
        assert_eq!(fmt_num(2.2041), "2.2");
        assert_eq!(fmt_num(0.125), "0.125");
        assert_eq!(fmt_sig(0.9852, 2), "0.99");
        assert_eq!(fmt_fixed(0.8, 2), "0.80");
        assert_eq!(fmt_fixed(-0.001, 2), "0.00");
        assert_eq!(fmt_fixed(-1.26, 1), "\u{2212}1.3");
        assert_eq!(fmt_sig(0.0266, 2), "0.027");
        assert_eq!(fmt_num(0.0001), "1e-4");
        assert_eq!(fmt_num(f64::NAN), "n/a");
        assert_eq!(fmt_percent(0.25), "25%");
        assert_eq!(fmt_percent(0.125), "12.5%");
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            nice_ticks(0.0, 1.0, 5, 0.0),
            vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        );
        assert_eq!(nice_ticks(0.0, 3.0, 10, 1.0), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(nice_ticks(0.0, 90.0, 10, 1.0).len(), 10);
        assert_eq!(nice_ticks(2.0, 2.0, 10, 0.0), vec![2.0]);
    }
}
