//! Text encodings: byte-order marks first, then "is it valid UTF-8?", then a
//! statistical guess among the legacy code pages our users' exports come in.
//!
//! Windows-1250 and ISO-8859-2 share most of their letters, so the guess
//! relies on chardetng, which scores both against Central European text.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many bytes of the file's head the legacy-encoding detector looks at.
/// A Windows export is in one code page throughout, so a sample decides it.
const DETECT_PREFIX: usize = 256 * 1024;

/// Bytes outside ASCII that make a sample telling: with fewer in the head
/// (an export may list plain ids and numbers for thousands of rows before
/// the first name with a diacritic), lines that hold some are added from
/// the rest of the file.
const TELLING: usize = 256;

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
            match simdutf8::basic::from_utf8(body) {
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
    if utf8_but_for_a_cut_end(input) {
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
///
/// UTF-8 is checked with wasm SIMD in the browser (`simdutf8`, which
/// `encoding_rs` already brings): the standard library's check, 8 bytes a
/// step on wasm32, took 9 ms for an 80 MB file, this 5.5 (wasm under Node,
/// medians of 9).
fn utf8_but_for_a_cut_end(input: &[u8]) -> bool {
    match simdutf8::compat::from_utf8(input) {
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
    let sample = detection_sample(input);
    detector.feed(&sample, sample.len() == input.len());
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// The head of the file, plus whole lines with non-ASCII bytes from the
/// rest when the head has fewer than [`TELLING`] of them.
fn detection_sample(input: &[u8]) -> Cow<'_, [u8]> {
    let non_ascii = |b: &[u8]| b.iter().filter(|c| !c.is_ascii()).count();
    let head = &input[..input.len().min(DETECT_PREFIX)];
    let mut seen = non_ascii(head);
    if head.len() == input.len() || seen >= TELLING {
        return Cow::Borrowed(head);
    }
    let mut sample = head.to_vec();
    let mut pos = head.len();
    while seen < TELLING && sample.len() < 2 * DETECT_PREFIX {
        let Some(at) = first_non_ascii(&input[pos..]).map(|i| pos + i) else {
            break;
        };
        let start = memchr::memrchr(b'\n', &input[pos..at]).map_or(pos, |i| pos + i + 1);
        let end = memchr::memchr(b'\n', &input[at..]).map_or(input.len(), |i| at + i + 1);
        sample.push(b'\n');
        sample.extend_from_slice(&input[start..end]);
        seen += non_ascii(&input[start..end]);
        pos = end;
    }
    Cow::Owned(sample)
}

/// Where the first byte outside ASCII is, checking 4 KB at a time with the
/// standard library's word-at-a-time test.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut offset = 0;
    for block in bytes.chunks(4096) {
        if !block.is_ascii() {
            return block.iter().position(|c| !c.is_ascii()).map(|i| offset + i);
        }
        offset += block.len();
    }
    None
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
    fn a_code_page_is_told_by_names_far_below_a_plain_head() {
        // 400 KB of ids and numbers, then a few Polish names.
        let mut text = String::from("Klient;Kwota\n");
        for i in 0..40_000 {
            text.push_str(&format!("K{i};{}\n", i % 97));
        }
        text.push_str("Łukasz Żółkiewski;12\nZofia Świątek;7\nJerzy Gąsiorowski;3\n");
        let (w1250, _, _) = encoding_rs::WINDOWS_1250.encode(&text);
        assert!(w1250.len() > DETECT_PREFIX + 100_000);
        let d = decode(&w1250);
        assert_eq!(d.encoding, "windows-1250");
        assert_eq!(utf8(&d), text);
        // A head with enough letters of its own is not searched further.
        assert!(matches!(detection_sample(&w1250[..DETECT_PREFIX + 10]), Cow::Owned(_)));
        let mut rich = "Żółć;1\n".repeat(DETECT_PREFIX / 8).into_bytes();
        rich.extend_from_slice(&w1250);
        assert!(matches!(detection_sample(&rich), Cow::Borrowed(_)));
        assert_eq!(first_non_ascii(b"abc"), None);
        assert_eq!(
            first_non_ascii(&[b'a'; 5000].iter().copied().chain([0xA3]).collect::<Vec<u8>>()),
            Some(5000)
        );
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
