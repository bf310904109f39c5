//! Fuzzes what liandong reads from a trainer, in process. Three targets:
//! - `cases` (the default): mutated case files (and `rules.ron`) through parse, validate, lint,
//!   autoplay and explore;
//! - `transcripts`: mutated transcripts of the bundled cases, read and replayed as
//!   `liandong replay` does, and the replay's own transcript replayed again;
//! - `contests`: mutated contest setups, read and checked as `liandong contest new` does, and
//!   the turn plan of an accepted one.
//!
//! `fuzz_cases [--target cases|transcripts|contests] [--seconds N] [--seed S] [--out DIR]
//! [--max-heap-mb M] [--replay FILE]...`
//!
//! A panic saves the smallest input per panic location to `DIR/crash-*.ron` with its message;
//! an input running over 10 s (a hang), one holding over M MB of heap, or an abort (stack
//! overflow) saves the input and stops the run. The input that needed the most heap is kept as
//! `DIR/largest-heap.ron`. Exit status: 0 clean, 1 crashes saved, 3 hang, 4 memory.

mod mutate;
mod pipeline;
mod targets;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use liandong::scenario::Code;
use mutate::Mutator;
use pipeline::{Outcome, Pipeline, Route, ron_files};
use targets::{ContestPipeline, Target, TranscriptPipeline};

const HANG_AFTER: Duration = Duration::from_secs(10);
/// Inputs slower than this are saved as `slow-*.ron` (not a failure).
const SLOW: Duration = Duration::from_secs(2);
const MAX_SLOW_SAVED: u64 = 20;
const REPORT_EVERY: Duration = Duration::from_secs(30);
/// Corpus growth is bounded: inputs with a new outcome join it up to this many entries.
const MAX_CORPUS: usize = 2000;
const MAX_CORPUS_INPUT: usize = 256 * 1024;
const MAX_PLAYABLE: usize = 500;
const MAX_SIGNATURES: usize = 200_000;
/// Oddities are counted; only the first few are saved.
const MAX_ODDITIES_SAVED: u64 = 20;

struct Options {
    target: Target,
    seconds: u64,
    seed: u64,
    out: PathBuf,
    max_heap_mb: usize,
    /// Files to run once each through every route instead of fuzzing.
    replay: Vec<PathBuf>,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        target: Target::Cases,
        seconds: 600,
        seed: 0x6c69_616e,
        out: PathBuf::from("target/fuzz/crashes"),
        max_heap_mb: 2048,
        replay: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|e| format!("{flag} {value}: {e}"))
        };
        match flag.as_str() {
            "--seconds" => o.seconds = number()?,
            "--seed" => o.seed = number()?,
            "--max-heap-mb" => o.max_heap_mb = number()? as usize,
            "--out" => o.out = PathBuf::from(&value),
            "--replay" => o.replay.push(PathBuf::from(&value)),
            "--target" => {
                o.target = Target::parse(&value).ok_or(format!(
                    "--target {value}: one of cases, transcripts, contests"
                ))?;
            }
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(o)
}

/// Counters shared by the fuzzing thread and the watchdog.
#[derive(Default)]
struct Shared {
    /// Milliseconds since the start when the current input began, plus one; 0 when idle.
    started_ms: AtomicU64,
    current: Mutex<(Arc<Vec<u8>>, String)>,
    stop: AtomicBool,
    runs: AtomicU64,
    usable: AtomicU64,
    catalogues: AtomicU64,
    crash_inputs: AtomicU64,
    oddities: AtomicU64,
    slow: AtomicU64,
    corpus: AtomicU64,
    /// Live heap when the current input began.
    heap_before: AtomicU64,
    /// The most heap one input needed on top of what was live before it, and its size.
    largest_heap: AtomicU64,
    largest_input: AtomicU64,
    codes: Mutex<BTreeSet<Code>>,
    /// Panic location → size of the smallest input saved for it.
    crashes: Mutex<BTreeMap<String, usize>>,
}

/// The panic message of the current input, set by the panic hook.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

fn main() {
    let options = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "{e}\nusage: fuzz_cases [--target cases|transcripts|contests] [--seconds N] [--seed S] [--out DIR] [--max-heap-mb M] [--replay FILE]..."
            );
            std::process::exit(2);
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runner = match Runner::new(options.target, root) {
        Ok(runner) => runner,
        Err(e) => {
            eprintln!("cannot set up the {:?} target: {e}", options.target);
            std::process::exit(2);
        }
    };
    if !options.replay.is_empty() {
        replay(&runner, &options.replay);
        return;
    }
    if let Err(e) = std::fs::create_dir_all(&options.out) {
        eprintln!("cannot create {}: {e}", options.out.display());
        std::process::exit(2);
    }
    let corpus = runner.seeds(root);
    if corpus.is_empty() {
        eprintln!("no seed inputs under {}", root.display());
        std::process::exit(2);
    }
    println!(
        "fuzz_cases: target {:?}, {} seed inputs, {} s, seed {}, out {}",
        options.target,
        corpus.len(),
        options.seconds,
        options.seed,
        options.out.display()
    );
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map_or("?".to_owned(), |l| format!("{}:{}", l.file(), l.line()));
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{at}\t{payload}"));
        }
    }));
    abort_guard::install(&options.out);
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: plain malloc tuning before any other thread runs. A fixed threshold keeps large
    // buffers in their own mappings, returned when freed; glibc would otherwise raise it after
    // the first multi-megabyte input, and the resident size would report that input for good.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 10);
    }

    let shared = Arc::new(Shared::default());
    let pipeline = runner;
    let start = Instant::now();
    let worker = {
        let shared = Arc::clone(&shared);
        let out = options.out.clone();
        let seed = options.seed;
        std::thread::Builder::new()
            .name("fuzz".into())
            .spawn(move || fuzz(&shared, &pipeline, corpus, seed, &out, start))
            .expect("a fuzzing thread")
    };

    let deadline = Duration::from_secs(options.seconds);
    let mut next_report = REPORT_EVERY;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let elapsed = start.elapsed();
        let began = shared.started_ms.load(SeqCst);
        if began != 0 && elapsed.as_millis() as u64 + 1 - began > HANG_AFTER.as_millis() as u64 {
            let secs = (elapsed.as_millis() as u64 + 1 - began) / 1000;
            stop_with(
                &shared,
                &options.out,
                "hang",
                &format!("no result after {secs} s"),
                start,
                3,
            );
        }
        let heap = heap::live().saturating_sub(shared.heap_before.load(SeqCst) as usize);
        if began != 0 && heap > options.max_heap_mb << 20 {
            let why = format!(
                "the input holds {} MB of heap, over the {} MB limit",
                heap >> 20,
                options.max_heap_mb
            );
            stop_with(&shared, &options.out, "memory", &why, start, 4);
        }
        if elapsed >= next_report {
            println!("{}", status(&shared, elapsed));
            next_report += REPORT_EVERY;
        }
        if elapsed >= deadline {
            shared.stop.store(true, SeqCst);
            break;
        }
    }
    // the last input may still be running: keep watching it
    while !worker.is_finished() {
        std::thread::sleep(Duration::from_millis(100));
        let began = shared.started_ms.load(SeqCst);
        let now = start.elapsed().as_millis() as u64 + 1;
        if began != 0 && now - began > HANG_AFTER.as_millis() as u64 {
            stop_with(
                &shared,
                &options.out,
                "hang",
                "no result after 10 s",
                start,
                3,
            );
        }
    }
    let _ = worker.join();
    println!("{}", summary(&shared, start.elapsed(), &options.out));
    let crashed = !shared.crashes.lock().map(|c| c.is_empty()).unwrap_or(true);
    std::process::exit(if crashed { 1 } else { 0 });
}

/// One target's pipeline.
enum Runner {
    Cases(Pipeline),
    Transcripts(TranscriptPipeline),
    Contests(ContestPipeline),
}

impl Runner {
    fn new(target: Target, root: &Path) -> std::io::Result<Runner> {
        Ok(match target {
            Target::Cases => {
                let probes: Vec<String> = ron_files(&root.join("scenarios"))
                    .iter()
                    .filter(|p| p.file_name().is_some_and(|n| n != "rules.ron"))
                    .take(2)
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .collect();
                Runner::Cases(Pipeline::new(probes)?)
            }
            Target::Transcripts => Runner::Transcripts(TranscriptPipeline::new(root)?),
            Target::Contests => Runner::Contests(ContestPipeline::new(root)?),
        })
    }

    /// The inputs mutations start from.
    fn seeds(&self, root: &Path) -> Vec<Vec<u8>> {
        match self {
            Runner::Cases(_) => {
                let mut files: Vec<PathBuf> = ron_files(&root.join("scenarios"));
                files.extend(ron_files(&root.join("tests/fixtures")));
                files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
            }
            Runner::Transcripts(p) => p.seeds(),
            Runner::Contests(p) => p.seeds(),
        }
    }

    /// The routes an input may take: only cases are looked for in a folder.
    fn routes(&self) -> &'static [Route] {
        match self {
            Runner::Cases(_) => &[Route::Text, Route::File, Route::Folder],
            _ => &[Route::Text, Route::File],
        }
    }

    fn run(&self, input: &[u8], route: Route) -> Outcome {
        match self {
            Runner::Cases(p) => p.run(input, route),
            Runner::Transcripts(p) => p.run(input, route),
            Runner::Contests(p) => p.run(input, route),
        }
    }
}

/// Runs each file through every route, with timings: for minimising a finding by hand.
fn replay(pipeline: &Runner, files: &[PathBuf]) {
    for file in files {
        let Ok(input) = std::fs::read(file) else {
            println!("{}: unreadable", file.display());
            continue;
        };
        for &route in pipeline.routes() {
            let began = Instant::now();
            let before = heap::start_peak();
            let outcome = pipeline.run(&input, route);
            let used = heap::peak().saturating_sub(before);
            let codes: Vec<String> = outcome.codes.iter().map(|c| c.to_string()).collect();
            println!(
                "{} {route:?}: {:.3} s, usable {}, codes {}{}, heap {} MB{}",
                file.display(),
                began.elapsed().as_secs_f64(),
                outcome.usable,
                codes.join(" "),
                if outcome.kind.is_empty() {
                    String::new()
                } else {
                    format!(", {}", outcome.kind)
                },
                used >> 20,
                outcome
                    .oddities
                    .iter()
                    .map(|o| format!("\n  odd: {o}"))
                    .collect::<String>()
            );
        }
    }
}

/// The fuzzing loop: mutate, run under `catch_unwind`, keep inputs with a new outcome.
fn fuzz(
    shared: &Shared,
    pipeline: &Runner,
    mut corpus: Vec<Vec<u8>>,
    seed: u64,
    out: &Path,
    start: Instant,
) {
    let seeds = corpus.len();
    let mut mutator = Mutator::new(seed);
    let mut signatures: HashSet<(Vec<Code>, bool, bool, String)> = HashSet::new();
    // inputs that validated clean: mutating them reaches lint, autoplay and explore more often
    let mut playable: Vec<Vec<u8>> = Vec::new();
    while !shared.stop.load(SeqCst) {
        let mutating = Instant::now();
        let (input, applied) = if !playable.is_empty() && mutator.below(2) == 0 {
            let i = mutator.below(playable.len());
            mutator.mutate_input(playable[i].clone(), &corpus)
        } else {
            mutator.mutate(&corpus)
        };
        if mutating.elapsed() > SLOW {
            // the fuzzer's own problem, not the validator's: say so, keep going
            println!(
                "slow mutation ({:.1} s): {}",
                mutating.elapsed().as_secs_f64(),
                applied.join(" ")
            );
        }
        let route = match mutator.below(20) {
            0 if pipeline.routes().contains(&Route::Folder) => Route::Folder,
            0..=2 => Route::File,
            _ => Route::Text,
        };
        let input = Arc::new(input);
        let note = format!("route {route:?}; mutations {}", applied.join(" "));
        abort_guard::set_current(&input);
        if let Ok(mut current) = shared.current.lock() {
            *current = (Arc::clone(&input), note.clone());
        }
        let before = heap::start_peak();
        shared.heap_before.store(before as u64, SeqCst);
        shared
            .started_ms
            .store(start.elapsed().as_millis() as u64 + 1, SeqCst);
        let running = Instant::now();
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.run(&input, route)));
        shared.started_ms.store(0, SeqCst);
        shared.runs.fetch_add(1, SeqCst);
        let took = running.elapsed();
        if took > SLOW {
            let n = shared.slow.fetch_add(1, SeqCst);
            if n < MAX_SLOW_SAVED {
                let why = format!("{:.1} s\n{note}\n", took.as_secs_f64());
                save(out, &format!("slow-{n}"), &input, &why);
            }
        }
        let used = heap::peak().saturating_sub(before) as u64;
        if used > shared.largest_heap.load(SeqCst) {
            shared.largest_heap.store(used, SeqCst);
            shared.largest_input.store(input.len() as u64, SeqCst);
            let why = format!("{} MB of heap for one input\n{note}\n", used >> 20);
            save(out, "largest-heap", &input, &why);
        }
        match result {
            Ok(outcome) => {
                if outcome.usable {
                    shared.usable.fetch_add(1, SeqCst);
                    if input.len() <= MAX_CORPUS_INPUT {
                        if playable.len() < MAX_PLAYABLE {
                            playable.push(input.to_vec());
                        } else {
                            let i = mutator.below(MAX_PLAYABLE);
                            playable[i] = input.to_vec();
                        }
                    }
                }
                if outcome.catalogue {
                    shared.catalogues.fetch_add(1, SeqCst);
                }
                if !outcome.oddities.is_empty() {
                    let n = shared.oddities.fetch_add(1, SeqCst);
                    if n < MAX_ODDITIES_SAVED {
                        let text = format!("{note}\n{}\n", outcome.oddities.join("\n"));
                        save(out, &format!("odd-{n}"), &input, &text);
                    }
                }
                if let Ok(mut codes) = shared.codes.lock() {
                    codes.extend(outcome.codes.iter().copied());
                }
                let signature = (
                    outcome.codes.into_iter().collect(),
                    outcome.usable,
                    outcome.catalogue,
                    outcome.kind,
                );
                let fits = input.len() <= MAX_CORPUS_INPUT;
                if fits && signatures.len() < MAX_SIGNATURES && signatures.insert(signature) {
                    if corpus.len() < MAX_CORPUS {
                        corpus.push(input.to_vec());
                    } else {
                        let i = seeds + mutator.below(MAX_CORPUS - seeds);
                        corpus[i] = input.to_vec();
                    }
                    shared.corpus.store(corpus.len() as u64, SeqCst);
                }
            }
            Err(_) => {
                shared.crash_inputs.fetch_add(1, SeqCst);
                let message = LAST_PANIC
                    .lock()
                    .ok()
                    .and_then(|mut m| m.take())
                    .unwrap_or_else(|| "?\tunknown panic".to_owned());
                let at = message.split('\t').next().unwrap_or("?").to_owned();
                let mut crashes = shared.crashes.lock().unwrap_or_else(|e| e.into_inner());
                let smaller = crashes.get(&at).is_none_or(|&size| input.len() < size);
                if smaller {
                    let first = !crashes.contains_key(&at);
                    crashes.insert(at.clone(), input.len());
                    let name = format!("crash-{:016x}", fnv(at.as_bytes()));
                    let text = format!("panic at {message}\n{note}\n{} bytes\n", input.len());
                    save(out, &name, &input, &text);
                    if first {
                        println!(
                            "CRASH at {message} ({} bytes) → {}/{name}.ron",
                            input.len(),
                            out.display()
                        );
                    }
                }
            }
        }
    }
}

fn save(out: &Path, name: &str, input: &[u8], note: &str) {
    let _ = std::fs::write(out.join(format!("{name}.ron")), input);
    let _ = std::fs::write(out.join(format!("{name}.txt")), note);
}

/// Saves the running input as a `kind` finding, prints the summary and exits.
fn stop_with(shared: &Shared, out: &Path, kind: &str, why: &str, start: Instant, code: i32) -> ! {
    abort_guard::disarm();
    let (input, note) = shared
        .current
        .lock()
        .map(|c| c.clone())
        .unwrap_or_else(|e| e.into_inner().clone());
    let name = format!("{kind}-{:016x}", fnv(&input));
    save(
        out,
        &name,
        &input,
        &format!("{kind}: {why}\n{note}\n{} bytes\n", input.len()),
    );
    println!(
        "{}: {why} ({} bytes) → {}/{name}.ron",
        kind.to_uppercase(),
        input.len(),
        out.display()
    );
    println!("{}", summary(shared, start.elapsed(), out));
    std::process::exit(code);
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// A `/proc/self/status` figure in kB (0 where there is none).
fn memory(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn status(shared: &Shared, elapsed: Duration) -> String {
    let runs = shared.runs.load(SeqCst);
    let secs = elapsed.as_secs_f64().max(1e-9);
    let codes = shared.codes.lock().map(|c| c.len()).unwrap_or(0);
    let crashes = shared.crashes.lock().map(|c| c.len()).unwrap_or(0);
    format!(
        "[{:>5.0}s] inputs {runs} ({:.0}/s), usable {}, catalogues {}, codes {codes}, \
         crashes {crashes} ({} inputs), oddities {}, slow (over 2 s) {}, corpus {}, peak memory {} MB (VmHWM), \
         live heap {} MB, most heap for one input {} MB ({} bytes)",
        elapsed.as_secs_f64(),
        runs as f64 / secs,
        shared.usable.load(SeqCst),
        shared.catalogues.load(SeqCst),
        shared.crash_inputs.load(SeqCst),
        shared.oddities.load(SeqCst),
        shared.slow.load(SeqCst),
        shared.corpus.load(SeqCst),
        memory("VmHWM:") / 1024,
        heap::live() >> 20,
        shared.largest_heap.load(SeqCst) >> 20,
        shared.largest_input.load(SeqCst),
    )
}

fn summary(shared: &Shared, elapsed: Duration, out: &Path) -> String {
    let mut text = format!("summary: {}", status(shared, elapsed));
    if let Ok(codes) = shared.codes.lock() {
        let list: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        let _ = write!(text, "\ncodes seen: {}", list.join(" "));
    }
    if let Ok(crashes) = shared.crashes.lock() {
        for (at, size) in crashes.iter() {
            let _ = write!(text, "\ncrash at {at}: smallest input {size} bytes");
        }
        if !crashes.is_empty() {
            let _ = write!(text, "\ninputs saved in {}", out.display());
        }
    }
    text
}

/// Counts the heap: the live bytes, and the peak since the current input began, so a memory
/// blow-up is blamed on the input that caused it (the resident size lags behind frees).
mod heap {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    struct Counting;

    static LIVE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    #[global_allocator]
    static COUNTING: Counting = Counting;

    fn grew(by: usize) {
        let now = LIVE.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }

    // SAFETY: every call goes to the system allocator unchanged; only the counters are added.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { System.alloc_zeroed(layout) };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) };
            LIVE.fetch_sub(layout.size(), Relaxed);
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if !p.is_null() {
                if new_size > layout.size() {
                    grew(new_size - layout.size());
                } else {
                    LIVE.fetch_sub(layout.size() - new_size, Relaxed);
                }
            }
            p
        }
    }

    pub fn live() -> usize {
        LIVE.load(Relaxed)
    }

    pub fn peak() -> usize {
        PEAK.load(Relaxed)
    }

    /// Restarts the peak from the live heap, and returns it.
    pub fn start_peak() -> usize {
        let now = LIVE.load(Relaxed);
        PEAK.store(now, Relaxed);
        now
    }
}

/// Saves the running input when the process aborts (a stack overflow, a failed allocation):
/// a SIGABRT handler writes it with plain system calls.
#[cfg(unix)]
mod abort_guard {
    use std::ffi::CString;
    use std::path::Path;
    use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering::SeqCst};

    static DATA: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
    static LEN: AtomicUsize = AtomicUsize::new(0);
    static PATH: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
    static ARMED: AtomicBool = AtomicBool::new(false);

    pub fn install(out: &Path) {
        let path = out.join(format!("abort-{}.ron", std::process::id()));
        let Ok(path) = CString::new(path.display().to_string()) else {
            return;
        };
        PATH.store(path.into_raw(), SeqCst);
        ARMED.store(true, SeqCst);
        // SAFETY: the handler only reads atomics and makes async-signal-safe calls.
        unsafe {
            libc::signal(libc::SIGABRT, on_abort as *const () as libc::sighandler_t);
        }
    }

    /// The input now running; it must stay alive until the next call.
    pub fn set_current(input: &std::sync::Arc<Vec<u8>>) {
        LEN.store(0, SeqCst);
        DATA.store(input.as_ptr().cast_mut(), SeqCst);
        LEN.store(input.len(), SeqCst);
    }

    pub fn disarm() {
        ARMED.store(false, SeqCst);
    }

    extern "C" fn on_abort(_: libc::c_int) {
        let (data, len, path) = (DATA.load(SeqCst), LEN.load(SeqCst), PATH.load(SeqCst));
        if ARMED.swap(false, SeqCst) && !data.is_null() && !path.is_null() {
            // SAFETY: `path` is a leaked CString, `data` points at `len` live bytes.
            unsafe {
                let fd = libc::open(path, libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC, 0o644);
                if fd >= 0 {
                    libc::write(fd, data.cast(), len);
                    libc::close(fd);
                }
                let note = b"\nfuzz_cases: aborted; the running input is saved as abort-PID.ron\n";
                libc::write(2, note.as_ptr().cast(), note.len());
            }
        }
        // SAFETY: back to the default action, then die of the same signal.
        unsafe {
            libc::signal(libc::SIGABRT, libc::SIG_DFL);
            libc::raise(libc::SIGABRT);
        }
    }
}

#[cfg(not(unix))]
mod abort_guard {
    pub fn install(_: &std::path::Path) {}
    pub fn set_current(_: &std::sync::Arc<Vec<u8>>) {}
    pub fn disarm() {}
}
