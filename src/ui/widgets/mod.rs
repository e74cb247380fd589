//! Widgets shared by several pages.

pub mod copy_button;
pub mod field_tree;
pub mod format;
pub mod hex_view;
pub mod share_bar;
pub mod virtual_table;
