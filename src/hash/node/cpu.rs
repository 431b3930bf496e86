//! Run-time CPU dispatch: the hot paths compiled twice, with and without `popcnt`.
//!
//! This module and the code `popcnt_dispatch!` generates are the only places besides the node
//! layout (`layout.rs`) allowed unsafe code: calling a `#[target_feature]` function is unsafe,
//! and each call sits right after the check that the CPU has the feature.

use std::borrow::Borrow;

use super::Node;

/// True if the CPU has the `popcnt` instruction (std caches the answer: one load per call).
///
/// The x86-64 baseline lacks it, and `count_ones` then costs about a dozen instructions; every
/// level of a descent counts bits, so the hot paths (`get`, `get_mut`, `insert`, `remove`) are
/// compiled twice and pick the `popcnt` version at run time.
#[cfg(all(target_arch = "x86_64", not(target_feature = "popcnt")))]
#[inline(always)]
pub(super) fn has_popcnt() -> bool {
    std::is_x86_feature_detected!("popcnt")
}

/// Defines a method `$name` that runs `$body` (an `#[inline(always)]` method with the same
/// arguments), through a copy compiled with `popcnt` (`$fast`) when the CPU has it, else through
/// an out-of-line, cold copy (`$slow`) so that `$name` itself, inlined into every caller, is
/// only the check and a call: `fn get / get_popcnt / get_portable => get_body<Q> ...`.
macro_rules! popcnt_dispatch {
    (
        $(#[$attr:meta])*
        fn $name:ident / $fast:ident / $slow:ident => $body:ident <$($g:ident),*>
            (&mut $s:ident) $($rest:tt)*
    ) => {
        popcnt_dispatch!(@emit [$(#[$attr])*] $name $fast $slow $body [$($g),*] [&mut $s] $s $($rest)*);
    };
    (
        $(#[$attr:meta])*
        fn $name:ident / $fast:ident / $slow:ident => $body:ident <$($g:ident),*>
            (&$s:ident) $($rest:tt)*
    ) => {
        popcnt_dispatch!(@emit [$(#[$attr])*] $name $fast $slow $body [$($g),*] [&$s] $s $($rest)*);
    };
    (
        @emit [$(#[$attr:meta])*] $name:ident $fast:ident $slow:ident $body:ident [$($g:ident),*]
            [$($recv:tt)*] $s:ident ($($arg:ident: $ty:ty),*) -> $ret:ty
            where [$($wc:tt)*]
    ) => {
        $(#[$attr])*
        #[inline]
        #[allow(unsafe_code)]
        pub(crate) fn $name<$($g),*>($($recv)*, $($arg: $ty),*) -> $ret
        where
            $($wc)*
        {
            #[cfg(all(target_arch = "x86_64", not(target_feature = "popcnt")))]
            if $crate::hash::node::cpu::has_popcnt() {
                // SAFETY: the CPU has the `popcnt` instruction (checked just above).
                return unsafe { $s.$fast($($arg),*) };
            }
            #[cfg(all(target_arch = "x86_64", not(target_feature = "popcnt")))]
            return $s.$slow($($arg),*);
            #[cfg(not(all(target_arch = "x86_64", not(target_feature = "popcnt"))))]
            $s.$body($($arg),*)
        }

        /// The build of the method of the same name without the suffix for CPUs without
        /// `popcnt`: out of line and cold, so that the dispatching method stays a few
        /// instructions around the call to the `popcnt` build.
        #[cfg(all(target_arch = "x86_64", not(target_feature = "popcnt")))]
        #[cold]
        #[inline(never)]
        fn $slow<$($g),*>($($recv)*, $($arg: $ty),*) -> $ret
        where
            $($wc)*
        {
            $s.$body($($arg),*)
        }

        /// The `popcnt` build of the method of the same name without the suffix.
        ///
        /// # Safety
        /// The CPU must support `popcnt`.
        #[cfg(all(target_arch = "x86_64", not(target_feature = "popcnt")))]
        #[target_feature(enable = "popcnt")]
        #[allow(unsafe_code)]
        unsafe fn $fast<$($g),*>($($recv)*, $($arg: $ty),*) -> $ret
        where
            $($wc)*
        {
            $s.$body($($arg),*)
        }
    };
}

pub(super) use popcnt_dispatch;

impl<K: Clone, V: Clone> Node<K, V> {
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
}
