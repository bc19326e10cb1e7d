//! records (stub, being written).
