//! The CHAMP hash trie behind [`HashMap`](crate::HashMap) and [`HashSet`](crate::HashSet).
