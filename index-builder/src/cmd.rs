//! The subcommands, one module each, each with its arguments and a `run` function.

pub mod build;
pub mod search;
