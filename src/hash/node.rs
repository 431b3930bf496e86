//! CHAMP nodes: bitmap arithmetic, look-up, path-copying insert and remove, canonical form.
//!
//! A node at level `l < COLLISION_LEVEL` branches on bits `5l..5l+5` of the 64-bit hash (the last
//! branching level, 12, sees only the 4 remaining bits). It has two bitmaps: `datamap` marks the
//! slots holding an entry inline, `nodemap` the slots holding a child node; the two never overlap.
//! Entries and children sit in dense arrays, sorted by slot, sized exactly to what they hold.
//!
//! A node at `COLLISION_LEVEL` (13) is a collision node: every key below it has the same full hash
//! (all 64 bits were consumed on the way down). It has no bitmaps (they read as 0) and an unordered
//! entry list.
//!
//! The memory layout (one allocation per node, exact-size when made) and the unsafe code of the
//! layout are in `raw.rs`; this file holds the algorithms over `NodeRef`'s small API, in safe code
//! but for the run-time `popcnt` dispatch of the hot paths (`popcnt_dispatch!`, `remove`).
//!
//! Canonical form: below the root, no subtree holds fewer than two entries. A remove that leaves a
//! child with a single entry pulls that entry up into the parent (recursively), so equal contents
//! give equal shapes under one hasher, which structural equality and diff rely on.
//!
//! Nothing here is public; the API layer (`map.rs`, `set.rs`, `iter.rs`, `diff.rs`, `algebra.rs`)
//! goes through the functions below and never touches the node layout.

use crate::sharing::HeapNode;
use std::borrow::Borrow;

mod raw;

pub(crate) use raw::NodeRef;

/// Bits of hash consumed per level.
const BITS: u32 = 5;
/// The level of collision nodes: levels `0..=12` consume all 64 hash bits (12 × 5 + 4).
pub(crate) const COLLISION_LEVEL: u32 = 13;
/// Cache lines of a node asked for at once on a descent (see `NodeRef::prefetch_lines`): enough
/// for a typical inner node at 1M entries (5 to 7 lines); measured 4 < 6 ≈ 8 on get at 1M.
const PREFETCH_LINES: usize = 4;
/// Maximum number of nodes on a root-to-leaf path (levels 0 to 13).
pub(crate) const MAX_DEPTH: usize = COLLISION_LEVEL as usize + 1;

/// The 5-bit slot of `hash` at `level` (the last branching level yields only 4 bits).
#[inline]
pub(crate) fn slot_of(hash: u64, level: u32) -> u32 {
    debug_assert!(level < COLLISION_LEVEL);
    ((hash >> (BITS * level)) & 31) as u32
}

/// The bitmap bit of `hash` at `level`.
#[inline]
pub(crate) fn bit_of(hash: u64, level: u32) -> u32 {
    1 << slot_of(hash, level)
}

/// True if the CPU has the `popcnt` instruction (std caches the answer: one load per call).
///
/// The x86-64 baseline lacks it, and `count_ones` then costs about a dozen instructions; every
/// level of a descent counts bits, so the hot paths (`get`, `get_mut`, `insert`, `remove`) are
/// compiled twice and pick the `popcnt` version at run time (2x on a look-up at 1M entries).
#[cfg(all(target_arch = "x86_64", not(target_feature = "popcnt")))]
#[inline(always)]
fn has_popcnt() -> bool {
    std::is_x86_feature_detected!("popcnt")
}

/// Defines a method `$name` that runs `$body` (an `#[inline(always)]` method with the same
/// arguments), through a copy compiled with `popcnt` (`$fast`) when the CPU has it.
macro_rules! popcnt_dispatch {
    (
        $(#[$attr:meta])*
        fn $name:ident / $fast:ident => $body:ident <$($g:ident),*>
            (&mut $s:ident) $($rest:tt)*
    ) => {
        popcnt_dispatch!(@emit [$(#[$attr])*] $name $fast $body [$($g),*] [&mut $s] $s $($rest)*);
    };
    (
        $(#[$attr:meta])*
        fn $name:ident / $fast:ident => $body:ident <$($g:ident),*>
            (&$s:ident) $($rest:tt)*
    ) => {
        popcnt_dispatch!(@emit [$(#[$attr])*] $name $fast $body [$($g),*] [&$s] $s $($rest)*);
    };
    (
        @emit [$(#[$attr:meta])*] $name:ident $fast:ident $body:ident [$($g:ident),*]
            [$($recv:tt)*] $s:ident ($($arg:ident: $ty:ty),*) -> $ret:ty
            where [$($wc:tt)*]
    ) => {
        $(#[$attr])*
        #[inline]
        pub(crate) fn $name<$($g),*>($($recv)*, $($arg: $ty),*) -> $ret
        where
            $($wc)*
        {
            #[cfg(all(target_arch = "x86_64", not(target_feature = "popcnt")))]
            if has_popcnt() {
                // SAFETY: the CPU has the `popcnt` instruction (checked just above).
                return unsafe { $s.$fast($($arg),*) };
            }
            $s.$body($($arg),*)
        }

        /// The `popcnt` build of the method of the same name without the suffix.
        ///
        /// # Safety
        /// The CPU must support `popcnt`.
        #[cfg(all(target_arch = "x86_64", not(target_feature = "popcnt")))]
        #[target_feature(enable = "popcnt")]
        unsafe fn $fast<$($g),*>($($recv)*, $($arg: $ty),*) -> $ret
        where
            $($wc)*
        {
            $s.$body($($arg),*)
        }
    };
}

/// `old`, once the duplicate `key` an insert keeps out of the map is dropped.
///
/// The key is dropped here, while `old` is still a local: a `Drop` of the key that panics then
/// drops `old` on the way out. Left to the end of `insert`, the key would be dropped after the
/// return value was built, and a panic there leaks that value (rust-lang/rust#47949).
#[inline(always)]
fn old_value<K, V>(old: V, key: K) -> V {
    drop(key);
    old
}

/// Position in a dense array of the slot marked by `bit`: the number of set bits below it.
#[inline]
pub(crate) fn index_of(bitmap: u32, bit: u32) -> usize {
    (bitmap & (bit - 1)).count_ones() as usize
}

/// The hash bits consumed above `level` (the path prefix every key below a node at `level` shares).
#[inline]
fn prefix_mask(level: u32) -> u64 {
    let bits = BITS * level;
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// The result of rebuilding a subtree: normalized so that a subtree never holds fewer than two
/// entries below the root.
pub(crate) enum Sub<K, V> {
    /// Nothing left.
    Empty,
    /// A single entry, to be stored inline in the parent.
    One((K, V)),
    /// A node holding at least two entries.
    Node(NodeRef<K, V>),
}

/// Builds a node slot by slot, in increasing slot order (used by the set algebra).
pub(crate) struct Builder<K, V> {
    level: u32,
    datamap: u32,
    nodemap: u32,
    entries: Vec<(K, V)>,
    children: Vec<NodeRef<K, V>>,
}

impl<K, V> Builder<K, V> {
    /// An empty builder for a node at `level`.
    pub(crate) fn new(level: u32) -> Self {
        Builder {
            level,
            datamap: 0,
            nodemap: 0,
            entries: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Puts `sub` in the slot marked by `bit`; slots must come in increasing order. Not for the
    /// collision level (use `push_entry`).
    pub(crate) fn push(&mut self, bit: u32, sub: Sub<K, V>) {
        debug_assert!(self.level < COLLISION_LEVEL && bit > (self.datamap | self.nodemap));
        match sub {
            Sub::Empty => {}
            Sub::One(e) => {
                self.datamap |= bit;
                self.entries.push(e);
            }
            Sub::Node(n) => {
                self.nodemap |= bit;
                self.children.push(n);
            }
        }
    }

    /// Pushes an entry at the collision level.
    pub(crate) fn push_entry(&mut self, e: (K, V)) {
        debug_assert_eq!(self.level, COLLISION_LEVEL);
        self.entries.push(e);
    }

    /// Finishes the node as a root (always a node, possibly empty).
    pub(crate) fn finish_root(self) -> NodeRef<K, V> {
        if self.level == COLLISION_LEVEL {
            NodeRef::collision(self.entries)
        } else {
            NodeRef::from_parts(self.datamap, self.nodemap, self.entries, self.children)
        }
    }

    /// Finishes the node as a subtree, normalized: nothing, one entry, or a node.
    pub(crate) fn finish(mut self) -> Sub<K, V> {
        match (self.entries.len(), self.children.len()) {
            (0, 0) => Sub::Empty,
            (1, 0) => Sub::One(self.entries.pop().expect("one entry")),
            _ => Sub::Node(self.finish_root()),
        }
    }
}

/// What a node holds in one slot.
pub(crate) enum Slot<'a, K, V> {
    /// Nothing.
    Empty,
    /// An inline entry.
    Entry(&'a (K, V)),
    /// A child node.
    Child(&'a NodeRef<K, V>),
}

/// Each set bit of `bitmap`, as a one-bit mask, in increasing order.
pub(crate) fn bits(bitmap: u32) -> impl Iterator<Item = u32> {
    let mut rest = bitmap;
    std::iter::from_fn(move || {
        if rest == 0 {
            None
        } else {
            let bit = rest & rest.wrapping_neg();
            rest &= rest - 1;
            Some(bit)
        }
    })
}

impl<K, V> NodeRef<K, V> {
    /// Bitmap of the slots holding an inline entry (0 in a collision node).
    #[inline]
    pub(crate) fn datamap(&self) -> u32 {
        let (d, n) = self.raw_maps();
        if d & n != 0 {
            0
        } else {
            d
        }
    }

    /// Bitmap of the slots holding a child node (0 in a collision node).
    #[inline]
    pub(crate) fn nodemap(&self) -> u32 {
        let (d, n) = self.raw_maps();
        if d & n != 0 {
            0
        } else {
            n
        }
    }

    /// What the slot marked by `bit` holds (not for collision nodes).
    #[inline]
    pub(crate) fn slot(&self, bit: u32) -> Slot<'_, K, V> {
        let (d, n) = (self.datamap(), self.nodemap());
        if d & bit != 0 {
            Slot::Entry(&self.entries()[index_of(d, bit)])
        } else if n & bit != 0 {
            Slot::Child(&self.children()[index_of(n, bit)])
        } else {
            Slot::Empty
        }
    }

    /// True if the node holds nothing.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.raw_maps() == (0, 0)
    }

    popcnt_dispatch! {
        /// The entry for `key`, whose hash is `hash`, below this node (at `level`).
        fn get / get_popcnt => get_body<Q>
            (&self) (level: u32, hash: u64, key: &Q) -> Option<&(K, V)>
            where [K: Borrow<Q>, Q: Eq + ?Sized]
    }

    #[inline(always)]
    fn get_body<Q>(&self, level: u32, hash: u64, key: &Q) -> Option<&(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let mut node = self;
        let mut level = level;
        loop {
            if level == COLLISION_LEVEL {
                return node.entries().iter().find(|e| e.0.borrow() == key);
            }
            let bit = bit_of(hash, level);
            let (datamap, nodemap) = node.raw_maps();
            if datamap & bit != 0 {
                let e = &node.entries()[index_of(datamap, bit)];
                return if e.0.borrow() == key { Some(e) } else { None };
            }
            if nodemap & bit == 0 {
                return None;
            }
            node = &node.children()[index_of(nodemap, bit)];
            node.prefetch_lines(PREFETCH_LINES);
            level += 1;
        }
    }

    /// Visits every entry below this node (recursive, depth ≤ 14).
    pub(crate) fn for_each<'a>(&'a self, f: &mut impl FnMut(&'a (K, V))) {
        self.entries().iter().for_each(&mut *f);
        for c in self.children() {
            c.for_each(f);
        }
    }

    /// Number of entries below this node (walks the subtree).
    pub(crate) fn count(&self) -> usize {
        self.entries().len() + self.children().iter().map(|c| c.count()).sum::<usize>()
    }

    /// A subtree holding exactly the two entries `a` (hash `ha`) and `b` (hash `hb`), rooted at
    /// `level`: single-child nodes down to the level where the hashes part. Keys must differ. Runs
    /// no user code.
    pub(crate) fn pair(level: u32, a: (K, V), ha: u64, b: (K, V), hb: u64) -> Self {
        if level == COLLISION_LEVEL {
            return NodeRef::collision(vec![a, b]);
        }
        let (sa, sb) = (slot_of(ha, level), slot_of(hb, level));
        if sa == sb {
            let child = NodeRef::pair(level + 1, a, ha, b, hb);
            NodeRef::from_parts(0, 1 << sa, Vec::new(), vec![child])
        } else {
            let entries = if sa < sb { vec![a, b] } else { vec![b, a] };
            NodeRef::from_parts((1 << sa) | (1 << sb), 0, entries, Vec::new())
        }
    }
}

impl<K: Clone, V: Clone> NodeRef<K, V> {
    /// Entries and children, mutably, after copying this node if it is shared (values may
    /// change; keys and shape must not).
    #[allow(clippy::type_complexity)]
    pub(crate) fn parts_mut(&mut self) -> (&mut [(K, V)], &mut [NodeRef<K, V>]) {
        self.make_unique();
        self.parts_mut_unique()
    }

    /// The entry on `hash`'s path below this freshly built, unique subtree; in a collision node,
    /// the one at `collision_index`.
    fn entry_on_path_mut(&mut self, level: u32, hash: u64, collision_index: usize) -> &mut (K, V) {
        let mut node = self;
        let mut level = level;
        loop {
            if level == COLLISION_LEVEL {
                return &mut node.parts_mut_unique().0[collision_index];
            }
            let bit = bit_of(hash, level);
            let (datamap, nodemap) = node.raw_maps();
            if datamap & bit != 0 {
                return &mut node.parts_mut_unique().0[index_of(datamap, bit)];
            }
            node = &mut node.parts_mut_unique().1[index_of(nodemap, bit)];
            level += 1;
        }
    }

    popcnt_dispatch! {
        /// The entry for `key` below this node, mutably; copies every shared node on the path.
        ///
        /// One descent: from the first shared node on, the rest of the path is checked (a
        /// read-only `get`) before anything is copied, so a missing key copies nothing.
        fn get_mut / get_mut_popcnt => get_mut_body<Q>
            (&mut self) (level: u32, hash: u64, key: &Q) -> Option<&mut (K, V)>
            where [K: Borrow<Q>, Q: Eq + ?Sized]
    }

    #[inline(always)]
    fn get_mut_body<Q>(&mut self, level: u32, hash: u64, key: &Q) -> Option<&mut (K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let mut node = self;
        let mut level = level;
        let mut present = false;
        loop {
            if !present && !node.is_unique() {
                // A shared node is about to be copied: make sure the copy is not for nothing.
                node.get_body(level, hash, key)?;
                present = true;
            }
            node.make_unique();
            if level == COLLISION_LEVEL {
                return node
                    .parts_mut_unique()
                    .0
                    .iter_mut()
                    .find(|e| e.0.borrow() == key);
            }
            let bit = bit_of(hash, level);
            let (datamap, nodemap) = node.raw_maps();
            if datamap & bit != 0 {
                let e = &mut node.parts_mut_unique().0[index_of(datamap, bit)];
                return if e.0.borrow() == key { Some(e) } else { None };
            }
            if nodemap & bit == 0 {
                return None;
            }
            node = &mut node.parts_mut_unique().1[index_of(nodemap, bit)];
            node.prefetch_lines(PREFETCH_LINES);
            level += 1;
        }
    }

    popcnt_dispatch! {
        /// Inserts `key → value` (hash `hash`) below this node at `level`; returns the entry now
        /// holding the key and the old value if the key was present (the stored key is kept, as in
        /// std). `hash_key` re-hashes a stored key when two keys must be split into a subtree.
        ///
        /// Panic safety: user code (`Eq`, `hash_key`, `Clone` via `make_unique`) runs before the node
        /// it concerns is changed, so a panic leaves the trie as it was (some nodes possibly copied).
        fn insert / insert_popcnt => insert_body<>
            (&mut self) (level: u32, hash: u64, key: K, value: V, hash_key: &impl Fn(&K) -> u64)
            -> (&mut (K, V), Option<V>)
            where [K: Eq]
    }

    #[inline(always)]
    fn insert_body(
        &mut self,
        level: u32,
        hash: u64,
        key: K,
        value: V,
        hash_key: &impl Fn(&K) -> u64,
    ) -> (&mut (K, V), Option<V>)
    where
        K: Eq,
    {
        let mut node = self;
        let mut level = level;
        loop {
            node.make_unique();
            if level == COLLISION_LEVEL {
                if let Some(i) = node.entries().iter().position(|e| e.0 == key) {
                    let e = &mut node.parts_mut_unique().0[i];
                    let old = std::mem::replace(&mut e.1, value);
                    return (e, Some(old_value(old, key)));
                }
                let len = node.entries().len();
                let count = u32::try_from(len + 1).expect("collision node size");
                node.insert_entry_at(count, count, len, (key, value));
                return (&mut node.parts_mut_unique().0[len], None);
            }
            let bit = bit_of(hash, level);
            let (datamap, nodemap) = node.raw_maps();
            if datamap & bit != 0 {
                let idx = index_of(datamap, bit);
                if node.entries()[idx].0 == key {
                    let e = &mut node.parts_mut_unique().0[idx];
                    let old = std::mem::replace(&mut e.1, value);
                    return (e, Some(old_value(old, key)));
                }
                // Hash the resident key before changing anything: it may panic.
                let other_hash = hash_key(&node.entries()[idx].0);
                let cidx = index_of(nodemap, bit);
                node.entry_to_child(datamap ^ bit, nodemap | bit, idx, cidx, |other| {
                    NodeRef::pair(level + 1, other, other_hash, (key, value), hash)
                });
                let child = &mut node.parts_mut_unique().1[cidx];
                return (child.entry_on_path_mut(level + 1, hash, 1), None);
            }
            if nodemap & bit == 0 {
                let idx = index_of(datamap, bit);
                node.insert_entry_at(datamap | bit, nodemap, idx, (key, value));
                return (&mut node.parts_mut_unique().0[idx], None);
            }
            node = &mut node.parts_mut_unique().1[index_of(nodemap, bit)];
            node.prefetch_lines(PREFETCH_LINES);
            level += 1;
        }
    }

    /// Removes `key` (hash `hash`) from below this node at `level`, keeping canonical form.
    ///
    /// One descent: unique nodes are searched on the way down, and only at the first shared node
    /// is the rest of the path checked (a read-only `get`) before anything is copied, so a missing
    /// key copies nothing. Panic safety: `Eq` and `Clone` run before the node they concern changes.
    pub(crate) fn remove<Q>(&mut self, level: u32, hash: u64, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        #[cfg(all(target_arch = "x86_64", not(target_feature = "popcnt")))]
        if has_popcnt() {
            // SAFETY: the CPU has the `popcnt` instruction (checked just above).
            return unsafe { self.remove_popcnt(level, hash, key, false) };
        }
        self.remove_portable(level, hash, key, false)
    }

    /// `remove` compiled with the `popcnt` instruction.
    ///
    /// # Safety
    /// The CPU must support `popcnt`.
    #[cfg(all(target_arch = "x86_64", not(target_feature = "popcnt")))]
    #[target_feature(enable = "popcnt")]
    unsafe fn remove_popcnt<Q>(
        &mut self,
        level: u32,
        hash: u64,
        key: &Q,
        present: bool,
    ) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        self.remove_step(level, hash, key, present, |child, present| {
            // SAFETY: called from a `popcnt` build, so the CPU has the instruction.
            unsafe { child.remove_popcnt(level + 1, hash, key, present) }
        })
    }

    fn remove_portable<Q>(
        &mut self,
        level: u32,
        hash: u64,
        key: &Q,
        present: bool,
    ) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        self.remove_step(level, hash, key, present, |child, present| {
            child.remove_portable(level + 1, hash, key, present)
        })
    }

    /// One level of `remove`; `present` says the key is known to be below; `recurse` removes
    /// from the child on the key's path.
    #[inline(always)]
    fn remove_step<Q>(
        &mut self,
        level: u32,
        hash: u64,
        key: &Q,
        mut present: bool,
        recurse: impl FnOnce(&mut Self, bool) -> Option<(K, V)>,
    ) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        if !present && !self.is_unique() {
            // A shared node is about to be copied: make sure the copy is not for nothing.
            self.get_body(level, hash, key)?;
            present = true;
        }
        self.make_unique();
        if level == COLLISION_LEVEL {
            let idx = self.entries().iter().position(|e| e.0.borrow() == key)?;
            let count = u32::try_from(self.entries().len() - 1).expect("collision node size");
            return Some(self.remove_entry_at(count, count, idx));
        }
        let bit = bit_of(hash, level);
        let (datamap, nodemap) = self.raw_maps();
        if datamap & bit != 0 {
            let idx = index_of(datamap, bit);
            return if self.entries()[idx].0.borrow() == key {
                Some(self.remove_entry_at(datamap ^ bit, nodemap, idx))
            } else {
                None
            };
        }
        if nodemap & bit == 0 {
            return None;
        }
        let cidx = index_of(nodemap, bit);
        let child = &mut self.parts_mut_unique().1[cidx];
        child.prefetch_lines(PREFETCH_LINES);
        let removed = recurse(child, present)?;
        // Canonical form: a child left with a single entry is dissolved into this node.
        let child = &self.children()[cidx];
        if child.entries().len() == 1 && child.children().is_empty() {
            let eidx = index_of(datamap, bit);
            self.dissolve_child(datamap | bit, nodemap ^ bit, cidx, eidx);
        }
        Some(removed)
    }
}

/// The subtree `node` (at `level`) without `key`, normalized; the original is left alone (the
/// path to the key is copied if shared). Also says whether the key was there.
pub(crate) fn subtree_without<K, V, Q>(
    node: &NodeRef<K, V>,
    level: u32,
    hash: u64,
    key: &Q,
) -> (Sub<K, V>, bool)
where
    K: Clone + Borrow<Q>,
    V: Clone,
    Q: Eq + ?Sized,
{
    // `copy` shares the node, so `remove` looks before it copies anything.
    let mut copy = node.clone();
    if copy.remove(level, hash, key).is_none() {
        return (Sub::Node(copy), false);
    }
    if copy.is_empty() {
        return (Sub::Empty, true);
    }
    if copy.entries().len() == 1 && copy.children().is_empty() {
        return match copy.try_into_single() {
            Ok(e) => (Sub::One(e), true),
            Err(shared) => (Sub::One(shared.entries()[0].clone()), true),
        };
    }
    (Sub::Node(copy), true)
}

/// What `check` found wrong, as a message naming the invariant.
fn fail(what: &str, level: u32) -> ! {
    panic!("cowtree HashMap invariant broken at level {level}: {what}")
}

impl<K: Eq, V> NodeRef<K, V> {
    /// Checks this subtree's invariants; `prefix` holds the hash bits of the path to it. Returns the
    /// number of entries below it.
    ///
    /// # Panics
    /// With a message naming the broken invariant.
    pub(crate) fn check(
        &self,
        level: u32,
        prefix: u64,
        is_root: bool,
        hash_key: &impl Fn(&K) -> u64,
    ) -> usize {
        if let Some(what) = self.block_fault() {
            fail(what, level);
        }
        let entries = self.entries();
        if level == COLLISION_LEVEL {
            if !self.is_collision() || !self.children().is_empty() {
                fail("node at full depth is not a collision node", level);
            }
            if entries.len() < 2 {
                fail("collision node holds fewer than two entries", level);
            }
            for (i, e) in entries.iter().enumerate() {
                if hash_key(&e.0) != prefix {
                    fail(
                        "key in collision node does not have the path's full hash",
                        level,
                    );
                }
                if entries[..i].iter().any(|o| o.0 == e.0) {
                    fail("duplicate key in collision node", level);
                }
            }
            return entries.len();
        }
        if self.is_collision() {
            fail("collision node above full depth", level);
        }
        let (datamap, nodemap) = self.raw_maps();
        if datamap.count_ones() as usize != entries.len() {
            fail("datamap popcount differs from entry count", level);
        }
        if nodemap.count_ones() as usize != self.children().len() {
            fail("nodemap popcount differs from child count", level);
        }
        let mask = prefix_mask(level);
        for (i, e) in entries.iter().enumerate() {
            let h = hash_key(&e.0);
            if h & mask != prefix {
                fail("key is not on its hash path", level);
            }
            let bit = bit_of(h, level);
            if datamap & bit == 0 || index_of(datamap, bit) != i {
                fail("entry is not in the slot of its hash", level);
            }
        }
        let mut total = entries.len();
        for (child, bit) in self.children().iter().zip(bits(nodemap)) {
            let slot = bit.trailing_zeros();
            let child_prefix = prefix | (u64::from(slot) << (BITS * level));
            total += child.check(level + 1, child_prefix, false, hash_key);
        }
        if !is_root && total < 2 {
            fail(
                "subtree below the root holds fewer than two entries (not canonical)",
                level,
            );
        }
        total
    }
}

impl<K, V> HeapNode for &NodeRef<K, V> {
    fn addr(&self) -> usize {
        NodeRef::addr(self)
    }

    fn bytes(&self) -> usize {
        self.alloc_size()
    }

    fn children(&self, out: &mut Vec<Self>) {
        out.extend(NodeRef::children(self));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_hash(k: &u64) -> u64 {
        *k
    }

    fn build(keys: &[u64], hash: &impl Fn(&u64) -> u64) -> NodeRef<u64, u64> {
        let mut root = NodeRef::empty();
        for &k in keys {
            assert_eq!(
                root.insert(0, hash(&k), k, k.wrapping_mul(10), hash).1,
                None
            );
        }
        root
    }

    #[test]
    fn bitmap_helpers() {
        assert_eq!(index_of(0b1011_0000, 1 << 4), 0);
        assert_eq!(index_of(0b1011_0000, 1 << 5), 1);
        assert_eq!(index_of(0b1011_0000, 1 << 7), 2);
        assert_eq!(index_of(u32::MAX, 1 << 31), 31);
        assert_eq!(slot_of(0b11111_00001, 0), 1);
        assert_eq!(slot_of(0b11111_00001, 1), 31);
        // The last branching level sees the top 4 bits only.
        assert_eq!(slot_of(u64::MAX, 12), 15);
        assert_eq!(slot_of(1 << 63, 12), 8);
        assert_eq!(bit_of(3 << 5, 1), 1 << 3);
        assert_eq!(prefix_mask(0), 0);
        assert_eq!(prefix_mask(2), 0b11_1111_1111);
        assert_eq!(prefix_mask(13), u64::MAX);
    }

    #[test]
    fn insert_get_remove_and_canonical_form() {
        let keys: Vec<u64> = (0..2000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let mut root = build(&keys, &id_hash);
        assert_eq!(root.check(0, 0, true, &id_hash), keys.len());
        for &k in &keys {
            assert_eq!(root.get(0, k, &k), Some(&(k, k.wrapping_mul(10))));
        }
        // Remove all but two keys; the shape must equal a trie built from those two alone.
        for &k in &keys[2..] {
            assert_eq!(root.remove(0, k, &k), Some((k, k.wrapping_mul(10))));
            root.check(0, 0, true, &id_hash);
        }
        let fresh = build(&keys[..2], &id_hash);
        assert_eq!(root.datamap(), fresh.datamap());
        assert_eq!(root.nodemap(), fresh.nodemap());
        assert_eq!(
            root.children().len(),
            0,
            "subtrees were pulled up into the root"
        );
    }

    #[test]
    fn deep_paths_pull_up_recursively() {
        // Two keys sharing their low 60 bits sit at level 12; removing one pulls the other to the root.
        let a = 0x0FFF_FFFF_FFFF_FFFF;
        let b = a | (1 << 63);
        let c = 5;
        let mut root = build(&[a, b, c], &id_hash);
        assert_eq!(root.check(0, 0, true, &id_hash), 3);
        let mut depth = 0;
        let mut n = &root;
        while let Some(child) = n.children().first() {
            n = child;
            depth += 1;
        }
        assert_eq!(depth, 12);
        assert_eq!(n.entries().len(), 2);
        assert_eq!(root.remove(0, b, &b), Some((b, b.wrapping_mul(10))));
        root.check(0, 0, true, &id_hash);
        assert!(root.children().is_empty());
        assert_eq!(root.entries().len(), 2);
    }

    #[test]
    fn collision_nodes_at_full_depth() {
        // Keys are distinct but all hash to the same 64 bits.
        let h = |_: &u64| 0xDEAD_BEEF_u64 << 30;
        let keys: Vec<u64> = (0..50).collect();
        let mut root = build(&keys, &h);
        assert_eq!(root.check(0, 0, true, &h), 50);
        let mut depth = 0;
        let mut n = &root;
        while let Some(child) = n.children().first() {
            n = child;
            depth += 1;
        }
        assert_eq!(depth, COLLISION_LEVEL as usize);
        assert_eq!(n.entries().len(), 50);
        for &k in &keys {
            assert_eq!(root.get(0, h(&k), &k), Some(&(k, k.wrapping_mul(10))));
        }
        assert_eq!(root.get(0, h(&0), &99), None);
        assert_eq!(root.insert(0, h(&7), 7, 1, &h).1, Some(70));
        for &k in &keys[1..] {
            root.remove(0, h(&k), &k).unwrap();
            root.check(0, 0, true, &h);
        }
        assert!(
            root.children().is_empty(),
            "the last entry was pulled up to the root"
        );
        assert_eq!(root.entries(), &[(0, 0)]);
    }

    #[test]
    fn depth_exhausted_hashes_differing_in_top_bit() {
        // Hashes equal in the low 63 bits: they part only at the last branching level (12).
        let base = 0x1234_5678_9ABC_DEF0 & !(1 << 63);
        let keys = [base, base | 1 << 63, base | 1 << 62, base | 1 << 61];
        let root = build(&keys, &id_hash);
        assert_eq!(root.check(0, 0, true, &id_hash), 4);
        let mut n = &root;
        let mut depth = 0;
        while n.entries().is_empty() {
            n = &n.children()[0];
            depth += 1;
        }
        assert_eq!(depth, 12);
        assert_eq!(n.entries().len(), 4);
        for k in keys {
            assert!(root.get(0, k, &k).is_some());
        }
    }

    #[test]
    fn shared_nodes_are_copied_not_changed() {
        let keys: Vec<u64> = (0..500u64)
            .map(|i| i.wrapping_mul(0x517C_C1B7_2722_0A95))
            .collect();
        let mut root = build(&keys, &id_hash);
        let snapshot = root.clone();
        root.remove(0, keys[3], &keys[3]);
        assert!(snapshot.get(0, keys[3], &keys[3]).is_some());
        assert!(root.get(0, keys[3], &keys[3]).is_none());
        snapshot.check(0, 0, true, &id_hash);
        root.check(0, 0, true, &id_hash);
    }

    #[test]
    fn layout_handles_wide_alignment_and_zero_sized_entries() {
        // u128 entries are 16-aligned: the entry array must start on a 16-byte boundary even
        // when the child array (8 bytes each) would end between two.
        let h = |k: &u128| (*k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut root: NodeRef<u128, u128> = NodeRef::empty();
        for k in 0..3000u128 {
            root.insert(0, h(&k), k, k << 64, &h);
        }
        assert_eq!(root.check(0, 0, true, &h), 3000);
        let mut stack = vec![&root];
        while let Some(n) = stack.pop() {
            assert_eq!(n.entries().as_ptr() as usize % 16, 0, "misaligned entries");
            stack.extend(n.children());
        }
        for k in 0..3000u128 {
            assert_eq!(root.get(0, h(&k), &k), Some(&(k, k << 64)));
        }
        // Zero-sized entries: one key, unit value, the set of `()`.
        let unit = |_: &()| 42u64;
        let mut root: NodeRef<(), ()> = NodeRef::empty();
        assert_eq!(root.insert(0, 42, (), (), &unit).1, None);
        assert_eq!(root.insert(0, 42, (), (), &unit).1, Some(()));
        assert_eq!(root.check(0, 0, true, &unit), 1);
        assert_eq!(root.remove(0, 42, &()), Some(((), ())));
        assert!(root.is_empty());
    }

    #[test]
    fn owned_heap_values_are_moved_and_dropped_once() {
        // Strings own heap memory: a double drop or a leak shows under AddressSanitizer.
        // 12 hash bits for 500 keys: deep paths and a few collision nodes.
        let h = |k: &String| {
            use std::hash::{Hash, Hasher};
            let mut s = std::collections::hash_map::DefaultHasher::new();
            k.hash(&mut s);
            s.finish() & 0xFFF
        };
        let mut root: NodeRef<String, String> = NodeRef::empty();
        let keys: Vec<String> = (0..500).map(|i| format!("key{i}")).collect();
        for k in &keys {
            root.insert(0, h(k), k.clone(), k.repeat(2), &h);
        }
        let snapshot = root.clone();
        for k in keys.iter().step_by(3) {
            assert_eq!(
                root.remove(0, h(k), k.as_str()).map(|e| e.1),
                Some(k.repeat(2))
            );
        }
        root.check(0, 0, true, &h);
        snapshot.check(0, 0, true, &h);
        assert_eq!(snapshot.count(), 500);
        let (entries, children) = snapshot.try_into_parts().ok().expect("unique");
        assert!(!entries.is_empty() || !children.is_empty());
    }

    #[test]
    fn nodes_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<NodeRef<String, Vec<u8>>>();
    }
}
