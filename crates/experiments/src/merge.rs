//! Joining the shards of an experiment: the folders' chunks gathered into one folder,
//! from which the tables are assembled as if one machine had run everything.

use std::path::{Path, PathBuf};

use crate::assemble::ranges;
use crate::error::{Error, Result};
use crate::plan::Manifest;
use crate::store::ExperimentDir;

/// Gathers the chunks of the experiment folders `dirs` into `out` (which may be one of
/// them), after checking that they hold the same experiment and together every chunk.
/// Returns the merged folder and its manifest, ready for [`crate::assemble`].
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<(ExperimentDir, Manifest)> {
    let Some((first, rest)) = dirs.split_first() else {
        return Err(Error::Invalid(
            "merge needs at least one experiment folder".into(),
        ));
    };
    let (first_dir, manifest) = ExperimentDir::open(first)?;
    let mut sources = vec![first_dir];
    for path in rest {
        let (dir, other) = ExperimentDir::open(path)?;
        let differences = manifest.differences(
            &other,
            &first.display().to_string(),
            &path.display().to_string(),
        );
        if !differences.is_empty() {
            return Err(Error::Mismatch {
                dir: path.clone(),
                differences,
            });
        }
        sources.push(dir);
    }

    // Where each chunk comes from: the first folder that has it finished.
    let finished: Vec<_> = sources
        .iter()
        .map(ExperimentDir::finished_chunks)
        .collect::<Result<_>>()?;
    let mut origin = Vec::with_capacity(manifest.chunks() as usize);
    let mut missing = Vec::new();
    for c in 0..manifest.chunks() {
        match finished.iter().position(|f| f.contains(&c)) {
            Some(i) => origin.push((c, i)),
            None => missing.push(c),
        }
    }
    if !missing.is_empty() {
        return Err(Error::Incomplete {
            dir: out.to_path_buf(),
            what: format!(
                "{} of {} chunks are in none of the folders ({}): has every shard finished?",
                missing.len(),
                manifest.chunks(),
                ranges(&missing)
            ),
        });
    }

    let target = ExperimentDir::prepare(out, &manifest, true, 0..0)?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    let already = target.finished_chunks()?;
    for (c, i) in origin {
        let source = &sources[i];
        if !same(source.path(), target.path()) && !already.contains(&c) {
            target.copy_chunk_from(source, &manifest, c)?;
        }
    }
    Ok((target, manifest))
}
