//! Arbitrary payloads in well-formed files, put in place of one file of a previous index,
//! then an incremental build on top of it: an error, never a panic
//! (`sift_core::fuzzing::update`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = sift_core::fuzzing::update(data);
});
