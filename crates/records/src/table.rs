//! Column tables and their files: Parquet (written and read back) and CSV (written).

use std::borrow::Borrow;
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use grayzone_model::OutcomeKind;
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::column::reader::ColumnReader;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use sha2::{Digest, Sha256};

use crate::Error;
use crate::atomic::write_atomic_with;

/// The prefix of the provenance keys in a table's metadata.
const PROVENANCE_PREFIX: &str = "grayzone.";

/// The file format of a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Apache Parquet with Snappy compression.
    #[default]
    Parquet,
    /// Comma-separated values with a header row; a null is an empty field.
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

/// The values of one column (see the module documentation for their file types).
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// Integers that are never missing: indices, counts, runs.
    Int(Vec<i64>),
    /// Integers that may be missing: days, missing when the event did not happen.
    OptionalInt(Vec<Option<i64>>),
    /// Flags.
    Bool(Vec<bool>),
    /// Doubles that may be missing: shares, ratios, money, munitions, statistics.
    Float(Vec<Option<f64>>),
    /// Text, never missing.
    Text(Vec<String>),
}

impl Values {
    /// A column of one outcome, typed by its kind: a day as an optional integer, a flag
    /// as a boolean, a count as an integer, an amount or a ratio as an optional double.
    /// `values` are as [`grayzone_model::Outcomes::fields`] gives them. A count or a
    /// flag is never missing; should one be, it is written as 0 (false).
    pub fn outcome(kind: OutcomeKind, values: impl IntoIterator<Item = Option<f64>>) -> Values {
        let values = values.into_iter();
        // Days and counts are whole numbers held as doubles: the cast is exact.
        match kind {
            OutcomeKind::Day => Values::OptionalInt(values.map(|v| v.map(|x| x as i64)).collect()),
            OutcomeKind::Flag => {
                Values::Bool(values.map(|v| v.is_some_and(|x| x != 0.0)).collect())
            }
            OutcomeKind::Count => Values::Int(values.map(|v| v.map_or(0, |x| x as i64)).collect()),
            OutcomeKind::Amount | OutcomeKind::Ratio => Values::Float(values.collect()),
        }
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        match self {
            Values::Int(v) => v.len(),
            Values::OptionalInt(v) => v.len(),
            Values::Bool(v) => v.len(),
            Values::Float(v) => v.len(),
            Values::Text(v) => v.len(),
        }
    }

    /// Whether the column has no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every value as a number (a flag as 0 or 1, a null as `None`), or `None` for text:
    /// what a reader of outcomes needs, whichever type the column was written with.
    pub fn numbers(&self) -> Option<Vec<Option<f64>>> {
        Some(match self {
            Values::Int(v) => v.iter().map(|&x| Some(x as f64)).collect(),
            Values::OptionalInt(v) => v.iter().map(|x| x.map(|x| x as f64)).collect(),
            Values::Bool(v) => v.iter().map(|&x| Some(f64::from(u8::from(x)))).collect(),
            Values::Float(v) => v.clone(),
            Values::Text(_) => return None,
        })
    }

    /// The same type, without values.
    pub fn empty_like(&self) -> Values {
        match self {
            Values::Int(_) => Values::Int(Vec::new()),
            Values::OptionalInt(_) => Values::OptionalInt(Vec::new()),
            Values::Bool(_) => Values::Bool(Vec::new()),
            Values::Float(_) => Values::Float(Vec::new()),
            Values::Text(_) => Values::Text(Vec::new()),
        }
    }

    /// The Parquet type of the column.
    fn parquet_type(&self) -> (Physical, Repetition, Option<LogicalType>) {
        match self {
            Values::Int(_) => (Physical::INT64, Repetition::REQUIRED, None),
            Values::OptionalInt(_) => (Physical::INT64, Repetition::OPTIONAL, None),
            Values::Bool(_) => (Physical::BOOLEAN, Repetition::REQUIRED, None),
            Values::Float(_) => (Physical::DOUBLE, Repetition::OPTIONAL, None),
            Values::Text(_) => (
                Physical::BYTE_ARRAY,
                Repetition::REQUIRED,
                Some(LogicalType::String),
            ),
        }
    }

    /// One value as CSV text; a null is empty.
    pub fn cell(&self, row: usize) -> String {
        match self {
            Values::Int(v) => v[row].to_string(),
            Values::OptionalInt(v) => v[row].map_or(String::new(), |x| x.to_string()),
            Values::Bool(v) => v[row].to_string(),
            // Display prints the shortest text that reads back as the same double.
            Values::Float(v) => v[row].map_or(String::new(), |x| x.to_string()),
            Values::Text(v) => v[row].clone(),
        }
    }
}

/// A named column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The column's name.
    pub name: String,
    /// Its values.
    pub values: Values,
}

/// Columns of equal length, and the key-value metadata of the file's footer.
///
/// Every table grayzone writes (an experiment's runs, daily and points tables, its
/// chunks, and the tuning commands' tables) goes through here, so that they are typed
/// the same way and carry their provenance the same way. The tables are flat, with five
/// column types, which is all pandas, pyarrow and DuckDB need and all the Parquet writer
/// needs to know (no arrow, no nested types):
///
/// | [`Values`] | Parquet | CSV | null means |
/// | --- | --- | --- | --- |
/// | `Int` | INT64, required | integer | never null |
/// | `OptionalInt` | INT64, optional | integer, or empty | the day never came (censored) |
/// | `Bool` | BOOLEAN, required | `true`/`false` | never null |
/// | `Float` | DOUBLE, optional | shortest exact decimal, or empty | undefined or missing |
/// | `Text` | BYTE_ARRAY (UTF-8), required | text, quoted when needed | never null |
///
/// A Parquet table also carries key-value metadata in its footer ([`Table::metadata`]):
/// where it comes from, under keys prefixed `grayzone.` ([`Table::provenance`]), so a
/// copied file still says which build, scenario and seed made it. CSV has no place for
/// it; the JSON summary beside a CSV table holds the same facts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The columns, in file order.
    pub columns: Vec<Column>,
    /// Key-value metadata, in file order: provenance under `grayzone.` keys, and
    /// whatever else says what the table holds (a tuning table's method and note).
    pub metadata: Vec<(String, String)>,
}

impl Table {
    /// Appends a column.
    pub fn push(&mut self, name: impl Into<String>, values: Values) {
        self.columns.push(Column {
            name: name.into(),
            values,
        });
    }

    /// Appends a metadata entry.
    pub fn meta(&mut self, key: impl Into<String>, value: impl ToString) {
        self.metadata.push((key.into(), value.to_string()));
    }

    /// Appends a provenance entry: `key` prefixed with [`PROVENANCE_PREFIX`].
    pub fn provenance(&mut self, key: &str, value: impl ToString) {
        self.meta(format!("{PROVENANCE_PREFIX}{key}"), value);
    }

    /// The number of rows.
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

    /// The metadata value of `key`.
    pub fn metadata_of(&self, key: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// SHA-256 of the columns (names, types and values, not the metadata), in hex: what
    /// an experiment's chunk records about itself so that an altered chunk is refused
    /// rather than merged. The bytes hashed are fixed here, not by a file format, so the
    /// digest of a table read back equals the digest of the table written.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        for c in &self.columns {
            h.update((c.name.len() as u64).to_le_bytes());
            h.update(c.name.as_bytes());
            h.update((c.values.len() as u64).to_le_bytes());
            match &c.values {
                Values::Int(v) => {
                    h.update([0]);
                    v.iter().for_each(|x| h.update(x.to_le_bytes()));
                }
                Values::OptionalInt(v) => {
                    h.update([1]);
                    for x in v {
                        h.update(x.map_or([0; 9], |x| tagged(x.to_le_bytes())));
                    }
                }
                Values::Bool(v) => {
                    h.update([2]);
                    v.iter().for_each(|&x| h.update([u8::from(x)]));
                }
                Values::Float(v) => {
                    h.update([3]);
                    for x in v {
                        h.update(x.map_or([0; 9], |x| tagged(x.to_bits().to_le_bytes())));
                    }
                }
                Values::Text(v) => {
                    h.update([4]);
                    for x in v {
                        h.update((x.len() as u64).to_le_bytes());
                        h.update(x.as_bytes());
                    }
                }
            }
        }
        hex(&h.finalize())
    }

    /// The same columns and metadata, without rows.
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
            metadata: self.metadata.clone(),
        }
    }

    fn parquet_schema(&self) -> parquet::errors::Result<Arc<Type>> {
        let fields = self
            .columns
            .iter()
            .map(|c| {
                let (physical, repetition, logical) = c.values.parquet_type();
                Type::primitive_type_builder(&c.name, physical)
                    .with_repetition(repetition)
                    .with_logical_type(logical)
                    .build()
                    .map(Arc::new)
            })
            .collect::<parquet::errors::Result<Vec<_>>>()?;
        Ok(Arc::new(
            Type::group_type_builder("schema")
                .with_fields(fields)
                .build()?,
        ))
    }

    /// Whether `other` has the same column names and types.
    fn same_columns(&self, other: &Table) -> bool {
        self.columns.len() == other.columns.len()
            && self.columns.iter().zip(&other.columns).all(|(a, b)| {
                a.name == b.name
                    && std::mem::discriminant(&a.values) == std::mem::discriminant(&b.values)
            })
    }
}

/// Room to reserve for `rows` values a file's footer announces: a footer may come from
/// anyone, so at most a million ahead; more grow as they are actually read.
fn reserve(rows: usize) -> usize {
    rows.min(1 << 20)
}

/// A present value: 1, then its eight bytes (a missing one hashes as nine zeros).
fn tagged(bytes: [u8; 8]) -> [u8; 9] {
    let mut out = [1; 9];
    out[1..].copy_from_slice(&bytes);
    out
}

/// SHA-256 of `bytes`, in lower-case hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The size and SHA-256 (in hex) of the file at `path`, read in blocks.
pub fn sha256_file(path: &Path) -> Result<(u64, String), Error> {
    let mut file = File::open(path).map_err(|e| Error::new(path, e))?;
    let mut h = Sha256::new();
    let mut block = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = std::io::Read::read(&mut file, &mut block).map_err(|e| Error::new(path, e))?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        h.update(&block[..n]);
    }
    Ok((bytes, hex(&h.finalize())))
}

/// Bytes as lower-case hexadecimal.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `table` to `path` atomically, as one Parquet row group or as CSV.
pub fn write_table(path: &Path, format: Format, table: &Table) -> Result<(), Error> {
    write_table_in_groups(path, format, table, std::iter::once(Ok::<_, Error>(table)))
}

/// Writes a table file atomically from a sequence of row groups that share the columns
/// of `first` (one Parquet row group each, so that a table assembled from chunks has the
/// chunks' boundaries whatever machine ran them). `first` gives the columns when no group
/// comes, and the metadata; the groups' own metadata is not written. A group with other
/// columns than `first` is an error, and so is any error a group brings.
pub fn write_table_in_groups<E: From<Error>>(
    path: &Path,
    format: Format,
    first: &Table,
    groups: impl Iterator<Item = Result<impl Borrow<Table>, E>>,
) -> Result<(), E> {
    write_atomic_with(path, |file| {
        let mut sink = Sink::open(path, format, file, first)?;
        for group in groups {
            let group = group?;
            let group = group.borrow();
            if !first.same_columns(group) {
                let what = "a row group has other columns than the table";
                return Err(Error::invalid_data(path, what).into());
            }
            sink.write(path, group)?;
        }
        Ok(sink.close(path)?)
    })
}

/// An open table file, taking row groups.
enum Sink<'f> {
    Parquet(SerializedFileWriter<&'f mut File>),
    Csv(csv::Writer<std::io::BufWriter<&'f mut File>>),
}

impl<'f> Sink<'f> {
    /// Starts the file: the Parquet schema, or the CSV header.
    fn open(path: &Path, format: Format, file: &'f mut File, first: &Table) -> Result<Self, Error> {
        match format {
            Format::Parquet => {
                let schema = first.parquet_schema().map_err(|e| Error::other(path, e))?;
                SerializedFileWriter::new(file, schema, Arc::new(parquet_properties(first)))
                    .map(Sink::Parquet)
                    .map_err(|e| Error::other(path, e))
            }
            Format::Csv => {
                let mut out = csv::Writer::from_writer(std::io::BufWriter::new(file));
                out.write_record(first.columns.iter().map(|c| &c.name))
                    .map_err(|e| Error::new(path, e.into()))?;
                Ok(Sink::Csv(out))
            }
        }
    }

    fn write(&mut self, path: &Path, group: &Table) -> Result<(), Error> {
        match self {
            Sink::Parquet(writer) => {
                write_row_group(writer, group).map_err(|e| Error::other(path, e))
            }
            Sink::Csv(out) => csv_rows(out, group).map_err(|e| Error::new(path, e.into())),
        }
    }

    fn close(self, path: &Path) -> Result<(), Error> {
        match self {
            Sink::Parquet(writer) => writer
                .close()
                .map(|_| ())
                .map_err(|e| Error::other(path, e)),
            Sink::Csv(out) => out
                .into_inner()
                .map_err(|e| Error::new(path, e.into_error()))?
                .flush()
                .map_err(|e| Error::new(path, e)),
        }
    }
}

fn parquet_properties(first: &Table) -> WriterProperties {
    let metadata = (!first.metadata.is_empty()).then(|| {
        first
            .metadata
            .iter()
            .map(|(k, v)| KeyValue::new(k.clone(), v.clone()))
            .collect()
    });
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        // Fixed, so that the same tables are the same bytes with any build of this crate.
        .set_created_by("grayzone".to_owned())
        .set_key_value_metadata(metadata)
        // The footer describes every row group (one per chunk), and the writer holds it
        // all until the file closes: the one part of assembling that grows with the
        // runs. Page indexes would add about a third to it (measured on the flagship's
        // runs table: 59 KB per chunk with them, 45 KB without) for little use on
        // tables that are read whole.
        // Readers still get each column chunk's min, max and null count.
        .set_statistics_enabled(EnabledStatistics::Chunk)
        .set_offset_index_disabled(true)
        .build()
}

/// One row group; an empty group writes nothing (a row group has at least one row).
fn write_row_group(
    writer: &mut SerializedFileWriter<&mut File>,
    group: &Table,
) -> parquet::errors::Result<()> {
    if group.rows() == 0 {
        return Ok(());
    }
    let mut rows = writer.next_row_group()?;
    for column in &group.columns {
        let mut out = rows.next_column()?.ok_or_else(|| {
            parquet::errors::ParquetError::General("more columns than its schema".into())
        })?;
        match &column.values {
            Values::Int(v) => out.typed::<Int64Type>().write_batch(v, None, None),
            Values::OptionalInt(v) => {
                let (present, levels) = split_nulls(v);
                out.typed::<Int64Type>()
                    .write_batch(&present, Some(&levels), None)
            }
            Values::Bool(v) => out.typed::<BoolType>().write_batch(v, None, None),
            Values::Float(v) => {
                let (present, levels) = split_nulls(v);
                out.typed::<DoubleType>()
                    .write_batch(&present, Some(&levels), None)
            }
            Values::Text(v) => {
                let bytes: Vec<ByteArray> = v.iter().map(|s| ByteArray::from(s.as_str())).collect();
                out.typed::<ByteArrayType>().write_batch(&bytes, None, None)
            }
        }?;
        out.close()?;
    }
    rows.close()?;
    Ok(())
}

/// The present values of an optional column, and its definition levels (1 present,
/// 0 null): how Parquet stores nulls.
fn split_nulls<T: Copy>(values: &[Option<T>]) -> (Vec<T>, Vec<i16>) {
    let present = values.iter().flatten().copied().collect();
    let levels = values.iter().map(|x| i16::from(x.is_some())).collect();
    (present, levels)
}

/// The rows of a table, without its header.
fn csv_rows<W: Write>(out: &mut csv::Writer<W>, table: &Table) -> csv::Result<()> {
    for row in 0..table.rows() {
        out.write_record(table.columns.iter().map(|c| c.values.cell(row)))?;
    }
    Ok(())
}

/// The key-value metadata of a Parquet file's footer (its provenance), without reading
/// its rows: what tells whose a file is.
pub fn read_parquet_metadata(path: &Path) -> Result<Vec<(String, String)>, Error> {
    Ok(key_values(open_parquet(path)?.metadata().file_metadata()))
}

fn open_parquet(path: &Path) -> Result<SerializedFileReader<File>, Error> {
    let file = File::open(path).map_err(|e| Error::new(path, e))?;
    SerializedFileReader::new(file).map_err(|e| Error::other(path, e))
}

fn key_values(meta: &parquet::file::metadata::FileMetaData) -> Vec<(String, String)> {
    meta.key_value_metadata()
        .into_iter()
        .flatten()
        .map(|kv| (kv.key.clone(), kv.value.clone().unwrap_or_default()))
        .collect()
}

/// Reads a Parquet table written by [`write_table`] or [`write_table_in_groups`] back
/// into one table, with its metadata.
pub fn read_parquet(path: &Path) -> Result<Table, Error> {
    let fail = |e| Error::other(path, e);
    let reader = open_parquet(path)?;
    let meta = reader.metadata().file_metadata();
    let mut table = Table {
        metadata: key_values(meta),
        ..Table::default()
    };
    for column in meta.schema_descr().columns() {
        let nullable = column.max_def_level() > 0;
        let values = match (column.physical_type(), nullable) {
            (Physical::INT64, false) => Values::Int(Vec::new()),
            (Physical::INT64, true) => Values::OptionalInt(Vec::new()),
            (Physical::BOOLEAN, false) => Values::Bool(Vec::new()),
            (Physical::DOUBLE, _) => Values::Float(Vec::new()),
            (Physical::BYTE_ARRAY, false) => Values::Text(Vec::new()),
            (other, _) => {
                let nullable = if nullable { "optional " } else { "" };
                return Err(Error::invalid_data(
                    path,
                    &format!(
                        "column {} has type {nullable}{other}, not one grayzone writes",
                        column.name()
                    ),
                ));
            }
        };
        table.push(column.name(), values);
    }
    for g in 0..reader.num_row_groups() {
        let group = reader.get_row_group(g).map_err(fail)?;
        let rows = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
        for (i, column) in table.columns.iter_mut().enumerate() {
            let reader = group.get_column_reader(i).map_err(fail)?;
            read_column(reader, rows, &mut column.values).map_err(fail)?;
        }
    }
    Ok(table)
}

/// A Parquet table that grayzone wrote, as the CSV text [`Format::Csv`] would have
/// written for it: a way to read or compare a table's content without a Parquet reader.
pub fn parquet_as_csv(path: &Path) -> Result<String, Error> {
    let table = read_parquet(path)?;
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(table.columns.iter().map(|c| &c.name))
        .and_then(|()| csv_rows(&mut out, &table))
        .map_err(|e| Error::new(path, e.into()))?;
    let bytes = out
        .into_inner()
        .map_err(|e| Error::new(path, e.into_error()))?;
    String::from_utf8(bytes).map_err(|e| Error::invalid_data(path, &e.to_string()))
}

fn read_column(
    reader: ColumnReader,
    rows: usize,
    into: &mut Values,
) -> parquet::errors::Result<()> {
    match (reader, into) {
        (ColumnReader::Int64ColumnReader(mut r), Values::Int(out)) => {
            r.read_records(rows, None, None, out)?;
        }
        (ColumnReader::Int64ColumnReader(mut r), Values::OptionalInt(out)) => {
            let (mut values, mut levels) = (
                Vec::with_capacity(reserve(rows)),
                Vec::with_capacity(reserve(rows)),
            );
            r.read_records(rows, Some(&mut levels), None, &mut values)?;
            out.extend(join_nulls(values, &levels));
        }
        (ColumnReader::BoolColumnReader(mut r), Values::Bool(out)) => {
            r.read_records(rows, None, None, out)?;
        }
        (ColumnReader::DoubleColumnReader(mut r), Values::Float(out)) => {
            let (mut values, mut levels) = (
                Vec::with_capacity(reserve(rows)),
                Vec::with_capacity(reserve(rows)),
            );
            r.read_records(rows, Some(&mut levels), None, &mut values)?;
            if levels.is_empty() {
                // A required column has no levels: every value is present.
                out.extend(values.into_iter().map(Some));
            } else {
                out.extend(join_nulls(values, &levels));
            }
        }
        (ColumnReader::ByteArrayColumnReader(mut r), Values::Text(out)) => {
            let mut values = Vec::with_capacity(reserve(rows));
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

/// The inverse of [`split_nulls`].
fn join_nulls<'a, T: 'a>(
    present: Vec<T>,
    levels: &'a [i16],
) -> impl Iterator<Item = Option<T>> + 'a {
    let mut present = present.into_iter();
    levels
        .iter()
        .map(move |&l| if l > 0 { present.next() } else { None })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One column of every type, with nulls where the type allows them.
    fn sample() -> Table {
        let mut t = Table::default();
        t.push("run", Values::Int(vec![0, 1, 2]));
        t.push("day", Values::OptionalInt(vec![Some(12), None, Some(0)]));
        t.push("collapsed", Values::Bool(vec![true, false, true]));
        t.push("x", Values::Float(vec![Some(0.1), None, Some(3.0)]));
        t.push(
            "name",
            Values::Text(vec!["a".into(), "b, c".into(), "–".into()]),
        );
        t.provenance("seed", 7);
        t.meta("note", "a sample");
        t
    }

    #[test]
    fn parquet_round_trips_every_type_with_nulls_row_groups_and_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let t = sample();
        write_table_in_groups(
            &path,
            Format::Parquet,
            &t,
            [Ok::<_, Error>(&t), Ok(&t)].into_iter(),
        )
        .unwrap();
        let back = read_parquet(&path).unwrap();
        let mut twice = t.clone();
        for (c, again) in twice.columns.iter_mut().zip(&t.columns) {
            match (&mut c.values, &again.values) {
                (Values::Int(a), Values::Int(b)) => a.extend(b),
                (Values::OptionalInt(a), Values::OptionalInt(b)) => a.extend(b),
                (Values::Bool(a), Values::Bool(b)) => a.extend(b),
                (Values::Float(a), Values::Float(b)) => a.extend(b),
                (Values::Text(a), Values::Text(b)) => a.extend(b.iter().cloned()),
                _ => unreachable!(),
            }
        }
        assert_eq!(back, twice);
        assert_eq!(back.metadata_of("grayzone.seed"), Some("7"));
    }

    #[test]
    fn csv_writes_flags_as_words_and_nulls_as_empty_fields() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let t = sample();
        write_table(&path, Format::Csv, &t).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = "run,day,collapsed,x,name\n\
                        0,12,true,0.1,a\n\
                        1,,false,,\"b, c\"\n\
                        2,0,true,3,–\n";
        assert_eq!(text, expected);
        let parquet = dir.path().join("t.parquet");
        write_table(&parquet, Format::Parquet, &t).unwrap();
        assert_eq!(parquet_as_csv(&parquet).unwrap(), expected);
    }

    #[test]
    fn an_empty_table_still_has_its_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let t = sample().empty_like();
        write_table_in_groups(
            &path,
            Format::Parquet,
            &t,
            std::iter::empty::<Result<Table, Error>>(),
        )
        .unwrap();
        let back = read_parquet(&path).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn a_group_with_other_columns_is_refused_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let mut other = sample();
        other.columns[1].values = Values::Float(vec![Some(12.0), None, Some(0.0)]);
        let written = write_table_in_groups(
            &path,
            Format::Parquet,
            &sample(),
            std::iter::once(Ok::<_, Error>(other)),
        );
        assert!(written.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn outcomes_are_typed_by_their_kind() {
        let v = [Some(3.0), None];
        assert_eq!(
            Values::outcome(OutcomeKind::Day, v),
            Values::OptionalInt(vec![Some(3), None])
        );
        assert_eq!(
            Values::outcome(OutcomeKind::Flag, [Some(1.0), Some(0.0)]),
            Values::Bool(vec![true, false])
        );
        assert_eq!(
            Values::outcome(OutcomeKind::Count, [Some(4.0)]),
            Values::Int(vec![4])
        );
        assert_eq!(
            Values::outcome(OutcomeKind::Ratio, v),
            Values::Float(vec![Some(3.0), None])
        );
        assert_eq!(
            Values::outcome(OutcomeKind::Flag, [Some(1.0)]).numbers(),
            Some(vec![Some(1.0)])
        );
    }
}
