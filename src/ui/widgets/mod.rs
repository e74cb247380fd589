//! Widgets shared by several pages.

pub mod format;
pub mod histogram;
pub mod share_bar;
pub mod sparkline;
