//! serde round trips (JSON and postcard) for HashMap, HashSet and Vector, interchange with std's
//! collections, and bad input: malformed, truncated or hostile data gives an error, never a panic.
#![cfg(feature = "serde")]

use std::collections::{HashMap as StdHashMap, HashSet as StdHashSet};

use cowtree::{HashMap, HashSet, Vector};
use quickcheck::{QuickCheck, TestResult};

fn map_of(entries: &[(u16, String)]) -> HashMap<u16, String> {
    entries.iter().cloned().collect()
}

fn json_and_postcard_round_trip_map(entries: Vec<(u16, String)>) -> TestResult {
    let map = map_of(&entries);
    let json: HashMap<u16, String> =
        serde_json::from_str(&serde_json::to_string(&map).unwrap()).unwrap();
    let bytes: HashMap<u16, String> =
        postcard::from_bytes(&postcard::to_stdvec(&map).unwrap()).unwrap();
    for back in [&json, &bytes] {
        back.check_invariants();
        if back != &map || back.len() != map.len() {
            return TestResult::failed();
        }
    }
    TestResult::passed()
}

fn json_and_postcard_round_trip_set(items: Vec<i32>) -> TestResult {
    let set: HashSet<i32> = items.iter().copied().collect();
    let json: HashSet<i32> = serde_json::from_str(&serde_json::to_string(&set).unwrap()).unwrap();
    let bytes: HashSet<i32> = postcard::from_bytes(&postcard::to_stdvec(&set).unwrap()).unwrap();
    for back in [&json, &bytes] {
        back.check_invariants();
        if back != &set || items.iter().any(|i| !back.contains(i)) {
            return TestResult::failed();
        }
    }
    TestResult::passed()
}

fn json_and_postcard_round_trip_vector(items: Vec<String>) -> TestResult {
    let v: Vector<String> = items.iter().cloned().collect();
    let json: Vector<String> = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
    let bytes: Vector<String> = postcard::from_bytes(&postcard::to_stdvec(&v).unwrap()).unwrap();
    for back in [&json, &bytes] {
        back.check_invariants();
        let read: Vec<String> = (0..back.len())
            .map(|i| back.get(i).unwrap().clone())
            .collect();
        if read != items {
            return TestResult::failed();
        }
    }
    TestResult::passed()
}

#[test]
fn round_trips_small_random() {
    let mut qc = QuickCheck::new().tests(1000);
    qc.quickcheck(json_and_postcard_round_trip_map as fn(_) -> TestResult);
    qc.quickcheck(json_and_postcard_round_trip_set as fn(_) -> TestResult);
    qc.quickcheck(json_and_postcard_round_trip_vector as fn(_) -> TestResult);
}

#[test]
fn round_trips_large_enough_for_deep_trees() {
    // 100,000 elements: several levels in both tries and a multi-level RRB tree.
    let entries: Vec<(u16, String)> = (0..100_000u32).map(|i| (i as u16, i.to_string())).collect();
    assert!(!json_and_postcard_round_trip_map(entries).is_failure());
    let items: Vec<i32> = (0..100_000).map(|i| i * 7 - 3).collect();
    assert!(!json_and_postcard_round_trip_set(items).is_failure());
    let strings: Vec<String> = (0..100_000).map(|i: u32| format!("s{i}")).collect();
    assert!(!json_and_postcard_round_trip_vector(strings).is_failure());
}

#[test]
fn same_shapes_as_std_so_data_moves_both_ways() {
    let std_map: StdHashMap<String, Vec<u8>> = (0..500)
        .map(|i| (format!("k{i}"), vec![i as u8; i % 5]))
        .collect();
    let std_set: StdHashSet<u64> = (0..500).map(|i| i * i).collect();
    let std_vec: Vec<(u8, bool)> = (0..500).map(|i| (i as u8, i % 3 == 0)).collect();

    // std -> cowtree, through both formats.
    let map: HashMap<String, Vec<u8>> =
        serde_json::from_str(&serde_json::to_string(&std_map).unwrap()).unwrap();
    let set: HashSet<u64> = postcard::from_bytes(&postcard::to_stdvec(&std_set).unwrap()).unwrap();
    let vec: Vector<(u8, bool)> =
        postcard::from_bytes(&postcard::to_stdvec(&std_vec).unwrap()).unwrap();
    assert_eq!(map.len(), std_map.len());
    assert!(std_map.iter().all(|(k, v)| map.get(k.as_str()) == Some(v)));
    assert_eq!(set.len(), std_set.len());
    assert!(std_set.iter().all(|x| set.contains(x)));
    assert_eq!(vec.iter().cloned().collect::<Vec<_>>(), std_vec);

    // cowtree -> std.
    let back_map: StdHashMap<String, Vec<u8>> =
        postcard::from_bytes(&postcard::to_stdvec(&map).unwrap()).unwrap();
    let back_set: StdHashSet<u64> =
        serde_json::from_str(&serde_json::to_string(&set).unwrap()).unwrap();
    let back_vec: Vec<(u8, bool)> =
        serde_json::from_str(&serde_json::to_string(&vec).unwrap()).unwrap();
    assert_eq!(back_map, std_map);
    assert_eq!(back_set, std_set);
    assert_eq!(back_vec, std_vec);

    // Byte for byte, a vector is written exactly as a Vec (both are ordered).
    assert_eq!(
        postcard::to_stdvec(&vec).unwrap(),
        postcard::to_stdvec(&std_vec).unwrap()
    );
    assert_eq!(
        serde_json::to_string(&vec).unwrap(),
        serde_json::to_string(&std_vec).unwrap()
    );
}

#[test]
fn duplicate_keys_keep_the_last_value_like_std() {
    let json = r#"{"a": 1, "b": 2, "a": 3}"#;
    let map: HashMap<String, u32> = serde_json::from_str(json).unwrap();
    let std_map: StdHashMap<String, u32> = serde_json::from_str(json).unwrap();
    assert_eq!(map.len(), 2);
    assert_eq!(map.get("a"), std_map.get("a"));
    assert_eq!(map.get("a"), Some(&3));
    let set: HashSet<u8> = serde_json::from_str("[5, 5, 5]").unwrap();
    assert_eq!(set.len(), 1);
}

#[test]
fn every_truncation_is_an_error() {
    let map: HashMap<u32, String> = (0..300).map(|i| (i, format!("value {i}"))).collect();
    let set: HashSet<u32> = (0..300).collect();
    let vec: Vector<String> = (0..300).map(|i| format!("{i}")).collect();

    let bytes = postcard::to_stdvec(&map).unwrap();
    for cut in 0..bytes.len() {
        assert!(
            postcard::from_bytes::<HashMap<u32, String>>(&bytes[..cut]).is_err(),
            "map cut at {cut}"
        );
    }
    let bytes = postcard::to_stdvec(&set).unwrap();
    for cut in 0..bytes.len() {
        assert!(
            postcard::from_bytes::<HashSet<u32>>(&bytes[..cut]).is_err(),
            "set cut at {cut}"
        );
    }
    let bytes = postcard::to_stdvec(&vec).unwrap();
    for cut in 0..bytes.len() {
        assert!(
            postcard::from_bytes::<Vector<String>>(&bytes[..cut]).is_err(),
            "vector cut at {cut}"
        );
    }

    let text = serde_json::to_string(&map).unwrap();
    for cut in (0..text.len()).filter(|&c| text.is_char_boundary(c)) {
        assert!(
            serde_json::from_str::<HashMap<u32, String>>(&text[..cut]).is_err(),
            "json map cut at {cut}"
        );
    }
    let text = serde_json::to_string(&vec).unwrap();
    for cut in 0..text.len() {
        assert!(
            serde_json::from_str::<Vector<String>>(&text[..cut]).is_err(),
            "json vector cut at {cut}"
        );
    }
}

#[test]
fn malformed_input_is_an_error() {
    // Wrong shapes and wrong element types.
    assert!(serde_json::from_str::<HashMap<String, u32>>("[1, 2]").is_err());
    assert!(serde_json::from_str::<HashMap<String, u32>>(r#"{"a": "x"}"#).is_err());
    assert!(serde_json::from_str::<HashMap<u32, u32>>(r#"{"not a number": 1}"#).is_err());
    assert!(serde_json::from_str::<HashSet<u8>>(r#"{"a": 1}"#).is_err());
    assert!(serde_json::from_str::<HashSet<u8>>("[1, 2, 300]").is_err());
    assert!(serde_json::from_str::<Vector<u8>>("[1, -1]").is_err());
    assert!(serde_json::from_str::<Vector<u8>>("42").is_err());
    // An error after many good elements drops what was built (nothing leaks, nothing returned).
    let mut text: String = (0..10_000).map(|i| format!("{},", i % 200)).collect();
    text.insert(0, '[');
    text.push_str("\"oops\"]");
    assert!(serde_json::from_str::<Vector<u8>>(&text).is_err());
    assert!(serde_json::from_str::<HashSet<u8>>(&text).is_err());
    // postcard: a byte that is not a valid bool, and a string that is not UTF-8.
    assert!(postcard::from_bytes::<Vector<bool>>(&[2, 1, 7]).is_err());
    assert!(postcard::from_bytes::<HashSet<String>>(&[1, 2, 0xff, 0xfe]).is_err());
}

#[test]
fn hostile_length_prefix_does_not_preallocate() {
    // A postcard sequence header claiming about 2^62 elements, followed by three bytes.
    let mut bytes = vec![0xff; 8];
    bytes.extend_from_slice(&[0x3f, 1, 2, 3]);
    assert!(postcard::from_bytes::<Vector<u64>>(&bytes).is_err());
    assert!(postcard::from_bytes::<HashSet<u64>>(&bytes).is_err());
    assert!(postcard::from_bytes::<HashMap<u64, u64>>(&bytes).is_err());
}

#[test]
fn flipped_bytes_never_panic() {
    let map: HashMap<u16, String> = (0..200).map(|i| (i, format!("v{i}"))).collect();
    let vec: Vector<u32> = (0..200).collect();
    let map_bytes = postcard::to_stdvec(&map).unwrap();
    let vec_bytes = postcard::to_stdvec(&vec).unwrap();
    for (i, flip) in (0..map_bytes.len()).flat_map(|i| [0x01u8, 0x80, 0xff].map(|f| (i, f))) {
        let mut bad = map_bytes.clone();
        bad[i] ^= flip;
        if let Ok(m) = postcard::from_bytes::<HashMap<u16, String>>(&bad) {
            m.check_invariants();
        }
    }
    for (i, flip) in (0..vec_bytes.len()).flat_map(|i| [0x01u8, 0x80, 0xff].map(|f| (i, f))) {
        let mut bad = vec_bytes.clone();
        bad[i] ^= flip;
        if let Ok(v) = postcard::from_bytes::<Vector<u32>>(&bad) {
            v.check_invariants();
        }
    }
}
