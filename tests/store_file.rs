//! The generic file store against a real file system: atomic saves and backups,
//! permissions, change detection, locks, hostile files, and processes killed mid-save.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use taper_planner::store::{
    self, FileLock, StoreError, backup_path, load_ron, patients_dir, read_stamped, save_atomic,
    save_checked, save_ron, to_ron_pretty,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Doc {
    format_version: u32,
    name: String,
    items: Vec<Item>,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Item {
    day: u32,
    amount: f64,
    label: String,
}

fn doc(name: &str, n: u32) -> Doc {
    Doc {
        format_version: 1,
        name: name.to_string(),
        items: (0..n)
            .map(|day| Item {
                day,
                amount: f64::from(n - day) * 0.25,
                label: format!("{name} day {day}"),
            })
            .collect(),
        note: Some(format!("note of {name}")),
    }
}

/// A data folder in a fresh temporary folder, and the path of one patient file in it.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().expect("temp dir");
    let patients = patients_dir(&root.path().join("data")).expect("patients dir");
    let path = patients.join("p1.ron");
    (root, path)
}

fn bytes_or_none(path: &Path) -> Option<Vec<u8>> {
    fs::read(path).ok()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

#[test]
fn round_trip_keeps_previous_generation_in_bak() {
    let (_root, path) = setup();
    let first = doc("first", 3);
    let second = doc("second", 4);
    let third = doc("third", 5);

    let s1 = save_ron(&path, &first, None).unwrap();
    assert!(
        !backup_path(&path).exists(),
        "no backup before a second save"
    );
    let loaded = load_ron::<Doc>(&path).unwrap();
    assert_eq!(loaded.value, first);
    assert!(loaded.stamp.same_content(&s1));

    let s2 = save_ron(&path, &second, Some(&loaded.stamp)).unwrap();
    assert_eq!(load_ron::<Doc>(&path).unwrap().value, second);
    assert_eq!(load_ron::<Doc>(&backup_path(&path)).unwrap().value, first);

    save_ron(&path, &third, Some(&s2)).unwrap();
    assert_eq!(load_ron::<Doc>(&path).unwrap().value, third);
    assert_eq!(load_ron::<Doc>(&backup_path(&path)).unwrap().value, second);

    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("Doc(\n    format_version: 1,\n"), "{text}");
    // No temporaries are left behind by successful saves.
    let mut names: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["p1.ron", "p1.ron.bak"]);
}

#[cfg(unix)]
#[test]
fn files_are_0600_and_folders_0700() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let patients = patients_dir(&data).unwrap();
    let path = patients.join("p1.ron");
    let s = save_ron(&path, &doc("a", 2), None).unwrap();
    save_ron(&path, &doc("b", 2), Some(&s)).unwrap();
    let lock = FileLock::acquire(&path).unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&patients), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&backup_path(&path)), 0o600);
    assert_eq!(mode(lock.lock_path()), 0o600);

    // A file another program left world-readable becomes private when backed up and
    // replaced.
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    save_atomic(&path, b"x").unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&backup_path(&path)), 0o600);
}

#[test]
fn a_file_changed_by_another_program_is_not_overwritten() {
    let (_root, path) = setup();
    let s = save_ron(&path, &doc("mine", 2), None).unwrap();
    save_ron(&path, &doc("mine v2", 2), Some(&s)).unwrap();
    let loaded = load_ron::<Doc>(&path).unwrap();
    let bak_before = fs::read(backup_path(&path)).unwrap();

    let theirs = to_ron_pretty(&doc("theirs", 3)).unwrap();
    fs::write(&path, &theirs).unwrap();

    let err = save_ron(&path, &doc("mine v3", 2), Some(&loaded.stamp)).unwrap_err();
    assert!(
        matches!(&err, StoreError::ChangedOnDisk { path: p } if *p == path),
        "{err:?}"
    );
    assert!(err.to_string().contains("p1.ron"));
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    assert_eq!(fs::read(backup_path(&path)).unwrap(), bak_before);

    // Removed by another program: not silently recreated either.
    fs::remove_file(&path).unwrap();
    let err = save_ron(&path, &doc("mine v3", 2), Some(&loaded.stamp)).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err:?}");
    assert!(!path.exists());
}

#[test]
fn same_length_edit_is_noticed() {
    let (_root, path) = setup();
    let s = save_checked(&path, b"amount: 10", None).unwrap();
    fs::write(&path, b"amount: 90").unwrap();
    let err = save_checked(&path, b"amount: 11", Some(&s)).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), b"amount: 90");
}

#[test]
fn of_two_writers_from_one_load_only_the_first_succeeds() {
    let (_root, path) = setup();
    save_ron(&path, &doc("base", 2), None).unwrap();
    let a = load_ron::<Doc>(&path).unwrap();
    let b = load_ron::<Doc>(&path).unwrap();

    let new_a = save_ron(&path, &doc("writer a", 2), Some(&a.stamp)).unwrap();
    let err = save_ron(&path, &doc("writer b", 2), Some(&b.stamp)).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err:?}");
    assert_eq!(load_ron::<Doc>(&path).unwrap().value, doc("writer a", 2));
    // The winner can keep saving with the stamp its save returned.
    save_ron(&path, &doc("writer a 2", 2), Some(&new_a)).unwrap();
    assert_eq!(load_ron::<Doc>(&path).unwrap().value, doc("writer a 2", 2));
}

#[test]
fn creating_refuses_an_existing_file_unless_forced() {
    let (_root, path) = setup();
    save_checked(&path, b"first", None).unwrap();
    let err = save_checked(&path, b"second", None).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err:?}");
    assert!(err.to_string().contains("p1.ron"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"first");

    let stamp = save_atomic(&path, b"forced").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"forced");
    assert_eq!(fs::read(backup_path(&path)).unwrap(), b"first");
    assert!(stamp.matches_disk(&path).unwrap());
}

#[test]
fn identical_save_is_a_no_op_and_keeps_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.ron");
    let s1 = save_checked(&p, b"one", None).unwrap();
    let s2 = save_checked(&p, b"two", Some(&s1)).unwrap();
    let s3 = save_checked(&p, b"two", Some(&s2)).unwrap();
    assert!(s3.same_content(&s2));
    assert_eq!(fs::read(backup_path(&p)).unwrap(), b"one");
    assert_eq!(fs::read(&p).unwrap(), b"two");
}
#[test]
fn lock_is_exclusive_within_one_process_and_released_on_drop() {
    let (_root, path) = setup();
    let other = path.with_file_name("p2.ron");
    let lock = FileLock::acquire(&path).unwrap();
    let err = FileLock::acquire(&path).unwrap_err();
    assert!(
        matches!(&err, StoreError::Locked { path: p } if *p == path),
        "{err:?}"
    );
    assert!(err.to_string().contains("p1.ron"));
    let other_lock = FileLock::acquire(&other).expect("other files are independent");
    drop(lock);
    let again = FileLock::acquire(&path).expect("free after drop");
    assert_eq!(again.path(), path);
    drop(other_lock);
}

const LOCK_CHILD_FILE: &str = "TAPER_STORE_TEST_LOCK_FILE";
const LOCK_CHILD_EXPECT: &str = "TAPER_STORE_TEST_LOCK_EXPECT";

/// Child half of `lock_holds_across_processes`: succeeds only if the lock is in the
/// state the parent says.
#[test]
#[ignore = "run as a child process by lock_holds_across_processes"]
fn lock_child() {
    let Some(path) = std::env::var_os(LOCK_CHILD_FILE) else {
        return;
    };
    let result = FileLock::acquire(Path::new(&path));
    match std::env::var(LOCK_CHILD_EXPECT).as_deref() {
        Ok("locked") => assert!(
            matches!(result, Err(StoreError::Locked { .. })),
            "{result:?}"
        ),
        _ => assert!(result.is_ok(), "{result:?}"),
    }
}

fn run_lock_child(path: &Path, expect: &str) -> bool {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "lock_child", "--ignored", "--nocapture"])
        .env(LOCK_CHILD_FILE, path)
        .env(LOCK_CHILD_EXPECT, expect)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

#[test]
fn lock_holds_across_processes() {
    let (_root, path) = setup();
    let lock = FileLock::acquire(&path).unwrap();
    assert!(
        run_lock_child(&path, "locked"),
        "child could take a held lock"
    );
    drop(lock);
    assert!(
        run_lock_child(&path, "free"),
        "child could not take a free lock"
    );
}

/// A valid file and its backup are written, then the file is replaced by `bad`.
/// Loading must fail cleanly and leave both files byte for byte as they were.
fn assert_bad_file_rejected(bad: &[u8]) -> StoreError {
    let (_root, path) = setup();
    let s = save_ron(&path, &doc("good 1", 3), None).unwrap();
    save_ron(&path, &doc("good 2", 3), Some(&s)).unwrap();
    fs::write(&path, bad).unwrap();
    let before = (bytes_or_none(&path), bytes_or_none(&backup_path(&path)));

    let err = load_ron::<Doc>(&path).unwrap_err();
    // Not overwritten by a save that did not load it either.
    let refused = save_ron(&path, &doc("new", 1), None).unwrap_err();
    assert!(matches!(refused, StoreError::AlreadyExists { .. }));

    let after = (bytes_or_none(&path), bytes_or_none(&backup_path(&path)));
    assert!(before == after, "file or backup changed");
    assert_eq!(
        load_ron::<Doc>(&backup_path(&path)).unwrap().value,
        doc("good 1", 3)
    );
    err
}

fn parse_position(err: &StoreError) -> (usize, usize, String) {
    match err {
        StoreError::Parse {
            path: Some(p),
            line,
            column,
            message,
        } => {
            assert!(p.ends_with("p1.ron"));
            assert!(err.to_string().contains("p1.ron"));
            (*line, *column, message.clone())
        }
        other => panic!("expected a parse error with a path, got {other:?}"),
    }
}

#[test]
fn truncated_file_is_an_error_with_position() {
    let text = to_ron_pretty(&doc("t", 5)).unwrap();
    let cut = &text[..text.len() / 2];
    let (line, column, message) = parse_position(&assert_bad_file_rejected(cut.as_bytes()));
    // The end of the text: on the last line that still has something on it.
    let last_line = cut.trim_end().lines().count();
    assert_eq!(line, last_line, "{column} {message}");
    assert!(message.contains("end"), "{message}");
}

#[test]
fn garbled_file_points_at_the_garbage() {
    let bad =
        "Doc(\n    format_version: 1,\n    name: \"x\",\n    items: [%%%],\n    note: None,\n)\n";
    let (line, column, message) = parse_position(&assert_bad_file_rejected(bad.as_bytes()));
    assert_eq!((line, column), (4, 13), "{message}");
    assert!(message.starts_with("Expected"), "{message}");
}

#[test]
fn wrong_typed_field_points_at_the_value() {
    let bad = "Doc(\n    format_version: \"one\",\n    name: \"x\",\n    items: [],\n    note: None,\n)\n";
    let (line, column, message) = parse_position(&assert_bad_file_rejected(bad.as_bytes()));
    assert_eq!((line, column), (2, 21), "{message}");
    assert!(message.to_lowercase().contains("integer"), "{message}");
}

#[test]
fn missing_field_is_named() {
    let bad = "Doc(\n    format_version: 1,\n    items: [],\n    note: None,\n)\n";
    let (line, _, message) = parse_position(&assert_bad_file_rejected(bad.as_bytes()));
    assert_eq!(line, 5);
    assert!(message.contains("name"), "{message}");
}

#[test]
fn empty_file_is_a_clear_error() {
    for bad in [&b""[..], b"\n\n  \n"] {
        let (line, column, message) = parse_position(&assert_bad_file_rejected(bad));
        assert_eq!((line, column), (1, 1));
        assert!(message.contains("empty"), "{message}");
    }
}

#[test]
fn binary_garbage_is_an_error() {
    let bad: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let (line, _, message) = parse_position(&assert_bad_file_rejected(&bad));
    assert!(line >= 1, "{message}");
}

#[test]
fn deeply_nested_files_are_errors_not_stack_overflows() {
    let deep = 100_000;
    let cases = [
        "[".repeat(deep),
        "(".repeat(deep),
        "{".repeat(deep),
        "Some(".repeat(deep),
        format!("Doc(format_version: 1, extra: {}", "[".repeat(deep)),
        format!("Doc(format_version: 1, extra: {}", "A(x: ".repeat(deep)),
        format!(
            "Doc(format_version: 1, name: \"x\", items: [], note: {}",
            "Some(".repeat(deep)
        ),
        format!("{}{}", "[".repeat(deep), "]".repeat(deep)),
        format!("/*{}", "/*".repeat(deep)),
    ];
    for (i, bad) in cases.iter().enumerate() {
        let err = assert_bad_file_rejected(bad.as_bytes());
        assert!(matches!(err, StoreError::Parse { .. }), "case {i}: {err:?}");
    }
    // The same through an untyped value (serde's deserialize_any path).
    for bad in &cases[..4] {
        assert!(store::parse_ron::<ron::Value>(bad).is_err());
    }
}

#[test]
fn huge_file_is_refused_quickly_without_reading_it() {
    let (_root, path) = setup();
    let s = save_ron(&path, &doc("good", 2), None).unwrap();
    save_ron(&path, &doc("good 2", 2), Some(&s)).unwrap();
    let bak = fs::read(backup_path(&path)).unwrap();
    let big = fs::File::create(&path).unwrap();
    big.set_len(100 * 1000 * 1000).unwrap(); // sparse: no disk used
    drop(big);

    let started = Instant::now();
    let err = load_ron::<Doc>(&path).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        matches!(err, StoreError::TooLarge { limit, .. } if limit == store::DEFAULT_MAX_BYTES),
        "{err:?}"
    );
    assert!(err.to_string().contains("p1.ron") && err.to_string().contains("64 MiB"));
    assert!(matches!(
        read_stamped(&path, 1000),
        Err(StoreError::TooLarge { limit: 1000, .. })
    ));
    assert_eq!(fs::metadata(&path).unwrap().len(), 100 * 1000 * 1000);
    assert_eq!(fs::read(backup_path(&path)).unwrap(), bak);
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, u8),
    Delete(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let byte = prop_oneof![
        any::<u8>(),
        proptest::sample::select(b"[](){},:\"'/*\\ \n#r0-.e".to_vec()),
    ];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), byte).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
    ]
}

fn apply(text: &mut Vec<u8>, m: &Mutation) {
    let len = text.len();
    match *m {
        Mutation::Flip(i, b) if len > 0 => text[i % len] = b,
        Mutation::Truncate(i) => text.truncate(i % (len + 1)),
        Mutation::Insert(i, b) => text.insert(i % (len + 1), b),
        Mutation::Delete(i) if len > 0 => {
            text.remove(i % len);
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn mutated_files_never_panic_and_are_never_changed(
        mutations in proptest::collection::vec(mutation(), 1..8)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p1.ron");
        let mut text = to_ron_pretty(&doc("m", 3)).unwrap().into_bytes();
        for m in &mutations {
            apply(&mut text, m);
        }
        fs::write(&path, &text).unwrap();

        let result = load_ron::<Doc>(&path);
        if let Err(err) = &result {
            // Every failure here is about the content, and says where.
            let is_parse = matches!(err, StoreError::Parse { line, column, .. } if *line >= 1 && *column >= 1);
            prop_assert!(is_parse, "{:?}", err);
        }
        prop_assert!(save_ron(&path, &doc("new", 1), None).is_err());
        prop_assert_eq!(fs::read(&path).unwrap(), text);
    }
}

const CRASH_CHILD_FILE: &str = "TAPER_STORE_TEST_CRASH_FILE";
const CRASH_READY: &str = "CRASH_CHILD_READY";
const CRASH_ITEMS: u32 = 2_000;

fn crash_versions() -> (Doc, Doc) {
    (
        doc("version A", CRASH_ITEMS),
        doc("version B", CRASH_ITEMS + 1),
    )
}

/// Child half of `killed_writers_leave_a_whole_file`: holds the lock and saves the two
/// versions alternately, with change checks, until it is killed.
#[test]
#[ignore = "run as a child process by killed_writers_leave_a_whole_file"]
fn crash_child() {
    let Some(path) = std::env::var_os(CRASH_CHILD_FILE) else {
        return;
    };
    let path = PathBuf::from(path);
    let (a, b) = crash_versions();
    let texts = [to_ron_pretty(&a).unwrap(), to_ron_pretty(&b).unwrap()];
    // The previous child died holding this lock; the OS must have released it.
    let _lock = FileLock::acquire(&path).expect("lock of a killed process is free");
    store::remove_stale_temporaries(&path).expect("clean up after the killed process");
    let (mut stamp, mut next) = match read_stamped(&path, store::DEFAULT_MAX_BYTES) {
        Ok((bytes, stamp)) => (Some(stamp), usize::from(bytes == texts[0].as_bytes())),
        Err(e) if e.is_not_found() => (None, 0),
        Err(e) => panic!("{e}"),
    };
    println!("{CRASH_READY}");
    loop {
        let saved = save_checked(&path, texts[next].as_bytes(), stamp.as_ref());
        stamp = Some(saved.expect("save"));
        next = 1 - next;
    }
}

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

#[test]
fn killed_writers_leave_a_whole_file() {
    const KILLS: usize = 200;
    let (_root, path) = setup();
    let (a, b) = crash_versions();
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
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
    assert!(killed_mid_save > 0, "no kill landed during a save");
    assert!(
        seen[0] > 0 && seen[1] > 0,
        "saves never completed: {seen:?}"
    );
    assert_eq!(
        store::list_patient_files(path.parent().unwrap()).unwrap(),
        vec![path]
    );
}
