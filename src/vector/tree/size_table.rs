//! Size tables: the cumulative element counts of a relaxed branch's children, and the one
//! builder every branch-making path uses.
//!
//! A branch is *dense* when every child but the last holds a full subtree; then the child
//! holding an index is found by radix arithmetic and no table is stored. Otherwise it is
//! *relaxed* and stores `sizes[j]` = elements in children `0..=j`.
//!
//! Every sum of lengths in the tree layer is bounded by the vector's length, which the public
//! API checks against `usize::MAX` before changing anything; the builder still adds with a check
//! (one place), so a slip panics with "capacity overflow" rather than wrapping.

use super::B;
use crate::capacity_overflow;

/// Cumulative element counts of a relaxed branch's children (only the first `count` are used).
pub(crate) type SizeTable = [usize; B];

/// `a + b`, or the "capacity overflow" panic.
#[inline]
#[track_caller]
pub(crate) fn add_len(a: usize, b: usize) -> usize {
    match a.checked_add(b) {
        Some(s) => s,
        None => capacity_overflow(),
    }
}

/// A size table in the making, built from the children's element counts in order.
pub(crate) struct Sizes {
    table: SizeTable,
    /// Whether every child but the last holds `full` elements.
    dense: bool,
}

impl Sizes {
    /// The cumulative counts of children holding `lens` elements (1..=B children, each at most
    /// `full`, the element count of a full child).
    pub(crate) fn of(lens: impl IntoIterator<Item = usize>, full: usize) -> Self {
        let mut table = [0usize; B];
        let (mut n, mut total, mut dense, mut prev_full) = (0, 0, true, true);
        for len in lens {
            // Dense: every child but the last is full (checked when its successor comes).
            dense &= prev_full;
            prev_full = len == full;
            total = add_len(total, len);
            table[n] = total;
            n += 1;
        }
        debug_assert!((1..=B).contains(&n), "a branch has 1..=B children, not {n}");
        Sizes { table, dense }
    }

    /// The table a branch stores: `None` when dense.
    pub(crate) fn relaxed(self) -> Option<Box<SizeTable>> {
        (!self.dense).then(|| Box::new(self.table))
    }

    /// The table, even when dense (for a branch about to change a child's length).
    pub(crate) fn table(self) -> Box<SizeTable> {
        Box::new(self.table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_children_need_no_table() {
        assert!(Sizes::of([B, B, 3], B).relaxed().is_none());
        assert!(Sizes::of([3], B).relaxed().is_none());
        let t = Sizes::of([B, 3, B], B)
            .relaxed()
            .expect("a partial middle child");
        assert_eq!(&t[..3], &[B, B + 3, 2 * B + 3]);
        assert_eq!(&Sizes::of([B, 1], B).table()[..2], &[B, B + 1]);
    }

    #[test]
    #[should_panic(expected = "capacity overflow")]
    fn sums_past_usize_max_panic() {
        Sizes::of([usize::MAX, 1], usize::MAX);
    }
}
