//! Edits at an index: `insert`, `remove`, `swap`, `swap_remove`, `drain`, and the growth and
//! overwrite methods (`resize`, `resize_with`, `extend_from_slice`, `fill`). Each is built on the
//! public split, append and end operations.

use super::tree::B;
use super::{resolve_range, IntoIter, Vector};
use std::fmt;
use std::iter::FusedIterator;
use std::marker::PhantomData;
use std::ops::RangeBounds;

impl<T: Clone> Vector<T> {
    /// Inserts `value` at `index`, shifting later elements right. O(log n) (a split, a push and
    /// a concatenation; within the head or tail leaf, O(32) moves).
    ///
    /// # Panics
    ///
    /// If `index > len`; with "capacity overflow" if the vector holds `usize::MAX` elements.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..100).collect();
    /// v.insert(50, 999);
    /// assert_eq!((v[50], v[51], v.len()), (999, 50, 101));
    /// ```
    pub fn insert(&mut self, index: usize, value: T) {
        let len = self.len();
        assert!(
            index <= len,
            "insertion index {index} out of range for Vector of length {len}"
        );
        self.check_grow(1);
        let h = self.head.len();
        if index == 0 {
            self.push_front(value);
        } else if index == len {
            self.push_back(value);
        } else if index <= h && h < B {
            self.head.make_mut().insert(h - index, value);
        } else if index >= h + self.tree.len && self.tail.len() < B {
            self.tail
                .make_mut()
                .insert(index - h - self.tree.len, value);
        } else {
            let mut left = self.clone();
            let right = left.split_off(index);
            left.push_back(value);
            left.append(right);
            *self = left;
        }
    }

    /// Removes and returns the element at `index`, shifting later elements left. O(log n).
    ///
    /// # Panics
    ///
    /// If `index >= len`.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..100).collect();
    /// assert_eq!(v.remove(50), 50);
    /// assert_eq!((v[50], v.len()), (51, 99));
    /// ```
    pub fn remove(&mut self, index: usize) -> T {
        let len = self.len();
        if index >= len {
            panic!("removal index {index} out of range for Vector of length {len}");
        }
        let h = self.head.len();
        if index < h {
            return self.head.make_mut().remove(h - 1 - index);
        }
        if index >= h + self.tree.len {
            let k = index - h - self.tree.len;
            return self.tail.make_mut().remove(k);
        }
        let mut left = self.clone();
        let mut right = left.split_off(index);
        let value = right.pop_front().expect("split at an index in range");
        left.append(right);
        *self = left;
        value
    }

    /// Swaps the elements at `a` and `b`. O(log n): one element is cloned and the two paths
    /// are copied if they are shared with another version. A panicking `Clone` leaves the
    /// vector unchanged.
    ///
    /// # Panics
    ///
    /// If `a` or `b` is out of range, naming the index and the length.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec!['a', 'b', 'c']);
    /// v.swap(0, 2);
    /// assert_eq!(v, cowtree::Vector::from(vec!['c', 'b', 'a']));
    /// ```
    pub fn swap(&mut self, a: usize, b: usize) {
        let len = self.len();
        for i in [a, b] {
            if i >= len {
                self.out_of_range(i);
            }
        }
        if a != b {
            // Copy both paths (if shared) and clone first: a panicking `Clone` then changes
            // nothing, and the two writes after it clone nothing.
            self.get_mut(a);
            self.get_mut(b);
            let x = self[b].clone();
            let y = self.set(a, x);
            self.set(b, y);
        }
    }

    /// Removes and returns the element at `index`, putting the last element in its place (the
    /// order is not kept). O(log n), with no shifting, split or concatenation.
    ///
    /// # Panics
    ///
    /// If `index >= len`, naming the index and the length.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2, 3, 4]);
    /// assert_eq!(v.swap_remove(1), 2);
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 4, 3]));
    /// ```
    pub fn swap_remove(&mut self, index: usize) -> T {
        let len = self.len();
        if index >= len {
            panic!("swap_remove index {index} out of range for Vector of length {len}");
        }
        // Copy the path to `index` (if shared) before popping, so that the element clones this
        // may need happen while the vector is still whole.
        self.get_mut(index);
        let last = self.pop_back().expect("a non-empty vector");
        if index == len - 1 {
            last
        } else {
            self.set(index, last)
        }
    }

    /// Removes the elements in `range` and returns them as an owning iterator; the vector keeps
    /// the rest, in order. O(log n) for the structure (two splits and one concatenation) plus
    /// O(1) amortized per drained element. Unlike `Vec::drain`, the vector is already shortened
    /// when this returns, so dropping (or leaking) the iterator early changes nothing more: the
    /// elements not taken from it are dropped with it.
    ///
    /// # Panics
    ///
    /// If the range is decreasing or its end is past the length.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..10).collect();
    /// let middle: Vec<u32> = v.drain(2..8).collect();
    /// assert_eq!(middle, [2, 3, 4, 5, 6, 7]);
    /// assert_eq!(v, cowtree::Vector::from(vec![0, 1, 8, 9]));
    /// ```
    pub fn drain(&mut self, range: impl RangeBounds<usize>) -> Drain<'_, T> {
        let (start, end) = resolve_range(range, self.len());
        // Work on a snapshot, so that a panicking `Clone` (splits copy the edge leaves) leaves
        // `self` as it was.
        let mut left = self.clone();
        let mut middle = left.split_off(start);
        let right = middle.split_off(end - start);
        left.append(right);
        // Dropping the old version first lets the iterator move out of leaves it now owns.
        *self = left;
        Drain {
            inner: middle.into_iter(),
            _vector: PhantomData,
        }
    }

    /// Resizes the vector to `new_len`: truncates it, or appends clones of `value`. O(log n)
    /// to shorten; to grow by k, O(k) for a few elements and O(log(n + k)) otherwise (the new
    /// part is built by [`repeat`](Self::repeat), sharing one leaf, then concatenated).
    ///
    /// If a `Clone` panics while growing by a few elements, those pushed before it stay (as
    /// with `Vec::resize`); a larger growth is all or nothing.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2]);
    /// v.resize(5, 0);
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 2, 0, 0, 0]));
    /// v.resize(1, 9);
    /// assert_eq!(v, cowtree::Vector::from(vec![1]));
    /// ```
    pub fn resize(&mut self, new_len: usize, value: T) {
        let len = self.len();
        if new_len <= len {
            self.truncate(new_len);
        } else if new_len - len <= B {
            self.extend(std::iter::repeat_n(value, new_len - len));
        } else {
            self.append(Vector::repeat(value, new_len - len));
        }
    }

    /// Resizes the vector to `new_len`: truncates it, or pushes values returned by `f` at the
    /// back. O(log n) to shorten, amortized O(1) per new element.
    ///
    /// If `f` panics, the elements pushed so far stay.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::new();
    /// let mut next = 0;
    /// v.resize_with(3, || {
    ///     next += 1;
    ///     next
    /// });
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 2, 3]));
    /// ```
    pub fn resize_with<F: FnMut() -> T>(&mut self, new_len: usize, mut f: F) {
        let len = self.len();
        if new_len <= len {
            self.truncate(new_len);
        } else {
            for _ in len..new_len {
                self.push_back(f());
            }
        }
    }

    /// Appends clones of the elements of `other`. Amortized O(1) per element.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1]);
    /// v.extend_from_slice(&[2, 3]);
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 2, 3]));
    /// ```
    pub fn extend_from_slice(&mut self, other: &[T]) {
        self.extend(other.iter().cloned());
    }

    /// Sets every element to a clone of `value`. O(log n) time and memory: the vector is
    /// replaced by [`repeat`](Self::repeat)`(value, len)`, whose leaves are all one shared leaf.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..1000).collect();
    /// v.fill(7);
    /// assert!(v.iter().all(|&x| x == 7));
    /// assert_eq!(v.len(), 1000);
    /// ```
    pub fn fill(&mut self, value: T) {
        *self = Vector::repeat(value, self.len());
    }
}

/// The elements removed by [`Vector::drain`], as an owning iterator (double-ended,
/// exact-size). The vector is already shortened when it is made; elements not taken from it are
/// dropped with it. Each step is O(1) amortized (it takes one leaf at a time, moving the
/// elements out of leaves no other version holds and cloning the others).
///
/// # Example
///
/// ```
/// let mut v: cowtree::Vector<u32> = (0..100).collect();
/// let mut d = v.drain(10..20);
/// assert_eq!(d.len(), 10);
/// assert_eq!(d.next_back(), Some(19));
/// drop(d);
/// assert_eq!(v.len(), 90);
/// ```
pub struct Drain<'a, T: Clone> {
    inner: IntoIter<T>,
    /// Ties the iterator to the borrow of the vector, as `Vec::drain` does (the borrow itself is
    /// `&mut`; a shared marker keeps `Drain` covariant in `T`, as std's is).
    _vector: PhantomData<&'a Vector<T>>,
}

impl<T: Clone> fmt::Debug for Drain<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain").field("len", &self.len()).finish()
    }
}

impl<T: Clone> Iterator for Drain<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T: Clone> DoubleEndedIterator for Drain<'_, T> {
    fn next_back(&mut self) -> Option<T> {
        self.inner.next_back()
    }
}

impl<T: Clone> ExactSizeIterator for Drain<'_, T> {}
impl<T: Clone> FusedIterator for Drain<'_, T> {}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, shapes, SIZES};
    use super::*;

    #[test]
    fn swap_and_swap_remove_match_vec() {
        for n in SIZES.into_iter().filter(|&n| n > 0) {
            for mut v in shapes(n) {
                let mut m: Vec<u32> = (0..n).collect();
                let snapshot = v.clone();
                let last = m.len() - 1;
                for (a, b) in [
                    (0, last),
                    (last / 2, 0),
                    (1.min(last), last / 3),
                    (3 % (last + 1), 3 % (last + 1)),
                ] {
                    v.swap(a, b);
                    m.swap(a, b);
                    check(&v, &m);
                }
                for i in [0, m.len() / 2, m.len() - 1] {
                    if i < m.len() {
                        assert_eq!(v.swap_remove(i), m.swap_remove(i));
                        check(&v, &m);
                    }
                }
                check(&snapshot, &(0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    #[should_panic(expected = "index 5 out of range for Vector of length 5")]
    fn swap_out_of_range_names_index_and_length() {
        let mut v: Vector<u32> = (0..5).collect();
        v.swap(0, 5);
    }

    #[test]
    #[should_panic(expected = "swap_remove index 3 out of range for Vector of length 3")]
    fn swap_remove_out_of_range_names_index_and_length() {
        let mut v: Vector<u32> = (0..3).collect();
        v.swap_remove(3);
    }

    #[test]
    fn drain_matches_vec_and_leaves_snapshot() {
        for n in SIZES {
            for v0 in shapes(n) {
                let len = n as usize;
                for (s, e) in [
                    (0, len),
                    (0, 0),
                    (len / 3, len / 2),
                    (len / 2, len),
                    (0, len / 4),
                ] {
                    let mut v = v0.clone();
                    let mut m: Vec<u32> = (0..n).collect();
                    let got: Vec<u32> = v.drain(s..e).collect();
                    let want: Vec<u32> = m.drain(s..e).collect();
                    assert_eq!(got, want);
                    check(&v, &m);
                    // From the back, and dropped half-way.
                    let mut v = v0.clone();
                    let mut m: Vec<u32> = (0..n).collect();
                    let mut d = v.drain(s..e);
                    assert_eq!(d.len(), e - s);
                    assert_eq!(d.next_back(), (s < e).then(|| m[e - 1]));
                    drop(d);
                    m.drain(s..e);
                    check(&v, &m);
                }
                check(&v0, &(0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    #[should_panic(expected = "range end 11 out of range for Vector of length 10")]
    fn drain_past_the_end_panics() {
        let mut v: Vector<u32> = (0..10).collect();
        v.drain(5..11);
    }

    #[test]
    fn resize_and_resize_with_match_vec() {
        for n in SIZES {
            for v0 in shapes(n) {
                for new_len in [
                    0,
                    1,
                    n as usize / 2,
                    n as usize,
                    n as usize + 3,
                    n as usize + 1000,
                ] {
                    let mut v = v0.clone();
                    let mut m: Vec<u32> = (0..n).collect();
                    v.resize(new_len, 77);
                    m.resize(new_len, 77);
                    check(&v, &m);
                    let mut v = v0.clone();
                    let mut m: Vec<u32> = (0..n).collect();
                    let mut c = 0;
                    v.resize_with(new_len, || {
                        c += 1;
                        c
                    });
                    let mut c = 0;
                    m.resize_with(new_len, || {
                        c += 1;
                        c
                    });
                    check(&v, &m);
                }
            }
        }
    }
}
