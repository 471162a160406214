//! Payload compression: zstd frames, optionally with the index's trained dictionary.
//!
//! Readers decode with ruzstd (pure Rust, small in wasm). Writers use libzstd when the
//! `zstd` feature is on (the index builder), for strong levels and dictionary training;
//! otherwise ruzstd's fastest level, without a dictionary. Both write standard frames.

use ruzstd::decoding::{Dictionary, FrameDecoder};

/// Frames may not ask a reader for a window larger than this; well-formed files never do.
const MAX_WINDOW: u64 = 8 << 20;

/// How payloads are compressed during one build.
#[derive(Clone, Debug)]
pub(crate) struct Compressor {
    /// libzstd level; ignored without the `zstd` feature.
    pub(crate) level: i32,
    /// A trained dictionary, for document blocks.
    pub(crate) dictionary: Option<Vec<u8>>,
}

impl Compressor {
    /// Compresses `payload`, with the dictionary when `with_dictionary` and one exists.
    pub(crate) fn compress(&self, payload: &[u8], with_dictionary: bool) -> Vec<u8> {
        let dictionary = self.dictionary.as_deref().filter(|_| with_dictionary);
        compress(payload, self.level, dictionary)
    }
}

/// Compresses `payload` into one zstd frame with a content checksum.
#[cfg(feature = "zstd")]
pub(crate) fn compress(payload: &[u8], level: i32, dictionary: Option<&[u8]>) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::with_capacity(payload.len() / 3 + 64);
    let encoder = match dictionary {
        Some(dict) => zstd::stream::Encoder::with_dictionary(&mut out, level, dict),
        None => zstd::stream::Encoder::new(&mut out, level),
    };
    let written = encoder.and_then(|mut e| {
        e.include_checksum(true)?;
        e.include_contentsize(true)?;
        e.set_pledged_src_size(Some(payload.len() as u64))?;
        e.write_all(payload)?;
        e.finish().map(|_| ())
    });
    // Writing into a Vec fails only on allocation failure, which aborts anyway.
    written.expect("zstd compression into memory");
    out
}

/// Compresses `payload` into one zstd frame (ruzstd's fastest level, no dictionary).
#[cfg(not(feature = "zstd"))]
pub(crate) fn compress(payload: &[u8], _level: i32, _dictionary: Option<&[u8]>) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(payload, ruzstd::encoding::CompressionLevel::Fastest)
}

/// Trains a dictionary of at most `max_bytes` on `samples`, or `None` when the samples are
/// too few or too small to make one worth having (or without the `zstd` feature).
#[cfg(feature = "zstd")]
pub(crate) fn train(samples: &[&[u8]], max_bytes: usize) -> Option<Vec<u8>> {
    let total: usize = samples.iter().map(|s| s.len()).sum();
    if max_bytes < 1024 || samples.len() < 16 || total < max_bytes * 4 {
        return None;
    }
    let sizes: Vec<usize> = samples.iter().map(|s| s.len()).collect();
    let continuous: Vec<u8> = samples.concat();
    zstd::dict::from_continuous(&continuous, &sizes, max_bytes).ok()
}

/// Without libzstd there is no trainer: no dictionary.
#[cfg(not(feature = "zstd"))]
pub(crate) fn train(_samples: &[&[u8]], _max_bytes: usize) -> Option<Vec<u8>> {
    None
}

/// A frame decoder holding the index's dictionary, reused for every block.
pub(crate) struct DictionaryDecoder(FrameDecoder);

impl DictionaryDecoder {
    pub(crate) fn parse(bytes: &[u8]) -> Result<DictionaryDecoder, String> {
        let dict = Dictionary::decode_dict(bytes).map_err(|_| "not a zstd dictionary")?;
        let mut decoder = new_decoder();
        decoder.add_dict(dict).map_err(|_| "the zstd dictionary cannot be used")?;
        Ok(DictionaryDecoder(decoder))
    }
}

impl std::fmt::Debug for DictionaryDecoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DictionaryDecoder")
    }
}

fn new_decoder() -> FrameDecoder {
    let mut decoder = FrameDecoder::new();
    decoder.set_max_window_size(MAX_WINDOW);
    decoder
}

/// Decodes one frame of exactly `len` bytes. Damage, a wrong length, a checksum mismatch or a
/// missing dictionary is an error, never a panic. Errors have fixed reasons: ruzstd's are
/// `Debug` dumps, whose formatting code would add kilobytes to the widget.
pub(crate) fn decompress(
    bytes: &[u8],
    len: usize,
    dictionary: Option<&mut DictionaryDecoder>,
) -> Result<Vec<u8>, String> {
    let mut plain;
    let decoder = match dictionary {
        Some(DictionaryDecoder(decoder)) => decoder,
        None => {
            plain = new_decoder();
            &mut plain
        }
    };
    let mut out = vec![0; len];
    let written = decoder.decode_all(bytes, &mut out).map_err(|_| "not a valid zstd frame")?;
    if written != len {
        return Err(format!("{written} bytes decompressed, {len} expected"));
    }
    if let (Some(stored), Some(computed)) =
        (decoder.get_checksum_from_data(), decoder.get_calculated_checksum())
    {
        if stored != computed {
            return Err("checksum mismatch".into());
        }
    }
    Ok(out)
}
