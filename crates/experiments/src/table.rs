//! Column tables and their files: Parquet (written and read) and CSV (written).
//!
//! Every table this crate writes is flat: 64-bit integers that are never missing
//! (indices, counts), doubles that may be missing (outcomes; a missing value is a run
//! where the event did not happen or the ratio is undefined), and text. That is all
//! pandas, pyarrow and DuckDB need to read them, and all the Parquet writer needs to
//! know: no arrow, no nested types.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::column::reader::ColumnReader;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use crate::atomic::write_atomically;
use crate::error::{Error, Result};

/// The file format of the tables an experiment writes (chunks are always Parquet).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Apache Parquet with Snappy compression.
    #[default]
    Parquet,
    /// Comma-separated values with a header row; a missing value is an empty field.
    Csv,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
        }
    }
}

/// The values of one column.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Values {
    /// Integers, never missing.
    Int(Vec<i64>),
    /// Doubles, possibly missing.
    Float(Vec<Option<f64>>),
    /// Text, never missing.
    Text(Vec<String>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::Int(v) => v.len(),
            Values::Float(v) => v.len(),
            Values::Text(v) => v.len(),
        }
    }

    #[cfg(test)]
    fn empty_like(&self) -> Values {
        match self {
            Values::Int(_) => Values::Int(Vec::new()),
            Values::Float(_) => Values::Float(Vec::new()),
            Values::Text(_) => Values::Text(Vec::new()),
        }
    }

    fn cell(&self, row: usize) -> String {
        match self {
            Values::Int(v) => v[row].to_string(),
            // Display prints the shortest text that reads back as the same double.
            Values::Float(v) => v[row].map_or(String::new(), |x| x.to_string()),
            Values::Text(v) => v[row].clone(),
        }
    }
}

/// A named column.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Column {
    pub name: String,
    pub values: Values,
}

/// Columns of equal length.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Table {
    pub columns: Vec<Column>,
}

impl Table {
    pub fn push(&mut self, name: impl Into<String>, values: Values) {
        self.columns.push(Column {
            name: name.into(),
            values,
        });
    }

    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.values.len())
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Values> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.values)
    }

    /// The same columns, without rows.
    #[cfg(test)]
    pub fn empty_like(&self) -> Table {
        Table {
            columns: self
                .columns
                .iter()
                .map(|c| Column {
                    name: c.name.clone(),
                    values: c.values.empty_like(),
                })
                .collect(),
        }
    }

    fn parquet_schema(&self) -> Result<Arc<Type>> {
        let fields = self
            .columns
            .iter()
            .map(|c| {
                let (physical, repetition, logical) = match c.values {
                    Values::Int(_) => (Physical::INT64, Repetition::REQUIRED, None),
                    Values::Float(_) => (Physical::DOUBLE, Repetition::OPTIONAL, None),
                    Values::Text(_) => (
                        Physical::BYTE_ARRAY,
                        Repetition::REQUIRED,
                        Some(LogicalType::String),
                    ),
                };
                Type::primitive_type_builder(&c.name, physical)
                    .with_repetition(repetition)
                    .with_logical_type(logical)
                    .build()
                    .map(Arc::new)
            })
            .collect::<parquet::errors::Result<Vec<_>>>();
        let schema = Type::group_type_builder("schema")
            .with_fields(fields.map_err(Error::parquet(Path::new("(schema)")))?)
            .build()
            .map_err(Error::parquet(Path::new("(schema)")))?;
        Ok(Arc::new(schema))
    }
}

/// Writes a table file atomically from a sequence of row groups that share their columns
/// (one Parquet row group each, so that a table assembled from chunks has the chunks'
/// boundaries whatever machine ran them). `first` gives the columns when no group
/// comes.
pub(crate) fn write_table(
    path: &Path,
    format: Format,
    first: &Table,
    groups: impl Iterator<Item = Result<Table>>,
) -> Result<()> {
    write_atomically(path, |file| match format {
        Format::Parquet => write_parquet(path, file, first, groups),
        Format::Csv => write_csv(path, file, first, groups),
    })
}

fn write_parquet(
    path: &Path,
    file: &mut File,
    first: &Table,
    groups: impl Iterator<Item = Result<Table>>,
) -> Result<()> {
    let fail = Error::parquet;
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        // Fixed, so that the same tables are the same bytes with any build of this crate.
        .set_created_by("grayzone".to_owned())
        // The footer describes every row group (one per chunk), and the writer holds it
        // all until the file closes: the one part of assembling that grows with the
        // runs. Page indexes would add about a third to it (measured on the flagship's
        // runs table: 59 KB per chunk with them, 45 KB without) for little use on
        // tables that are read whole.
        // Readers still get each column chunk's min, max and null count.
        .set_statistics_enabled(EnabledStatistics::Chunk)
        .set_offset_index_disabled(true)
        .build();
    let mut writer = SerializedFileWriter::new(file, first.parquet_schema()?, Arc::new(properties))
        .map_err(fail(path))?;
    for group in groups {
        let group = group?;
        if group.rows() == 0 {
            continue;
        }
        let mut rows = writer.next_row_group().map_err(fail(path))?;
        for column in &group.columns {
            let mut out = rows.next_column().map_err(fail(path))?.ok_or_else(|| {
                Error::Invalid(format!("{}: more columns than its schema", path.display()))
            })?;
            match &column.values {
                Values::Int(v) => out.typed::<Int64Type>().write_batch(v, None, None),
                Values::Float(v) => {
                    let present: Vec<f64> = v.iter().flatten().copied().collect();
                    let levels: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
                    out.typed::<DoubleType>()
                        .write_batch(&present, Some(&levels), None)
                }
                Values::Text(v) => {
                    let bytes: Vec<ByteArray> =
                        v.iter().map(|s| ByteArray::from(s.as_str())).collect();
                    out.typed::<ByteArrayType>().write_batch(&bytes, None, None)
                }
            }
            .map_err(fail(path))?;
            out.close().map_err(fail(path))?;
        }
        rows.close().map_err(fail(path))?;
    }
    writer.close().map_err(fail(path))?;
    Ok(())
}

fn write_csv(
    path: &Path,
    file: &mut File,
    first: &Table,
    groups: impl Iterator<Item = Result<Table>>,
) -> Result<()> {
    let fail = |e: csv::Error| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    };
    let mut out = csv::Writer::from_writer(std::io::BufWriter::new(file));
    out.write_record(first.columns.iter().map(|c| &c.name))
        .map_err(fail)?;
    for group in groups {
        let group = group?;
        for row in 0..group.rows() {
            out.write_record(group.columns.iter().map(|c| c.values.cell(row)))
                .map_err(fail)?;
        }
    }
    let mut inner = out.into_inner().map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    inner.flush().map_err(Error::io(path))
}

/// Reads a flat Parquet file written by [`write_table`] back into one table.
pub(crate) fn read_parquet(path: &Path) -> Result<Table> {
    let fail = Error::parquet;
    let file = File::open(path).map_err(Error::io(path))?;
    let reader = SerializedFileReader::new(file).map_err(fail(path))?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let mut table = Table::default();
    for column in schema.columns() {
        let values = match column.physical_type() {
            Physical::INT64 => Values::Int(Vec::new()),
            Physical::DOUBLE => Values::Float(Vec::new()),
            Physical::BYTE_ARRAY => Values::Text(Vec::new()),
            other => {
                return Err(Error::Incomplete {
                    dir: path.to_path_buf(),
                    what: format!(
                        "column {} has type {other}, not one grayzone writes",
                        column.name()
                    ),
                });
            }
        };
        table.push(column.name(), values);
    }
    for g in 0..reader.num_row_groups() {
        let group = reader.get_row_group(g).map_err(fail(path))?;
        let rows = group.metadata().num_rows() as usize;
        for (i, column) in table.columns.iter_mut().enumerate() {
            let reader = group.get_column_reader(i).map_err(fail(path))?;
            read_column(reader, rows, &mut column.values).map_err(fail(path))?;
        }
    }
    Ok(table)
}

/// A Parquet table that grayzone wrote, as the CSV text `--format csv` would have written
/// for it: a way to read or compare a table's content without a Parquet reader.
pub fn parquet_as_csv(path: &Path) -> Result<String> {
    let table = read_parquet(path)?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    };
    out.write_record(table.columns.iter().map(|c| &c.name))
        .map_err(fail)?;
    for row in 0..table.rows() {
        out.write_record(table.columns.iter().map(|c| c.values.cell(row)))
            .map_err(fail)?;
    }
    let bytes = out.into_inner().map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn read_column(
    reader: ColumnReader,
    rows: usize,
    into: &mut Values,
) -> parquet::errors::Result<()> {
    match (reader, into) {
        (ColumnReader::Int64ColumnReader(mut r), Values::Int(out)) => {
            let mut values = Vec::with_capacity(rows);
            r.read_records(rows, None, None, &mut values)?;
            out.extend(values);
        }
        (ColumnReader::DoubleColumnReader(mut r), Values::Float(out)) => {
            let (mut values, mut levels) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
            r.read_records(rows, Some(&mut levels), None, &mut values)?;
            let mut present = values.into_iter();
            out.extend(
                levels
                    .iter()
                    .map(|&l| if l > 0 { present.next() } else { None }),
            );
        }
        (ColumnReader::ByteArrayColumnReader(mut r), Values::Text(out)) => {
            let mut values = Vec::with_capacity(rows);
            r.read_records(rows, None, None, &mut values)?;
            out.extend(
                values
                    .iter()
                    .map(|b: &ByteArray| String::from_utf8_lossy(b.data()).into_owned()),
            );
        }
        _ => {
            return Err(parquet::errors::ParquetError::General(
                "column type differs from its schema".into(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::default();
        t.push("run", Values::Int(vec![0, 1, 2]));
        t.push("x", Values::Float(vec![Some(0.1), None, Some(3.0)]));
        t.push(
            "name",
            Values::Text(vec!["a".into(), "b, c".into(), "–".into()]),
        );
        t
    }

    #[test]
    fn parquet_round_trips_with_missing_values_and_row_groups() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let t = sample();
        write_table(
            &path,
            Format::Parquet,
            &t,
            [Ok(t.clone()), Ok(t.clone())].into_iter(),
        )
        .unwrap();
        let back = read_parquet(&path).unwrap();
        assert_eq!(back.rows(), 6);
        assert_eq!(
            back.column("x"),
            Some(&Values::Float(vec![
                Some(0.1),
                None,
                Some(3.0),
                Some(0.1),
                None,
                Some(3.0)
            ]))
        );
        assert_eq!(back.columns[2].values.cell(4), "b, c");
    }

    #[test]
    fn csv_quotes_and_leaves_missing_values_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let t = sample();
        write_table(&path, Format::Csv, &t, std::iter::once(Ok(t.clone()))).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "run,x,name\n0,0.1,a\n1,,\"b, c\"\n2,3,–\n");
    }

    #[test]
    fn an_empty_table_still_has_its_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let t = sample().empty_like();
        write_table(&path, Format::Parquet, &t, std::iter::empty()).unwrap();
        let back = read_parquet(&path).unwrap();
        assert_eq!((back.rows(), back.columns.len()), (0, 3));
    }
}
