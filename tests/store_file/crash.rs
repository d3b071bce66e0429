//! Writers killed at random instants mid-save always leave a whole file behind.
//!
//! The kill delays come from a fixed seed, so every run tries the same instants; set
//! `TAPER_CRASH_SEED` to try others. How many kills landed mid-save depends on the
//! machine's speed, so it is reported, never asserted: what is asserted holds for any
//! instant of any kill.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use taper_planner::store::{self, backup_path, load_ron};

use super::{CRASH_CHILD_FILE, CRASH_READY, Doc, crash_versions, setup};

/// Small xorshift generator: enough to spread the kill delays, no extra dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn count_temporaries(dir: &Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        })
        .count()
}

/// Overrides the seed of the kill delays (any whole number).
const CRASH_SEED_ENV: &str = "TAPER_CRASH_SEED";
const DEFAULT_SEED: u64 = 0x5eed_2026_0009;

#[test]
fn killed_writers_leave_a_whole_file() {
    const KILLS: usize = 200;
    let (_root, path) = setup();
    let (a, b) = crash_versions();
    let seed = std::env::var(CRASH_SEED_ENV)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_SEED)
        | 1;
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut saved_once = false;
    let mut killed_mid_save = 0;
    let mut seen = [0usize; 2];

    for round in 0..KILLS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--ignored", "--nocapture"])
            .env(CRASH_CHILD_FILE, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let ready = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .any(|line| line == CRASH_READY);
        assert!(
            ready,
            "round {round} (seed {seed}): child failed before saving"
        );
        std::thread::sleep(Duration::from_micros(rng.below(20_000)));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "round {round}: child stopped by itself");

        if !path.exists() {
            // Only allowed while no save has ever completed.
            assert!(!saved_once, "round {round}: the file vanished");
            continue;
        }
        saved_once = true;
        if count_temporaries(path.parent().unwrap()) > 0 {
            killed_mid_save += 1;
        }
        let now = load_ron::<Doc>(&path)
            .unwrap_or_else(|e| panic!("round {round} (seed {seed}): {e}"))
            .value;
        assert!(now == a || now == b, "round {round}: neither version");
        seen[usize::from(now == b)] += 1;
        if backup_path(&path).exists() {
            let bak = load_ron::<Doc>(&backup_path(&path)).unwrap().value;
            assert!(
                bak == a || bak == b,
                "round {round}: backup is neither version"
            );
        }
    }

    let leftovers = count_temporaries(path.parent().unwrap());
    println!(
        "{KILLS} kills in {:?}; {killed_mid_save} kills left a temporary; A/B found {seen:?} (seed {seed})",
        started.elapsed()
    );
    // Each child cleans up after the previous one, so only the last kill's remain.
    assert!(leftovers <= 2, "{leftovers} temporaries left");
    assert_eq!(
        store::list_patient_files(path.parent().unwrap()).unwrap(),
        vec![path]
    );
}
