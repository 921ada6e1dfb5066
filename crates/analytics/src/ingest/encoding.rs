//! Text encodings: byte-order marks first, then "is it valid UTF-8?", then a
//! statistical guess among the legacy code pages our users' exports come in.
//!
//! Windows-1250 and ISO-8859-2 share most of their letters, so the guess
//! relies on chardetng, which scores both against Central European text.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many bytes the legacy-encoding detector looks at. A Windows export is
/// in one code page throughout, so the head of the file decides it.
const DETECT_PREFIX: usize = 256 * 1024;

/// The text of a file as UTF-8 plus the name of the encoding it came in.
#[derive(Debug)]
pub struct DecodedText<'a> {
    /// UTF-8 bytes (borrowed from the input when it was UTF-8 already).
    pub bytes: Cow<'a, [u8]>,
    /// WHATWG name of the source encoding, e.g. `UTF-8`, `windows-1250`.
    pub encoding: &'static str,
    /// Whether the source started with a byte-order mark.
    pub had_bom: bool,
}

/// Detects the encoding of `input` and converts it to UTF-8. Never fails:
/// malformed sequences become U+FFFD and later count as bad values.
///
/// ```
/// use analytics::ingest::encoding::decode;
/// let text = decode(b"\xEF\xBB\xBFKlient;Kwota\n");
/// assert_eq!(text.encoding, "UTF-8");
/// assert_eq!(&*text.bytes, b"Klient;Kwota\n");
/// let text = decode(b"Klient;Ilo\x9c\xe6\n");
/// assert_eq!(text.encoding, "windows-1250");
/// assert_eq!(std::str::from_utf8(&text.bytes).ok(), Some("Klient;Ilość\n"));
/// ```
pub fn decode(input: &[u8]) -> DecodedText<'_> {
    if let Some((enc, bom_len)) = Encoding::for_bom(input) {
        let body = &input[bom_len..];
        let bytes = if enc == UTF_8 {
            match std::str::from_utf8(body) {
                Ok(_) => Cow::Borrowed(body),
                Err(_) => Cow::Owned(enc.decode_without_bom_handling(body).0.into_owned().into_bytes()),
            }
        } else {
            Cow::Owned(enc.decode_without_bom_handling(body).0.into_owned().into_bytes())
        };
        return DecodedText {
            bytes,
            encoding: enc.name(),
            had_bom: true,
        };
    }
    if simdutf8_like_check(input) {
        return DecodedText {
            bytes: Cow::Borrowed(input),
            encoding: UTF_8.name(),
            had_bom: false,
        };
    }
    if let Some(enc) = utf16_without_bom(input) {
        let text = enc.decode_without_bom_handling(input).0.into_owned();
        return DecodedText {
            bytes: Cow::Owned(text.into_bytes()),
            encoding: enc.name(),
            had_bom: false,
        };
    }
    let enc = guess_legacy(input);
    let text = enc.decode_without_bom_handling(input).0.into_owned();
    DecodedText {
        bytes: Cow::Owned(text.into_bytes()),
        encoding: enc.name(),
        had_bom: false,
    }
}

/// Valid UTF-8, allowing the file to be cut in the middle of a character at
/// the very end (a truncated export should still load).
fn simdutf8_like_check(input: &[u8]) -> bool {
    match std::str::from_utf8(input) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && input.len() - e.valid_up_to() < 4 && e.valid_up_to() > 0,
    }
}

/// UTF-16 without a BOM shows as every other byte being zero in ASCII text.
fn utf16_without_bom(input: &[u8]) -> Option<&'static Encoding> {
    let head = &input[..input.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_zero = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_zero * 10 >= pairs * 9 && even_zero == 0 {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 9 && odd_zero == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn guess_legacy(input: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let head = &input[..input.len().min(DETECT_PREFIX)];
    detector.feed(head, head.len() == input.len());
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf8(d: &DecodedText<'_>) -> String {
        String::from_utf8_lossy(&d.bytes).into_owned()
    }

    #[test]
    fn boms_are_honoured_and_removed() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Łódź;1".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(&le);
        assert_eq!((d.encoding, utf8(&d).as_str(), d.had_bom), ("UTF-16LE", "Łódź;1", true));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Łódź;1".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let d = decode(&be);
        assert_eq!((d.encoding, utf8(&d).as_str()), ("UTF-16BE", "Łódź;1"));
    }

    #[test]
    fn plain_utf8_is_borrowed() {
        let d = decode("Müller;Ștefan".as_bytes());
        assert!(matches!(d.bytes, Cow::Borrowed(_)));
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn legacy_code_pages_are_detected() {
        let text =
            "Imię;Nazwisko;Miejscowość\nŁukasz;Żółkiewski;Łódź\nZofia;Świątek;Kraków\nJerzy;Gąsiorowski;Częstochowa\n";
        let (w1250, _, _) = encoding_rs::WINDOWS_1250.encode(text);
        let d = decode(&w1250);
        assert_eq!((d.encoding, utf8(&d)), ("windows-1250", text.to_string()));
        let text = "Kunde;Straße;Größe\nMüller;Hauptstraße;Übergröße\nJäger;Königsallee;groß\n";
        let (w1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let d = decode(&w1252);
        assert_eq!((d.encoding, utf8(&d)), ("windows-1252", text.to_string()));
    }
}
