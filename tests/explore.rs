//! `grayzone explore` end to end, in a real browser driven through WebDriver (Debian's
//! chromium and chromium-driver): the page loads, a slider is moved with the keyboard, the
//! charts and numbers are redrawn, and the numbers are those `grayzone ensemble` gives at
//! the new point.

#![allow(
    clippy::print_stderr,
    reason = "the measured slider-to-chart time is printed for the record of a run"
)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod common;

/// A child process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A WebDriver session: JSON over HTTP to chromedriver.
struct Driver {
    base: String,
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let request = ureq::request(method, &url);
        let response = match body {
            Some(b) => request.send_json(b),
            None => request.call(),
        };
        match response {
            Ok(r) => r.into_json::<Value>().unwrap()["value"].clone(),
            Err(ureq::Error::Status(code, r)) => {
                panic!(
                    "{method} {path}: {code} {}",
                    r.into_string().unwrap_or_default()
                )
            }
            Err(e) => panic!("{method} {path}: {e}"),
        }
    }

    fn script(&self, session: &str, script: &str) -> Value {
        self.call(
            "POST",
            &format!("/session/{session}/execute/sync"),
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Waits until `script` returns something other than null.
    fn until(&self, session: &str, script: &str) -> Value {
        let start = Instant::now();
        loop {
            let v = self.script(session, script);
            if !v.is_null() {
                return v;
            }
            assert!(
                start.elapsed() < Duration::from_secs(90),
                "timed out waiting for {script}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The page's probabilities table: outcome -> count of runs.
const COUNTS: &str = "const rows = document.querySelectorAll('tr.row'); \
     if (document.body.dataset.ready !== '1' || rows.length === 0) return null; \
     const out = {point: document.body.dataset.point, ms: Number(document.body.dataset.ms), counts: {}}; \
     rows.forEach(r => out.counts[r.dataset.outcome] = Number(r.dataset.count)); return out;";

#[test]
fn a_slider_reruns_the_histories_and_the_page_shows_what_an_ensemble_gives() {
    let (Some(browser), Some(chromedriver)) =
        (common::chromium(), common::on_path(&["chromedriver"]))
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no chromium and chromedriver on the PATH: CI must install them (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipped: no chromium and chromedriver on this machine");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    const PARAM: &str = "militias.kataib_hezbollah.autonomy";
    const RUNS: &str = "1000";

    let mut explore = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args([
            "explore",
            "--param",
            &format!("{PARAM}=0:1"),
            "--runs",
            RUNS,
            "--port",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(explore.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _explore = Killed(explore);
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();

    let port = free_port();
    let _driver = Killed(
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let driver = Driver {
        base: format!("http://127.0.0.1:{port}"),
    };
    let start = Instant::now();
    while ureq::get(&format!("{}/status", driver.base))
        .call()
        .is_err()
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = dir.path().join("profile");
    let session = driver.call(
        "POST",
        "/session",
        Some(json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": browser,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", format!("--user-data-dir={}", profile.display())],
        }}}})),
    )["sessionId"]
        .as_str()
        .unwrap()
        .to_owned();
    driver.call(
        "POST",
        &format!("/session/{session}/url"),
        Some(json!({"url": url})),
    );
    let first = driver.until(&session, COUNTS);
    assert_eq!(first["point"], "0.5");

    // Move the slider to its end with the keyboard, as a user would.
    let slider = driver.call(
        "POST",
        &format!("/session/{session}/element"),
        Some(json!({"using": "css selector", "value": "#p0"})),
    );
    let element = slider
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .unwrap()
        .to_owned();
    driver.call(
        "POST",
        &format!("/session/{session}/element/{element}/value"),
        Some(json!({"text": "\u{E010}"})),
    );
    let moved = driver.until(
        &session,
        &COUNTS.replace("return out;", "return out.point === '1' ? out : null;"),
    );
    eprintln!(
        "slider released to redrawn chart: {} ms ({RUNS} histories of the flagship)",
        moved["ms"]
    );
    driver.call("DELETE", &format!("/session/{session}"), None);
    assert_ne!(
        first["counts"], moved["counts"],
        "the numbers did not change"
    );

    // The same point through `grayzone ensemble`: the scenario with the parameter set.
    let scenario = grayzone_scenario::Scenario::from_path(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/hormuz-2026.json"),
    )
    .unwrap();
    let at_end = scenario
        .with_params(&[(grayzone_scenario::ParamPath::parse(PARAM).unwrap(), 1.0)])
        .unwrap();
    let file = dir.path().join("at-end.json");
    std::fs::write(&file, at_end.to_json_string_pretty()).unwrap();
    let out = dir.path().join("ensemble");
    let o = common::grayzone(&[
        "ensemble",
        file.to_str().unwrap(),
        "--runs",
        RUNS,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let expected: serde_json::Map<String, Value> = summary["probabilities"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v["count"].clone()))
        .collect();
    assert_eq!(moved["counts"], Value::Object(expected));
}
