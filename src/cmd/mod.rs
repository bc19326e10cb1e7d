//! One module per subcommand: its arguments and what it does.

pub mod run;
pub mod schema;
pub mod validate;
