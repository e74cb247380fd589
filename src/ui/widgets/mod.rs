//! Widgets shared by several pages.

pub mod bar_chart;
pub mod copy_button;
pub mod download;
pub mod field_tree;
pub mod format;
pub mod hex_view;
pub mod histogram;
pub mod last_measured;
pub mod qr_code;
pub mod query_link;
pub mod relative_time;
pub mod role_marker;
pub mod share_bar;
pub mod sparkline;
pub mod vector_map;
pub mod virtual_table;
