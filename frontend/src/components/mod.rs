//! Pieces shared by the pages.

pub mod breadcrumb;
pub mod field_error;
pub mod header;
pub mod nav_link;
pub mod one_time_secret;
pub mod report_parts;
pub mod role_switcher;
pub mod status;
pub mod unit_picker;
pub mod unit_ref;
pub mod unit_tree;
pub mod vote_form;
