//! Charts (stub, being written).
