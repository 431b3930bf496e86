//! Bit helpers of the trie: which slot a hash takes at a level, where a slot sits in a dense
//! array, and the constants that fix the trie's shape (5 bits a level, 13 branching levels).

/// Bits of hash consumed per level (a branch node has `1 << BITS` = 32 slots).
pub(crate) const BITS: u32 = 5;
/// The mask of one level's slot in the hash, once shifted down.
const SLOT_MASK: u64 = (1 << BITS) - 1;
/// The level of collision nodes: levels `0..COLLISION_LEVEL` (0 to 12) consume all 64 hash bits.
pub(crate) const COLLISION_LEVEL: u32 = 64_u32.div_ceil(BITS);
/// The last branching level, which sees only the bits left over (`LAST_LEVEL_BITS`).
pub(crate) const LAST_LEVEL: u32 = COLLISION_LEVEL - 1;
/// Bits of hash the last branching level sees (64 = 12 × 5 + 4).
pub(crate) const LAST_LEVEL_BITS: u32 = 64 - BITS * LAST_LEVEL;
/// Maximum number of nodes on a root-to-leaf path (levels 0 to 13).
pub(crate) const MAX_DEPTH: usize = COLLISION_LEVEL as usize + 1;

/// Bits of hash consumed at branching `level` (`BITS`, or `LAST_LEVEL_BITS` at the last level).
#[inline]
pub(crate) fn level_bits(level: u32) -> u32 {
    debug_assert!(level < COLLISION_LEVEL);
    if level == LAST_LEVEL {
        LAST_LEVEL_BITS
    } else {
        BITS
    }
}

/// The 5-bit slot of `hash` at `level` (the last branching level yields only 4 bits).
#[inline]
pub(crate) fn slot_of(hash: u64, level: u32) -> u32 {
    debug_assert!(level < COLLISION_LEVEL);
    ((hash >> (BITS * level)) & SLOT_MASK) as u32
}

/// The bitmap bit of `hash` at `level`.
#[inline]
pub(crate) fn bit_of(hash: u64, level: u32) -> u32 {
    1 << slot_of(hash, level)
}

/// Position in a dense array of the slot marked by `bit`: the number of set bits below it.
#[inline]
pub(crate) fn index_of(bitmap: u32, bit: u32) -> usize {
    (bitmap & (bit - 1)).count_ones() as usize
}

/// The hash bits consumed above `level` (the path prefix every key below a node at `level` shares).
#[inline]
pub(crate) fn prefix_mask(level: u32) -> u64 {
    let bits = BITS * level;
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
