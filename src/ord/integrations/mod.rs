//! `OrdMap` / `OrdSet` impls for the optional integrations, one file each, behind its feature;
//! they call only the public API.
