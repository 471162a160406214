//! The one place bincode is used: encoding and decoding the format's metadata structs.
//!
//! bincode 2.0.1 is pinned (3.0.0 is an abandoned stub); replacing it means changing only
//! this file and bumping [`super::FORMAT_VERSION`].

use crate::error::{Error, Result};

pub(crate) use bincode::{Decode, Encode};

/// Little-endian varint encoding, and a cap on what the length prefixes of one payload may
/// claim in all: bincode counts every container's size in memory against it before
/// allocating, so a damaged prefix fails instead of asking for gigabytes. No payload of a
/// well-formed index comes near it (each is at most 64 MiB, `FileKind::max_payload`).
fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<{ 96 << 20 }>()
}

pub(crate) fn encode<T: Encode>(value: &T) -> Vec<u8> {
    bincode::encode_to_vec(value, config()).expect("encoding into a Vec cannot fail")
}

pub(crate) fn decode<T: Decode<()>>(file: &str, bytes: &[u8]) -> Result<T> {
    let (value, read) = bincode::decode_from_slice(bytes, config())
        // A fixed reason: bincode's own message is a `Debug` dump, whose formatting code
        // would add kilobytes to the widget for a message only a damaged index shows.
        .map_err(|_| Error::Corrupt {
            file: file.to_string(),
            reason: "the payload does not decode".into(),
        })?;
    if read != bytes.len() {
        return Err(Error::Corrupt { file: file.to_string(), reason: "trailing bytes".into() });
    }
    Ok(value)
}

/// The value `bytes` begin with, if they begin with one (the rest is not looked at).
pub(crate) fn decode_prefix<T: Decode<()>>(bytes: &[u8]) -> Option<T> {
    bincode::decode_from_slice(bytes, config()).ok().map(|(value, _)| value)
}
