//! The companion-radio serial protocol (`meshcore-protocol.md` section E).
