//! `grayzone report` end to end: one self-contained page per experiment (or several
//! compared), which a real browser opens with no console error and no request, and whose
//! charts are drawn.

#![allow(
    clippy::print_stderr,
    reason = "a machine without a browser is told that the browser check was skipped"
)]

use std::path::Path;
use std::process::Command;

mod common;
use common::{chromium, grayzone_in, stderr};

fn ok_in(args: &[&str], dir: &Path) {
    let o = grayzone_in(args, dir);
    assert!(o.status.success(), "grayzone {args:?}: {}", stderr(&o));
}

/// The screenshot's pixels that are not (nearly) white, as a share of its rows
/// `rows` (a range of fractions of the height).
fn inked(png: &Path, rows: std::ops::Range<f64>) -> f64 {
    let decoder = png::Decoder::new(std::fs::File::open(png).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let (from, to) = (
        (rows.start * h as f64) as usize,
        (rows.end * h as f64) as usize,
    );
    let mut ink = 0usize;
    for y in from..to {
        for x in 0..w {
            let p = &buf[(y * w + x) * channels..][..3];
            if p.iter().any(|&c| c < 200) {
                ink += 1;
            }
        }
    }
    ink as f64 / ((to - from) * w) as f64
}

#[test]
fn a_report_is_one_self_contained_page_a_browser_draws() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    ok_in(
        &["ensemble", "--runs", "300", "--days", "40", "--out", "ens"],
        at,
    );
    ok_in(
        &[
            "sweep",
            "--param",
            "militias.kataib_hezbollah.autonomy=0:1:3",
            "--param",
            "actors.us.attribution.policy=0:1:3",
            "--runs-per-point",
            "40",
            "--days",
            "40",
            "--out",
            "sweep",
        ],
        at,
    );
    ok_in(&["report", "ens"], at);
    ok_in(&["report", "ens", "sweep", "--out", "compared.html"], at);

    let page = std::fs::read_to_string(at.join("ens/report.html")).unwrap();
    // Nothing that could load from anywhere: no script, link, source, import or url().
    for banned in ["<script", " src=", " href=", "@import", "url(", "<link"] {
        assert!(!page.contains(banned), "the page has {banned:?}");
    }
    assert!(
        page.contains("default-src 'none'"),
        "no content security policy"
    );
    let charts = std::fs::read_dir(at.join("ens"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "svg")
        })
        .count();
    assert_eq!(
        page.matches("<figure").count(),
        charts,
        "every chart inline"
    );
    for text in [
        "Wilson",
        "Kaplan–Meier",
        "scenario_hash",
        "ceasefire_collapse_within_30_days",
    ] {
        assert!(page.contains(text), "the page lacks {text:?}");
    }
    // The shipped scenario with a shorter horizon: the one difference is listed.
    assert!(page.contains("Scenario against the shipped hormuz-2026"));
    // Listed in the manifest, so that --force may remove it.
    let manifest = std::fs::read_to_string(at.join("ens/manifest.json")).unwrap();
    assert!(manifest.contains("report.html"));
    let compared = std::fs::read_to_string(at.join("compared.html")).unwrap();
    assert!(compared.contains("<h2>Comparison</h2>") && compared.contains("sweep"));

    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no chromium on the PATH: CI must install it (apt-get install chromium)"
        );
        eprintln!("skipped the browser check: no chromium on this machine");
        return;
    };
    let shot = at.join("shot.png");
    let profile = at.join("profile");
    let o = Command::new("timeout")
        .arg("120")
        .arg(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", at.join("ens/report.html").display()))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "chromium failed: {log}");
    // Console messages (a blocked request is one) are logged as CONSOLE lines.
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    // The tables at the top and the charts below are drawn: ink in both halves.
    let top = inked(&shot, 0.0..0.3);
    let charts = inked(&shot, 0.45..1.0);
    assert!(
        top > 0.01 && charts > 0.02,
        "blank page? ink {top:.3} at the top, {charts:.3} below"
    );
}
