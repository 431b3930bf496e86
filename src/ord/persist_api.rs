//! The node-layer interface that `crate::persist` uses (behind the `persist` feature): walk a
//! B+tree node (identity, a leaf's entries, a branch's children and separators), check parts read
//! from a file against what `node/check.rs` demands, and build nodes from checked parts. The
//! persist adapter (`src/persist/ord.rs`) touches the tree only through this file, so a change of
//! node layout is fixed here.
//!
//! A loaded tree is checked top-down: each node is loaded at a [`Place`] (its height, the key
//! bounds its parent's separators give it, whether it is the root), and a node is built only when
//! its parts fit that place. Together the checks are those of `node/check.rs`: keys strictly
//! ascending within and across nodes, separators strictly inside their branch's bounds, fill
//! bounds (the root excepted), every leaf at height 0 (so at one depth), counts recomputed from
//! the children (so equal to the real ones), each checked to fit a `u32` count.

use triomphe::Arc;

use super::map::OrdMap;
use super::node::children::ChildIter;
use super::node::{Branch, Count, Leaf, BRANCH_CAP, BRANCH_MIN, LEAF_CAP, LEAF_MIN, MAX_DEPTH};
use super::set::OrdSet;

/// An owned handle on a leaf or a branch (one reference count).
pub(crate) use super::node::Node;
/// A borrowed handle on a leaf or a branch.
pub(crate) use super::node::NodeRef;

/// Most entries in a leaf.
pub(crate) const MAX_LEAF: usize = LEAF_CAP;
/// Most children of a branch.
pub(crate) const MAX_CHILDREN: usize = BRANCH_CAP;
/// The tallest tree (branch levels above the leaves) a loaded map may have: the iterators' cursor
/// holds a root-to-leaf path inline, this long.
pub(crate) const MAX_HEIGHT: usize = MAX_DEPTH;

/// What one node holds.
pub(crate) enum View<'a, K, V> {
    /// A leaf's keys and their values, in key order.
    Leaf { keys: &'a [K], vals: &'a [V] },
    /// A branch's children, in key order, and the `children.len() - 1` separators between them.
    Branch {
        children: ChildIter<'a, K, V>,
        separators: &'a [K],
    },
}

/// What `node` holds.
pub(crate) fn view<K, V>(node: NodeRef<'_, K, V>) -> View<'_, K, V> {
    match node {
        NodeRef::Leaf(l) => View::Leaf {
            keys: &l.keys,
            vals: &l.vals,
        },
        NodeRef::Branch(b) => View::Branch {
            children: b.children.iter(),
            separators: &b.keys,
        },
    }
}

/// The node's address: equal for two handles on one node, unique among live nodes.
pub(crate) fn addr<K, V>(node: NodeRef<'_, K, V>) -> usize {
    node.addr()
}

/// An owned handle on the node (one reference count more), for the store's table of nodes.
pub(crate) fn handle<K, V>(node: NodeRef<'_, K, V>) -> Node<K, V> {
    node.to_node()
}

/// The number of entries under `node`. O(1).
pub(crate) fn len<K, V>(node: &Node<K, V>) -> usize {
    node.len()
}

/// Where a node is loaded: its height (0 for a leaf), the bounds from the separators around it
/// (every key at least `lo`, below `hi`), and whether it is the root (exempt from fill minimums).
#[derive(Debug)]
pub(crate) struct Place<'a, K> {
    pub(crate) height: usize,
    pub(crate) lo: Option<&'a K>,
    pub(crate) hi: Option<&'a K>,
    pub(crate) root: bool,
}

impl<K> Clone for Place<'_, K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for Place<'_, K> {}

impl<'a, K> Place<'a, K> {
    /// The root of a tree of `height`.
    pub(crate) fn root(height: usize) -> Self {
        Place {
            height,
            lo: None,
            hi: None,
            root: true,
        }
    }

    /// The place of child `i` of a branch here whose separators are `separators` (checked by
    /// [`check_separators`]).
    pub(crate) fn child(&self, separators: &'a [K], i: usize) -> Place<'a, K> {
        Place {
            height: self.height - 1,
            lo: if i == 0 {
                self.lo
            } else {
                separators.get(i - 1)
            },
            hi: if i == separators.len() {
                self.hi
            } else {
                separators.get(i)
            },
            root: false,
        }
    }
}

/// Checks a leaf's keys for `place`: at height 0, `1..=LEAF_CAP` of them (at least `LEAF_MIN`
/// below the root), strictly ascending, inside the place's bounds. O(keys).
pub(crate) fn check_leaf<K: Ord>(keys: &[K], place: &Place<'_, K>) -> Result<(), &'static str> {
    if place.height != 0 {
        return Err("a leaf above the leaf level (leaves at unequal depths)");
    }
    check_fill(keys.len(), true, place.root)?;
    if keys.windows(2).any(|w| w[0] >= w[1]) {
        return Err("a leaf's keys are not strictly ascending");
    }
    check_bounds(&keys[0], &keys[keys.len() - 1], place)
}

/// Checks a branch's separators for `place`, given its child count: above height 0,
/// `2..=BRANCH_CAP` children (at least `BRANCH_MIN` below the root), one separator fewer than
/// children, strictly ascending and strictly inside the place's bounds. O(children).
pub(crate) fn check_separators<K: Ord>(
    separators: &[K],
    children: usize,
    place: &Place<'_, K>,
) -> Result<(), &'static str> {
    if place.height == 0 {
        return Err("a branch at the leaf level (leaves at unequal depths)");
    }
    check_fill(children, false, place.root)?;
    if separators.len() + 1 != children {
        return Err("a branch's separator count is not its child count less one");
    }
    if separators.windows(2).any(|w| w[0] >= w[1]) {
        return Err("a branch's separators are not strictly ascending");
    }
    let (first, last) = (&separators[0], &separators[separators.len() - 1]);
    if place.lo.is_some_and(|lo| first <= lo) || place.hi.is_some_and(|hi| last >= hi) {
        return Err("a separator is not strictly inside its branch's bounds");
    }
    Ok(())
}

/// Checks a node already in memory (written or loaded before) for a new `place`: its height, its
/// fill as a root or not, and its smallest and largest keys inside the bounds. Its inside was
/// checked when it was built. O(height).
pub(crate) fn check_known<K: Ord, V>(
    node: &Node<K, V>,
    place: &Place<'_, K>,
) -> Result<(), &'static str> {
    if node.height() != place.height {
        return Err("a shared node is reached at another height");
    }
    check_fill(node.width(), matches!(node, Node::Leaf(_)), place.root)?;
    let last = node.last_leaf();
    check_bounds(node.min_key(), &last.keys[last.len() - 1], place)
}

/// A leaf of `n` entries (`leaf`) or a branch of `n` children within the fill bounds: at most the
/// capacity; at least one entry or two children, and at least half full below the root.
fn check_fill(n: usize, leaf: bool, root: bool) -> Result<(), &'static str> {
    let (cap, min) = match (leaf, root) {
        (true, true) => (LEAF_CAP, 1),
        (true, false) => (LEAF_CAP, LEAF_MIN.max(1)),
        (false, true) => (BRANCH_CAP, 2),
        (false, false) => (BRANCH_CAP, BRANCH_MIN.max(2)),
    };
    match (n > cap, n < min, leaf) {
        (true, _, true) => Err("a leaf holds more than LEAF_CAP entries"),
        (true, _, false) => Err("a branch has more than BRANCH_CAP children"),
        (_, true, true) if root => Err("an empty leaf"),
        (_, true, true) => Err("a leaf below the root is less than half full"),
        (_, true, false) if root => Err("a root branch has fewer than two children"),
        (_, true, false) => Err("a branch below the root is less than half full"),
        _ => Ok(()),
    }
}

/// The smallest key `min` at least `place.lo`, the largest `max` below `place.hi`.
fn check_bounds<K: Ord>(min: &K, max: &K, place: &Place<'_, K>) -> Result<(), &'static str> {
    if place.lo.is_some_and(|lo| min < lo) || place.hi.is_some_and(|hi| max >= hi) {
        return Err("a key is outside the separators around its node (keys out of order)");
    }
    Ok(())
}

/// A leaf from checked keys (see [`check_leaf`]) and as many values.
pub(crate) fn leaf<K, V>(keys: Vec<K>, vals: Vec<V>) -> Node<K, V> {
    debug_assert!(keys.len() == vals.len() && keys.len() <= LEAF_CAP);
    let mut l = Leaf::new();
    l.keys.extend(keys);
    l.vals.extend(vals);
    Node::Leaf(Arc::new(l))
}

/// A branch from checked separators (see [`check_separators`]) and children each checked at its
/// place (so all of one height, hence one kind: checked again here, as an error); the per-child
/// counts are recomputed from the children, each checked to fit a count and their sum for
/// overflow.
pub(crate) fn branch<K, V>(
    separators: Vec<K>,
    children: Vec<Node<K, V>>,
) -> Result<Node<K, V>, &'static str> {
    debug_assert!(separators.len() + 1 == children.len() && children.len() <= BRANCH_CAP);
    let leaves = children
        .first()
        .ok_or("a branch without children")?
        .is_leaf();
    let mut total = 0usize;
    for c in &children {
        if c.is_leaf() != leaves {
            return Err("a branch's children are at unequal heights");
        }
        Count::try_from(c.len())
            .map_err(|_| "a child of a branch holds more than u32::MAX entries")?;
        total = total
            .checked_add(c.len())
            .ok_or("a branch's entry count overflows")?;
    }
    let mut b = Branch::new(leaves);
    b.keys.extend(separators);
    for c in children {
        b.push(None, c);
    }
    debug_assert_eq!(b.len, total);
    Ok(Node::Branch(Arc::new(b)))
}

/// A map's root and height (0 for a leaf root; 0 for an empty map).
pub(crate) fn parts<K, V>(map: &OrdMap<K, V>) -> Option<(NodeRef<'_, K, V>, usize)> {
    map.root_ref().map(|r| (r, r.height()))
}

/// A map from a checked root (or none).
pub(crate) fn from_root<K, V>(root: Option<Node<K, V>>) -> OrdMap<K, V> {
    OrdMap { root }
}

/// The map inside a set.
pub(crate) fn set_map<T>(set: &OrdSet<T>) -> &OrdMap<T, ()> {
    &set.map
}

/// A set around a map.
pub(crate) fn set_from_map<T>(map: OrdMap<T, ()>) -> OrdSet<T> {
    OrdSet { map }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf_of(keys: std::ops::Range<u32>) -> Node<u32, ()> {
        let keys: Vec<u32> = keys.collect();
        let n = keys.len();
        leaf(keys, vec![(); n])
    }

    #[test]
    fn leaves_are_checked_for_order_fill_and_bounds() {
        let root = Place::<u32>::root(0);
        assert!(check_leaf(&[1, 2, 3], &root).is_ok());
        assert!(check_leaf::<u32>(&[], &root).is_err());
        assert!(check_leaf(&[1, 1], &root).is_err());
        assert!(check_leaf(&[2, 1], &root).is_err());
        assert!(check_leaf(&[1], &Place::root(1)).is_err());
        let full: Vec<u32> = (0..LEAF_MIN as u32).collect();
        let (lo, hi) = (0u32, LEAF_MIN as u32);
        let inner = Place {
            height: 0,
            lo: Some(&lo),
            hi: Some(&hi),
            root: false,
        };
        assert!(check_leaf(&full, &inner).is_ok());
        assert!(check_leaf(&full[1..], &inner).is_err(), "underfull");
        let hi_low = LEAF_MIN as u32 - 1;
        assert!(check_leaf(
            &full,
            &Place {
                hi: Some(&hi_low),
                ..inner
            }
        )
        .is_err());
        let too_many: Vec<u32> = (0..LEAF_CAP as u32 + 1).collect();
        assert!(check_leaf(&too_many, &root).is_err());
    }

    #[test]
    fn separators_and_known_nodes_are_checked_against_their_place() {
        let root = Place::<u32>::root(1);
        assert!(check_separators(&[5], 2, &root).is_ok());
        assert!(check_separators(&[5], 2, &Place::root(0)).is_err());
        assert!(check_separators(&[], 1, &root).is_err());
        assert!(check_separators(&[5, 5], 3, &root).is_err());
        assert!(check_separators(&[5], 3, &root).is_err());
        let lo = 5u32;
        let inner = Place {
            height: 1,
            lo: Some(&lo),
            hi: None,
            root: true,
        };
        assert!(
            check_separators(&[5], 2, &inner).is_err(),
            "separator at lo"
        );
        // A known node: height, fill and bounds.
        let l = leaf_of(10..10 + LEAF_MIN as u32);
        assert!(check_known(&l, &Place::root(0)).is_ok());
        assert!(check_known(&l, &Place::root(1)).is_err());
        let lo = 11u32;
        assert!(check_known(
            &l,
            &Place {
                height: 0,
                lo: Some(&lo),
                hi: None,
                root: false
            }
        )
        .is_err());
        let small = leaf_of(0..1);
        if LEAF_MIN > 1 {
            assert!(check_known(
                &small,
                &Place {
                    root: false,
                    ..Place::root(0)
                }
            )
            .is_err());
        }
    }

    #[test]
    fn a_built_branch_passes_the_checker_and_counts_its_children() {
        let a = leaf_of(0..LEAF_MIN as u32);
        let b = leaf_of(100..100 + LEAF_CAP as u32);
        let root = branch(vec![50u32], vec![a, b]).unwrap();
        assert_eq!(len(&root), LEAF_MIN + LEAF_CAP);
        let map = from_root(Some(root));
        map.check_invariants();
        assert_eq!(map.rank(&100), LEAF_MIN);
        let (r, h) = parts(&map).unwrap();
        assert_eq!(h, 1);
        let View::Branch {
            children,
            separators,
        } = view(r)
        else {
            panic!("a branch")
        };
        assert_eq!((children.len(), separators), (2, &[50u32][..]));
    }

    #[test]
    fn a_loaded_child_past_u32_max_entries_is_an_error_not_a_panic() {
        // A child whose branch claims 2 · u32::MAX entries (forged: a file cannot hold that many,
        // but the loader must refuse the count rather than wrap or panic).
        let a = leaf_of(0..LEAF_MIN as u32);
        let b = leaf_of(100..100 + LEAF_MIN as u32);
        let Node::Branch(big) = branch(vec![50u32], vec![a, b]).unwrap() else {
            unreachable!()
        };
        let mut big = (*big).clone();
        big.counts = [u32::MAX, u32::MAX].into_iter().collect();
        big.len = 2 * u32::MAX as usize;
        let big = Node::Branch(Arc::new(big));
        let m = LEAF_MIN as u32;
        let small = branch(
            vec![1_100u32],
            vec![leaf_of(1_000..1_000 + m), leaf_of(1_100..1_100 + m)],
        );
        let err = branch(vec![900u32], vec![big, small.unwrap()]).err();
        assert_eq!(
            err,
            Some("a child of a branch holds more than u32::MAX entries")
        );
        // Children of two kinds are refused too.
        let over = branch(vec![60], vec![leaf_of(55..55 + m), leaf_of(60..60 + m)]);
        let err = branch(vec![50u32], vec![leaf_of(0..m), over.unwrap()]).err();
        assert_eq!(err, Some("a branch's children are at unequal heights"));
    }
}
