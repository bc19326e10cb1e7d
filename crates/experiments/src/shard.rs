//! Shards: one slice of an experiment's chunks, for job arrays on a cluster.
//!
//! Shard `i` of `n` runs a contiguous block of chunks: chunks `⌊i·C/n⌋ .. ⌊(i+1)·C/n⌋`
//! of the experiment's `C`. Blocks depend only on `i`, `n` and `C`, so shards can run in
//! any order, on any machines, and `merge` finds every chunk exactly once.

use std::ops::Range;

use crate::error::{Error, Result};

/// One slice of an experiment: shard `index` (from 0) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// The whole experiment as one shard.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Shard `index` of `count`; `index` counts from 0.
    pub fn new(index: u64, count: u64) -> Result<Shard> {
        if count == 0 {
            return Err(Error::Invalid("--shards must be at least 1".into()));
        }
        if index >= count {
            return Err(Error::Invalid(format!(
                "--shard {index} is out of range: shards count from 0 to {} for --shards {count}",
                count - 1
            )));
        }
        Ok(Shard { index, count })
    }

    /// The shard given on the command line, or else by the batch system's environment
    /// (see [`Shard::resolve_with_source`]).
    pub fn resolve(
        shard: Option<u64>,
        shards: Option<u64>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Shard> {
        Shard::resolve_with_source(shard, shards, env).map(|(s, _)| s)
    }

    /// The shard given on the command line, or else by the batch system's environment,
    /// and where it came from: a Slurm job array (`SLURM_ARRAY_TASK_ID` and
    /// `SLURM_ARRAY_TASK_COUNT`, counted from `SLURM_ARRAY_TASK_MIN` in steps of
    /// `SLURM_ARRAY_TASK_STEP`, so `--array=0-3`, `--array=1-4` and `--array=0-6:2` all
    /// work), or Kubernetes' `JOB_COMPLETION_INDEX` with `GRAYZONE_SHARDS`. With none of
    /// these, the whole experiment. `env` looks a variable up (`std::env::var(..).ok()`
    /// in the program, a table in tests).
    pub fn resolve_with_source(
        shard: Option<u64>,
        shards: Option<u64>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<(Shard, ShardSource)> {
        match (shard, shards) {
            (Some(i), Some(n)) => return Ok((Shard::new(i, n)?, ShardSource::Flags)),
            (None, None) => {}
            _ => {
                return Err(Error::Invalid(
                    "--shard and --shards go together: --shard I --shards N runs slice I (from 0) of N".into(),
                ));
            }
        }
        let number =
            |name: &str| -> Result<Option<u64>> {
                match env(name) {
                    None => Ok(None),
                    Some(text) => text.trim().parse().map(Some).map_err(|_| {
                        Error::Invalid(format!("{name}={text:?} is not a whole number"))
                    }),
                }
            };
        if let Some(task) = number("SLURM_ARRAY_TASK_ID")? {
            let index = slurm_index(task, &number)?;
            let count = number("SLURM_ARRAY_TASK_COUNT")?.ok_or_else(|| {
                Error::Invalid(
                    "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not".into(),
                )
            })?;
            let shard = Shard::new(index, count).map_err(|_| {
                Error::Invalid(format!(
                    "SLURM_ARRAY_TASK_ID={task} is task {index} (from 0) of the array, but \
                     SLURM_ARRAY_TASK_COUNT={count} says it has {count} tasks"
                ))
            })?;
            return Ok((shard, ShardSource::Slurm { task }));
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = number("GRAYZONE_SHARDS")?.ok_or_else(|| {
                Error::Invalid(
                    "JOB_COMPLETION_INDEX is set but GRAYZONE_SHARDS is not: set it to the job's completions".into(),
                )
            })?;
            let shard = Shard::new(index, count).map_err(|_| {
                Error::Invalid(format!(
                    "JOB_COMPLETION_INDEX={index} is out of range for GRAYZONE_SHARDS={count}: \
                     indices count from 0 to {}",
                    count.saturating_sub(1)
                ))
            })?;
            return Ok((shard, ShardSource::Kubernetes));
        }
        Ok((Shard::WHOLE, ShardSource::Whole))
    }

    /// The shard's index, from 0.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// The number of shards.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Whether this is the whole experiment.
    pub fn is_whole(&self) -> bool {
        self.count == 1
    }

    /// The chunks of this shard among `chunks`.
    pub fn chunks(&self, chunks: u64) -> Range<u64> {
        let at = |i: u64| ((u128::from(i) * u128::from(chunks)) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }
}

/// Where a shard came from, for what is printed about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardSource {
    /// No slicing: the whole experiment.
    Whole,
    /// `--shard I --shards N`.
    Flags,
    /// A Slurm array task, with its `SLURM_ARRAY_TASK_ID`.
    Slurm {
        /// The task's id as Slurm numbers it.
        task: u64,
    },
    /// A Kubernetes indexed job (`JOB_COMPLETION_INDEX`).
    Kubernetes,
}

/// The index (from 0) of Slurm array task `task`: tasks are numbered from
/// `SLURM_ARRAY_TASK_MIN` in steps of `SLURM_ARRAY_TASK_STEP` (`--array=0-6:2` makes
/// tasks 0, 2, 4 and 6: shards 0 to 3).
fn slurm_index(task: u64, number: &dyn Fn(&str) -> Result<Option<u64>>) -> Result<u64> {
    let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
    let step = number("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1);
    if step == 0 {
        return Err(Error::Invalid(
            "SLURM_ARRAY_TASK_STEP=0: an array's step is at least 1".into(),
        ));
    }
    let offset = task.checked_sub(min).ok_or_else(|| {
        Error::Invalid(format!(
            "SLURM_ARRAY_TASK_ID={task} is below SLURM_ARRAY_TASK_MIN={min}"
        ))
    })?;
    if !offset.is_multiple_of(step) {
        return Err(Error::Invalid(format!(
            "SLURM_ARRAY_TASK_ID={task} is not SLURM_ARRAY_TASK_MIN={min} plus a multiple of \
             SLURM_ARRAY_TASK_STEP={step}: an array of uneven ids (--array=1,4,9) cannot tell \
             its tasks' shards; use a range with a step, or --shard I --shards N"
        )));
    }
    Ok(offset / step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn shards_split_chunks_into_contiguous_blocks_covering_all() {
        for chunks in [0, 1, 2, 7, 10, 11] {
            for count in 1..6 {
                let mut next = 0;
                for index in 0..count {
                    let r = Shard::new(index, count).unwrap().chunks(chunks);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, chunks);
            }
        }
    }

    #[test]
    fn flags_win_over_the_environment() {
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        assert_eq!(
            Shard::resolve(Some(1), Some(3), &slurm).unwrap(),
            Shard::new(1, 3).unwrap()
        );
        assert_eq!(
            Shard::resolve(None, None, &slurm).unwrap(),
            Shard::new(2, 4).unwrap()
        );
        assert_eq!(Shard::resolve(None, None, env(&[])).unwrap(), Shard::WHOLE);
    }

    #[test]
    fn slurm_arrays_may_start_at_one_and_kubernetes_needs_a_count() {
        let from_one = env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]);
        assert_eq!(
            Shard::resolve(None, None, from_one).unwrap(),
            Shard::new(3, 4).unwrap()
        );
        let k8s = env(&[("JOB_COMPLETION_INDEX", "0"), ("GRAYZONE_SHARDS", "5")]);
        assert_eq!(
            Shard::resolve(None, None, k8s).unwrap(),
            Shard::new(0, 5).unwrap()
        );
        let e = Shard::resolve(None, None, env(&[("JOB_COMPLETION_INDEX", "0")])).unwrap_err();
        assert!(e.to_string().contains("GRAYZONE_SHARDS"));
    }

    #[test]
    fn slurm_arrays_with_a_step_give_consecutive_shards() {
        let shards: Vec<u64> = [0, 2, 4, 6]
            .iter()
            .map(|task| {
                let id = task.to_string();
                let table = [
                    ("SLURM_ARRAY_TASK_ID", id.as_str()),
                    ("SLURM_ARRAY_TASK_COUNT", "4"),
                    ("SLURM_ARRAY_TASK_MIN", "0"),
                    ("SLURM_ARRAY_TASK_MAX", "6"),
                    ("SLURM_ARRAY_TASK_STEP", "2"),
                ];
                let vars = env(&table);
                let (shard, source) = Shard::resolve_with_source(None, None, vars).unwrap();
                assert_eq!(source, ShardSource::Slurm { task: *task });
                assert_eq!(shard.count(), 4);
                shard.index()
            })
            .collect();
        assert_eq!(shards, [0, 1, 2, 3]);
        let uneven = env(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
        ]);
        let e = Shard::resolve(None, None, uneven).unwrap_err().to_string();
        assert!(e.contains("SLURM_ARRAY_TASK_STEP=2"), "{e}");
        let beyond = env(&[
            ("SLURM_ARRAY_TASK_ID", "8"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
        ]);
        let e = Shard::resolve(None, None, beyond).unwrap_err().to_string();
        assert!(
            e.contains("SLURM_ARRAY_TASK_ID=8") && e.contains("SLURM_ARRAY_TASK_COUNT=4"),
            "{e}"
        );
    }

    #[test]
    fn bad_shards_are_explained() {
        assert!(
            Shard::resolve(Some(3), Some(3), env(&[]))
                .unwrap_err()
                .to_string()
                .contains("from 0 to 2")
        );
        assert!(Shard::resolve(Some(0), None, env(&[])).is_err());
        assert!(Shard::resolve(None, Some(0), env(&[])).is_err());
        assert!(Shard::resolve(None, None, env(&[("SLURM_ARRAY_TASK_ID", "x")])).is_err());
    }
}
