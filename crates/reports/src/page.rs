//! One self-contained HTML page from finished experiments (`grayzone report`): every
//! chart inline as SVG, the headline numbers with their intervals as tables, what each
//! method means here, the provenance, and how the scenario differs from the shipped one
//! it came from. Several folders make one page with a comparison table.
//!
//! The page loads nothing: no script, no font, no image from anywhere, and a content
//! security policy that forbids them, so it opens the same offline, in a mail client or
//! from an archive, and prints to a clean PDF.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// A shipped scenario, `(name, text)`: what a report compares an experiment's scenario
/// with when they share a name.
pub type Shipped<'a> = (&'a str, &'a str);

/// One experiment folder, read.
struct Folder {
    dir: PathBuf,
    kind: String,
    /// The summary of its results (`summary.json`, `optimum.json`, `calibration.json`,
    /// `indices.json`, `boxes.json` or `front.json`).
    summary: Value,
    /// The scenario's text, from the manifest when there is one.
    scenario: Option<String>,
    charts: Vec<(String, String)>,
}

/// The page for `dirs` (one or more experiment folders), comparing each scenario with the
/// shipped one of the same name.
pub fn report_page(dirs: &[PathBuf], shipped: &[Shipped<'_>]) -> Result<String> {
    let folders = dirs
        .iter()
        .flat_map(|d| steps_of(d))
        .map(|d| read_folder(&d))
        .collect::<Result<Vec<_>>>()?;
    let mut html = String::new();
    let title = match folders.as_slice() {
        [one] => format!("{} · {}", scenario_name(one), one.kind),
        many => format!("{} experiments compared", many.len()),
    };
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>grayzone report: {}</title><style>{STYLE}</style></head><body>\n<h1>grayzone report: {}</h1>\n",
        escape(&title),
        escape(&title)
    );
    if folders.len() > 1 {
        comparison(&mut html, &folders);
    }
    for folder in &folders {
        section(&mut html, folder, shipped);
    }
    html.push_str("</body></html>\n");
    Ok(html)
}

const STYLE: &str = "body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #ccc;margin-top:2em}h3{font-size:1.05em}\
table{border-collapse:collapse;margin:0.6em 0 1.2em}td,th{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
td table{margin:0;font-size:0.92em}\
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}\
figure{margin:1em 0;page-break-inside:avoid}figure svg{width:100%;height:auto;border:1px solid #eee}\
p.method{background:#f7f7f7;border-left:3px solid #999;padding:0.5em 0.8em}code{font-size:0.92em}\
@media print{body{max-width:none;margin:0}h2{page-break-before:always}}";

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Error::Input(format!(
            "{}: line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

/// The file that makes a folder a finished experiment, and the kind it names (an
/// ensemble's or sweep's `summary.json` says its own).
const RESULTS: [(&str, Option<&str>); 6] = [
    ("summary.json", None),
    ("optimum.json", Some("optimize")),
    ("calibration.json", Some("calibrate")),
    ("indices.json", Some("sensitivity")),
    ("boxes.json", Some("discover")),
    ("front.json", Some("robust")),
];

/// The folders of `dir` to report: `dir` itself when it holds a result; otherwise, for
/// the folder of `grayzone experiment` (an `experiment.json` and one folder per step, or
/// per scenario and step), each step's folder in name order. Anything else stays as it
/// is, for [`read_folder`] to refuse by name.
fn steps_of(dir: &Path) -> Vec<PathBuf> {
    let holds_result = |d: &Path| RESULTS.iter().any(|(f, _)| d.join(f).is_file());
    if holds_result(dir) || !dir.join("experiment.json").is_file() {
        return vec![dir.to_path_buf()];
    }
    let children = |d: &Path| -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(d)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    };
    let mut steps = Vec::new();
    for child in children(dir) {
        if holds_result(&child) {
            steps.push(child);
        } else {
            steps.extend(children(&child).into_iter().filter(|c| holds_result(c)));
        }
    }
    if steps.is_empty() {
        vec![dir.to_path_buf()]
    } else {
        steps
    }
}

fn read_folder(dir: &Path) -> Result<Folder> {
    let found = RESULTS
        .into_iter()
        .find(|(name, _)| dir.join(name).is_file());
    let Some((name, kind)) = found else {
        return Err(Error::Input(format!(
            "{}: not a finished experiment (no summary.json, optimum.json, calibration.json, indices.json, boxes.json or front.json)",
            dir.display()
        )));
    };
    let summary = read_json(&dir.join(name))?;
    let kind = kind
        .map(str::to_owned)
        .or_else(|| summary["kind"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "experiment".to_owned());
    let manifest = dir.join("manifest.json");
    let scenario = if manifest.is_file() {
        read_json(&manifest)?["scenario"]["text"]
            .as_str()
            .map(str::to_owned)
    } else {
        None
    };
    let mut svgs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "svg") && p.is_file())
        .collect();
    svgs.sort();
    let charts = svgs
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|source| Error::Io {
                path: p.clone(),
                source,
            })?;
            // Inline SVG needs no XML prolog; grayzone's charts carry no script.
            let start = text.find("<svg").unwrap_or(0);
            let name = p
                .file_stem()
                .map_or(String::new(), |s| s.to_string_lossy().into_owned());
            Ok((name, text[start..].to_owned()))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Folder {
        dir: dir.to_path_buf(),
        kind,
        summary,
        scenario,
        charts,
    })
}

fn scenario_name(folder: &Folder) -> String {
    let p = &folder.summary["provenance"];
    p["scenario"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| folder.dir.display().to_string())
}

fn section(html: &mut String, folder: &Folder, shipped: &[Shipped<'_>]) {
    let _ = writeln!(
        html,
        "<h2>{} · {} <small>({})</small></h2>",
        escape(&scenario_name(folder)),
        escape(&folder.kind),
        escape(&folder.dir.display().to_string())
    );
    let s = &folder.summary;
    match folder.kind.as_str() {
        "ensemble" => ensemble(html, s),
        "sweep" => sweep(html, s),
        kind => tuning(html, kind, s),
    }
    for (name, svg) in &folder.charts {
        let _ = writeln!(
            html,
            "<figure aria-label=\"{}\">{svg}</figure>",
            escape(name)
        );
    }
    provenance(html, &s["provenance"]);
    differences(html, folder, shipped);
}

fn interval(v: &Value) -> String {
    let (e, lo, hi) = (v["estimate"].as_f64(), v["lo"].as_f64(), v["hi"].as_f64());
    match (e, lo, hi) {
        (Some(e), Some(lo), Some(hi)) => format!("{e:.3} [{lo:.3}, {hi:.3}]"),
        (Some(e), _, _) => format!("{e:.3}"),
        _ => "—".to_owned(),
    }
}

fn ensemble(html: &mut String, s: &Value) {
    let runs = s["runs"].as_u64().unwrap_or(0);
    let days = s["days"].as_u64().unwrap_or(0);
    html.push_str("<h3>Probabilities</h3><table><tr><th>outcome</th><th>estimate [95% interval]</th><th>runs with it</th></tr>\n");
    if let Some(p) = s["probabilities"].as_object() {
        for (name, v) in p {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(name),
                interval(v),
                v["count"].as_u64().map_or("—".into(), |c| c.to_string())
            );
        }
    }
    html.push_str("</table>\n");
    let _ = writeln!(
        html,
        "<p class=\"method\">A probability is the share of the {runs} histories in which the event happened by the horizon (day {days}); its interval is the 95% Wilson score interval, which stays within 0 and 1 and is honest near them.</p>"
    );
    html.push_str("<h3>Times to events</h3><table><tr><th>day of</th><th>runs with it</th><th>median [quartiles] among them</th><th>Kaplan–Meier median [95% interval]</th><th>still holding at the horizon</th></tr>\n");
    if let Some(t) = s["times"].as_object() {
        for (name, v) in t {
            let km = &v["kaplan_meier"];
            let f = |x: &Value| x.as_f64().map_or("—".into(), |x| format!("{x}"));
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} [{}, {}]</td><td class=\"num\">{} [{}, {}]</td><td class=\"num\">{}</td></tr>",
                escape(name),
                v["events"].as_u64().unwrap_or(0),
                f(&v["median"]),
                f(&v["q1"]),
                f(&v["q3"]),
                f(&km["median"]),
                f(&km["median_lo"]),
                f(&km["median_hi"]),
                km["survival_at_horizon"]
                    .as_f64()
                    .map_or("—".into(), |x| format!("{:.1}%", 100.0 * x))
            );
        }
    }
    html.push_str("</table>\n<p class=\"method\">The median among the runs where the event happened says when it comes if it comes. The Kaplan–Meier estimate uses every run: a run where the event had not happened by the horizon is censored there (it counts as \"not yet\", not as \"never\"), so its median is the day by which half of all histories have seen the event, and is absent when fewer than half have.</p>\n");
    let c = &s["cost_exchange"];
    if c.is_object() {
        let f = |k: &str| c[k].as_f64().map_or("—".into(), |x| format!("{x:.2}"));
        let _ = writeln!(
            html,
            "<h3>Cost exchange</h3><p>Defence spending per dollar of attack spending: median {} (quartiles {}–{}, 5th–95th percentiles {}–{}) over {} runs that fired. Above 1 the defenders spent more.</p>",
            f("median"),
            f("p25"),
            f("p75"),
            f("p05"),
            f("p95"),
            c["runs_with_value"].as_u64().unwrap_or(0)
        );
    }
}

fn sweep(html: &mut String, s: &Value) {
    html.push_str(
        "<h3>Design</h3><table><tr><th>parameter</th><th>from</th><th>to</th><th>steps</th></tr>\n",
    );
    if let Some(params) = s["params"].as_array() {
        for p in params {
            let _ = writeln!(
                html,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(p["path"].as_str().unwrap_or("")),
                p["lo"],
                p["hi"],
                p["steps"]
            );
        }
    }
    let _ = writeln!(
        html,
        "</table><p class=\"method\">A {} design of {} points, {} histories each ({} in all). Each point's probabilities are shares of its histories with 95% Wilson intervals (in each heatmap cell). Run r uses the same random numbers at every point (common random numbers), so the differences between points are the parameters' doing, not the draws'.</p>",
        escape(s["design"].as_str().unwrap_or("")),
        s["points"],
        s["runs_per_point"],
        s["runs"]
    );
}

fn tuning(html: &mut String, kind: &str, s: &Value) {
    let method = match kind {
        "optimize" => {
            "CMA-ES searches the parameters within their ranges; candidates are ranked by Deb's feasibility rules (feasible points by their objective, the others by how far they break the constraints). The answer is checked on fresh histories, with 95% intervals."
        }
        "calibrate" => {
            "Approximate Bayesian computation keeps the parameter values whose simulated patterns fall within the targets' tolerances (rejection, then sequential Monte Carlo), giving a posterior distribution; or CMA-ES minimises the distance to the targets."
        }
        "sensitivity" => {
            "Morris elementary effects screen many parameters (mu* ranks their influence, sigma their interactions); Sobol indices split the outcome's variance (S1 alone, ST with interactions), with bootstrap intervals."
        }
        "discover" => {
            "PRIM peels the parameter box towards the points where the condition holds; the chosen box is the widest one dense enough, each restricted side with the EMA Workbench's quasi-p-value and each limit with a 95% interval over resamples of the points (or a classification tree's leaves). Feature scores: a random forest's share of the outcome's variation each parameter explains."
        }
        "robust" => {
            "NSGA-II searches the levers; every policy is evaluated at the same uncertainty points over the same runs (common random numbers) and ranked by the mean or a worse-tail percentile of each objective over the points. Each front policy is reported by its mean, percentile, maximum regret and share of points meeting every constraint, checked on fresh runs, and written as a scenario."
        }
        _ => "",
    };
    html.push_str("<h3>Results</h3><table>\n");
    if let Some(o) = s.as_object() {
        for (k, v) in o.iter().filter(|(k, _)| k.as_str() != "provenance") {
            let _ = writeln!(
                html,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(k),
                json_html(v)
            );
        }
    }
    let _ = writeln!(html, "</table><p class=\"method\">{method}</p>");
}

/// A JSON value as HTML: objects as tables of their fields, lists of objects as tables
/// with a column per field, numbers to four significant digits.
fn json_html(v: &Value) -> String {
    match v {
        Value::Object(o) => {
            let rows: String = (o.iter())
                .map(|(k, v)| format!("<tr><th>{}</th><td>{}</td></tr>", escape(k), json_html(v)))
                .collect();
            format!("<table>{rows}</table>")
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            let mut keys: Vec<&String> = Vec::new();
            for item in items {
                for k in item.as_object().into_iter().flat_map(|o| o.keys()) {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
            let head: String = keys
                .iter()
                .map(|k| format!("<th>{}</th>", escape(k)))
                .collect();
            let rows: String = (items.iter())
                .map(|item| {
                    let cells: String = (keys.iter())
                        .map(|k| {
                            format!(
                                "<td>{}</td>",
                                item.get(k.as_str()).map_or(String::new(), json_html)
                            )
                        })
                        .collect();
                    format!("<tr>{cells}</tr>")
                })
                .collect();
            format!("<table><tr>{head}</tr>{rows}</table>")
        }
        Value::Array(items) => items.iter().map(json_html).collect::<Vec<_>>().join(", "),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(x)) => significant(x),
            _ => n.to_string(),
        },
        Value::String(t) => escape(t),
        Value::Bool(b) => b.to_string(),
        Value::Null => "—".to_owned(),
    }
}

/// Four significant digits, without trailing zeros.
fn significant(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return x.to_string();
    }
    let decimals = (3 - x.abs().log10().floor() as i32).clamp(0, 12) as usize;
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

fn provenance(html: &mut String, p: &Value) {
    html.push_str("<h3>Provenance</h3><table>\n");
    if let Some(o) = p.as_object() {
        for (k, v) in o {
            let _ = writeln!(
                html,
                "<tr><th>{}</th><td><code>{}</code></td></tr>",
                escape(k),
                json_html(v)
            );
        }
    }
    html.push_str("</table>\n");
}

fn differences(html: &mut String, folder: &Folder, shipped: &[Shipped<'_>]) {
    let Some(text) = &folder.scenario else {
        return;
    };
    let Ok(used) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let name = used["name"].as_str().unwrap_or("");
    let Some(original) = shipped
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, t)| serde_json::from_str::<Value>(t).ok())
    else {
        let _ = writeln!(
            html,
            "<h3>Scenario</h3><p>\"{}\" is not a shipped scenario: no comparison.</p>",
            escape(name)
        );
        return;
    };
    let mut changes = Vec::new();
    diff("", &original, &used, &mut changes);
    let _ = writeln!(
        html,
        "<h3>Scenario against the shipped {}</h3>",
        escape(name)
    );
    if changes.is_empty() {
        html.push_str("<p>The shipped scenario, unchanged.</p>\n");
        return;
    }
    html.push_str("<table><tr><th>path</th><th>shipped</th><th>here</th></tr>\n");
    for (path, was, now) in changes {
        let _ = writeln!(
            html,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code></td></tr>",
            escape(&path),
            escape(&was),
            escape(&now)
        );
    }
    html.push_str("</table>\n");
}

/// The paths where `now` differs from `was`, with both values (`—` for absent). Lists of
/// objects with an `id` are matched by id, so a reordered list is no difference.
fn diff(path: &str, was: &Value, now: &Value, out: &mut Vec<(String, String, String)>) {
    let show = |v: Option<&Value>| v.map_or("—".to_owned(), |v| v.to_string());
    match (was, now) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => diff(&p, x, y, out),
                    (x, y) => out.push((p, show(x), show(y))),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            let id = |v: &Value| v["id"].as_str().map(str::to_owned);
            if a.iter().chain(b).all(|v| id(v).is_some()) {
                let mut ids: Vec<String> = a.iter().chain(b).filter_map(id).collect();
                ids.sort();
                ids.dedup();
                for i in ids {
                    let find = |list: &[Value]| {
                        list.iter().find(|v| id(v).as_deref() == Some(&i)).cloned()
                    };
                    let p = format!("{path}[{i}]");
                    match (find(a), find(b)) {
                        (Some(x), Some(y)) => diff(&p, &x, &y, out),
                        (x, y) => out.push((p, show(x.as_ref()), show(y.as_ref()))),
                    }
                }
            } else if a != b {
                out.push((path.to_owned(), was.to_string(), now.to_string()));
            }
        }
        _ if was != now => out.push((path.to_owned(), was.to_string(), now.to_string())),
        _ => {}
    }
}

/// Side by side: each probability every folder has, one column per folder.
fn comparison(html: &mut String, folders: &[Folder]) {
    let probabilities: Vec<&serde_json::Map<String, Value>> = folders
        .iter()
        .filter_map(|f| f.summary["probabilities"].as_object())
        .collect();
    html.push_str("<h2>Comparison</h2><table><tr><th>outcome</th>");
    for f in folders {
        let _ = write!(
            html,
            "<th>{}<br><small>{}</small></th>",
            escape(&scenario_name(f)),
            escape(&f.dir.display().to_string())
        );
    }
    html.push_str("</tr>\n");
    if probabilities.len() == folders.len()
        && let Some(first) = probabilities.first()
    {
        for name in first.keys() {
            if !probabilities.iter().all(|p| p.contains_key(name)) {
                continue;
            }
            let _ = write!(html, "<tr><td>{}</td>", escape(name));
            for p in &probabilities {
                let _ = write!(html, "<td class=\"num\">{}</td>", interval(&p[name]));
            }
            html.push_str("</tr>\n");
        }
    }
    html.push_str("</table><p class=\"method\">Each cell: the share of that experiment's histories with its 95% Wilson interval. Intervals that do not overlap differ beyond sampling error; overlapping ones may still differ.</p>\n");
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_found_by_path_and_by_id() {
        let was: Value = serde_json::json!({
            "days": 90,
            "actors": [{"id": "a", "autonomy": 0.5}, {"id": "b"}],
        });
        let now: Value = serde_json::json!({
            "days": 60,
            "actors": [{"id": "b"}, {"id": "a", "autonomy": 0.9}],
            "seed": 3,
        });
        let mut out = Vec::new();
        diff("", &was, &now, &mut out);
        assert_eq!(
            out,
            [
                ("actors[a].autonomy".into(), "0.5".into(), "0.9".into()),
                ("days".into(), "90".into(), "60".into()),
                ("seed".into(), "—".into(), "3".into()),
            ]
        );
    }

    #[test]
    fn numbers_keep_four_significant_digits() {
        assert_eq!(significant(0.526_854_086_836_426_1), "0.5269");
        assert_eq!(significant(184.695), "184.7");
        assert_eq!(significant(2.5), "2.5");
        assert_eq!(
            json_html(&serde_json::json!([{"a": 1}, {"b": "x"}])),
            "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td></td></tr><tr><td></td><td>x</td></tr></table>"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }
}
