//! Index-aligned structural diff between two versions of a [`Vector`].
//!
//! Both trees are walked in step while they stay aligned (same head length, children that
//! start at the same index); a pair of children that is the same node is skipped whole. Where
//! the shapes part (after an insertion or removal in the middle, or a push or pop at the front),
//! the rest of that region is compared element by element.

use super::tree::{BorrowedNode, B};
use super::Vector;
use std::ops::ControlFlow;

/// One difference between two versions, by index (see [`Vector::diff`]).
///
/// # Example
///
/// ```
/// use cowtree::vector::DiffItem;
///
/// let old = cowtree::Vector::from(vec![1, 2, 3]);
/// let new = cowtree::Vector::from(vec![1, 5]);
/// let d: Vec<_> = old.diff(&new).collect();
/// assert_eq!(d, [
///     DiffItem::Changed { index: 1, old: &2, new: &5 },
///     DiffItem::Removed { index: 2, value: &3 },
/// ]);
/// ```
#[derive(Debug, PartialEq, Eq)]
pub enum DiffItem<'a, T> {
    /// The element at `index` differs (by `PartialEq`).
    Changed {
        /// Position in both versions.
        index: usize,
        /// The element in the older version.
        old: &'a T,
        /// The element in the newer version.
        new: &'a T,
    },
    /// The newer version is longer: it has `value` at `index`.
    Added {
        /// Position in the newer version (at least the older version's length).
        index: usize,
        /// The element.
        value: &'a T,
    },
    /// The newer version is shorter: the older one had `value` at `index`.
    Removed {
        /// Position in the older version (at least the newer version's length).
        index: usize,
        /// The element.
        value: &'a T,
    },
}

impl<T> Clone for DiffItem<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for DiffItem<'_, T> {}

/// The differences between two versions, in increasing index order: `Changed` items for the
/// common length, then `Added` or `Removed` items for the tail. Created by [`Vector::diff`].
///
/// # Example
///
/// ```
/// let old: cowtree::Vector<u32> = (0..1000).collect();
/// let mut new = old.clone();
/// new.set(10, 0);
/// new.push_back(7);
/// assert_eq!(old.diff(&new).count(), 2);
/// ```
#[derive(Debug)]
pub struct Diff<'a, T> {
    items: std::vec::IntoIter<DiffItem<'a, T>>,
}

impl<'a, T> Iterator for Diff<'a, T> {
    type Item = DiffItem<'a, T>;

    fn next(&mut self) -> Option<DiffItem<'a, T>> {
        self.items.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl<T> ExactSizeIterator for Diff<'_, T> {}

impl<T: PartialEq> Vector<T> {
    /// The index-aligned differences from `self` (older) to `newer`: `Changed { index, old, new }`
    /// where elements differ, then `Added` (newer is longer) or `Removed` (newer is shorter) for
    /// the tail. Applying them to `self` (set the changed, push the added, truncate the removed)
    /// gives `newer`.
    ///
    /// Cost: subtrees that are the same node at the same position are skipped, so versions
    /// related by `d` calls to `set`, `push_back` or `pop_back` compare in O(d log n) (plus the
    /// head and tail leaves). An insertion or removal in the middle, or a push or pop at the
    /// front, shifts every later index: everything after it is compared element by element,
    /// O(n), and reported as changed where the values differ. The items are computed when this
    /// is called.
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::vector::DiffItem;
    ///
    /// let old: cowtree::Vector<u32> = (0..100_000).collect();
    /// let mut new = old.clone();
    /// new.set(77_777, 1);
    /// let d: Vec<_> = old.diff(&new).collect();
    /// assert_eq!(d, [DiffItem::Changed { index: 77_777, old: &77_777, new: &1 }]);
    /// ```
    pub fn diff<'a>(&'a self, newer: &'a Self) -> Diff<'a, T> {
        let mut items = Vec::new();
        let _ = walk(self, newer, &mut |item| {
            items.push(item);
            ControlFlow::Continue(())
        });
        Diff {
            items: items.into_iter(),
        }
    }
}

/// The first difference between two versions, if any.
pub(crate) fn first_change<'a, T: PartialEq>(
    a: &'a Vector<T>,
    b: &'a Vector<T>,
) -> Option<DiffItem<'a, T>> {
    let mut first = None;
    let _ = walk(a, b, &mut |item| {
        first = Some(item);
        ControlFlow::Break(())
    });
    first
}

type Sink<'s, 'a, T> = dyn FnMut(DiffItem<'a, T>) -> ControlFlow<()> + 's;

struct Walk<'s, 'a, T> {
    old: &'a Vector<T>,
    new: &'a Vector<T>,
    f: &'s mut Sink<'s, 'a, T>,
}

fn walk<'s, 'a, T: PartialEq>(
    old: &'a Vector<T>,
    new: &'a Vector<T>,
    f: &'s mut Sink<'s, 'a, T>,
) -> ControlFlow<()> {
    let mut w = Walk { old, new, f };
    let common = old.len().min(new.len());
    let h = old.head.len();
    let mut done = 0;
    if h == new.head.len() {
        if !old.head.ptr_eq(&new.head) {
            w.elementwise(0, h)?;
        }
        done = h;
        if let (Some(ra), Some(rb)) = (old.tree.root_ref(), new.tree.root_ref()) {
            let (mut a, mut ha) = (ra, old.tree.height);
            let (mut b, mut hb) = (rb, new.tree.height);
            // A taller tree starts with a subtree of the other's height.
            while ha > hb {
                a = a.first_child();
                ha -= 1;
            }
            while hb > ha {
                b = b.first_child();
                hb -= 1;
            }
            w.nodes(a, b, ha, h)?;
            done = h + a.len(ha).min(b.len(hb));
        }
    }
    w.elementwise(done, common)?;
    for (i, value) in (common..).zip(old.range(common..)) {
        (w.f)(DiffItem::Removed { index: i, value })?;
    }
    for (i, value) in (common..).zip(new.range(common..)) {
        (w.f)(DiffItem::Added { index: i, value })?;
    }
    ControlFlow::Continue(())
}

impl<'a, T: PartialEq> Walk<'_, 'a, T> {
    /// Compares `[lo, hi)` element by element.
    fn elementwise(&mut self, lo: usize, hi: usize) -> ControlFlow<()> {
        if lo >= hi {
            return ControlFlow::Continue(());
        }
        let pairs = self.old.range(lo..hi).zip(self.new.range(lo..hi));
        for (index, (old, new)) in (lo..).zip(pairs) {
            if old != new {
                (self.f)(DiffItem::Changed { index, old, new })?;
            }
        }
        ControlFlow::Continue(())
    }

    /// Compares two nodes of height `h` that both start at index `base`, over their common length.
    fn nodes(
        &mut self,
        a: BorrowedNode<'a, T>,
        b: BorrowedNode<'a, T>,
        h: usize,
        base: usize,
    ) -> ControlFlow<()> {
        if a.addr() == b.addr() {
            return ControlFlow::Continue(());
        }
        match (a, b) {
            (BorrowedNode::Leaf(x), BorrowedNode::Leaf(y)) => {
                for (k, (old, new)) in x.iter().zip(y.iter()).enumerate() {
                    if old != new {
                        (self.f)(DiffItem::Changed {
                            index: base + k,
                            old,
                            new,
                        })?;
                    }
                }
                ControlFlow::Continue(())
            }
            (BorrowedNode::Branch(x), BorrowedNode::Branch(y)) => {
                let end = base + x.len(h).min(y.len(h));
                let mut start = base;
                for j in 0..x.count().min(y.count()) {
                    let (la, lb) = (x.child_len(j, h), y.child_len(j, h));
                    if x.child_addr(j) != y.child_addr(j) {
                        self.nodes(x.child_ref(j), y.child_ref(j), h - 1, start)?;
                    }
                    if la != lb {
                        // The shapes part here: the rest is not aligned by children.
                        return self.elementwise(start + la.min(lb), end);
                    }
                    start += la;
                }
                self.elementwise(start, end)
            }
            _ => unreachable!("nodes of one height are of one kind"),
        }
    }
}

// Keeps the leaf capacity visible to readers of the cost notes above.
const _: () = assert!(B >= 4);
