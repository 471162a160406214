//! Helpers shared by the end-to-end tests: where the corpora are, reading them, building
//! indexes in memory and searching them.
