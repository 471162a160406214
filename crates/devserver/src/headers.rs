//! Which content type, compression and caching each served file gets.

/// The `Content-Type` for a request path, when its extension is one we pin down; other files
/// keep the type `tower-http` guesses from the extension.
pub(crate) fn content_type(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map(|(_, extension)| extension)?;
    Some(match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        // Sift's index files, and Pagefind's index, fragment, filter and metadata chunks and its
        // wasm (`wasm.en.pagefind`), which Pagefind gzips itself at build time.
        "sift" | "pagefind" | "pf_meta" | "pf_index" | "pf_fragment" | "pf_filter" => {
            "application/octet-stream"
        }
        _ => return None,
    })
}

/// Whether a response of this content type is gzipped for clients that accept it.
///
/// Text assets and WebAssembly are, as on common static hosts. Binary index files are not:
/// Sift's are compressed by the builder and Pagefind's are gzip streams already, so they go out
/// as stored.
pub(crate) fn compressible(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence.starts_with("text/")
        || matches!(
            essence.as_str(),
            "application/javascript" | "application/json" | "image/svg+xml" | "application/wasm"
        )
}

/// The `Cache-Control` header for a path: HTML and Sift's entry file are revalidated on every
/// use; Sift's other files and Pagefind's chunks carry a content hash in their name, so they
/// never change.
pub(crate) fn cache_control(path: &str, content_type: Option<&str>) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let html = content_type.is_some_and(|t| t.starts_with("text/html"));
    if html || name == "entry.sift" {
        Some("no-cache")
    } else if name.ends_with(".sift")
        || [".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"]
            .iter()
            .any(|extension| name.ends_with(extension))
    {
        Some("public, max-age=31536000, immutable")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagefind_chunks_are_binary_and_stay_as_built() {
        for path in ["/pagefind/pagefind.en_1a2b.pf_meta", "/pagefind/wasm.en.pagefind"] {
            let content_type = content_type(path).unwrap();
            assert_eq!(content_type, "application/octet-stream");
            assert!(!compressible(content_type), "{path}");
        }
    }

    #[test]
    fn only_hashed_files_are_immutable() {
        assert_eq!(cache_control("/idx/entry.sift", None), Some("no-cache"));
        assert_eq!(
            cache_control("/idx/t-0a1b2c.sift", None),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(cache_control("/news/x/", Some("text/html")), Some("no-cache"));
        assert_eq!(cache_control("/app.js", Some("text/javascript")), None);
    }
}
