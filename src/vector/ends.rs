//! Pushes and pops at both ends: the head and tail buffers (leaves held outside the tree) take
//! the element; every `B` pushes or pops a whole leaf moves between a buffer and the tree. The
//! fast paths (room in an owned buffer) are inlined; the leaf moves are out of line.

use super::tree::{Buf, Leaf, B};
use super::Vector;
use triomphe::Arc;

impl<T: Clone> Vector<T> {
    /// Moves the full head leaf into the tree, in tree order.
    #[inline(never)]
    fn flush_head(&mut self) {
        let topped_up = self.tree.len > 0 && self.tree.first_leaf().len() < B;
        if topped_up {
            // `push_front_leaf` clones elements to top up the tree's first leaf: keep `self.head`
            // untouched until it has succeeded.
            let leaf: Leaf<T> = self.head.iter().rev().cloned().collect();
            self.tree.push_front_leaf(Arc::new(leaf));
        } else {
            // Nothing below can panic once the leaf is in order (copied first if shared).
            self.head.make_mut().reverse();
            let leaf = self.head.take().expect("a full head buffer");
            self.tree.push_front_leaf(leaf);
        }
        self.head = Buf::new();
    }

    /// Moves the tree's first leaf into the (empty) head, reversed.
    #[inline(never)]
    fn refill_head(&mut self) {
        if self.tree.first_leaf_path_unique() {
            // The popped leaf will be unique: reverse it in place, no clone, no panic.
            let mut leaf = self.tree.pop_front_leaf();
            Arc::get_mut(&mut leaf)
                .expect("leaf on a unique path")
                .reverse();
            self.head = Buf::from_arc(leaf);
        } else {
            // Copy first, so a panicking `Clone` leaves the tree as it was.
            let leaf: Leaf<T> = self.tree.first_leaf().iter().rev().cloned().collect();
            self.tree.pop_front_leaf();
            self.head = Buf::from_leaf(leaf);
        }
    }

    /// Appends an element. Amortized O(1): the tail leaf is changed in place when this version
    /// owns it (copied once if shared); every 32 pushes it moves into the tree whole.
    ///
    /// # Panics
    ///
    /// With "capacity overflow" if the vector already holds `usize::MAX` elements.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::new();
    /// v.push_back(1);
    /// v.push_back(2);
    /// assert_eq!(v.back(), Some(&2));
    /// ```
    #[inline]
    pub fn push_back(&mut self, value: T) {
        if self.near_max_len() {
            self.check_grow(1);
        }
        match self.tail.room_mut() {
            Some(tail) => tail.push(value),
            None => self.push_back_slow(value),
        }
    }

    /// `push_back` when the tail is full, shared or not allocated.
    #[inline(never)]
    fn push_back_slow(&mut self, value: T) {
        if self.tail.len() == B {
            if self.tree.last_leaf_full() {
                // Nothing to top up, nothing that can panic: the leaf moves in whole (no
                // reference-count traffic).
                let leaf = self.tail.take().expect("a full tail buffer");
                self.tree.push_back_whole_leaf(leaf);
            } else {
                // A clone of the handle: `push_back_leaf` clones elements to top up the partial
                // last leaf and may panic, and then the tail must still hold its elements.
                let leaf = self.tail.arc().expect("a full tail buffer").clone();
                self.tree.push_back_leaf(leaf);
                self.tail = Buf::new();
            }
        }
        self.tail.make_mut().push(value);
    }

    /// Prepends an element. Amortized O(1): the head leaf (kept in reverse order) is changed in
    /// place when this version owns it; every 32 pushes it moves into the tree whole.
    ///
    /// # Panics
    ///
    /// With "capacity overflow" if the vector already holds `usize::MAX` elements.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![2]);
    /// v.push_front(1);
    /// assert_eq!(v.front(), Some(&1));
    /// ```
    #[inline]
    pub fn push_front(&mut self, value: T) {
        if self.near_max_len() {
            self.check_grow(1);
        }
        match self.head.room_mut() {
            Some(head) => head.push(value),
            None => self.push_front_slow(value),
        }
    }

    /// `push_front` when the head is full, shared or not allocated.
    #[inline(never)]
    fn push_front_slow(&mut self, value: T) {
        if self.head.len() == B {
            self.flush_head();
        }
        self.head.make_mut().push(value);
    }

    /// Removes and returns the last element, or `None` if empty. Amortized O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2]);
    /// assert_eq!(v.pop_back(), Some(2));
    /// ```
    #[inline]
    pub fn pop_back(&mut self) -> Option<T> {
        match self.tail.pop_owned() {
            Some(x) => Some(x),
            None => self.pop_back_slow(),
        }
    }

    /// `pop_back` when the tail is empty or shared.
    #[inline(never)]
    fn pop_back_slow(&mut self) -> Option<T> {
        if self.tail.is_empty() {
            if self.tree.len > 0 {
                self.tail = Buf::from_arc(self.tree.pop_back_leaf());
            } else if !self.head.is_empty() {
                return Some(self.head.make_mut().remove(0));
            } else {
                return None;
            }
        }
        self.tail.make_mut().pop()
    }

    /// Removes and returns the first element, or `None` if empty. Amortized O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2]);
    /// assert_eq!(v.pop_front(), Some(1));
    /// ```
    #[inline]
    pub fn pop_front(&mut self) -> Option<T> {
        match self.head.pop_owned() {
            Some(x) => Some(x),
            None => self.pop_front_slow(),
        }
    }

    /// `pop_front` when the head is empty or shared.
    #[inline(never)]
    fn pop_front_slow(&mut self) -> Option<T> {
        if self.head.is_empty() {
            if self.tree.len > 0 {
                self.refill_head();
            } else if !self.tail.is_empty() {
                return Some(self.tail.make_mut().remove(0));
            } else {
                return None;
            }
        }
        self.head.make_mut().pop()
    }
}
