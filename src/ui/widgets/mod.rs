//! Widgets shared by several pages.

pub mod bar_chart;
pub mod copy_button;
pub mod format;
pub mod qr_code;
pub mod query_link;
pub mod relative_time;
pub mod role_marker;
pub mod vector_map;
