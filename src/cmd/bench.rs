//! `grayzone bench [SCENARIO] [--runs N] [--days D] [--memory-runs N,...]`
//!
//! What docs/performance.md reports: the simulation's throughput on one thread and on
//! all (through the experiments' runner, as ensembles run), the cost of
//! setting up a world, and the peak memory of whole `grayzone ensemble` processes.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use grayzone_experiments::{History, Runner, Silent};
use grayzone_model::{Detail, Simulation, Theatre};

use crate::error::CliError;
use crate::scenario_arg;

/// Measure throughput, set-up cost and peak memory.
#[derive(clap::Args)]
pub struct Args {
    /// Scenario file (the embedded hormuz-2026 scenario when left out).
    scenario: Option<PathBuf>,
    /// Runs per throughput measurement.
    #[arg(long, default_value_t = 20_000)]
    runs: u64,
    /// Days per run.
    #[arg(long, default_value_t = 365)]
    days: u32,
    /// Threads of the parallel measurement; 0 uses one per core.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Ensemble sizes whose peak memory is measured, each in a child `grayzone ensemble`
    /// process (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "10000,1000000")]
    memory_runs: Vec<u64>,
    /// Skip the memory measurements.
    #[arg(long)]
    no_memory: bool,
    /// Folder for the child ensembles' output (removed afterwards).
    #[arg(long, default_value = "output/bench")]
    scratch: PathBuf,
    /// Print the scale curve instead: for synthetic theatres of each size in
    /// --scale-militias, the entities, the simulation's time per entity-day on one
    /// thread, the set-up of one world, and the peak memory of a whole `grayzone run`.
    #[arg(long)]
    scale: bool,
    /// Militias of the theatres of the scale curve (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "100,1000,10000,100000")]
    scale_militias: Vec<u32>,
    /// Days per run of the scale curve.
    #[arg(long, default_value_t = 10)]
    scale_days: u32,
    /// Print the memory of scenario discovery instead: for each sweep size in
    /// --discover-runs, a child `grayzone sweep` of the flagship over three of its
    /// uncertainties, then the time and peak memory of a child `grayzone discover` over it.
    #[arg(long, conflicts_with = "scale")]
    discover: bool,
    /// Runs of the sweeps of --discover (comma-separated), spread over --discover-points.
    #[arg(long, value_delimiter = ',', default_value = "100000,1000000")]
    discover_runs: Vec<u64>,
    /// Points of the sweeps of --discover.
    #[arg(long, default_value_t = 1000)]
    discover_points: u64,
    /// Days per run of the sweeps of --discover (discovery asks for a collapse within 30).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(30..=100_000))]
    discover_days: u32,
}

pub fn execute(args: Args) -> Result<(), CliError> {
    if args.scale {
        return scale(&args);
    }
    if args.discover {
        return discover(&args);
    }
    let scenario = scenario_arg::load(args.scenario.as_deref())?;
    let theatre = scenario.theatre();
    let seed = scenario.seed();
    let threads = if args.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        args.threads
    };
    println!(
        "{} · {} days per run · {} cores available · load average {}",
        scenario.name(),
        args.days,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load_average()
    );

    let setup = setup_cost(theatre);
    println!(
        "set-up of one world: {:.2} ms (done once per thread, not per run)",
        setup * 1e3
    );

    // A short warm-up so that the first measurement does not pay for page faults.
    throughput(theatre, seed, args.days, args.runs / 20 + 1, 1)?;
    let one = throughput(theatre, seed, args.days, args.runs, 1)?;
    report("1 thread", one, args.runs, args.days);
    let all = throughput(theatre, seed, args.days, args.runs, threads)?;
    report(&format!("{threads} threads"), all, args.runs, args.days);
    println!(
        "parallel efficiency on {threads} threads: {:.0}%",
        100.0 * one / (all * threads as f64)
    );

    let memory_runs = if args.no_memory {
        &[][..]
    } else {
        &args.memory_runs[..]
    };
    for &runs in memory_runs {
        let (seconds, peak) = ensemble_peak(&args, runs)?;
        println!(
            "grayzone ensemble --runs {runs} --days {}: {seconds:.1} s, {:.0} runs/s, peak memory {}",
            args.days,
            runs as f64 / seconds,
            peak.map_or("unknown on this system".into(), |kb| format!(
                "{:.0} MB",
                kb as f64 / 1024.0
            ))
        );
    }
    Ok(())
}

/// The scale curve: how the cost of a simulated day grows with the theatre.
fn scale(args: &Args) -> Result<(), CliError> {
    let days = args.scale_days;
    println!(
        "scale curve · synthetic theatres (5 patrons, 4 hosts) · {days} days per run · one thread · load average {}",
        load_average()
    );
    println!("militias  entities  set-up     per entity-day  peak memory of `grayzone run`");
    std::fs::create_dir_all(&args.scratch)
        .map_err(|e| CliError::Input(format!("error: {}: {e}", args.scratch.display())))?;
    for &militias in &args.scale_militias {
        let scenario = grayzone_scenario::Synthetic {
            patrons: 5,
            militias: militias as usize,
            hosts: 4,
            seed: 1,
            days,
        }
        .scenario()
        .map_err(|d| CliError::Input(d.render()))?;
        let theatre = scenario.theatre();
        let entities = (theatre.actors.len() + theatre.assets.len()) as u64;
        let start = Instant::now();
        std::hint::black_box(Simulation::new(theatre));
        let setup = start.elapsed().as_secs_f64();
        // About four million entity-days a measurement, at least four runs. A
        // measurement includes building the world and the first run's first touch of its
        // memory, which at 100,000 militias is a fifth of a 10-day run: the time of one
        // run is taken away, so the figure is the steady state an ensemble of many runs
        // sees. The median of three measurements: at 100,000 militias a single one moved
        // by a factor of two on a shared VM (memory bandwidth is the neighbours' too).
        let runs = (4_000_000 / (entities * u64::from(days))).max(4);
        let mut per_entity_day = Vec::new();
        for _ in 0..3 {
            let once = throughput(theatre, scenario.seed(), days, 1, 1)?;
            let seconds = throughput(theatre, scenario.seed(), days, runs + 1, 1)? - once;
            per_entity_day.push(seconds.max(0.0) / (runs * entities * u64::from(days)) as f64);
        }
        per_entity_day.sort_by(f64::total_cmp);
        let per = per_entity_day[1];
        let file = args.scratch.join(format!("scale-{militias}.json"));
        grayzone_records::write_atomic(&file, scenario.to_json_string_pretty().as_bytes())?;
        let out = args.scratch.join(format!("scale-{militias}"));
        let _ = std::fs::remove_dir_all(&out);
        let exe = std::env::current_exe()
            .map_err(|e| CliError::Failure(format!("cannot find this program: {e}")))?;
        let mut command = Command::new(exe);
        command
            .arg("run")
            .arg(&file)
            .args(["--days", &days.to_string(), "--out"])
            .arg(&out)
            .stdout(std::process::Stdio::null());
        let (status, peak) = peak::run(&mut command)
            .map_err(|e| CliError::Failure(format!("cannot run the theatre: {e}")))?;
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_file(&file);
        if !status.success() {
            return Err(CliError::Failure(format!(
                "the run of {militias} militias failed ({status})"
            )));
        }
        println!(
            "{militias:>8}  {entities:>8}  {:>7.1} ms  {:>10.0} ns     {}",
            setup * 1e3,
            per * 1e9,
            peak.map_or("unknown".into(), |kb| format!(
                "{:.0} MB",
                kb as f64 / 1024.0
            ))
        );
    }
    Ok(())
}

/// Discovery's memory against the runs it reads: a sweep of each size, then `discover`
/// over it in a child process, its peak memory from the kernel.
fn discover(args: &Args) -> Result<(), CliError> {
    let exe = std::env::current_exe()
        .map_err(|e| CliError::Failure(format!("cannot find this program: {e}")))?;
    let points = args.discover_points.max(1);
    println!(
        "hormuz-2026 · sweeps of {points} points (lhs) over militias' autonomy, IRGC retaliation and linkage · {} days per run · load average {}",
        args.discover_days,
        load_average()
    );
    println!("runs        sweep      discover   peak memory of `grayzone discover`");
    for &runs in &args.discover_runs {
        let per_point = (runs / points).max(1);
        let out = args.scratch.join(format!("discover-{runs}"));
        let _ = std::fs::remove_dir_all(&out);
        let mut sweep = Command::new(&exe);
        sweep
            .args(["sweep", "--design", "lhs"])
            .args(["--param", "militias.*.autonomy=0:1"])
            .args(["--param", "actors.irgc.doctrine.retaliate=0:1"])
            .args(["--param", "network.linkage[0].weight=0:2"])
            .args(["--points", &points.to_string()])
            .args(["--runs-per-point", &per_point.to_string()])
            .args(["--days", &args.discover_days.to_string()])
            .args(["--threads", &args.threads.to_string()])
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null());
        let (swept, _) = measure(&mut sweep, &format!("the sweep of {runs} runs"))?;
        let mut discover = Command::new(&exe);
        discover
            .arg("discover")
            .arg(&out)
            .args(["--where", "collapse_within_30>0.5"])
            .stdout(std::process::Stdio::null());
        let measured = measure(&mut discover, &format!("discover over {runs} runs"));
        let _ = std::fs::remove_dir_all(&out);
        let (found, peak) = measured?;
        println!(
            "{:<10}  {swept:>6.1} s   {found:>6.2} s   {}",
            points * per_point,
            peak.map_or("unknown".into(), |kb| format!(
                "{:.0} MB",
                kb as f64 / 1024.0
            ))
        );
    }
    Ok(())
}

fn setup_cost(theatre: &Theatre) -> f64 {
    let n = 200;
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(Simulation::new(theatre));
    }
    start.elapsed().as_secs_f64() / n as f64
}

/// Seconds to run `runs` histories on `threads` threads through the experiments' runner
/// (one reused world per thread), as ensembles run them.
fn throughput(
    theatre: &Theatre,
    seed: u64,
    days: u32,
    runs: u64,
    threads: usize,
) -> Result<f64, CliError> {
    let runner = Runner::new(threads)?;
    let histories = History::runs(seed, 0..runs, days, Detail::Outcomes);
    let start = Instant::now();
    let strikes = runner.run(
        std::slice::from_ref(theatre),
        &histories,
        &Silent,
        |_, record| record.outcomes.day("strikes"),
    )?;
    let seconds = start.elapsed().as_secs_f64();
    std::hint::black_box(strikes);
    Ok(seconds)
}

fn report(label: &str, seconds: f64, runs: u64, days: u32) {
    let per_second = runs as f64 / seconds;
    println!(
        "{label}: {runs} runs in {seconds:.2} s: {per_second:.0} runs/s, {:.2} M run-days/s, {:.1} us per run",
        per_second * days as f64 / 1e6,
        1e6 / per_second
    );
}

/// Wall time and peak resident memory (kB) of a child `grayzone ensemble`.
fn ensemble_peak(args: &Args, runs: u64) -> Result<(f64, Option<u64>), CliError> {
    let exe = std::env::current_exe()
        .map_err(|e| CliError::Failure(format!("cannot find this program: {e}")))?;
    let out = args.scratch.join(format!("ensemble-{runs}"));
    let _ = std::fs::remove_dir_all(&out);
    let mut command = Command::new(exe);
    command.arg("ensemble");
    if let Some(s) = &args.scenario {
        command.arg(s);
    }
    command
        .args([
            "--runs",
            &runs.to_string(),
            "--days",
            &args.days.to_string(),
        ])
        .args(["--threads", &args.threads.to_string()])
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::null());
    let measured = measure(&mut command, &format!("the ensemble of {runs} runs"));
    let _ = std::fs::remove_dir_all(&out);
    measured
}

/// Runs a child grayzone to its end: its wall time and peak resident memory (kB); `what`
/// names it in errors.
fn measure(command: &mut Command, what: &str) -> Result<(f64, Option<u64>), CliError> {
    let start = Instant::now();
    let (status, peak) =
        peak::run(command).map_err(|e| CliError::Failure(format!("cannot run {what}: {e}")))?;
    let seconds = start.elapsed().as_secs_f64();
    if !status.success() {
        return Err(CliError::Failure(format!("{what} failed ({status})")));
    }
    Ok((seconds, peak))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(unix)]
mod peak {
    use std::io;
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, ExitStatus};

    /// Runs the command to its end; its exit status and peak resident memory in kB.
    #[allow(
        unsafe_code,
        reason = "a child's peak memory comes from wait4's rusage"
    )]
    pub fn run(command: &mut Command) -> io::Result<(ExitStatus, Option<u64>)> {
        let child = command.spawn()?;
        let pid = child.id() as libc::pid_t;
        let mut status = 0;
        // SAFETY: rusage is plain data that wait4 fills in; the pid is our own child,
        // which is reaped here instead of by `Child::wait`.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if waited < 0 {
            return Err(io::Error::last_os_error());
        }
        // ru_maxrss is in kilobytes on Linux.
        Ok((ExitStatus::from_raw(status), Some(usage.ru_maxrss as u64)))
    }
}

#[cfg(not(unix))]
mod peak {
    use std::io;
    use std::process::{Command, ExitStatus};

    #[allow(
        unsafe_code,
        reason = "a child's peak memory comes from wait4's rusage"
    )]
    pub fn run(command: &mut Command) -> io::Result<(ExitStatus, Option<u64>)> {
        Ok((command.status()?, None))
    }
}
