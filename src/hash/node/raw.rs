//! The node allocation: one exact-size block per node, reference counted.
//!
//! ```text
//! [ refs: AtomicUsize | datamap: u32 | nodemap: u32 | children: [NodeRef; nc] | entries: [(K, V); ne] ]
//! ```
//!
//! One allocation per node (a `Vec` per array would cost two more allocations and 48 bytes of
//! headers). Children come right after the 16-byte header so that a look-up descending through a
//! node reads the bitmaps and the child pointer from the same or the next cache line. Array lengths
//! are not stored: they are the popcounts of the bitmaps. A collision node (all keys with one
//! hash) has no child and marks itself with overlapping bitmaps: `datamap == nodemap == count`,
//! which a branch node never has (a slot holds an entry or a child, never both).
//!
//! All the unsafe code of the hash trie is in this file. Invariants every block relies on:
//! * `ptr` came from `alloc(Self::layout(ne, nc))` where `(ne, nc) = lens(datamap, nodemap)` of the
//!   header written in it, and the header's bitmaps never change after creation;
//! * the first `nc` child slots and `ne` entry slots are initialized;
//! * `refs` counts the `NodeRef` handles on the block; a handle with `refs == 1` is the only way to
//!   reach the block, so `&mut NodeRef` then gives exclusive access to the contents.

use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};
use std::marker::PhantomData;
use std::mem::{self, align_of, size_of};
use std::ptr::{self, NonNull};
use std::slice;
use std::sync::atomic::{fence, AtomicUsize, Ordering};

#[repr(C)]
struct Header {
    refs: AtomicUsize,
    datamap: u32,
    nodemap: u32,
}

/// A counted handle on a node (what `Arc<Node>` would be, in one exact-size allocation).
pub(crate) struct NodeRef<K, V> {
    ptr: NonNull<Header>,
    marker: PhantomData<(K, V)>,
}

// SAFETY: a node is shared between threads like `Arc<(K, V)>`: handles hand out `&(K, V)` to any
// thread (needs `Sync`) and the last handle, on any thread, drops the entries (needs `Send`).
unsafe impl<K: Send + Sync, V: Send + Sync> Send for NodeRef<K, V> {}
// SAFETY: as above; shared access only reads, and the count is atomic.
unsafe impl<K: Send + Sync, V: Send + Sync> Sync for NodeRef<K, V> {}

/// What `splice` does to one array: keep it, drop the slot at `i` (the caller has moved its value
/// out), or open an uninitialized hole at `i` (the caller writes it right after).
#[derive(Clone, Copy)]
pub(super) enum Edit {
    Keep,
    Remove(usize),
    Insert(usize),
}

/// Entry and child counts for a header's bitmaps.
#[inline]
fn lens(datamap: u32, nodemap: u32) -> (usize, usize) {
    if datamap & nodemap != 0 {
        (datamap as usize, 0)
    } else {
        (datamap.count_ones() as usize, nodemap.count_ones() as usize)
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

impl<K, V> NodeRef<K, V> {
    /// Byte offset of the entry array in a node with `nc` children.
    #[inline]
    fn entries_offset(nc: usize) -> usize {
        let align = align_of::<(K, V)>();
        let raw = size_of::<Header>() + nc * size_of::<NodeRef<K, V>>();
        (raw + align - 1) & !(align - 1)
    }

    /// The allocation of a node with `ne` entries and `nc` children.
    #[inline]
    fn layout(ne: usize, nc: usize) -> Layout {
        let align = align_of::<Header>().max(align_of::<(K, V)>());
        let size = Self::entries_offset(nc) + ne * size_of::<(K, V)>();
        Layout::from_size_align(size, align).expect("node layout")
    }

    #[inline]
    fn header(&self) -> &Header {
        // SAFETY: `ptr` points to a live block whose header is initialized (module invariants).
        unsafe { self.ptr.as_ref() }
    }

    /// (entry count, child count).
    #[inline]
    fn lens(&self) -> (usize, usize) {
        let h = self.header();
        lens(h.datamap, h.nodemap)
    }

    #[inline]
    fn children_ptr(&self) -> *mut NodeRef<K, V> {
        // SAFETY: the child array starts right after the header, inside the block.
        unsafe {
            self.ptr
                .as_ptr()
                .cast::<u8>()
                .add(size_of::<Header>())
                .cast()
        }
    }

    #[inline]
    fn entries_ptr(&self) -> *mut (K, V) {
        let nc = self.lens().1;
        // SAFETY: the entry array starts at `entries_offset(nc)`, inside the block.
        unsafe {
            self.ptr
                .as_ptr()
                .cast::<u8>()
                .add(Self::entries_offset(nc))
                .cast()
        }
    }

    /// Allocates a block for `(datamap, nodemap)` with one reference; the arrays are uninitialized.
    fn allocate(datamap: u32, nodemap: u32) -> NonNull<Header> {
        let (ne, nc) = lens(datamap, nodemap);
        let layout = Self::layout(ne, nc);
        // SAFETY: the layout has a non-zero size (the header).
        let raw = unsafe { alloc(layout) };
        let Some(ptr) = NonNull::new(raw.cast::<Header>()) else {
            handle_alloc_error(layout)
        };
        // SAFETY: the block is fresh and large enough for the header.
        unsafe {
            ptr.as_ptr().write(Header {
                refs: AtomicUsize::new(1),
                datamap,
                nodemap,
            })
        };
        ptr
    }

    /// A branch node with the given bitmaps and arrays (lengths must match the popcounts).
    pub(crate) fn from_parts(
        datamap: u32,
        nodemap: u32,
        mut entries: Vec<(K, V)>,
        mut children: Vec<NodeRef<K, V>>,
    ) -> Self {
        assert_eq!(lens(datamap, nodemap), (entries.len(), children.len()));
        let node = NodeRef {
            ptr: Self::allocate(datamap, nodemap),
            marker: PhantomData,
        };
        // SAFETY: the arrays have the sizes the block was made for; the vectors give up ownership
        // of their elements (set_len(0)) so each value has exactly one owner.
        unsafe {
            ptr::copy_nonoverlapping(children.as_ptr(), node.children_ptr(), children.len());
            children.set_len(0);
            ptr::copy_nonoverlapping(entries.as_ptr(), node.entries_ptr(), entries.len());
            entries.set_len(0);
        }
        node
    }

    /// A collision node holding `entries` (all with one full hash).
    pub(crate) fn collision(entries: Vec<(K, V)>) -> Self {
        let n = u32::try_from(entries.len()).expect("collision node size");
        Self::from_parts(n, n, entries, Vec::new())
    }

    /// A node with nothing in it (an empty map's root).
    pub(crate) fn empty() -> Self {
        Self::from_parts(0, 0, Vec::new(), Vec::new())
    }

    /// The raw bitmaps (a collision node has `datamap == nodemap == count`).
    #[inline]
    pub(super) fn raw_maps(&self) -> (u32, u32) {
        let h = self.header();
        (h.datamap, h.nodemap)
    }

    /// True for a collision node.
    #[inline]
    pub(super) fn is_collision(&self) -> bool {
        let (d, n) = self.raw_maps();
        d & n != 0
    }

    /// The entries, in slot order (unordered in a collision node).
    #[inline]
    pub(crate) fn entries(&self) -> &[(K, V)] {
        // SAFETY: `ne` initialized entries live at `entries_ptr` for as long as the block, which
        // outlives the borrow of this handle.
        unsafe { slice::from_raw_parts(self.entries_ptr(), self.lens().0) }
    }

    /// The children, in slot order.
    #[inline]
    pub(crate) fn children(&self) -> &[NodeRef<K, V>] {
        // SAFETY: as for `entries`.
        unsafe { slice::from_raw_parts(self.children_ptr(), self.lens().1) }
    }

    /// Hints the CPU to start loading this node's first cache line (iterators call it on the
    /// nodes they will visit next, so that memory latency overlaps with work).
    #[inline(always)]
    pub(crate) fn prefetch(&self) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch is only a hint and never faults, whatever the address; SSE is part
        // of the x86_64 baseline.
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            _mm_prefetch::<_MM_HINT_T0>(self.ptr.as_ptr().cast());
        }
    }

    /// Hints the CPU to load this node's first `lines` cache lines at once. A look-up reads the
    /// header first and only then knows which later line holds the slot it wants; asking for the
    /// next lines together with the header overlaps those two memory round trips.
    #[inline(always)]
    pub(crate) fn prefetch_lines(&self, lines: usize) {
        #[cfg(target_arch = "x86_64")]
        for i in 0..lines {
            // SAFETY: a prefetch is only a hint and never faults, whatever the address (the
            // address is computed with wrapping arithmetic, never dereferenced); SSE is part of
            // the x86_64 baseline.
            unsafe {
                use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                let p = self.ptr.as_ptr().cast::<i8>().wrapping_add(64 * i);
                _mm_prefetch::<_MM_HINT_T0>(p);
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = lines;
    }

    /// True if both handles are on the same node. O(1).
    #[inline]
    pub(crate) fn ptr_eq(a: &Self, b: &Self) -> bool {
        a.ptr == b.ptr
    }

    /// The node's address (identifies the allocation).
    pub(crate) fn addr(&self) -> usize {
        self.ptr.as_ptr() as usize
    }

    /// Bytes of the node's allocation.
    pub(crate) fn alloc_size(&self) -> usize {
        let (ne, nc) = self.lens();
        Self::layout(ne, nc).size()
    }

    /// True if this handle is the only one on its node.
    #[inline]
    pub(crate) fn is_unique(&self) -> bool {
        // Acquire: see every write made through handles since dropped on other threads.
        self.header().refs.load(Ordering::Acquire) == 1
    }

    /// Entries and children, mutably.
    ///
    /// # Panics
    /// If the node is shared (call `make_unique` first).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub(super) fn parts_mut_unique(&mut self) -> (&mut [(K, V)], &mut [NodeRef<K, V>]) {
        assert!(self.is_unique(), "mutable access to a shared node");
        let (ne, nc) = self.lens();
        // SAFETY: the handle is the only one on the node and is borrowed mutably, so nothing else
        // can reach the arrays; the two arrays do not overlap.
        unsafe {
            (
                slice::from_raw_parts_mut(self.entries_ptr(), ne),
                slice::from_raw_parts_mut(self.children_ptr(), nc),
            )
        }
    }

    /// Rebuilds this unique node with new bitmaps, applying one edit to each array.
    ///
    /// # Safety
    /// The node is unique; for `Edit::Remove(i)` the caller has moved the value at `i` out; for
    /// `Edit::Insert(i)` the caller writes the hole at `i` before anything else reads the node;
    /// the new bitmaps' counts match the edited lengths.
    pub(super) unsafe fn splice(&mut self, datamap: u32, nodemap: u32, entry: Edit, child: Edit) {
        debug_assert!(self.is_unique());
        let (old_ne, old_nc) = self.lens();
        let old_entries = self.entries_ptr();
        let old_children = self.children_ptr();
        let new = NodeRef::<K, V> {
            ptr: Self::allocate(datamap, nodemap),
            marker: PhantomData,
        };
        // SAFETY: the old arrays hold the initialized (or moved-out) values, the new block has
        // room for the edited lengths (checked by the caller's bitmaps); the old block is freed
        // without dropping anything since every value now lives in the new one.
        unsafe {
            copy_edit(old_children, old_nc, new.children_ptr(), child);
            copy_edit(old_entries, old_ne, new.entries_ptr(), entry);
            dealloc(self.ptr.as_ptr().cast(), Self::layout(old_ne, old_nc));
        }
        self.ptr = new.ptr;
        mem::forget(new);
    }

    /// Inserts `entry` at position `idx` of a unique node, whose bitmaps become the given ones.
    pub(super) fn insert_entry_at(&mut self, datamap: u32, nodemap: u32, idx: usize, e: (K, V)) {
        assert!(self.is_unique() && idx <= self.lens().0);
        // SAFETY: unique node; the hole at `idx` is written at once; no user code runs between.
        unsafe {
            self.splice(datamap, nodemap, Edit::Insert(idx), Edit::Keep);
            ptr::write(self.entries_ptr().add(idx), e);
        }
    }

    /// Removes the entry at `idx` of a unique node, whose bitmaps become the given ones.
    pub(super) fn remove_entry_at(&mut self, datamap: u32, nodemap: u32, idx: usize) -> (K, V) {
        assert!(self.is_unique() && idx < self.lens().0);
        // SAFETY: unique node; the value is moved out and its slot dropped by `splice` with no
        // user code in between.
        unsafe {
            let e = ptr::read(self.entries_ptr().add(idx));
            self.splice(datamap, nodemap, Edit::Remove(idx), Edit::Keep);
            e
        }
    }

    /// Replaces the entry at `eidx` of a unique node with the child `make(entry)` at `cidx`.
    /// `make` must not panic (it only allocates).
    pub(super) fn entry_to_child(
        &mut self,
        datamap: u32,
        nodemap: u32,
        eidx: usize,
        cidx: usize,
        make: impl FnOnce((K, V)) -> NodeRef<K, V>,
    ) {
        assert!(self.is_unique() && eidx < self.lens().0 && cidx <= self.lens().1);
        // SAFETY: unique node; the entry is moved out and its slot removed, the hole for the child
        // written right after; `make` runs no user code.
        unsafe {
            let e = ptr::read(self.entries_ptr().add(eidx));
            self.splice(datamap, nodemap, Edit::Remove(eidx), Edit::Insert(cidx));
            let child = make(e);
            ptr::write(self.children_ptr().add(cidx), child);
        }
    }

    /// Replaces the child at `cidx` of a unique node, which holds exactly one entry and no child,
    /// with that entry at `eidx` (canonical form).
    pub(super) fn dissolve_child(&mut self, datamap: u32, nodemap: u32, cidx: usize, eidx: usize)
    where
        K: Clone,
        V: Clone,
    {
        assert!(self.is_unique() && cidx < self.lens().1 && eidx <= self.lens().0);
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
        // SAFETY: unique node; the child handle is moved out of its slot, which `splice` removes;
        // the hole for the entry is written right after; no user code runs in between (dropping
        // a shared child's handle happens last).
        unsafe {
            let child = ptr::read(self.children_ptr().add(cidx));
            let (entry, leftover) = match cloned {
                Some(e) => (e, Some(child)),
                None => (child.into_single_unique(), None),
            };
            self.splice(datamap, nodemap, Edit::Insert(eidx), Edit::Remove(cidx));
            ptr::write(self.entries_ptr().add(eidx), entry);
            drop(leftover);
        }
    }

    /// Moves the only entry out of a unique node holding one entry and no child, freeing it.
    ///
    /// # Safety
    /// The node is unique and holds exactly one entry and no child.
    unsafe fn into_single_unique(self) -> (K, V) {
        debug_assert!(self.is_unique() && self.lens() == (1, 0));
        // SAFETY: per the contract, the entry is initialized and nothing else owns it; the block is
        // freed without dropping it again, and the handle is forgotten.
        unsafe {
            let e = ptr::read(self.entries_ptr());
            dealloc(self.ptr.as_ptr().cast(), Self::layout(1, 0));
            mem::forget(self);
            e
        }
    }

    /// The only entry of a node holding one entry and no child, moved out if the node is unique.
    pub(super) fn try_into_single(self) -> Result<(K, V), Self> {
        if self.is_unique() && self.lens() == (1, 0) {
            // SAFETY: just checked.
            Ok(unsafe { self.into_single_unique() })
        } else {
            Err(self)
        }
    }

    /// The entries and children, moved out if this is the only handle on the node.
    #[allow(clippy::type_complexity)]
    pub(crate) fn try_into_parts(self) -> Result<(Vec<(K, V)>, Vec<NodeRef<K, V>>), Self> {
        if !self.is_unique() {
            return Err(self);
        }
        let (ne, nc) = self.lens();
        let mut entries = Vec::with_capacity(ne);
        let mut children = Vec::with_capacity(nc);
        // SAFETY: unique node: its values move into the vectors (then owned there only), the block
        // is freed without dropping them, and the handle is forgotten.
        unsafe {
            ptr::copy_nonoverlapping(self.entries_ptr(), entries.as_mut_ptr(), ne);
            entries.set_len(ne);
            ptr::copy_nonoverlapping(self.children_ptr(), children.as_mut_ptr(), nc);
            children.set_len(nc);
            dealloc(self.ptr.as_ptr().cast(), Self::layout(ne, nc));
        }
        mem::forget(self);
        Ok((entries, children))
    }
}

impl<K: Clone, V: Clone> NodeRef<K, V> {
    /// Makes this handle the only one on its node, copying the node if it is shared (the copy
    /// shares the children). If an entry's `Clone` panics, the half-built copy is dropped and
    /// freed, and this handle is unchanged.
    #[inline]
    pub(crate) fn make_unique(&mut self) {
        if !self.is_unique() {
            *self = self.copy();
        }
    }

    /// A copy of this node in a new block.
    fn copy(&self) -> Self {
        /// Drops what was written so far and frees the block, if the copy is abandoned.
        struct Partial<K, V> {
            node: NonNull<Header>,
            children: *mut NodeRef<K, V>,
            entries: *mut (K, V),
            written_children: usize,
            written_entries: usize,
            layout: Layout,
        }
        impl<K, V> Drop for Partial<K, V> {
            fn drop(&mut self) {
                // SAFETY: exactly the first `written_*` slots were initialized, and nothing else
                // owns them; the block was allocated with `layout`.
                unsafe {
                    ptr::drop_in_place(ptr::slice_from_raw_parts_mut(
                        self.children,
                        self.written_children,
                    ));
                    ptr::drop_in_place(ptr::slice_from_raw_parts_mut(
                        self.entries,
                        self.written_entries,
                    ));
                    dealloc(self.node.as_ptr().cast(), self.layout);
                }
            }
        }

        let (datamap, nodemap) = self.raw_maps();
        let (ne, nc) = self.lens();
        let new = Self::allocate(datamap, nodemap);
        let handle = NodeRef::<K, V> {
            ptr: new,
            marker: PhantomData,
        };
        let mut partial = Partial {
            node: new,
            children: handle.children_ptr(),
            entries: handle.entries_ptr(),
            written_children: 0,
            written_entries: 0,
            layout: Self::layout(ne, nc),
        };
        mem::forget(handle);
        for (i, c) in self.children().iter().enumerate() {
            // SAFETY: slot `i < nc` of the new block is in bounds and uninitialized.
            unsafe { partial.children.add(i).write(c.clone()) };
            partial.written_children += 1;
        }
        for (i, e) in self.entries().iter().enumerate() {
            let e = e.clone();
            // SAFETY: slot `i < ne` of the new block is in bounds and uninitialized.
            unsafe { partial.entries.add(i).write(e) };
            partial.written_entries += 1;
        }
        mem::forget(partial);
        NodeRef {
            ptr: new,
            marker: PhantomData,
        }
    }
}

impl<K, V> Clone for NodeRef<K, V> {
    /// One more handle on the same node (a reference-count increment).
    #[inline]
    fn clone(&self) -> Self {
        let old = self.header().refs.fetch_add(1, Ordering::Relaxed);
        if old > isize::MAX as usize {
            std::process::abort();
        }
        NodeRef {
            ptr: self.ptr,
            marker: PhantomData,
        }
    }
}

impl<K, V> Drop for NodeRef<K, V> {
    fn drop(&mut self) {
        if self.header().refs.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        fence(Ordering::Acquire);

        /// Drops the entries and frees the block, even if dropping a child panicked.
        struct Rest<K, V> {
            node: NonNull<Header>,
            entries: *mut (K, V),
            ne: usize,
            layout: Layout,
        }
        impl<K, V> Drop for Rest<K, V> {
            fn drop(&mut self) {
                /// Frees the block even if dropping an entry panicked.
                struct Free(NonNull<Header>, Layout);
                impl Drop for Free {
                    fn drop(&mut self) {
                        // SAFETY: the block was allocated with this layout and is no longer used.
                        unsafe { dealloc(self.0.as_ptr().cast(), self.1) }
                    }
                }
                let _free = Free(self.node, self.layout);
                // SAFETY: the last handle is gone; the entries are initialized and owned here.
                unsafe { ptr::drop_in_place(ptr::slice_from_raw_parts_mut(self.entries, self.ne)) }
            }
        }

        let (ne, nc) = self.lens();
        let _rest = Rest {
            node: self.ptr,
            entries: self.entries_ptr(),
            ne,
            layout: Self::layout(ne, nc),
        };
        // SAFETY: the last handle is gone; the children are initialized and owned here.
        unsafe {
            ptr::drop_in_place(ptr::slice_from_raw_parts_mut(self.children_ptr(), nc));
        }
    }
}
