//! `Vector::diff`, `heap_size` and `sharing` against models, over random edits with snapshots.

mod support;

use cowtree::vector::DiffItem;
use cowtree::Vector;
use quickcheck::{Arbitrary, Gen, QuickCheck};
use support::vector::{build, check, scaled};

#[derive(Clone, Debug)]
enum Edit {
    Set(usize, u32),
    PushBack(u32),
    PopBack,
    PushFront(u32),
    PopFront,
    Insert(usize, u32),
    Remove(usize),
    Append(u8, u8),
    Truncate(usize),
    Snapshot,
}

impl Arbitrary for Edit {
    fn arbitrary(g: &mut Gen) -> Edit {
        let i = usize::arbitrary(g);
        let x = u32::arbitrary(g) % 50;
        match u8::arbitrary(g) % 20 {
            0..=6 => Edit::Set(i, x),
            7..=8 => Edit::PushBack(x),
            9 => Edit::PopBack,
            10 => Edit::PushFront(x),
            11 => Edit::PopFront,
            12 => Edit::Insert(i, x),
            13 => Edit::Remove(i),
            14 => Edit::Append(u8::arbitrary(g), u8::arbitrary(g)),
            15 => Edit::Truncate(i),
            _ => Edit::Snapshot,
        }
    }
}

/// What `diff` must report, computed on plain slices.
fn model_diff(old: &[u32], new: &[u32]) -> Vec<(char, usize, u32, u32)> {
    let common = old.len().min(new.len());
    let mut out = Vec::new();
    for i in 0..common {
        if old[i] != new[i] {
            out.push(('c', i, old[i], new[i]));
        }
    }
    for (i, &x) in old.iter().enumerate().skip(common) {
        out.push(('r', i, x, 0));
    }
    for (i, &x) in new.iter().enumerate().skip(common) {
        out.push(('a', i, 0, x));
    }
    out
}

fn flatten(old: &Vector<u32>, new: &Vector<u32>) -> Vec<(char, usize, u32, u32)> {
    old.diff(new)
        .map(|d| match d {
            DiffItem::Changed { index, old, new } => ('c', index, *old, *new),
            DiffItem::Removed { index, value } => ('r', index, *value, 0),
            DiffItem::Added { index, value } => ('a', index, 0, *value),
        })
        .collect()
}

/// Applies the diff from `old` to `new` on a copy of `old`.
fn replay(old: &Vector<u32>, new: &Vector<u32>) -> Vector<u32> {
    let mut v = old.clone();
    let mut cut = None;
    for d in old.diff(new) {
        match d {
            DiffItem::Changed { index, new, .. } => {
                v.set(index, *new);
            }
            DiffItem::Added { value, .. } => v.push_back(*value),
            DiffItem::Removed { index, .. } => {
                cut.get_or_insert(index);
            }
        }
    }
    if let Some(at) = cut {
        v.truncate(at);
    }
    v
}

fn check_sharing(a: &Vector<u32>, b: &Vector<u32>) {
    let s = a.sharing(b);
    assert_eq!(s.shared + s.only_self, a.heap_size(), "sharing: self side");
    assert_eq!(
        s.shared + s.only_other,
        b.heap_size(),
        "sharing: other side"
    );
    let t = b.sharing(a);
    assert_eq!(
        (t.shared, t.only_self, t.only_other),
        (s.shared, s.only_other, s.only_self)
    );
}

fn run(len: u16, how: u8, edits: Vec<Edit>) {
    let base: Vec<u32> = (0..len as u32 % scaled(3000) as u32)
        .map(|x| x % 50)
        .collect();
    let mut v = build(&base, how as usize);
    let mut m = base.clone();
    let mut snaps = vec![(v.clone(), m.clone())];
    let fresh = v.clone();
    let s = v.sharing(&fresh);
    assert_eq!(
        (s.only_self, s.only_other),
        (0, 0),
        "fresh snapshot shares everything"
    );
    for e in edits {
        let len = m.len();
        match e {
            Edit::Set(i, x) if len > 0 => {
                v.set(i % len, x);
                m[i % len] = x;
            }
            Edit::PushBack(x) => {
                v.push_back(x);
                m.push(x);
            }
            Edit::PopBack => assert_eq!(v.pop_back(), m.pop()),
            Edit::PushFront(x) => {
                v.push_front(x);
                m.insert(0, x);
            }
            Edit::PopFront if len > 0 => assert_eq!(v.pop_front(), Some(m.remove(0))),
            Edit::Insert(i, x) => {
                v.insert(i % (len + 1), x);
                m.insert(i % (len + 1), x);
            }
            Edit::Remove(i) if len > 0 => assert_eq!(v.remove(i % len), m.remove(i % len)),
            Edit::Append(n, how) => {
                let c: Vec<u32> = (0..n as u32).map(|x| x % 50).collect();
                v.append(build(&c, how as usize));
                m.extend(c);
            }
            Edit::Truncate(i) => {
                v.truncate(i % (len + 1));
                m.truncate(i % (len + 1));
            }
            Edit::Snapshot => snaps.push((v.clone(), m.clone())),
            _ => {}
        }
    }
    check(&v, &m);
    snaps.push((v, m));
    for (a, ma) in &snaps {
        check(a, ma);
    }
    // Each snapshot against the next one and against the first, both ways.
    let pairs = (1..snaps.len()).flat_map(|k| [(k - 1, k), (k, k - 1), (0, k), (k, 0)]);
    for (i, j) in pairs {
        let ((a, ma), (b, mb)) = (&snaps[i], &snaps[j]);
        assert_eq!(flatten(a, b), model_diff(ma, mb));
        let r = replay(a, b);
        check(&r, mb);
        assert_eq!(a == b, ma == mb);
        check_sharing(a, b);
    }
}

#[test]
fn diff_and_sharing_match_the_model() {
    QuickCheck::new()
        .tests(1000)
        .quickcheck(run as fn(u16, u8, Vec<Edit>));
}

/// Bytes of one root-to-leaf path at most: a leaf plus a branch (with size table) per level.
fn path_bytes(v: &Vector<u64>) -> usize {
    let b = v.leaves().map(|s| s.len()).max().unwrap_or(1);
    // Leaf: count, capacity/len word, B elements. Branch: count, enum tag, capacity word,
    // B pointers, size-table pointer, and a B-word size table.
    let leaf = 16 + 8 * b;
    let branch = 32 + 8 * b + 8 * b;
    leaf + (v.tree_height() + 1) * branch
}

#[test]
fn writes_to_a_unique_copy_copy_at_most_their_paths() {
    let mut v: Vector<u64> = (0..200_000).collect();
    let snapshot = v.clone();
    let path = path_bytes(&v);
    for (k, i) in [5usize, 77_777, 150_001, 199_990, 100]
        .into_iter()
        .enumerate()
    {
        v.set(i, 0);
        let s = v.sharing(&snapshot);
        assert!(s.only_self > 0);
        assert!(
            s.only_self <= (k + 1) * path,
            "{} bytes copied after {} writes (path {path})",
            s.only_self,
            k + 1
        );
        assert_eq!(s.shared + s.only_self, v.heap_size());
        assert_eq!(s.shared + s.only_other, snapshot.heap_size());
    }
}

#[test]
fn diff_of_edited_copy_skips_shared_subtrees() {
    // Structural skipping shows up as diff agreeing with the model on a long vector quickly;
    // this also covers a vector whose tree grew a level between the versions.
    let old: Vector<u32> = (0..300_000).collect();
    let mut new = old.clone();
    for i in (0..300_000).step_by(29_989) {
        new.set(i, 1);
    }
    for x in 0..5000 {
        new.push_back(x);
    }
    let d = flatten(&old, &new);
    assert_eq!(d.iter().filter(|e| e.0 == 'c').count(), 11);
    assert_eq!(d.iter().filter(|e| e.0 == 'a').count(), 5000);
    assert_eq!(replay(&old, &new), new);
}

#[test]
fn heap_size_is_close_to_a_vec() {
    let n = 1_000_000u64;
    let v: Vector<u64> = (0..n).collect();
    let per = v.heap_size() as f64 / n as f64;
    println!("Vector<u64> of 1M built by push_back: {per:.3} bytes/element");
    let b = v.leaves().map(|s| s.len()).max().unwrap();
    if b == 32 {
        assert!(per <= 8.0 * 1.1, "{per} bytes per element");
    }
}

#[test]
fn iter_mut_copies_only_what_it_visits() {
    let mut v: Vector<u64> = (0..200_000).collect();
    let snapshot = v.clone();
    let path = path_bytes(&v);
    v.iter_mut().take(10).for_each(|x| *x += 1);
    v.iter_mut().rev().take(10).for_each(|x| *x += 1);
    let s = v.sharing(&snapshot);
    // One leaf path from each end, plus the head and tail buffers.
    assert!(s.only_self <= 4 * path, "{} bytes copied", s.only_self);
    assert_eq!(
        (v[9], v[10], v[199_990], v[199_989]),
        (10, 10, 199_991, 199_989)
    );
}
