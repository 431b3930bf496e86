//! The node allocation: one block per node (exact-size when made), reference counted.
//!
//! ```text
//! [ refs | datamap | nodemap | lens | size | (pad) | children: [Node; nc] | entries: [(K, V); ne] (| slack) ]
//! ```
//!
//! One allocation per node (a `Vec` per array would cost two more allocations and 48 bytes of
//! headers). Children come right after the 24-byte header so that a look-up descending through a
//! node reads the bitmaps and the child pointer from the same or the next cache line. The array
//! lengths are the popcounts of the bitmaps, and are also stored (`lens = ne << 6 | nc`) so that
//! finding the entry array or bounds-checking an index costs no popcount (the x86-64 baseline has no
//! `popcnt` instruction; the software one is a dozen instructions). A collision node (all keys with
//! one hash) has no child and marks itself with overlapping bitmaps: `datamap == nodemap == count`,
//! which a branch node never has (a slot holds an entry or a child, never both).
//!
//! `size` records the block's bytes, which may exceed what its arrays need (slack at the end):
//! * a unique node that outgrows its block moves to one with room for about an eighth more
//!   entries (`grown_size`), so most inserts into a node owned by one version change it in place
//!   instead of reallocating it (Swift's TreeDictionary grows its nodes the same way);
//! * removing an entry from a unique node shifts the entries in place and leaves the freed bytes
//!   as slack: a remove then costs no allocation, and no `free`, whose coalescing of
//!   neighbouring chunks costs a cache miss of its own in a large heap (figures in
//!   benches/README.md, "Choices measured");
//! * a copy of a shared node (`make_unique`) is exact, except that an insert landing in that
//!   node copies it with room for the one entry it adds (`make_unique_for_insert`; rpds 1.2
//!   reserves a spare slot when it copies for the same reason), so the write allocates once.
//!
//! The lengths in the header, not the bitmaps, decide where the arrays are; `allocate` says why
//! the bitmaps agreeing with them is checked in debug builds and by the checker only.
//!
//! All the unsafe code of the hash trie is in this file, in `layout/splice.rs` (the editing of a
//! unique node's arrays: `prepare_splice`, `splice` and the methods built on them) and in the CPU
//! dispatch (`cpu.rs`). Invariants every block relies on:
//! * `ptr` came from `alloc` with `Self::block_layout(size)` where `size` is the header's, at least
//!   `Self::layout(ne, nc).size()` for the `(ne, nc) = lens(datamap, nodemap)` of the header; the
//!   header changes only through a unique handle (`&mut Node` with `refs == 1`);
//! * the first `nc` child slots and `ne` entry slots are initialized;
//! * `refs` counts the `Node` handles on the block; a handle with `refs == 1` is the only way to
//!   reach the block, so `&mut Node` then gives exclusive access to the contents.

use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};
use std::marker::PhantomData;
use std::mem::{self, align_of, size_of};
use std::ptr::{self, NonNull};
use std::slice;
use std::sync::atomic::{fence, AtomicU32, Ordering};

#[repr(C, align(8))]
struct Header {
    refs: AtomicU32,
    datamap: u32,
    nodemap: u32,
    /// `ne << LEN_SHIFT | nc`: the array lengths, kept in step with the bitmaps.
    lens: u32,
    /// Bytes of the block (the arrays' exact size, or more after an in-place remove).
    size: u32,
}

/// Bits of `Header::lens` holding the child count (at most 32).
const LEN_SHIFT: u32 = 6;
/// The most entries a node can hold (a collision node's limit; a branch node holds at most 32).
const MAX_ENTRIES: usize = (u32::MAX >> LEN_SHIFT) as usize;
/// Handles beyond this count abort the process, as `Arc` does (a leaked-handle loop, not a use).
const MAX_REFS: u32 = i32::MAX as u32;

/// A trie node, held through a counted handle on its block (what `Arc<node>` would be, in one
/// allocation): cloning the handle shares the node, and a write through a unique handle changes
/// it in place.
pub(crate) struct Node<K, V> {
    ptr: NonNull<Header>,
    marker: PhantomData<(K, V)>,
}

// SAFETY: a node is shared between threads like `Arc<(K, V)>`: handles hand out `&(K, V)` to any
// thread (needs `Sync`) and the last handle, on any thread, drops the entries (needs `Send`).
unsafe impl<K: Send + Sync, V: Send + Sync> Send for Node<K, V> {}
// SAFETY: as above; shared access only reads, and the count is atomic.
unsafe impl<K: Send + Sync, V: Send + Sync> Sync for Node<K, V> {}

/// A node's two arrays, moved out of it.
pub(crate) struct Parts<K, V> {
    /// The inline entries, in slot order (unordered in a collision node).
    pub(crate) entries: Vec<(K, V)>,
    /// The children, in slot order.
    pub(crate) children: Vec<Node<K, V>>,
}

/// A unique node's two arrays, borrowed mutably: values may change, keys and shape must not.
pub(crate) struct PartsMut<'a, K, V> {
    /// The inline entries, in slot order (unordered in a collision node).
    pub(crate) entries: &'a mut [(K, V)],
    /// The children, in slot order.
    pub(crate) children: &'a mut [Node<K, V>],
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

impl<K, V> Node<K, V> {
    /// Byte offset of the entry array in a node with `nc` children.
    #[inline]
    fn entries_offset(nc: usize) -> usize {
        let align = align_of::<(K, V)>();
        let raw = size_of::<Header>() + nc * size_of::<Node<K, V>>();
        (raw + align - 1) & !(align - 1)
    }

    /// The exact allocation of a node with `ne` entries and `nc` children.
    #[inline]
    fn layout(ne: usize, nc: usize) -> Layout {
        Self::block_layout(Self::entries_offset(nc) + ne * size_of::<(K, V)>())
    }

    /// The layout of a block of `size` bytes.
    #[inline]
    fn block_layout(size: usize) -> Layout {
        let align = align_of::<Header>().max(align_of::<(K, V)>());
        Layout::from_size_align(size, align).expect("node layout")
    }

    /// The layout this node's block was allocated with.
    #[inline]
    fn own_layout(&self) -> Layout {
        Self::block_layout(self.header().size as usize)
    }

    #[inline]
    fn header(&self) -> &Header {
        // SAFETY: `ptr` points to a live block whose header is initialized (module invariants).
        unsafe { self.ptr.as_ref() }
    }

    /// (entry count, child count).
    #[inline]
    fn lens(&self) -> (usize, usize) {
        let l = self.header().lens;
        (
            (l >> LEN_SHIFT) as usize,
            (l & ((1 << LEN_SHIFT) - 1)) as usize,
        )
    }

    #[inline]
    fn children_ptr(&self) -> *mut Node<K, V> {
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

    /// Allocates a block of `size` bytes (at least the exact size of `ne` entries and `nc`
    /// children) for `(datamap, nodemap)`, with one reference; the arrays are uninitialized.
    ///
    /// `(ne, nc)` become the header's lengths, which alone decide where the arrays are and how
    /// long they are; the bitmaps only pick an index, and every index goes through a slice's
    /// bounds check. So the bitmaps agreeing with the lengths is a logic invariant (asserted in
    /// debug builds and by the checker), not one memory safety rests on.
    fn allocate(datamap: u32, nodemap: u32, ne: usize, nc: usize, size: usize) -> NonNull<Header> {
        debug_assert_eq!(
            lens(datamap, nodemap),
            (ne, nc),
            "lengths differ from the bitmaps"
        );
        assert!(ne <= MAX_ENTRIES && nc <= 32, "node size");
        let layout = Self::block_layout(size.max(Self::layout(ne, nc).size()));
        let size = u32::try_from(layout.size()).expect("node size");
        // SAFETY: the layout has a non-zero size (the header).
        let raw = unsafe { alloc(layout) };
        let Some(ptr) = NonNull::new(raw.cast::<Header>()) else {
            handle_alloc_error(layout)
        };
        // SAFETY: the block is fresh and large enough for the header.
        unsafe {
            ptr.as_ptr().write(Header {
                refs: AtomicU32::new(1),
                datamap,
                nodemap,
                // Fits: `ne <= MAX_ENTRIES` and `nc <= 32` (asserted above).
                lens: ((ne as u32) << LEN_SHIFT) | nc as u32,
                size,
            })
        };
        ptr
    }

    /// The block size a unique node growing to `(ne, nc)` is given: the exact size plus room
    /// for `ne / 8 + 1` more entries, so that the inserts that follow change it in place (a
    /// node built by single inserts reallocates on every second insert or less often, not on
    /// every one). Copies stay exact (`copy`), so a node shared by a snapshot holds no slack.
    /// Measured (u64 -> u64, built by inserts): 1,000 inserts 536 instructions each against 733
    /// exact; bytes per entry at 1,000,000 27.8 against 26.2 (`ne / 4 + 1`: 523 and 28.3;
    /// one entry: 544 and 27.5).
    #[inline]
    fn grown_size(ne: usize, nc: usize) -> usize {
        Self::layout(ne, nc).size() + (ne / 8 + 1) * size_of::<(K, V)>()
    }

    /// A branch node with the given bitmaps and arrays (lengths must match the popcounts).
    pub(crate) fn from_parts(
        datamap: u32,
        nodemap: u32,
        mut entries: Vec<(K, V)>,
        mut children: Vec<Node<K, V>>,
    ) -> Self {
        let (ne, nc) = (entries.len(), children.len());
        assert_eq!(lens(datamap, nodemap), (ne, nc));
        let node = Node {
            ptr: Self::allocate(datamap, nodemap, ne, nc, 0),
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

    /// A branch node with the given bitmaps and fixed-size arrays (no `Vec` in between: `pair`
    /// builds one of these for every insert that meets a resident key).
    pub(crate) fn from_arrays<const NE: usize, const NC: usize>(
        datamap: u32,
        nodemap: u32,
        entries: [(K, V); NE],
        children: [Node<K, V>; NC],
    ) -> Self {
        assert_eq!(lens(datamap, nodemap), (NE, NC));
        let node = Node {
            ptr: Self::allocate(datamap, nodemap, NE, NC, 0),
            marker: PhantomData,
        };
        let (entries, children) = (
            mem::ManuallyDrop::new(entries),
            mem::ManuallyDrop::new(children),
        );
        // SAFETY: the arrays have the sizes the block was made for; they are wrapped in
        // `ManuallyDrop`, so each value moved into the block has exactly one owner.
        unsafe {
            ptr::copy_nonoverlapping(children.as_ptr(), node.children_ptr(), NC);
            ptr::copy_nonoverlapping(entries.as_ptr(), node.entries_ptr(), NE);
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
    pub(crate) fn children(&self) -> &[Node<K, V>] {
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

    /// Hints the CPU to start loading the cache line holding `entry` (a batched look-up asks for
    /// an entry's line one round before it compares the key).
    #[inline(always)]
    pub(crate) fn prefetch_entry(entry: &(K, V)) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch is only a hint and never faults; SSE is part of the x86_64 baseline.
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            _mm_prefetch::<_MM_HINT_T0>((entry as *const (K, V)).cast());
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = entry;
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
        self.header().size as usize
    }

    /// What is wrong with this node's block, if anything: the stored lengths against the
    /// bitmaps, the recorded size against the arrays, the entry array's alignment, the count.
    pub(super) fn block_fault(&self) -> Option<&'static str> {
        let h = self.header();
        let (ne, nc) = self.lens();
        if (ne, nc) != lens(h.datamap, h.nodemap) {
            Some("stored array lengths differ from the bitmaps")
        } else if Self::layout(ne, nc).size() > h.size as usize {
            Some("block is smaller than its arrays")
        } else if !(self.entries_ptr() as usize).is_multiple_of(align_of::<(K, V)>()) {
            Some("entry array is misaligned")
        } else if h.refs.load(Ordering::Relaxed) == 0 {
            Some("live handle on a node counted as unreferenced")
        } else {
            None
        }
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
    pub(super) fn parts_mut_unique(&mut self) -> PartsMut<'_, K, V> {
        assert!(self.is_unique(), "mutable access to a shared node");
        let (ne, nc) = self.lens();
        // SAFETY: the handle is the only one on the node and is borrowed mutably, so nothing else
        // can reach the arrays; the two arrays do not overlap.
        unsafe {
            PartsMut {
                entries: slice::from_raw_parts_mut(self.entries_ptr(), ne),
                children: slice::from_raw_parts_mut(self.children_ptr(), nc),
            }
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
            dealloc(self.ptr.as_ptr().cast(), self.own_layout());
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
    pub(crate) fn try_into_parts(self) -> Result<Parts<K, V>, Self> {
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
            dealloc(self.ptr.as_ptr().cast(), self.own_layout());
        }
        mem::forget(self);
        Ok(Parts { entries, children })
    }
}

impl<K: Clone, V: Clone> Node<K, V> {
    /// Makes this handle the only one on its node, copying the node if it is shared (the copy
    /// shares the children). If an entry's `Clone` panics, the half-built copy is dropped and
    /// freed, and this handle is unchanged.
    #[inline]
    pub(crate) fn make_unique(&mut self) {
        if !self.is_unique() {
            *self = self.copy();
        }
    }

    /// Makes this handle the only one on its node, as `make_unique`; a copy gets room for one
    /// more entry. An insert that lands in a shared node calls this, so that the copy it must
    /// make is also the block the new entry goes into (one allocation, not a copy and then a
    /// grown copy of the copy).
    #[inline]
    pub(super) fn make_unique_for_insert(&mut self) {
        if !self.is_unique() {
            let (ne, nc) = self.lens();
            *self = self.copy_sized(Self::layout(ne + 1, nc).size());
        }
    }

    /// A copy of this node in a new block of its exact size.
    fn copy(&self) -> Self {
        self.copy_sized(0)
    }

    /// A copy of this node in a new block of `size` bytes, or the exact size if that is more.
    fn copy_sized(&self, size: usize) -> Self {
        /// Drops what was written so far and frees the block, if the copy is abandoned.
        struct Partial<K, V> {
            node: NonNull<Header>,
            children: *mut Node<K, V>,
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
        let new = Self::allocate(datamap, nodemap, ne, nc, size);
        let handle = Node::<K, V> {
            ptr: new,
            marker: PhantomData,
        };
        let mut partial = Partial {
            node: new,
            children: handle.children_ptr(),
            entries: handle.entries_ptr(),
            written_children: 0,
            written_entries: 0,
            layout: handle.own_layout(),
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
        Node {
            ptr: new,
            marker: PhantomData,
        }
    }
}

impl<K, V> Clone for Node<K, V> {
    /// One more handle on the same node (a reference-count increment).
    #[inline]
    fn clone(&self) -> Self {
        let old = self.header().refs.fetch_add(1, Ordering::Relaxed);
        if old > MAX_REFS {
            std::process::abort();
        }
        Node {
            ptr: self.ptr,
            marker: PhantomData,
        }
    }
}

impl<K, V> Drop for Node<K, V> {
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
            layout: self.own_layout(),
        };
        // SAFETY: the last handle is gone; the children are initialized and owned here.
        unsafe {
            ptr::drop_in_place(ptr::slice_from_raw_parts_mut(self.children_ptr(), nc));
        }
    }
}

mod splice;

#[cfg(test)]
mod tests;
