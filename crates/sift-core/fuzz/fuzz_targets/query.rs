//! The query parser never panics and always yields a bounded query it can print back
//! (`sift_core::fuzzing::query`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sift_core::fuzzing::query(data));
