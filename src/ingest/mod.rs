//! Packet sources: dump-file formats and live streams, all yielding observations.
