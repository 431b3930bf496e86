//! The RRB tree behind [`Vector`](crate::Vector).
