//! Pieces shared by the pages.

pub mod breadcrumb;
pub mod header;
pub mod nav_link;
pub mod status;
pub mod unit_ref;
pub mod unit_tree;
