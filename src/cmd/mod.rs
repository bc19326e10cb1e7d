//! One module per subcommand: its arguments and what it does.

pub mod ensemble;
pub mod merge;
pub mod population;
pub mod replay;
pub mod run;
pub mod schema;
pub mod sweep;
pub mod validate;
