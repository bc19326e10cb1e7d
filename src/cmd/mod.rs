//! One module per subcommand: its arguments and what it does.

pub mod bench;
pub mod calibrate;
pub mod discover;
pub mod ensemble;
pub mod experiment;
pub mod explore;
pub mod generate;
pub mod merge;
pub mod optimize;
pub mod population;
pub mod replay;
pub mod report;
pub mod run;
pub mod schema;
pub mod sensitivity;
pub mod sweep;
pub mod tuning;
pub mod validate;
