//! Every chart renders a realistic input to PNG and SVG, and odd input never panics.

mod fixtures;

use std::path::Path;

use grayzone_charts::*;

/// Writes the chart into a fresh folder and checks both files: PNG of the right size,
/// SVG holding every expected text (which proves the embedded font drew it), and no
/// temporary file left behind.
fn check(chart: &impl Chart, size: (u32, u32), texts: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let written = chart.write(&dir.path().join("chart")).unwrap();
    assert_eq!(written.png, dir.path().join("chart.png"));
    assert_eq!(written.svg, dir.path().join("chart.svg"));

    let decoder = png::Decoder::new(std::fs::File::open(&written.png).unwrap());
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), size);

    let svg = std::fs::read_to_string(&written.svg).unwrap();
    assert!(svg.starts_with("<svg"), "not an SVG document");
    for text in texts {
        assert!(svg.contains(&escape(text)), "SVG lacks the text {text:?}");
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["chart.png", "chart.svg"]);
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const STANDARD: (u32, u32) = (1600, 900);

/// Renders both formats in memory: the chart is valid, whatever it shows.
fn renders(chart: &impl Chart) {
    let svg = chart.to_svg().unwrap();
    assert!(svg.starts_with("<svg"));
    let png = chart.to_png().unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

fn is_empty_error<T: std::fmt::Debug>(result: Result<T>) -> bool {
    matches!(result, Err(Error::Empty { .. }))
}

fn is_invalid_error<T: std::fmt::Debug>(result: Result<T>) -> bool {
    matches!(result, Err(Error::Invalid { .. }))
}

// ---------------------------------------------------------------------------------------
// Realistic inputs

#[test]
fn escalation_chart() {
    check(
        &fixtures::escalation(),
        STANDARD,
        &[
            "Escalation in run 412",
            "hormuz-2026 · seed 7",
            "United States – Iran",
            "Israel – Hezbollah",
            "day 1: vessel struck",
            "day 12: ceasefire collapsed",
            "day 31: re-mediation",
            "3 direct limited exchange",
            "5 full-scale state war",
            "Goldstein intensity per day",
        ],
    );
}

#[test]
fn fan_charts() {
    check(
        &fixtures::fan_rungs(),
        STANDARD,
        &[
            "Escalation across 10,000 histories",
            "United States – Iran",
            "median",
            "middle 90% of runs",
            "0 truce holding",
        ],
    );
    check(
        &fixtures::fan_intensity(),
        STANDARD,
        &[
            "Daily Goldstein intensity",
            "Goldstein intensity per day",
            "middle 50% of runs",
            "day",
        ],
    );
}

#[test]
fn survival_chart() {
    check(
        &fixtures::survival(),
        STANDARD,
        &[
            "How long the ceasefire holds",
            "share of histories with the ceasefire standing",
            "Kaplan–Meier estimate",
            "95% confidence band",
            "histories censored",
            "at risk",
            "10,000",
        ],
    );
}

#[test]
fn rung_shares_chart() {
    check(
        &fixtures::rung_shares(),
        STANDARD,
        &[
            "Where the histories stand",
            "0 truce holding",
            "4 regional war",
            "share of runs",
            "100%",
        ],
    );
}

#[test]
fn histogram_chart() {
    check(
        &fixtures::histogram(),
        STANDARD,
        &[
            "Cost-exchange ratio across runs",
            "median: ",
            "runs",
            "Not shown: 1 not finite, 1 zero or negative",
        ],
    );
}

#[test]
fn line_band_chart() {
    check(
        &fixtures::line_band(),
        STANDARD,
        &[
            "Mediator leverage and the risk of collapse",
            "hormuz-2026",
            "red-sea-2026",
            "95% interval",
            "P(ceasefire collapses within 30 days)",
        ],
    );
}

#[test]
fn heatmap_chart() {
    check(
        &fixtures::heatmap(),
        STANDARD,
        &[
            "Collapse risk by leverage and proxy funding",
            "P(collapse within 30 days)",
            "proxy funding ($bn per year)",
            "0.99",
        ],
    );
}

#[test]
fn heatmap_prints_values_only_on_small_grids() {
    let mut big = fixtures::heatmap();
    big.x_values = (0..20).map(f64::from).collect();
    big.values = big
        .y_values
        .iter()
        .map(|y| (0..20).map(|x| f64::from(x) * 0.01 + y * 0.001).collect())
        .collect();
    let svg = big.to_svg().unwrap();
    assert!(
        !svg.contains(">0.19<"),
        "a 20-column grid should not print its values"
    );
}

#[test]
fn small_multiples_chart() {
    check(
        &fixtures::small_multiples(),
        STANDARD,
        &[
            "Collapse risk against each parameter",
            "mediator leverage (0–1)",
            "signal noise (σ)",
            "estimate",
        ],
    );
}

#[test]
fn sobol_chart() {
    let input = fixtures::sobol();
    check(
        &input,
        STANDARD,
        &[
            "What drives the collapse",
            "total ST",
            "first-order S1",
            "95% interval",
            "averaged over 20 runs per point",
            "mediator leverage",
        ],
    );
}

#[test]
fn morris_chart() {
    check(
        &fixtures::morris(),
        STANDARD,
        &[
            "Screening of 10 parameters",
            "oil price shock",
            "cyber capacity",
            "liwa_fatemiyoun",
            "hezbollah",
            "interval of μ*",
            "σ = μ*",
            "μ*, mean absolute elementary effect",
        ],
    );
}

#[test]
fn posterior_charts() {
    let input = fixtures::posterior();
    check(
        &input,
        STANDARD,
        &[
            "Posterior of the hormuz-2026 calibration",
            "mediator leverage (0–1)",
            "median",
            "90% interval",
            "true value",
            "accepted samples",
        ],
    );
    check(
        &Pairs(&input),
        (1600, 1600),
        &[
            "Posterior of the hormuz-2026 calibration",
            "naval presence (ships)",
            "signal noise (σ)",
            "true value",
        ],
    );
}

#[test]
fn trace_chart() {
    check(
        &fixtures::trace(),
        STANDARD,
        &[
            "Calibration of the hormuz-2026 scenario",
            "generation",
            "best of the generation",
            "best so far",
            "mean of the generation",
            "breaks a constraint",
            "loss (squared error",
        ],
    );
}

#[test]
fn chart_functions_write_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let stem = dir.path().join("hormuz-2026.v2");
    let written = trace(&fixtures::trace(), &stem).unwrap();
    assert!(
        written.png.ends_with("hormuz-2026.v2.png"),
        "a dotted stem keeps its dots"
    );
    assert!(written.svg.exists() && written.png.exists());
    // Overwriting an existing chart works and leaves nothing else behind.
    trace(&fixtures::trace(), &stem).unwrap();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn every_chart_function_writes() {
    let dir = tempfile::tempdir().unwrap();
    let stem = |name: &str| dir.path().join(name);
    escalation(&fixtures::escalation(), &stem("a")).unwrap();
    fan(&fixtures::fan_rungs(), &stem("b")).unwrap();
    survival(&fixtures::survival(), &stem("c")).unwrap();
    rung_shares(&fixtures::rung_shares(), &stem("d")).unwrap();
    histogram(&fixtures::histogram(), &stem("e")).unwrap();
    line_band(&fixtures::line_band(), &stem("f")).unwrap();
    heatmap(&fixtures::heatmap(), &stem("g")).unwrap();
    small_multiples(&fixtures::small_multiples(), &stem("h")).unwrap();
    sobol_bars(&fixtures::sobol(), &stem("i")).unwrap();
    morris(&fixtures::morris(), &stem("j")).unwrap();
    posterior(&fixtures::posterior(), &stem("k")).unwrap();
    pairs(&fixtures::posterior(), &stem("l")).unwrap();
    trace(&fixtures::trace(), &stem("m")).unwrap();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 26);
}

#[test]
fn a_missing_folder_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let result = trace(&fixtures::trace(), &dir.path().join("absent/chart"));
    assert!(matches!(result, Err(Error::Io { .. })), "{result:?}");
}

#[test]
fn bad_input_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let result = trace(&TraceInput::default(), &dir.path().join("chart"));
    assert!(is_empty_error(result));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    assert!(is_invalid_error(trace(&fixtures::trace(), Path::new("/"))));
}

#[test]
fn errors_read_well() {
    let err = TraceInput::default().to_svg().unwrap_err();
    assert_eq!(
        err.to_string(),
        "trace chart: nothing to draw: no finite objective value"
    );
}

// ---------------------------------------------------------------------------------------
// Degenerate inputs: a clean error or a valid chart, never a panic.

#[test]
fn escalation_degenerate() {
    assert!(is_empty_error(EscalationInput::default().to_svg()));
    let mut input = fixtures::escalation();
    input.dyads[0].rungs[3] = 6;
    assert!(is_invalid_error(input.to_svg()));

    let one_day = EscalationInput {
        dyads: vec![DyadHistory {
            label: "A – B".into(),
            rungs: vec![2],
            intensity: vec![f64::NAN],
        }],
        ..Default::default()
    };
    renders(&one_day);
    let flat = EscalationInput {
        title: "flat".into(),
        dyads: vec![
            DyadHistory {
                label: "A – B".into(),
                rungs: vec![1; 30],
                intensity: vec![-3.0; 30],
            },
            DyadHistory {
                label: "C – D".into(),
                rungs: vec![1; 30],
                intensity: vec![],
            },
        ],
        // Events past the last day, on the same day, and at day 0.
        collapse_days: vec![0],
        remediation_days: vec![0, 45],
        shocks: vec![DayMarker {
            day: 0,
            label: "x".into(),
        }],
        ..Default::default()
    };
    renders(&flat);
}

#[test]
fn fan_degenerate() {
    assert!(is_empty_error(FanInput::default().to_svg()));
    let day = |day, v: f64| FanDay {
        day,
        p05: v,
        p25: v,
        median: v,
        p75: v,
        p95: v,
    };
    let nan_only = FanInput {
        panels: vec![FanPanel {
            label: "x".into(),
            days: vec![day(0, f64::NAN)],
        }],
        ..Default::default()
    };
    assert!(is_empty_error(nan_only.to_svg()));
    let single = FanInput {
        quantity: Quantity::Value { label: "v".into() },
        panels: vec![FanPanel {
            label: String::new(),
            days: vec![day(4, 2.0)],
        }],
        ..Default::default()
    };
    renders(&single);
    let gappy = FanInput {
        panels: (0..5)
            .map(|p| FanPanel {
                label: format!("panel {p}"),
                days: vec![day(0, 1.0), day(1, f64::NAN), day(3, 2.0), day(3, 2.0)],
            })
            .collect(),
        ..Default::default()
    };
    renders(&gappy);
}

#[test]
fn survival_degenerate() {
    assert!(is_empty_error(SurvivalInput::default().to_svg()));
    let mismatched = SurvivalInput {
        times: vec![1.0],
        ..Default::default()
    };
    assert!(is_invalid_error(mismatched.to_svg()));
    // No event at all: the curve stays at 1 until the horizon.
    renders(&SurvivalInput {
        horizon: 90.0,
        censored: 10_000,
        ..Default::default()
    });
    renders(&SurvivalInput {
        times: vec![5.0, f64::NAN],
        survival: vec![0.5, 0.4],
        lower: vec![f64::NAN, 0.3],
        upper: vec![0.6, 0.5],
        horizon: f64::NAN,
        at_risk: vec![
            AtRisk { day: 0.0, count: 2 },
            AtRisk {
                day: f64::NAN,
                count: 1,
            },
        ],
        ..Default::default()
    });
}

#[test]
fn rung_shares_degenerate() {
    assert!(is_empty_error(RungSharesInput::default().to_svg()));
    let mismatched = RungSharesInput {
        days: vec![0, 1],
        shares: vec![[1.0; 6]],
        ..Default::default()
    };
    assert!(is_invalid_error(mismatched.to_svg()));
    let bad_rows = RungSharesInput {
        days: vec![0, 1],
        shares: vec![[0.0; 6], [f64::NAN; 6]],
        ..Default::default()
    };
    assert!(is_empty_error(bad_rows.to_svg()));
    renders(&RungSharesInput {
        days: vec![7],
        shares: vec![[1.0, 2.0, 0.0, 0.0, 0.0, 1.0]],
        ..Default::default()
    });
}

#[test]
fn histogram_degenerate() {
    assert!(is_empty_error(HistogramInput::default().to_svg()));
    let nan = HistogramInput {
        values: vec![f64::NAN, f64::INFINITY],
        ..Default::default()
    };
    assert!(is_empty_error(nan.to_svg()));
    let non_positive = HistogramInput {
        values: vec![0.0, -1.0],
        log_x: true,
        ..Default::default()
    };
    assert!(is_empty_error(non_positive.to_svg()));
    renders(&HistogramInput {
        values: vec![3.0; 50],
        show_median: true,
        ..Default::default()
    });
    renders(&HistogramInput {
        values: vec![0.0; 50],
        show_median: true,
        ..Default::default()
    });
    renders(&HistogramInput {
        values: vec![42.0],
        log_x: true,
        show_median: true,
        bins: 1,
        ..Default::default()
    });
    renders(&HistogramInput {
        values: vec![-2.0, 0.5, 8.0],
        log_x: true,
        show_median: true,
        ..Default::default()
    });
}

/// Counted values draw the histogram of the sample they stand for.
#[test]
fn histogram_of_counted_values() {
    let expanded = HistogramInput {
        values: [vec![0.5; 30], vec![2.0; 10], vec![8.0; 60]].concat(),
        log_x: true,
        show_median: true,
        ..Default::default()
    };
    let counted = HistogramInput {
        values: vec![0.5, 2.0, 8.0],
        weights: vec![30, 10, 60],
        ..expanded.clone()
    };
    assert_eq!(expanded.to_svg().unwrap(), counted.to_svg().unwrap());
    let mismatched = HistogramInput {
        weights: vec![1],
        ..counted
    };
    assert!(matches!(mismatched.to_svg(), Err(Error::Invalid { .. })));
}

#[test]
fn line_band_degenerate() {
    assert!(is_empty_error(LineBandInput::default().to_svg()));
    let point = |x, v| BandPoint {
        x,
        estimate: v,
        lower: v - 0.1,
        upper: v + 0.1,
    };
    let single = LineBandInput {
        series: vec![BandSeries {
            label: String::new(),
            points: vec![point(1.0, 0.5)],
        }],
        ..Default::default()
    };
    renders(&single);
    let mut bad_range = single.clone();
    bad_range.y_range = Some((1.0, 0.0));
    assert!(is_invalid_error(bad_range.to_svg()));
    let odd = LineBandInput {
        series: vec![
            BandSeries {
                label: "flat".into(),
                points: vec![point(2.0, 0.3), point(1.0, 0.3), point(f64::NAN, 0.3)],
            },
            BandSeries {
                label: "no interval".into(),
                points: vec![BandPoint {
                    x: 1.5,
                    estimate: 0.3,
                    lower: f64::NAN,
                    upper: f64::NAN,
                }],
            },
            BandSeries {
                label: "empty".into(),
                points: vec![],
            },
        ],
        ..Default::default()
    };
    renders(&odd);
}

#[test]
fn heatmap_degenerate() {
    assert!(is_empty_error(HeatmapInput::default().to_svg()));
    let ragged = HeatmapInput {
        x_values: vec![1.0, 2.0],
        y_values: vec![1.0],
        values: vec![vec![1.0]],
        ..Default::default()
    };
    assert!(is_invalid_error(ragged.to_svg()));
    let all_nan = HeatmapInput {
        x_values: vec![1.0],
        y_values: vec![1.0],
        values: vec![vec![f64::NAN]],
        ..Default::default()
    };
    assert!(is_empty_error(all_nan.to_svg()));
    renders(&HeatmapInput {
        x_values: vec![1.0],
        y_values: vec![1.0],
        values: vec![vec![0.5]],
        ..Default::default()
    });
    renders(&HeatmapInput {
        x_values: vec![1.0, 2.0],
        y_values: vec![1.0, 2.0],
        values: vec![vec![0.5, 0.5], vec![f64::NAN, 0.5]],
        ..Default::default()
    });
}

/// Dots for the design's points and a line for the bins' means, the scale fitting both.
#[test]
fn small_multiples_with_binned_means() {
    let point = |x: f64, estimate: f64| BandPoint {
        x,
        estimate,
        lower: estimate - 0.1,
        upper: estimate + 0.1,
    };
    let input = SmallMultiplesInput {
        title: "binned".into(),
        panels: vec![Panel {
            x_label: "autonomy".into(),
            points: vec![point(0.1, 0.2), point(0.15, 0.6), point(0.9, 0.4)],
            means: vec![point(0.25, 0.4), point(0.75, 0.4)],
        }],
        ..Default::default()
    };
    let svg = input.to_svg().unwrap();
    assert!(svg.contains("mean over a bin of the parameter"), "legend");
    renders(&input);
}

#[test]
fn small_multiples_degenerate() {
    assert!(is_empty_error(SmallMultiplesInput::default().to_svg()));
    let point = |x| BandPoint {
        x,
        estimate: 0.2,
        lower: 0.2,
        upper: 0.2,
    };
    renders(&SmallMultiplesInput {
        panels: vec![
            Panel {
                x_label: "one point".into(),
                points: vec![point(1.0)],
                means: vec![],
            },
            Panel {
                x_label: "nothing".into(),
                points: vec![],
                means: vec![],
            },
            Panel {
                x_label: "flat".into(),
                points: vec![point(1.0), point(2.0)],
                means: vec![],
            },
        ],
        ..Default::default()
    });
}

#[test]
fn sobol_degenerate() {
    assert!(is_empty_error(SobolInput::default().to_svg()));
    let nan = Estimate {
        value: f64::NAN,
        lower: f64::NAN,
        upper: f64::NAN,
    };
    let only_nan = SobolInput {
        params: vec![SobolIndex {
            name: "x".into(),
            first_order: nan,
            total: nan,
        }],
        ..Default::default()
    };
    assert!(is_empty_error(only_nan.to_svg()));
    let zero = Estimate::default();
    renders(&SobolInput {
        params: vec![
            SobolIndex {
                name: "zero".into(),
                first_order: zero,
                total: zero,
            },
            SobolIndex {
                name: "unknown".into(),
                first_order: nan,
                total: nan,
            },
        ],
        ..Default::default()
    });
}

#[test]
fn morris_degenerate() {
    assert!(is_empty_error(MorrisInput::default().to_svg()));
    let p = |name: &str, mu_star, sigma| MorrisPoint {
        name: name.into(),
        mu_star,
        sigma,
        mu_star_lo: f64::NAN,
        mu_star_hi: f64::NAN,
    };
    renders(&MorrisInput {
        params: vec![p("only", 0.0, 0.0)],
        ..Default::default()
    });
    // Many points in the same place: labels pile up but still render.
    renders(&MorrisInput {
        params: (0..12)
            .map(|i| p(&format!("p{i}"), 0.1, 0.1))
            .chain([p("nan", f64::NAN, 1.0)])
            .collect(),
        ..Default::default()
    });
}

#[test]
fn posterior_degenerate() {
    assert!(is_empty_error(PosteriorInput::default().to_svg()));
    assert!(is_empty_error(Pairs(&PosteriorInput::default()).to_svg()));
    let param = |name: &str, samples: Vec<f64>| PosteriorParam {
        name: name.into(),
        samples,
        truth: None,
        range: None,
    };
    let odd = PosteriorInput {
        params: vec![
            param("constant", vec![2.0; 100]),
            param("single", vec![1.0]),
            param("nan", vec![f64::NAN; 3]),
            PosteriorParam {
                truth: Some(f64::NAN),
                ..param("short", vec![0.1, 0.2])
            },
        ],
        ..Default::default()
    };
    renders(&odd);
    renders(&Pairs(&odd));
    let single = PosteriorInput {
        params: vec![param("only", vec![1.0, 2.0, 3.0])],
        ..Default::default()
    };
    renders(&single);
    renders(&Pairs(&single));
    let bad_range = PosteriorInput {
        params: vec![PosteriorParam {
            range: Some((1.0, 1.0)),
            ..param("x", vec![1.0])
        }],
        ..Default::default()
    };
    assert!(is_invalid_error(bad_range.to_svg()));
}

#[test]
fn trace_degenerate() {
    assert!(is_empty_error(TraceInput::default().to_svg()));
    renders(&TraceInput {
        best: vec![1.0],
        ..Default::default()
    });
    renders(&TraceInput {
        best: vec![5.0; 10],
        mean: vec![f64::NAN; 10],
        ..Default::default()
    });
    renders(&TraceInput {
        best: vec![1e3, 1.0, f64::NAN, 1e-3, -1.0],
        mean: vec![],
        ..Default::default()
    });
    // No feasible point: a probability stuck at 1 and a violation that never reaches 0.
    renders(&TraceInput {
        best: vec![1.0; 12],
        infeasible: vec![true; 12],
        violation: (0..12).map(|g| 0.5 - 0.02 * f64::from(g)).collect(),
        y_bounds: Some((0.0, 1.0)),
        ..Default::default()
    });
}

#[test]
fn extreme_values_stay_bounded() {
    // Far-off days and absurd bin counts must neither overflow nor exhaust memory.
    let mut input = fixtures::escalation();
    input.shocks.push(DayMarker {
        day: u32::MAX,
        label: "far future".into(),
    });
    renders(&input);
    let far = |day| FanDay {
        day,
        p05: 0.0,
        p25: 1.0,
        median: 2.0,
        p75: 3.0,
        p95: 4.0,
    };
    renders(&FanInput {
        panels: vec![FanPanel {
            label: String::new(),
            days: vec![far(u32::MAX - 1), far(u32::MAX)],
        }],
        ..Default::default()
    });
    renders(&RungSharesInput {
        days: vec![u32::MAX],
        shares: vec![[1.0; 6]],
        ..Default::default()
    });
    renders(&HistogramInput {
        values: vec![1.0, 2.0, 1e300],
        bins: usize::MAX,
        ..Default::default()
    });
    renders(&TraceInput {
        best: vec![f64::MAX, -f64::MAX, 0.0],
        ..Default::default()
    });
}
