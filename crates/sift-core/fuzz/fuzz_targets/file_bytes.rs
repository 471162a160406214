//! Arbitrary bytes given as any kind of index file: an error, never a panic
//! (`sift_core::fuzzing::file_bytes`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = sift_core::fuzzing::file_bytes(data);
});
