//! Randomly damaged files: loading never panics, and a failed load changes nothing.

use std::fs;

use proptest::prelude::*;
use taper_planner::store::{StoreError, load_ron, save_ron, to_ron_pretty};

use super::{Doc, doc};

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
