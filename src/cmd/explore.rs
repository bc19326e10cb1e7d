//! `grayzone explore [SCENARIO] --param PATH=LO:HI ... [--runs N] [--port P]`

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use grayzone_experiments::{ParamRange, Runner};
use grayzone_scenario::{ParamPath, Scenario};
use serde_json::{Value, json};

use crate::error::CliError;
use crate::scenario_arg;

/// The page: sliders, the escalation fan, the survival curve and the headline
/// probabilities, drawn in the browser from the server's numbers; it loads nothing else.
const PAGE: &str = include_str!("explore.html");

/// Explore a scenario live: a local page with a slider per parameter that reruns the
/// histories at the new point and redraws.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (the embedded hormuz-2026 scenario when left out).
    scenario: Option<PathBuf>,
    /// A parameter to move, PATH=LO:HI (repeat for several).
    #[arg(long = "param", value_name = "PATH=LO:HI", required = true)]
    params: Vec<String>,
    /// Histories at each point.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    runs: u64,
    /// Port on 127.0.0.1 (0: any free one).
    #[arg(long, default_value_t = 8050)]
    port: u16,
}

/// Serves the page until interrupted.
pub fn execute(args: Args) -> Result<(), CliError> {
    let ranges = args
        .params
        .iter()
        .map(|p| p.parse::<ParamRange>())
        .collect::<Result<Vec<_>, _>>()?;
    let scenario = scenario_arg::load(args.scenario.as_deref())?;
    let paths = ranges
        .iter()
        .map(|r| {
            ParamPath::parse(&r.path)
                .map_err(|e| CliError::Input(format!("error: --param {}: {e}", r.path)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    // The starting point: each parameter's middle. Checked here, so that a path the
    // scenario lacks is refused before the server starts.
    let start: Vec<f64> = ranges.iter().map(|r| (r.lo + r.hi) / 2.0).collect();
    point(&scenario, &paths, &start)?;
    let config = json!({
        "scenario": scenario.name(),
        "runs": args.runs,
        "params": ranges.iter().zip(&start).map(|(r, v)| json!({"path": r.path, "lo": r.lo, "hi": r.hi, "value": v})).collect::<Vec<_>>(),
    });
    let page = PAGE.replace("/*CONFIG*/null", &config.to_string());
    let server = tiny_http::Server::http(("127.0.0.1", args.port)).map_err(|e| {
        CliError::Input(format!(
            "error: cannot listen on 127.0.0.1:{}: {e}",
            args.port
        ))
    })?;
    let address = server
        .server_addr()
        .to_ip()
        .map_or_else(|| "127.0.0.1".to_owned(), |a| a.to_string());
    println!("grayzone explore: http://{address}/ (interrupt to stop)");
    let shared = Arc::new(Shared {
        scenario,
        paths,
        runs: args.runs,
        latest: AtomicU64::new(0),
        runner: Runner::new(0)?,
        page,
    });
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        // A run takes every core for a while: each request has its own thread, so that a
        // newer point can be heard and the older one stopped.
        std::thread::spawn(move || shared.answer(request));
    }
    Ok(())
}

struct Shared {
    scenario: Scenario,
    paths: Vec<ParamPath>,
    runs: u64,
    /// The id of the newest point asked for; an older one stops at its next chunk.
    latest: AtomicU64,
    runner: Runner,
    page: String,
}

fn point(scenario: &Scenario, paths: &[ParamPath], values: &[f64]) -> Result<Scenario, CliError> {
    let set: Vec<(ParamPath, f64)> = paths.iter().cloned().zip(values.iter().copied()).collect();
    Ok(scenario.with_params(&set)?)
}

impl Shared {
    fn answer(&self, request: tiny_http::Request) {
        let url = request.url().to_owned();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let (status, kind, body) = match path {
            "/" => (200, "text/html; charset=utf-8", self.page.clone()),
            "/run" => match self.run(query) {
                Ok(Some(v)) => (200, "application/json", v.to_string()),
                Ok(None) => (409, "text/plain", "superseded by a newer point".to_owned()),
                Err(e) => (400, "text/plain", e),
            },
            _ => (404, "text/plain", "not found".to_owned()),
        };
        let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], kind.as_bytes());
        let mut response = tiny_http::Response::from_string(body).with_status_code(status);
        if let Ok(h) = header {
            response = response.with_header(h);
        }
        // The browser may have gone: nothing to tell it then.
        let _ = request.respond(response);
    }

    /// The histories at the point `query` names (`id=N&v=a,b,...`).
    fn run(&self, query: &str) -> Result<Option<Value>, String> {
        let field = |name: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
        };
        let id: u64 = field("id")
            .and_then(|v| v.parse().ok())
            .ok_or("id= is missing")?;
        let values: Vec<f64> = field("v")
            .ok_or("v= is missing")?
            .split(',')
            .map(|v| v.parse::<f64>().map_err(|e| format!("v: {e}")))
            .collect::<Result<_, _>>()?;
        if values.len() != self.paths.len() {
            return Err(format!(
                "{} values for {} parameters",
                values.len(),
                self.paths.len()
            ));
        }
        self.latest.fetch_max(id, Ordering::SeqCst);
        let scenario = point(&self.scenario, &self.paths, &values).map_err(|e| e.to_string())?;
        let superseded = || self.latest.load(Ordering::SeqCst) > id;
        let explored = grayzone_experiments::explore(
            &self.runner,
            scenario.theatre(),
            (scenario.seed(), scenario.days(), self.runs),
            &superseded,
        )
        .map_err(|e| e.to_string())?;
        Ok(explored.map(|e| {
            let fan: Vec<Value> = (e.days.iter())
                .map(|d| {
                    let q = |q| grayzone_reports::spread_quantile(&d.rung_share, q);
                    json!([d.day, q(0.05), q(0.25), q(0.5), q(0.75), q(0.95)])
                })
                .collect();
            json!({
                "id": id,
                "values": values,
                "runs": self.runs,
                "days": scenario.days(),
                "probabilities": e.summary["probabilities"],
                "fan": fan,
                "survival": e.survival,
            })
        }))
    }
}
