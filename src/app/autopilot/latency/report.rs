//! The figures printed at the end of a run: median, p95 and max per kind of click, and what
//! an idle frame costs.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use super::probe::*;

/// CPU time used so far by the app's threads: Mesa's rasteriser threads (`llvmpipe-N`), and
/// all the others, in ms (Linux; zero elsewhere).
pub(super) fn thread_cpu_ms() -> (f64, f64) {
    let mut rasteriser = 0.0;
    let mut other = 0.0;
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return (0.0, 0.0);
    };
    for task in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = &stat[open + 1..close];
        // after the name: state, then fields 4.. of proc(5); utime and stime are 14 and 15
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        let ticks: f64 = fields
            .get(11..13)
            .map(|f| f.iter().filter_map(|t| t.parse::<f64>().ok()).sum())
            .unwrap_or(0.0);
        // the kernel counts in USER_HZ, 100 a second on Linux
        let ms = ticks * 10.0;
        if name.starts_with("llvmpipe") {
            rasteriser += ms;
        } else {
            other += ms;
        }
    }
    (rasteriser, other)
}

pub(super) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub(super) fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Prints median and p95 per kind and quits.
pub(super) fn report(world: &mut World, probe: &Probe) {
    let size = world
        .query_filtered::<&Window, With<PrimaryWindow>>()
        .single(world)
        .map(|w| format!("{}x{}", w.width(), w.height()))
        .unwrap_or_default();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "latency: {build} build, window {size}, {} samples of each kind wanted, {:.0} s in all",
        probe.wanted,
        probe.started.elapsed().as_secs_f64()
    );
    println!(
        "input: pointer move, press and release written as winit window events; timed from the release to the presented frame that shows the change, held until the interface settles"
    );
    println!(
        "{:<46} {:>4} {:>8} {:>8} {:>8} {:>14} {:>13} {:>7}",
        "kind", "n", "median", "p95", "max", "first shown", "main thread", "frames"
    );
    let mut over = Vec::new();
    for kind in Kind::ALL {
        let samples = probe.results.get(&kind).map_or(&[][..], Vec::as_slice);
        if samples.is_empty() {
            println!("{:<46} {:>4}", kind.label(), 0);
            continue;
        }
        let settled = sorted(samples.iter().map(|s| s.settled_ms));
        let first = sorted(samples.iter().map(|s| s.first_ms));
        let main = sorted(samples.iter().map(|s| s.main_ms));
        let frames = sorted(samples.iter().map(|s| s.frames as f64));
        let p95 = percentile(&settled, 0.95);
        if p95 > 100.0 {
            over.push(kind.label());
        }
        println!(
            "{:<46} {:>4} {:>5.0} ms {:>5.0} ms {:>5.0} ms {:>8.0} ms p50 {:>7.0} ms p50 {:>7.0}",
            kind.label(),
            samples.len(),
            percentile(&settled, 0.5),
            p95,
            settled[settled.len() - 1],
            percentile(&first, 0.5),
            percentile(&main, 0.5),
            percentile(&frames, 0.5),
        );
    }
    let main = sorted(probe.main_frame_ms.iter().copied());
    let render = sorted(probe.render_ms.iter().copied());
    if !main.is_empty() && !render.is_empty() {
        println!(
            "every frame of the run ({}): main thread median {:.1} ms (p95 {:.1}), end of the frame to presented median {:.1} ms (p95 {:.1})",
            main.len(),
            percentile(&main, 0.5),
            percentile(&main, 0.95),
            percentile(&render, 0.5),
            percentile(&render, 0.95)
        );
    }
    if let Some(idle) = probe.idle {
        println!(
            "an idle frame on the library screen: main thread {:.1} ms, end of the frame to presented {:.1} ms (medians); CPU a frame: {:.1} ms in Mesa's rasteriser threads, {:.1} ms in the app's other threads",
            idle.main_ms, idle.render_ms, idle.rasteriser_cpu_ms, idle.other_cpu_ms
        );
    }
    if over.is_empty() {
        println!("every kind: p95 <= 100 ms");
    } else {
        println!("p95 over 100 ms: {}", over.join("; "));
    }
    for failure in &probe.failures {
        println!("failed: {failure}");
    }
    let missing = Kind::ALL.iter().any(|k| probe.count(*k) == 0);
    world.write_message(if missing || !probe.failures.is_empty() {
        AppExit::error()
    } else {
        AppExit::Success
    });
}
