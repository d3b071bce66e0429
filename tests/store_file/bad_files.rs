//! Hostile files (truncated, garbled, mistyped, empty, binary, deeply nested, huge) are
//! refused with a clear error, and neither they nor their backup are changed.

use std::fs;
use std::path::Path;

use taper_planner::store::{
    self, StoreError, backup_path, load_ron, read_stamped, save_ron, to_ron_pretty,
};

use super::{Doc, doc, setup};

fn bytes_or_none(path: &Path) -> Option<Vec<u8>> {
    fs::read(path).ok()
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
fn huge_file_is_refused_without_reading_it() {
    let (_root, path) = setup();
    let s = save_ron(&path, &doc("good", 2), None).unwrap();
    save_ron(&path, &doc("good 2", 2), Some(&s)).unwrap();
    let bak = fs::read(backup_path(&path)).unwrap();
    let big = fs::File::create(&path).unwrap();
    big.set_len(100 * 1000 * 1000).unwrap(); // sparse: no disk used
    drop(big);

    let err = load_ron::<Doc>(&path).unwrap_err();
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
