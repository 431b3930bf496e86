//! The head and tail buffers of a vector: leaves held outside the tree, so that pushes and pops
//! at either end touch one leaf.

use super::node::Leaf;
use super::B;
use triomphe::Arc;

/// A head or tail buffer: a leaf held outside the tree, or no allocation at all while it has
/// never held an element (so `Vector::new()` and `clear()` allocate nothing). A buffer emptied by
/// pops keeps its leaf, so alternating pushes and pops do not allocate.
pub(crate) struct Buf<T>(Option<Arc<Leaf<T>>>);

impl<T> Clone for Buf<T> {
    fn clone(&self) -> Self {
        Buf(self.0.clone())
    }
}

impl<T> std::ops::Deref for Buf<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match &self.0 {
            Some(l) => l,
            None => &[],
        }
    }
}

impl<T> Buf<T> {
    /// An empty buffer (no allocation).
    #[inline]
    pub(crate) const fn new() -> Self {
        Buf(None)
    }

    /// A buffer over `leaf` (dropped if empty).
    pub(crate) fn from_arc(leaf: Arc<Leaf<T>>) -> Self {
        Buf((!leaf.is_empty()).then_some(leaf))
    }

    /// A buffer over a new leaf holding `leaf` (no allocation if empty).
    pub(crate) fn from_leaf(leaf: Leaf<T>) -> Self {
        Buf((!leaf.is_empty()).then(|| Arc::new(leaf)))
    }

    /// The leaf, if one is allocated.
    #[inline]
    pub(crate) fn arc(&self) -> Option<&Arc<Leaf<T>>> {
        self.0.as_ref()
    }

    /// Takes the leaf out, leaving the buffer empty and unallocated.
    #[inline]
    pub(crate) fn take(&mut self) -> Option<Arc<Leaf<T>>> {
        self.0.take()
    }

    /// Whether both are the same allocation, or both unallocated.
    pub(crate) fn ptr_eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The leaf, writable, if this buffer owns it alone and it has room for one more element:
    /// the push fast path.
    #[inline]
    pub(crate) fn room_mut(&mut self) -> Option<&mut Leaf<T>> {
        match &mut self.0 {
            Some(l) => Arc::get_mut(l).filter(|l| l.len() < B),
            None => None,
        }
    }

    /// Pops the last element of the leaf if this buffer owns it alone (`None` if it is empty,
    /// shared or not allocated): the pop fast path, one emptiness check.
    #[inline]
    pub(crate) fn pop_owned(&mut self) -> Option<T> {
        match &mut self.0 {
            Some(l) => Arc::get_mut(l)?.pop(),
            None => None,
        }
    }
}

impl<T> Default for Buf<T> {
    fn default() -> Self {
        Buf::new()
    }
}

impl<T: Clone> Buf<T> {
    /// The elements, writable (the leaf copied if shared; nothing allocated if there is none).
    pub(crate) fn slice_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Some(l) => Arc::make_mut(l).as_mut_slice(),
            None => &mut [],
        }
    }

    /// The leaf, writable: allocated if there is none, copied if shared.
    #[inline]
    pub(crate) fn make_mut(&mut self) -> &mut Leaf<T> {
        Arc::make_mut(self.0.get_or_insert_with(|| Arc::new(Leaf::new())))
    }
}
