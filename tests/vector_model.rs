//! Model tests: random operation sequences on `Vector` against `Vec` (the interpreter in
//! `support/vector.rs`, shared with the fuzz target), with snapshots kept and checked at the end.

mod support;

use cowtree::Vector;
use quickcheck::{Gen, QuickCheck};
use support::vector::{build, check, run, scaled, Op};

#[test]
fn model_random_operations() {
    fn prop(ops: support::qc::Ops<Op>) {
        run(&ops.0)
    }
    let call = "{\n    use support::vector::{run, Op::*};\n    run(&OPS);\n}";
    support::qc::check(1000, 100, call, prop);
}

/// Long sequences of end operations reach deeper trees.
#[test]
fn model_long_end_operations() {
    fn prop(ops: Vec<(u8, u16)>) {
        let most = scaled(2000) as u16;
        let ops = ops
            .into_iter()
            .map(|(k, n)| match k % 6 {
                0 => Op::PushMany(n % most, false),
                1 => Op::PushMany(n % most, true),
                2 => Op::PopBack,
                3 => Op::PopFront,
                4 => Op::SplitJoin(n as usize * 31),
                _ => Op::Remove(n as usize * 17),
            })
            .collect::<Vec<Op>>();
        run(&ops)
    }
    QuickCheck::new()
        .tests(1000)
        .rng(Gen::new(20))
        .quickcheck(prop as fn(Vec<(u8, u16)>));
}

/// Many small uneven pieces concatenated in random order, then cut and rejoined at random.
#[test]
fn model_uneven_concatenation() {
    fn prop(pieces: Vec<(u8, u8)>, cuts: Vec<usize>) {
        let mut v = Vector::new();
        let mut m: Vec<u32> = Vec::new();
        let mut next = 0u32;
        for (n, how) in pieces {
            let c: Vec<u32> = (next..next + n as u32 % 50).collect();
            next += 50;
            let p = build(&c, how as usize);
            if how % 2 == 0 {
                v.append(p);
                m.extend(c);
            } else {
                let mut p = p;
                p.append(v);
                v = p;
                let mut nm = c;
                nm.extend(m);
                m = nm;
            }
            check(&v, &m);
        }
        for cut in cuts {
            let at = cut % (m.len() + 1);
            let right = v.split_off(at);
            let mr = m.split_off(at);
            check(&v, &m);
            check(&right, &mr);
            let mut r = right;
            r.append(v);
            v = r;
            let mut nm = mr;
            nm.extend(m);
            m = nm;
            check(&v, &m);
        }
    }
    QuickCheck::new()
        .tests(1000)
        .quickcheck(prop as fn(Vec<(u8, u8)>, Vec<usize>));
}

/// Iterating from both ends at once, over ranges, meets in the middle correctly.
#[test]
fn model_double_ended_ranges() {
    fn prop(n: u16, how: u8, lo: usize, hi: usize, pattern: Vec<bool>) {
        let c: Vec<u32> = (0..n as u32 % scaled(3000) as u32).collect();
        let v = build(&c, how as usize);
        let len = c.len();
        let (mut s, mut e) = (lo % (len + 1), hi % (len + 1));
        if s > e {
            std::mem::swap(&mut s, &mut e);
        }
        let mut it = v.range(s..e);
        let (mut f, mut b) = (s, e);
        for front in pattern.iter().cycle().take(e - s + 2) {
            assert_eq!(it.len(), b - f);
            if *front {
                let x = it.next();
                assert_eq!(x, if f < b { Some(&c[f]) } else { None });
                f = (f + 1).min(b);
            } else {
                let x = it.next_back();
                assert_eq!(x, if f < b { Some(&c[b - 1]) } else { None });
                b = b.saturating_sub(1).max(f);
            }
        }
    }
    QuickCheck::new()
        .tests(1000)
        .quickcheck(prop as fn(u16, u8, usize, usize, Vec<bool>));
}
