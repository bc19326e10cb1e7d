//! `grayzone generate`

use std::io::Write;
use std::path::PathBuf;

use grayzone_scenario::Synthetic;

use crate::error::CliError;

/// Write a synthetic theatre of any size: patrons hostile to one great power, militias
/// sponsored through a scale-free network, host nations of the power's bases.
#[derive(clap::Args)]
pub struct Args {
    /// States that sponsor militias.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    patrons: u32,
    /// Militias.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    militias: u32,
    /// Host nations of the great power's bases.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    hosts: u32,
    /// Seed of the generator (and the scenario's own seed).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Days the scenario runs.
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    days: u32,
    /// Scenario file to write (standard output when left out).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Generates the theatre and writes it as it is drawn, in bounded memory.
pub fn execute(args: Args) -> Result<(), CliError> {
    // The patrons, militias, hosts and the great power they face.
    let actors = u64::from(args.patrons) + u64::from(args.militias) + u64::from(args.hosts) + 1;
    let max = grayzone_scenario::format::MAX_ACTORS as u64;
    let synthetic = Synthetic {
        patrons: args.patrons as usize,
        militias: args.militias as usize,
        hosts: args.hosts as usize,
        seed: args.seed,
        days: args.days,
    };
    match &args.out {
        Some(path) => {
            grayzone_records::write_atomic_with(path, |file| {
                let mut out = std::io::BufWriter::new(file);
                synthetic
                    .write(&mut out)
                    .and_then(|()| out.flush())
                    .map_err(|source| grayzone_records::Error {
                        path: path.clone(),
                        source,
                    })
            })?;
            println!("wrote {}", path.display());
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            synthetic
                .write(&mut out)
                .and_then(|()| out.flush())
                .map_err(|e| CliError::Failure(format!("error: standard output: {e}")))?;
        }
    }
    if actors > max {
        eprintln!(
            "note: the theatre has {actors} actors with the great power, over the {max} a scenario read by grayzone may hold: `run` and the experiments will refuse it"
        );
    }
    Ok(())
}
