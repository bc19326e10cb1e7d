//! experiments (stub, being written).
