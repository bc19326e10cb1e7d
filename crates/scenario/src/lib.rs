//! scenario (stub, being written).
