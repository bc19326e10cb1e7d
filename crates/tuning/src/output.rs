//! The small conventions of a result's files; the writers are grayzone-records'
//! (`write_table`, `write_json`), shared with the experiments.
//!
//! The methods mark a missing number (an index that is undefined, a target with no
//! simulated value) as NaN, which neither a table nor JSON should carry: a table writes
//! it as a null, JSON as `null`.

use grayzone_records::Values;
use serde_json::Value;

/// A column of doubles, a NaN written as a null.
pub(crate) fn floats(values: impl IntoIterator<Item = f64>) -> Values {
    Values::Float(
        values
            .into_iter()
            .map(|x| Some(x).filter(|x| !x.is_nan()))
            .collect(),
    )
}

/// A number for JSON: `null` when NaN or infinite (JSON has no such numbers).
pub(crate) fn number(x: f64) -> Value {
    if x.is_finite() {
        Value::from(x)
    } else {
        Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_is_a_null() {
        assert_eq!(
            floats([0.5, f64::NAN]),
            Values::Float(vec![Some(0.5), None])
        );
        assert_eq!(number(f64::INFINITY), Value::Null);
    }
}
