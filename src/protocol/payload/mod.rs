//! One wire file per payload layout (protocol B-D). Each has a `Packet` view, a `Repr`, and a private-to-the-crate
//! `mod field` with its offsets, relative to the start of the payload.

pub mod ack;
pub mod advert;
pub mod anon_req;
pub mod app_data;
pub mod control;
pub mod datagram;
pub mod group;
pub mod multipart;
pub mod raw_custom;
pub mod role;
pub mod trace;
