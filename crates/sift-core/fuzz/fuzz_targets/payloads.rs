//! Arbitrary payloads in well-formed files, put in place of one file of a real index, then
//! searched in every way the widget searches: errors or partial answers, never a panic
//! (`sift_core::fuzzing::payloads`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = sift_core::fuzzing::payloads(data);
});
