//! SVG charts (plotters): horizontal bar charts of the execution ratios, the
//! start-up times and the compile throughput.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::goals;
use crate::results::{Group, Results};

/// A horizontal bar chart: one row per label, one bar per series.
struct Bars {
    title: String,
    x_desc: String,
    /// (series name, colour)
    series: Vec<(String, RGBColor)>,
    /// (row label, one value per series)
    rows: Vec<(String, Vec<Option<f64>>)>,
    /// A vertical reference line (e.g. at ratio 1.0).
    reference: Option<f64>,
    /// Digits after the point in the value printed at each bar's end.
    decimals: usize,
}

const BLUE_: RGBColor = RGBColor(66, 133, 244);
const ORANGE_: RGBColor = RGBColor(244, 160, 0);
const GREEN_: RGBColor = RGBColor(15, 157, 88);
const RED_: RGBColor = RGBColor(219, 68, 55);

/// Writes the charts a run has data for into `dir`; returns (file, title)
/// pairs for the report.
pub fn write_all(r: &Results, dir: &Path) -> Result<Vec<(&'static str, &'static str)>, String> {
    let mut out = Vec::new();
    if let Some(b) = execution(r) {
        draw(&dir.join("execution.svg"), &b)?;
        out.push(("execution.svg", "execution time ratios"));
    }
    if let Some(b) = startup(r) {
        draw(&dir.join("startup.svg"), &b)?;
        out.push(("startup.svg", "start-up times"));
    }
    if let Some(b) = compile(r) {
        draw(&dir.join("compile.svg"), &b)?;
        out.push(("compile.svg", "compile throughput"));
    }
    Ok(out)
}

fn execution(r: &Results) -> Option<Bars> {
    // Rows whose workload varies are left out, as from the geometric means.
    let rows: Vec<(String, Vec<Option<f64>>)> = r
        .exec
        .iter()
        .filter(|x| !x.varies())
        .map(|x| {
            let label = match x.group {
                Group::Sightglass if !x.inner => format!("{} (whole process)", x.name),
                Group::Sightglass => x.name.clone(),
                Group::Programs => format!("programs/{}", x.name),
                Group::Kernels => format!("kernels/{}", x.name),
                Group::Gc => format!("gc/{}", x.name),
                Group::FileSystem => format!("fs/{}", x.name),
            };
            (label, vec![goals::ratio(&x.ours, &x.wasmtime), goals::ratio(&x.ours, &x.native)])
        })
        .filter(|(_, v)| v.iter().any(Option::is_some))
        .collect();
    (!rows.is_empty()).then(|| Bars {
        title: "wasm2native execution time relative to peers (lower is better)".into(),
        x_desc: "wasm2native time / peer time (sightglass: in-benchmark time; rows whose workload varies are left out)".into(),
        series: vec![("/ wasmtime .cwasm".into(), BLUE_), ("/ gcc -O2".into(), ORANGE_)],
        rows,
        reference: Some(1.0),
        decimals: 2,
    })
}

fn startup(r: &Results) -> Option<Bars> {
    let rows: Vec<(String, Vec<Option<f64>>)> =
        r.startup.iter().map(|s| (s.peer.clone(), vec![s.cell.time().map(|t| t.median * 1e3)])).collect();
    rows.iter().any(|(_, v)| v[0].is_some()).then(|| Bars {
        title: "hello-world start-up (whole process, median)".into(),
        x_desc: "milliseconds".into(),
        series: vec![("median".into(), GREEN_)],
        rows,
        reference: None,
        decimals: 2,
    })
}

fn compile(r: &Results) -> Option<Bars> {
    let cores = r.machine.cores;
    let rows: Vec<(String, Vec<Option<f64>>)> = r
        .compile
        .iter()
        .map(|c| {
            let mb = c.code_bytes as f64 / 1e6;
            let tput = |cell: &crate::results::Cell| cell.time().map(|t| mb / t.median);
            (c.name.clone(), vec![tput(&c.ours_1), tput(&c.ours_n), tput(&c.wasmtime_1), tput(&c.wasmtime_n)])
        })
        .collect();
    rows.iter().any(|(_, v)| v.iter().any(Option::is_some)).then(|| Bars {
        title: "compile throughput (higher is better)".into(),
        x_desc: "MB of code section per second".into(),
        series: vec![
            ("wasm2native -j 1".into(), BLUE_),
            (format!("wasm2native -j {cores}"), GREEN_),
            ("wasmtime 1 thread".into(), ORANGE_),
            (format!("wasmtime ({cores} threads)"), RED_),
        ],
        rows,
        reference: None,
        decimals: 1,
    })
}

/// Draws `b` as an SVG file.
fn draw(path: &Path, b: &Bars) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("cannot draw {}: {e}", path.display());
    let n = b.rows.len();
    let k = b.series.len();
    let row_px = 8 + 12 * k as u32;
    // Empty space below the last row for the legend (lower right).
    let legend_rows = (22 * k as u32).div_ceil(row_px) as usize;
    let (width, height) = (1000u32, 120 + row_px * (n + legend_rows) as u32);
    let label_px = 10 + 7 * b.rows.iter().map(|r| r.0.len()).max().unwrap_or(4).min(40) as u32;
    let xmax = b.rows.iter().flat_map(|r| r.1.iter().flatten()).fold(b.reference.unwrap_or(0.0), |m, &v| m.max(v)) * 1.15;
    let xmax = if xmax > 0.0 { xmax } else { 1.0 };

    let root = SVGBackend::new(path, (width, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(&b.title, ("sans-serif", 18))
        .margin(10)
        .set_label_area_size(LabelAreaPosition::Left, label_px)
        .set_label_area_size(LabelAreaPosition::Bottom, 40)
        .build_cartesian_2d(0f64..xmax, -(legend_rows as f64)..n as f64)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(RGBColor(240, 240, 240))
        .x_desc(b.x_desc.as_str())
        .axis_desc_style(("sans-serif", 13))
        .draw()
        .map_err(|e| err(&e))?;

    let bar_h = 0.8 / k as f64;
    for (si, (name, colour)) in b.series.iter().enumerate() {
        let colour = *colour;
        let bars = b.rows.iter().enumerate().filter_map(|(ri, (_, vals))| {
            let v = vals.get(si).copied().flatten()?;
            // Row 0 at the top.
            let top = (n - ri) as f64 - 0.1 - bar_h * si as f64;
            Some(Rectangle::new([(0.0, top - bar_h), (v, top)], colour.filled()))
        });
        chart
            .draw_series(bars)
            .map_err(|e| err(&e))?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled()));
        let decimals = b.decimals;
        let values = b.rows.iter().enumerate().filter_map(|(ri, (_, vals))| {
            let v = vals.get(si).copied().flatten()?;
            let mid = (n - ri) as f64 - 0.1 - bar_h * (si as f64 + 0.5);
            let style = TextStyle::from(("sans-serif", 10).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
            Some(Text::new(format!(" {v:.decimals$}"), (v, mid), style))
        });
        chart.draw_series(values).map_err(|e| err(&e))?;
    }
    if let Some(x) = b.reference {
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(x, -(legend_rows as f64)), (x, n as f64)], BLACK.stroke_width(1))))
            .map_err(|e| err(&e))?;
    }
    // Row labels, right-aligned against the plotting area.
    let style = TextStyle::from(("sans-serif", 12).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    for (ri, (label, _)) in b.rows.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(0.0, (n - ri) as f64 - 0.5));
        root.draw(&Text::new(label.clone(), (px - 6, py), style.clone())).map_err(|e| err(&e))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(("sans-serif", 12))
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(())
}
