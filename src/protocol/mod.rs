//! The MeshCore on-air wire format (`meshcore-protocol.md` sections A-D).
