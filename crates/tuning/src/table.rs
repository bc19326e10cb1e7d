//! The files of a result: flat Parquet tables and pretty JSON, each written atomically.
//!
//! The experiments crate keeps its table writer to itself; this is the small part of it
//! a tuning result needs: one row group of doubles (NaN written as null), integers and
//! text, which pandas, pyarrow and DuckDB read as they are.

use std::path::Path;
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use serde_json::Value;

use crate::error::{Error, Result};

/// The values of one column.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Values {
    /// Doubles; NaN is written as a missing value.
    Float(Vec<f64>),
    /// Integers.
    Int(Vec<i64>),
    /// Text.
    Text(Vec<String>),
}

/// Named columns of equal length, and key-value metadata for the file's footer.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Table {
    pub(crate) columns: Vec<(String, Values)>,
    /// What the numbers are (outcome, method, runs per point, note): a table read on
    /// its own, without the JSON beside it, still says what it holds.
    pub(crate) metadata: Vec<(String, String)>,
}

impl Table {
    pub(crate) fn push(&mut self, name: impl Into<String>, values: Values) {
        self.columns.push((name.into(), values));
    }

    pub(crate) fn meta(&mut self, key: impl Into<String>, value: impl ToString) {
        self.metadata.push((key.into(), value.to_string()));
    }
}

/// Writes `table` to `path` as Parquet with Snappy compression, atomically.
pub(crate) fn write_parquet(path: &Path, table: &Table) -> Result<()> {
    let bytes = parquet_bytes(table).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        message: format!("parquet: {e}"),
    })?;
    Ok(grayzone_records::write_atomic(path, &bytes)?)
}

/// Writes `value` to `path` as pretty JSON with a final newline, atomically.
pub(crate) fn write_json(path: &Path, value: &Value) -> Result<()> {
    let text = serde_json::to_string_pretty(value).unwrap_or_default() + "\n";
    Ok(grayzone_records::write_atomic(path, text.as_bytes())?)
}

fn parquet_bytes(table: &Table) -> parquet::errors::Result<Vec<u8>> {
    let fields = table
        .columns
        .iter()
        .map(|(name, values)| {
            let (physical, repetition, logical) = match values {
                Values::Float(_) => (Physical::DOUBLE, Repetition::OPTIONAL, None),
                Values::Int(_) => (Physical::INT64, Repetition::REQUIRED, None),
                Values::Text(_) => (
                    Physical::BYTE_ARRAY,
                    Repetition::REQUIRED,
                    Some(LogicalType::String),
                ),
            };
            Type::primitive_type_builder(name, physical)
                .with_repetition(repetition)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<parquet::errors::Result<Vec<_>>>()?;
    let schema = Arc::new(
        Type::group_type_builder("schema")
            .with_fields(fields)
            .build()?,
    );
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        // Fixed, so the same result is the same bytes with any build.
        .set_created_by("grayzone".to_owned())
        .set_key_value_metadata((!table.metadata.is_empty()).then(|| {
            table
                .metadata
                .iter()
                .map(|(k, v)| KeyValue::new(k.clone(), v.clone()))
                .collect()
        }))
        .build();
    let mut bytes = Vec::new();
    let mut writer = SerializedFileWriter::new(&mut bytes, schema, Arc::new(properties))?;
    let mut group = writer.next_row_group()?;
    for (_, values) in &table.columns {
        let Some(mut column) = group.next_column()? else {
            break;
        };
        match values {
            Values::Float(v) => {
                let present: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
                let levels: Vec<i16> = v.iter().map(|x| i16::from(!x.is_nan())).collect();
                column
                    .typed::<DoubleType>()
                    .write_batch(&present, Some(&levels), None)?;
            }
            Values::Int(v) => {
                column.typed::<Int64Type>().write_batch(v, None, None)?;
            }
            Values::Text(v) => {
                let text: Vec<ByteArray> = v.iter().map(|s| ByteArray::from(s.as_str())).collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&text, None, None)?;
            }
        }
        column.close()?;
    }
    group.close()?;
    writer.close()?;
    Ok(bytes)
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
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn parquet_has_the_columns_and_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let mut t = Table::default();
        t.push("name", Values::Text(vec!["a".into(), "b".into()]));
        t.push("x", Values::Float(vec![0.5, f64::NAN]));
        t.push("n", Values::Int(vec![1, 2]));
        t.meta("outcome", "collapse_within_30");
        write_parquet(&path, &t).unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        let meta = reader.metadata();
        assert_eq!(meta.file_metadata().num_rows(), 2);
        let names: Vec<&str> = meta
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.name())
            .collect();
        assert_eq!(names, ["name", "x", "n"]);
        let kv = meta.file_metadata().key_value_metadata().unwrap();
        assert!(
            kv.iter()
                .any(|k| k.key == "outcome" && k.value.as_deref() == Some("collapse_within_30")),
            "{kv:?}"
        );
        // One value of x is missing.
        assert_eq!(
            meta.row_group(0)
                .column(1)
                .statistics()
                .and_then(|s| s.null_count_opt()),
            Some(1)
        );
    }
}
