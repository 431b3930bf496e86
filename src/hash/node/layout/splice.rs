//! Editing a unique node's arrays: `prepare_splice` checks an edit and picks the block (this
//! one if it has room, else a fresh one with room to grow), `splice` moves the values, in place
//! or into the new block; the public editing methods (`insert_entry_at`, `remove_entry_at`,
//! `entry_to_child`, `dissolve_child`) are built on the two. Part of the node layout's unsafe
//! code (see `layout.rs` for the block's invariants).

use std::mem;
use std::ptr::{self, NonNull};

use super::{lens, Header, Node, LEN_SHIFT, MAX_ENTRIES};
use std::alloc::dealloc;
use std::marker::PhantomData;

/// What `prepare_splice` decided: the edited array lengths, and the block `splice` builds the
/// node in (`None`: the node's own block has room).
pub(super) struct Prepared {
    new: Option<NonNull<Header>>,
    ne: usize,
    nc: usize,
}

/// What `splice` does to one array: keep it, drop the slot at `i` (the caller has moved its value
/// out), or open an uninitialized hole at `i` (the caller writes it right after).
#[derive(Clone, Copy)]
pub(super) enum Edit {
    Keep,
    Remove(usize),
    Insert(usize),
}

/// Aborts the process if dropped: held across code that must not unwind because a node is
/// briefly invalid (forgotten once the node is whole again).
struct AbortOnUnwind;

impl Drop for AbortOnUnwind {
    fn drop(&mut self) {
        std::process::abort();
    }
}

/// Copies `len` elements from `src` to `dst` with one `edit`.
///
/// # Safety
/// `src` is valid for `len` reads, `dst` for the edited length in writes; they do not overlap.
unsafe fn copy_edit<T>(src: *const T, len: usize, dst: *mut T, edit: Edit) {
    // SAFETY: the caller guarantees both ranges; each copy stays within them.
    unsafe {
        match edit {
            Edit::Keep => ptr::copy_nonoverlapping(src, dst, len),
            Edit::Remove(i) => {
                ptr::copy_nonoverlapping(src, dst, i);
                ptr::copy_nonoverlapping(src.add(i + 1), dst.add(i), len - i - 1);
            }
            Edit::Insert(i) => {
                ptr::copy_nonoverlapping(src, dst, i);
                ptr::copy_nonoverlapping(src.add(i), dst.add(i + 1), len - i);
            }
        }
    }
}

impl<K, V> Node<K, V> {
    /// `splice` within the node's own block, which is large enough for the edited arrays.
    ///
    /// The entry array starts after the child array, so it moves when the child count changes:
    /// when it moves down (or stays), the children are edited first, then the entries moved in
    /// increasing address order; when it moves up, the entries are moved first, in decreasing
    /// address order, then the children edited. Each step then reads only bytes no earlier step
    /// has written, and `ptr::copy` handles the overlap of a run with its own destination.
    ///
    /// # Safety
    /// As for `splice`; `(ne, nc)` are the edited lengths and `Self::layout(ne, nc)` fits in the
    /// block.
    #[allow(clippy::too_many_arguments)]
    unsafe fn splice_in_place(
        &mut self,
        datamap: u32,
        nodemap: u32,
        (ne, nc): (usize, usize),
        entry: Edit,
        child: Edit,
    ) {
        let (old_ne, old_nc) = self.lens();
        let base = self.ptr.as_ptr().cast::<u8>();
        let children = self.children_ptr();
        let old_entries = self.entries_ptr();
        // SAFETY: the new entry offset plus `ne` entries fits in the block (caller's contract).
        let new_entries = unsafe { base.add(Self::entries_offset(nc)).cast::<(K, V)>() };
        // The runs of the entry array before and after the edit point: (from, to, len) in slots.
        let (head, tail) = match entry {
            Edit::Keep => ((0, 0, old_ne), (old_ne, ne, 0)),
            Edit::Remove(i) => ((0, 0, i), (i + 1, i, old_ne - i - 1)),
            Edit::Insert(i) => ((0, 0, i), (i, i + 1, old_ne - i)),
        };
        // SAFETY: every range below lies in the block: the old arrays as the old header describes
        // them, the new ones as the new counts do (they fit, per the contract). The order of the
        // steps is the one the doc comment argues for, so no value is overwritten before it moved.
        unsafe {
            let move_run = |(from, to, len): (usize, usize, usize)| {
                let (src, dst) = (old_entries.add(from), new_entries.add(to));
                // A run that stays where it is (the entries before the edit point when the
                // child count is unchanged) costs no `memmove` call.
                if src != dst && len != 0 {
                    ptr::copy(src, dst, len)
                }
            };
            let edit_children = || match child {
                Edit::Keep => {}
                Edit::Remove(j) => ptr::copy(children.add(j + 1), children.add(j), old_nc - j - 1),
                Edit::Insert(j) => ptr::copy(children.add(j), children.add(j + 1), old_nc - j),
            };
            if new_entries <= old_entries {
                edit_children();
                move_run(head);
                move_run(tail);
            } else {
                move_run(tail);
                move_run(head);
                edit_children();
            }
            let h = self.ptr.as_ptr();
            (*h).datamap = datamap;
            (*h).nodemap = nodemap;
            (*h).lens = ((ne as u32) << LEN_SHIFT) | nc as u32;
        }
    }

    /// Checks that `(entry, child)` is a valid edit of this unique node (indices in range), and
    /// returns the edited lengths and the block `splice` will build it in: this one if it has
    /// room, else a fresh one with room to grow (`grown_size`). The lengths come from the edits,
    /// with no popcount; that they agree with the bitmaps `(datamap, nodemap)` is asserted in
    /// debug builds (see `allocate`).
    ///
    /// The safe editing methods call this before they move any value out of the node, so that
    /// a wrong argument (or a failed allocation) panics while the node is still whole, and
    /// `splice` itself cannot fail half-way.
    ///
    /// # Panics
    /// If the node is shared or an index is out of range (in debug builds also if the bitmaps'
    /// counts differ from the edited lengths).
    #[inline]
    fn prepare_splice(&self, datamap: u32, nodemap: u32, entry: Edit, child: Edit) -> Prepared {
        fn edited(len: usize, edit: Edit) -> Option<usize> {
            match edit {
                Edit::Keep => Some(len),
                Edit::Remove(i) => (i < len).then(|| len - 1),
                Edit::Insert(i) => (i <= len).then(|| len + 1),
            }
        }
        assert!(self.is_unique(), "editing a shared node");
        let (old_ne, old_nc) = self.lens();
        let (Some(ne), Some(nc)) = (edited(old_ne, entry), edited(old_nc, child)) else {
            panic!("node edit index out of range");
        };
        debug_assert_eq!(
            lens(datamap, nodemap),
            (ne, nc),
            "node edit differs from the bitmaps"
        );
        let new = if ne <= MAX_ENTRIES && Self::layout(ne, nc).size() <= self.header().size as usize
        {
            None
        } else {
            Some(Self::allocate(
                datamap,
                nodemap,
                ne,
                nc,
                Self::grown_size(ne, nc),
            ))
        };
        Prepared { new, ne, nc }
    }

    /// Rebuilds this unique node with new bitmaps, applying one edit to each array, in `target`
    /// (from `prepare_splice` with the same arguments).
    ///
    /// # Safety
    /// `target` came from `prepare_splice(datamap, nodemap, entry, child)` on this node, which
    /// has not changed since; for `Edit::Remove(i)` the caller has moved the value at `i` out;
    /// for `Edit::Insert(i)` the caller writes the hole at `i` before anything else reads the
    /// node.
    unsafe fn splice(
        &mut self,
        target: Prepared,
        datamap: u32,
        nodemap: u32,
        entry: Edit,
        child: Edit,
    ) {
        debug_assert!(self.is_unique());
        let Some(new) = target.new else {
            // SAFETY: forwarded from the caller; `prepare_splice` found room in the block.
            unsafe { self.splice_in_place(datamap, nodemap, (target.ne, target.nc), entry, child) };
            return;
        };
        let (old_ne, old_nc) = self.lens();
        let old_entries = self.entries_ptr();
        let old_children = self.children_ptr();
        let new = Node::<K, V> {
            ptr: new,
            marker: PhantomData,
        };
        // SAFETY: the old arrays hold the initialized (or moved-out) values, the new block was
        // allocated for the edited lengths (checked by `prepare_splice`); the old block is freed
        // without dropping anything since every value now lives in the new one.
        unsafe {
            copy_edit(old_children, old_nc, new.children_ptr(), child);
            copy_edit(old_entries, old_ne, new.entries_ptr(), entry);
            dealloc(self.ptr.as_ptr().cast(), self.own_layout());
        }
        self.ptr = new.ptr;
        mem::forget(new);
    }

    /// Inserts `entry` at position `idx` of a unique node, whose bitmaps become the given ones.
    pub(in crate::hash::node) fn insert_entry_at(
        &mut self,
        datamap: u32,
        nodemap: u32,
        idx: usize,
        e: (K, V),
    ) {
        let target = self.prepare_splice(datamap, nodemap, Edit::Insert(idx), Edit::Keep);
        // SAFETY: checked by `prepare_splice`; the hole at `idx` is written at once; no user code
        // runs between.
        unsafe {
            self.splice(target, datamap, nodemap, Edit::Insert(idx), Edit::Keep);
            ptr::write(self.entries_ptr().add(idx), e);
        }
    }

    /// Removes the entry at `idx` of a unique node, whose bitmaps become the given ones.
    pub(in crate::hash::node) fn remove_entry_at(
        &mut self,
        datamap: u32,
        nodemap: u32,
        idx: usize,
    ) -> (K, V) {
        let target = self.prepare_splice(datamap, nodemap, Edit::Remove(idx), Edit::Keep);
        // SAFETY: checked by `prepare_splice` (so `idx` is in range); the value is moved out and
        // its slot dropped by `splice`, which cannot fail, with no user code in between.
        unsafe {
            let e = ptr::read(self.entries_ptr().add(idx));
            self.splice(target, datamap, nodemap, Edit::Remove(idx), Edit::Keep);
            e
        }
    }

    /// Replaces the entry at `eidx` of a unique node with the child `make(entry)` at `cidx`.
    /// `make` should not panic (it only allocates): it runs while the node has a hole, so a panic
    /// out of it aborts the process.
    pub(in crate::hash::node) fn entry_to_child(
        &mut self,
        datamap: u32,
        nodemap: u32,
        eidx: usize,
        cidx: usize,
        make: impl FnOnce((K, V)) -> Node<K, V>,
    ) {
        let (entry, child) = (Edit::Remove(eidx), Edit::Insert(cidx));
        let target = self.prepare_splice(datamap, nodemap, entry, child);
        // SAFETY: checked by `prepare_splice`; the entry is moved out and its slot removed, the
        // hole for the child written right after; `make` runs no user code.
        unsafe {
            let e = ptr::read(self.entries_ptr().add(eidx));
            self.splice(target, datamap, nodemap, entry, child);
            // An unwind out of `make` would leave the child slot uninitialized.
            let hole = AbortOnUnwind;
            let child = make(e);
            mem::forget(hole);
            ptr::write(self.children_ptr().add(cidx), child);
        }
    }

    /// Replaces the child at `cidx` of a unique node, which holds exactly one entry and no child,
    /// with that entry at `eidx` (canonical form).
    pub(in crate::hash::node) fn dissolve_child(
        &mut self,
        datamap: u32,
        nodemap: u32,
        cidx: usize,
        eidx: usize,
    ) where
        K: Clone,
        V: Clone,
    {
        let child = &self.children()[cidx];
        assert_eq!(
            child.lens(),
            (1, 0),
            "only a single-entry child is dissolved"
        );
        // A shared child (not the case on the remove path, which made it unique) is cloned
        // before anything changes, since `Clone` may panic.
        let cloned = if child.is_unique() {
            None
        } else {
            Some(child.entries()[0].clone())
        };
        let edits = (Edit::Insert(eidx), Edit::Remove(cidx));
        let target = self.prepare_splice(datamap, nodemap, edits.0, edits.1);
        // SAFETY: checked by `prepare_splice`; the child handle is moved out of its slot, which
        // `splice` removes; the hole for the entry is written right after; no user code runs in
        // between (dropping a shared child's handle happens last).
        unsafe {
            let child = ptr::read(self.children_ptr().add(cidx));
            let (entry, leftover) = match cloned {
                Some(e) => (e, Some(child)),
                None => (child.into_single_unique(), None),
            };
            self.splice(target, datamap, nodemap, edits.0, edits.1);
            ptr::write(self.entries_ptr().add(eidx), entry);
            drop(leftover);
        }
    }
}
