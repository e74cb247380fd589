//! Widgets shared by several pages.

pub mod format;
pub mod share_bar;
