//! Set algebra on trees by split and join: the left tree's structure guides the walk; the right
//! tree is split at each separator of a left branch, each child is combined with its piece, and
//! the results are joined. A piece that is the very same node as its child (a shared subtree) is
//! kept, or dropped, whole, so combining two related versions costs time in proportion to where
//! they differ. A left leaf is merged entry by entry with its piece.

use super::cursor::Span;
use super::join::{join, split};
use super::{Node, NodeRef};

/// What happens to a subtree that both sides share.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shared {
    /// Keep it whole (union, intersection).
    Keep,
    /// Drop it whole (difference, symmetric difference).
    Drop,
    /// Call the combining function on each of its entries (`union_with`).
    Visit,
}

/// How to combine two trees.
pub(crate) struct Rules<F> {
    /// Keep keys only the left side has.
    pub(crate) left: bool,
    /// Keep keys only the right side has.
    pub(crate) right: bool,
    /// What to do with a shared subtree.
    pub(crate) shared: Shared,
    /// The value for a key on both sides (its left and right values), or `None` to drop it.
    pub(crate) both: F,
}

/// Combines `a` and `b` by `rules`.
pub(crate) fn combine<K, V, F>(
    a: Option<NodeRef<'_, K, V>>,
    b: Option<Node<K, V>>,
    rules: &mut Rules<F>,
) -> Option<Node<K, V>>
where
    K: Ord + Clone,
    V: Clone,
    F: FnMut(&K, &V, &V) -> Option<V>,
{
    let Some(a) = a else {
        return if rules.right { b } else { None };
    };
    let Some(b) = b else {
        return rules.left.then(|| a.to_node());
    };
    if a.ptr_eq(b.as_ref()) {
        match rules.shared {
            Shared::Keep => return Some(a.to_node()),
            Shared::Drop => return None,
            Shared::Visit => {}
        }
    }
    match a {
        NodeRef::Branch(ab) if !a.ptr_eq(b.as_ref()) => {
            let n = ab.children.len();
            let mut rest = Some(b);
            let mut acc = None;
            for (i, child) in ab.children.iter().enumerate() {
                let piece = if i + 1 < n {
                    match rest.take() {
                        Some(r) => {
                            let (p, r) = split(r.as_ref(), &ab.keys[i]);
                            rest = r;
                            p
                        }
                        None => None,
                    }
                } else {
                    rest.take()
                };
                let part = combine(Some(child), piece, rules);
                acc = join(acc, part);
            }
            acc
        }
        _ => merge_entries(a, &b, rules),
    }
}

/// Entry-by-entry merge of two trees: O(|a| + |b|).
fn merge_entries<K, V, F>(
    a: NodeRef<'_, K, V>,
    b: &Node<K, V>,
    rules: &mut Rules<F>,
) -> Option<Node<K, V>>
where
    K: Ord + Clone,
    V: Clone,
    F: FnMut(&K, &V, &V) -> Option<V>,
{
    let mut out = Vec::with_capacity(a.len() + if rules.right { b.len() } else { 0 });
    let mut left = Span::new(Some(a), 0, a.len());
    let mut right = Span::new(Some(b.as_ref()), 0, b.len());
    let (mut x, mut y) = (left.next(), right.next());
    loop {
        match (x, y) {
            (Some((ka, va)), Some((kb, vb))) => match ka.cmp(kb) {
                std::cmp::Ordering::Less => {
                    if rules.left {
                        out.push((ka.clone(), va.clone()));
                    }
                    x = left.next();
                }
                std::cmp::Ordering::Greater => {
                    if rules.right {
                        out.push((kb.clone(), vb.clone()));
                    }
                    y = right.next();
                }
                std::cmp::Ordering::Equal => {
                    if let Some(v) = (rules.both)(ka, va, vb) {
                        out.push((ka.clone(), v));
                    }
                    x = left.next();
                    y = right.next();
                }
            },
            (Some((ka, va)), None) => {
                if !rules.left {
                    break;
                }
                out.push((ka.clone(), va.clone()));
                x = left.next();
            }
            (None, Some((kb, vb))) => {
                if !rules.right {
                    break;
                }
                out.push((kb.clone(), vb.clone()));
                y = right.next();
            }
            (None, None) => break,
        }
    }
    Node::build(out)
}
