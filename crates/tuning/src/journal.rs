//! Resumable searches: a journal of every evaluation a search has finished.
//!
//! The methods are deterministic: from their seed they propose the same points in the
//! same order, and a point's statistics depend only on the point and the histories it is
//! evaluated on. So a search killed part-way and started again proposes, point for point,
//! what it proposed before. A [`Journal`] sits between the method and the [`Model`]: it
//! appends each finished evaluation to a file, and on resume answers the points it
//! already holds from that file instead of simulating them. The search then goes on
//! where it stopped and reaches the answer it would have reached uninterrupted, byte for
//! byte; a resumed search with a larger budget reuses everything the first one spent.
//!
//! The file is JSON lines: a header naming what the statistics depend on (build,
//! scenario, parameters, statistics, seed, days, histories per point), then one line per
//! evaluation with the point, its first history and its statistics as the bits of their
//! `f64`s (exact, NaN included). A line cut short by a kill is dropped on resume.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use grayzone_experiments::{Build, Progress};
use grayzone_scenario::Domain;
use grayzone_stats::interval::Interval;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::model::{Model, Simulator, one_first_run_per_point};

/// The journal's file name in a tuning command's output folder.
pub const FILE: &str = "evaluations.jsonl";

/// Points evaluated between two appends: what a kill can lose at most.
const POINTS_PER_APPEND: usize = 64;

/// A [`Model`] that remembers what it evaluated (see the module documentation).
pub struct Journal<'a> {
    model: &'a dyn Model,
    path: PathBuf,
    state: Mutex<State>,
}

struct State {
    known: HashMap<(u64, Vec<u64>), Vec<f64>>,
    file: File,
    /// Evaluations answered from an earlier run's lines.
    reused: u64,
}

impl<'a> Journal<'a> {
    /// The journal of `model` in `dir`, whose statistics depend on what `header` says
    /// (see [`header`]). With `resume`, the evaluations an earlier run left there are
    /// read back (refused if its header differs); without it, or when there is none, a
    /// new journal replaces any earlier one.
    pub fn open(
        model: &'a dyn Model,
        header: Value,
        dir: &Path,
        resume: bool,
    ) -> Result<Journal<'a>> {
        let path = dir.join(FILE);
        let mut known = HashMap::new();
        let file = if resume && path.exists() {
            let length = read(&path, &header, model.statistics(), &mut known)?;
            let file = OpenOptions::new()
                .append(true)
                .open(&path)
                .map_err(write_error(&path))?;
            // Drop a last line cut short by a kill; appends then follow the whole lines.
            file.set_len(length).map_err(write_error(&path))?;
            file
        } else {
            let mut file = File::create(&path).map_err(write_error(&path))?;
            writeln!(file, "{header}").map_err(write_error(&path))?;
            file
        };
        Ok(Journal {
            model,
            path,
            state: Mutex::new(State {
                known,
                file,
                reused: 0,
            }),
        })
    }

    /// Evaluations answered from an earlier run's lines instead of simulated.
    pub fn reused(&self) -> u64 {
        self.state.lock().map_or(0, |s| s.reused)
    }

    fn append(&self, state: &mut State, lines: &str) -> Result<()> {
        state
            .file
            .write_all(lines.as_bytes())
            .map_err(write_error(&self.path))
    }
}

impl Model for Journal<'_> {
    fn statistics(&self) -> usize {
        self.model.statistics()
    }

    fn runs_per_point(&self) -> u64 {
        self.model.runs_per_point()
    }

    fn domains(&self) -> Vec<Domain> {
        self.model.domains()
    }

    fn evaluate(
        &self,
        points: &[Vec<f64>],
        first_runs: &[u64],
        progress: &dyn Progress,
    ) -> Result<Vec<Vec<f64>>> {
        one_first_run_per_point(points, first_runs)?;
        let keys: Vec<(u64, Vec<u64>)> = first_runs
            .iter()
            .zip(points)
            .map(|(&r, x)| (r, bits(x)))
            .collect();
        let mut values: Vec<Option<Vec<f64>>> = {
            let mut state = self.state.lock().map_err(poisoned)?;
            let found: Vec<Option<Vec<f64>>> =
                keys.iter().map(|k| state.known.get(k).cloned()).collect();
            let reused = found.iter().filter(|v| v.is_some()).count() as u64;
            state.reused += reused;
            progress.advance(reused * self.model.runs_per_point());
            found
        };
        let missing: Vec<usize> = (0..points.len()).filter(|&i| values[i].is_none()).collect();
        for part in missing.chunks(POINTS_PER_APPEND) {
            let xs: Vec<Vec<f64>> = part.iter().map(|&i| points[i].clone()).collect();
            let rs: Vec<u64> = part.iter().map(|&i| first_runs[i]).collect();
            let computed = self.model.evaluate(&xs, &rs, progress)?;
            let mut lines = String::new();
            for (&i, stats) in part.iter().zip(&computed) {
                let (r, x) = &keys[i];
                lines
                    .push_str(&json!({ "first_run": r, "x": x, "stats": bits(stats) }).to_string());
                lines.push('\n');
            }
            let mut state = self.state.lock().map_err(poisoned)?;
            self.append(&mut state, &lines)?;
            progress.wrote(&self.path);
            for (&i, stats) in part.iter().zip(computed) {
                state.known.insert(keys[i].clone(), stats.clone());
                values[i] = Some(stats);
            }
        }
        Ok(values.into_iter().map(Option::unwrap_or_default).collect())
    }

    fn check(
        &self,
        x: &[f64],
        runs: Range<u64>,
        progress: &dyn Progress,
    ) -> Result<Vec<Option<Interval>>> {
        self.model.check(x, runs, progress)
    }
}

/// What the statistics of `simulator`'s evaluations depend on: an earlier journal must
/// agree on all of it to be reused. The method, its settings and the parameters' ranges
/// are not here: they change which points are proposed, not what a point's statistics
/// are, so a resumed search may, for example, be given a larger budget.
pub fn header(simulator: &Simulator, build: &Build) -> Value {
    let scenario = simulator.space().base();
    json!({
        "grayzone_journal": 1,
        "version": build.version,
        "commit": build.commit,
        "scenario_hash": scenario.hash(),
        "parameters": simulator
            .space()
            .params()
            .iter()
            .map(|p| p.path.clone())
            .collect::<Vec<_>>(),
        "statistics": simulator
            .outcomes()
            .iter()
            .map(|o| o.as_str().to_owned())
            .collect::<Vec<_>>(),
        "seed": simulator.seed(),
        "days": simulator.days(),
        "runs_per_point": simulator.runs_per_point(),
    })
}

/// Reads an earlier journal into `known`; the length of its whole lines.
fn read(
    path: &Path,
    header: &Value,
    statistics: usize,
    known: &mut HashMap<(u64, Vec<u64>), Vec<f64>>,
) -> Result<u64> {
    let io = |e: std::io::Error| Error::Invalid(format!("cannot read {}: {e}", path.display()));
    let mut reader = BufReader::new(File::open(path).map_err(io)?);
    let mut line = String::new();
    let mut length = 0u64;
    let mut number = 0usize;
    loop {
        line.clear();
        let n = reader.read_line(&mut line).map_err(io)?;
        if n == 0 || !line.ends_with('\n') {
            // The end, or a last line a kill cut short: dropped.
            return Ok(length);
        }
        number += 1;
        let bad = |what: &str| {
            Error::Invalid(format!(
                "{}:{number}: {what}; start again without --resume",
                path.display()
            ))
        };
        let value: Value = serde_json::from_str(&line).map_err(|e| bad(&e.to_string()))?;
        if number == 1 {
            if let Some(key) = differs(header, &value) {
                return Err(Error::Invalid(format!(
                    "--resume: {} holds the evaluations of another search ({key} differs: {} there, {} now); start again without --resume, or choose another --out",
                    path.display(),
                    short(&value[key.as_str()]),
                    short(&header[key.as_str()]),
                )));
            }
        } else {
            let first_run = value["first_run"].as_u64();
            let x = words(&value["x"]);
            let stats = words(&value["stats"]).filter(|s| s.len() == statistics);
            match (first_run, x, stats) {
                (Some(r), Some(x), Some(stats)) => {
                    known.insert((r, x), stats.into_iter().map(f64::from_bits).collect());
                }
                _ => return Err(bad("not an evaluation")),
            }
        }
        length += n as u64;
    }
}

/// The first key of `expected` whose value `found` does not share.
fn differs(expected: &Value, found: &Value) -> Option<String> {
    expected
        .as_object()?
        .iter()
        .find(|(k, v)| found.get(k.as_str()) != Some(v))
        .map(|(k, _)| k.clone())
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// The error of a failed write to the journal at `path`.
fn write_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn bits(xs: &[f64]) -> Vec<u64> {
    xs.iter().map(|x| x.to_bits()).collect()
}

fn words(v: &Value) -> Option<Vec<u64>> {
    v.as_array()?.iter().map(Value::as_u64).collect()
}

fn poisoned<T>(_: T) -> Error {
    Error::Invalid("a worker thread panicked during the search".into())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use grayzone_experiments::Silent;

    use super::*;

    /// A model whose statistics are known, counting the points it is asked for.
    #[derive(Default)]
    struct Counting {
        evaluated: AtomicU64,
    }

    impl Model for Counting {
        fn statistics(&self) -> usize {
            2
        }
        fn runs_per_point(&self) -> u64 {
            10
        }
        fn evaluate(
            &self,
            points: &[Vec<f64>],
            first_runs: &[u64],
            _: &dyn Progress,
        ) -> Result<Vec<Vec<f64>>> {
            self.evaluated
                .fetch_add(points.len() as u64, Ordering::Relaxed);
            Ok(points
                .iter()
                .zip(first_runs)
                .map(|(x, &r)| vec![x[0] * 0.1 + r as f64, f64::NAN])
                .collect())
        }
        fn check(
            &self,
            _: &[f64],
            _: Range<u64>,
            _: &dyn Progress,
        ) -> Result<Vec<Option<Interval>>> {
            Ok(vec![None, None])
        }
    }

    fn points(n: usize) -> (Vec<Vec<f64>>, Vec<u64>) {
        let xs = (0..n).map(|i| vec![i as f64 / 3.0]).collect();
        let rs = (0..n as u64).map(|i| i * 10).collect();
        (xs, rs)
    }

    fn same(a: &[Vec<f64>], b: &[Vec<f64>]) -> bool {
        a.iter()
            .flatten()
            .zip(b.iter().flatten())
            .all(|(x, y)| x.to_bits() == y.to_bits())
    }

    #[test]
    fn a_resumed_journal_answers_what_it_holds_and_computes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let header = json!({ "seed": 1 });
        let (xs, rs) = points(150);
        let first = Counting::default();
        let expected = {
            let journal = Journal::open(&first, header.clone(), dir.path(), false).unwrap();
            journal.evaluate(&xs[..100], &rs[..100], &Silent).unwrap();
            first.evaluate(&xs, &rs, &Silent).unwrap()
        };
        // A kill in the middle of a line leaves half of it.
        let path = dir.path().join(FILE);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"first_run\":1000,\"st");
        std::fs::write(&path, text).unwrap();

        let second = Counting::default();
        let journal = Journal::open(&second, header.clone(), dir.path(), true).unwrap();
        let got = journal.evaluate(&xs, &rs, &Silent).unwrap();
        assert!(same(&got, &expected), "the same statistics, NaN included");
        assert_eq!(second.evaluated.load(Ordering::Relaxed), 50);
        assert_eq!(journal.reused(), 100);
        drop(journal);
        let lines = std::fs::read_to_string(&path).unwrap();
        assert_eq!(lines.lines().count(), 151, "header and one line per point");
        assert!(lines.ends_with("]}\n"), "the cut line is gone");

        // Without --resume the journal starts again.
        let third = Counting::default();
        let journal = Journal::open(&third, header, dir.path(), false).unwrap();
        journal.evaluate(&xs[..10], &rs[..10], &Silent).unwrap();
        assert_eq!(third.evaluated.load(Ordering::Relaxed), 10);
    }

    #[test]
    fn another_search_is_not_resumed() {
        let dir = tempfile::tempdir().unwrap();
        let model = Counting::default();
        let (xs, rs) = points(3);
        let journal = Journal::open(&model, json!({ "seed": 1, "days": 90 }), dir.path(), false);
        journal.unwrap().evaluate(&xs, &rs, &Silent).unwrap();
        let Err(e) = Journal::open(&model, json!({ "seed": 1, "days": 30 }), dir.path(), true)
        else {
            panic!("resumed another search");
        };
        let message = e.to_string();
        assert!(e.is_user_error());
        assert!(
            message.contains("days differs: 90 there, 30 now"),
            "{message}"
        );
    }
}
