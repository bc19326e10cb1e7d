//! Statistics (stub, being written).
