//! Reading a delimited UTF-8 file while it is still arriving, so that the
//! browser fetches the next part of a 80 MB file (in its own process) while
//! the worker parses the part before it, instead of first reading all of it
//! and then parsing all of it.
//!
//! Only the common case is streamed: text that the head shows to be a
//! delimited file in UTF-8 (with or without its byte-order mark). Whatever
//! the rest of the file turns out to be, [`Streamed::finish`] gives exactly
//! what [`super::ingest`] gives for the whole file: when the rest is not
//! valid UTF-8, or the whole file would be laid out differently from its
//! head, the streamed work is dropped and the file is read the usual way.

use encoding_rs::{Encoding, UTF_8};

use super::format::{self, FileFormat};
use super::one_pass::Reader;
use super::raw::Layout;
use super::{ingest, IngestError, IngestOptions, Ingested, ReadFile, SourceInfo};

/// How much of the file must have arrived before the layout (separator,
/// header, decimal mark, type guesses) is decided from it: every detector
/// looks at less than this.
const HEAD: usize = 1 << 20;

/// A file being read as it arrives.
#[derive(Debug)]
pub struct Streamed {
    name: String,
    options: IngestOptions,
    total: usize,
    /// Bytes that must have arrived before the layout is decided.
    head: usize,
    state: State,
}

#[derive(Debug)]
enum State {
    /// Less than [`HEAD`] has arrived.
    Waiting,
    /// Being read: the byte-order mark's length, how far the text after it
    /// is known to be valid UTF-8, and the reader.
    Reading {
        bom: usize,
        valid: usize,
        reader: Box<Reader>,
    },
    /// Not a streamable file (or not any more): the whole file is read at
    /// the end.
    Whole,
}

impl Streamed {
    /// Starts reading a file of `total` bytes.
    pub fn new(name: &str, options: &IngestOptions, total: usize) -> Self {
        Streamed::with_head(name, options, total, HEAD)
    }

    /// The same, deciding the layout once `head` bytes have arrived rather
    /// than [`HEAD`]: for the warm-up, whose made-up files are smaller
    /// than that (see [`crate::warm_up`]).
    pub fn with_head(name: &str, options: &IngestOptions, total: usize, head: usize) -> Self {
        Streamed {
            name: name.to_string(),
            options: options.clone(),
            total,
            head,
            state: State::Waiting,
        }
    }

    /// Whether the parts that arrived so far are being read (rather than
    /// kept for the end).
    pub fn is_reading(&self) -> bool {
        matches!(self.state, State::Reading { .. })
    }

    /// Reads what it can of `bytes`, the file's first bytes so far (each
    /// call's `bytes` extends the previous one's). `progress` gets the share
    /// of the file read.
    pub fn feed(&mut self, bytes: &[u8], progress: &mut dyn FnMut(f32)) {
        if matches!(self.state, State::Waiting) {
            if bytes.len() >= self.total {
                // It all arrived before there was anything to stream.
                self.state = State::Whole;
                return;
            }
            if bytes.len() < self.head {
                return;
            }
            self.state = self.start(bytes);
        }
        let State::Reading { bom, valid, reader } = &mut self.state else {
            return;
        };
        let body = &bytes[*bom..];
        let Some(more) = utf8_up_to(&body[*valid..]) else {
            self.state = State::Whole;
            return;
        };
        *valid += more;
        reader.read(&body[..*valid], false, progress);
    }

    /// Decides from the head whether to stream, and if so starts the reader.
    fn start(&self, head: &[u8]) -> State {
        if format::detect(&self.name, head) != Ok(FileFormat::Csv) {
            return State::Whole;
        }
        let bom = match Encoding::for_bom(head) {
            None => 0,
            Some((enc, len)) if enc == UTF_8 => len,
            Some(_) => return State::Whole,
        };
        let body = &head[bom..];
        let Some(valid) = utf8_up_to(body) else {
            return State::Whole;
        };
        match Reader::start(&body[..valid], self.total - bom, &self.options) {
            Ok(reader) => State::Reading {
                bom,
                valid,
                reader: Box::new(reader),
            },
            Err(_) => State::Whole,
        }
    }

    /// The file read, once `bytes` holds all of it: the same table, source
    /// and errors as [`ingest`] gives for these bytes.
    pub fn finish(mut self, bytes: &[u8], progress: &mut dyn FnMut(f32)) -> Result<Ingested, IngestError> {
        let Some((bom, mut reader)) = self.settled(bytes) else {
            return ingest(&self.name, bytes, &self.options, progress);
        };
        let body = &bytes[bom..];
        reader.read(body, true, progress);
        let (table, source) = reader.finish(body, progress);
        super::finished(&self.name, FileFormat::Csv, table, utf8(source), progress)
    }

    /// The same but for encoding the columns of text (see
    /// [`super::unencoded`]): the file's card can be shown before.
    pub fn finish_but_text(mut self, bytes: Vec<u8>, progress: &mut dyn FnMut(f32)) -> Result<ReadFile, IngestError> {
        let Some((bom, mut reader)) = self.settled(&bytes) else {
            return ingest(&self.name, &bytes, &self.options, progress).map(ReadFile::whole);
        };
        let body = &bytes[bom..];
        reader.read(body, true, progress);
        let (table, source) = reader.finish_but_text(body, progress);
        let source = super::described(&self.name, FileFormat::Csv, table.width(), utf8(source))?;
        progress(1.0);
        Ok(ReadFile::new(table, source, bytes, bom))
    }

    /// The reader and the length of the byte-order mark, when the whole
    /// file (`bytes`) is laid out as its head said and valid UTF-8; `None`
    /// when it must be read the usual way.
    fn settled(&mut self, bytes: &[u8]) -> Option<(usize, Box<Reader>)> {
        let State::Reading { bom, valid, reader } = std::mem::replace(&mut self.state, State::Whole) else {
            return None;
        };
        let body = bytes.get(bom..)?;
        let same_reading = bytes.len() == self.total
            && body
                .get(valid..)
                .is_some_and(|rest| simdutf8::basic::from_utf8(rest).is_ok())
            && format::detect(&self.name, bytes) == Ok(FileFormat::Csv)
            && Layout::detect(body, &self.options).as_ref() == Ok(reader.layout());
        same_reading.then_some((bom, reader))
    }
}

/// What was learnt of a streamed file, which is UTF-8.
fn utf8(mut source: SourceInfo) -> SourceInfo {
    source.encoding = Some(UTF_8.name().to_string());
    source
}

/// How much of `bytes` is valid UTF-8 when all of it is but a character cut
/// at the end (whose rest is still to arrive); `None` for anything else.
fn utf8_up_to(bytes: &[u8]) -> Option<usize> {
    match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => Some(bytes.len()),
        Err(e) if e.error_len().is_none() => Some(e.valid_up_to()),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Column;

    /// Feeds `bytes` in parts of the given sizes (cycled), as the worker
    /// does, and says whether the parts were read as they came.
    fn streamed(name: &str, bytes: &[u8], parts: &[usize]) -> (Result<Ingested, IngestError>, bool) {
        let (s, was_reading) = fed(name, bytes, parts);
        (s.finish(bytes, &mut |_| {}), was_reading)
    }

    /// The reader once every part has been fed, and whether the parts were
    /// read as they came.
    fn fed(name: &str, bytes: &[u8], parts: &[usize]) -> (Streamed, bool) {
        let mut s = Streamed::new(name, &IngestOptions::new(), bytes.len());
        let mut end = 0;
        let mut was_reading = false;
        for &part in parts.iter().cycle() {
            end = (end + part).min(bytes.len());
            s.feed(&bytes[..end], &mut |_| {});
            was_reading |= s.is_reading();
            if end == bytes.len() {
                break;
            }
        }
        (s, was_reading)
    }

    fn whole(name: &str, bytes: &[u8]) -> Result<Ingested, IngestError> {
        ingest(name, bytes, &IngestOptions::new(), &mut |_| {})
    }

    /// Order lines with every hard case of the splitter spread over 2.5 MB:
    /// quoted fields with separators, doubled quotes and line breaks, CRLF
    /// line ends, blank lines, short rows, a bad date, and a quantity column
    /// that turns decimal after the sampled rows (so it is read again).
    fn awkward_orders(lines: usize) -> Vec<u8> {
        let mut text = String::from("Order;Datum;Kunde;Menge;Betrag;Notiz\r\n");
        for i in 0..lines {
            let note = match i % 97 {
                0 => "\"says \"\"hi\"\"; twice\"".to_string(),
                1 => "\"two\r\nlines\"".to_string(),
                2 => String::new(),
                _ => format!("n{}", i % 13),
            };
            let qty = if i > 5_000 && i % 11 == 0 {
                format!("{},5", i % 7)
            } else {
                (i % 7).to_string()
            };
            let date = if i == 20_000 {
                "32.13.2024".to_string()
            } else {
                format!("{:02}.{:02}.2024", 1 + i % 28, 1 + i / 3 % 12)
            };
            text.push_str(&format!(
                "O{};{date};K{};{qty};{},{:02};{note}\r\n",
                i / 3,
                i % 500,
                i % 900,
                i % 100
            ));
            if i % 1_000 == 999 {
                text.push_str("\r\n");
            }
            if i % 4_999 == 0 {
                text.push_str("O;01.01.2024\r\n");
            }
        }
        text.into_bytes()
    }

    #[test]
    fn any_split_gives_what_the_whole_file_gives() {
        let bytes = awkward_orders(60_000);
        assert!(bytes.len() > 2 * HEAD, "{}", bytes.len());
        let expected = format!("{:?}", whole("o.csv", &bytes));
        assert!(expected.contains("bad_values: 1"), "{:.300}", expected);
        // Parts as Chromium's blob stream gives them, odd sizes that cut
        // CRLFs, doubled quotes and UTF-8 characters, and one byte at a time
        // around the end of the head.
        for parts in [
            &[262_144][..],
            &[65_521, 300_007, 1],
            &[HEAD - 3, 1, 1, 1, 1, 1, 1, 1, 9_973],
        ] {
            let (got, was_reading) = streamed("o.csv", &bytes, parts);
            assert!(was_reading, "{parts:?}");
            assert_eq!(format!("{got:?}"), expected, "{parts:?}");
        }
    }

    /// Feeds `bytes` in parts of `part` bytes and reads it up to encoding
    /// its text.
    fn read_but_text(name: &str, bytes: &[u8], part: usize) -> Result<ReadFile, IngestError> {
        fed(name, bytes, &[part]).0.finish_but_text(bytes.to_vec(), &mut |_| {})
    }

    #[test]
    fn the_card_says_before_the_text_is_encoded_what_it_says_after() {
        let bytes = awkward_orders(60_000);
        let read = read_but_text("o.csv", &bytes, 262_144).expect("read");
        let before = format!("{:?}", read.table().summaries());
        // Order and Kunde are identifiers, Notiz a column of text (with
        // quotes, doubled quotes and line breaks) profiled while it was
        // read: all three wait to be encoded.
        for name in ["Order", "Kunde", "Notiz"] {
            assert!(
                before.contains(&format!("name: \"{name}\", column_type: Text")),
                "{before:.600}"
            );
        }
        let summaries = read.table().summaries();
        // Notiz: empty in every 97th line from the third (i % 97 == 2), and
        // missing from the 13 short rows.
        let empty_notes = (0..60_000).filter(|i| i % 97 == 2).count();
        assert_eq!(empty_notes, 619);
        assert_eq!(summaries[5].filled, 60_000 - 619);
        assert_eq!(read.table().rows(), 60_000 + 13);
        let encoded = read.encode();
        let after: Vec<_> = encoded.table.columns.iter().map(Column::summary).collect();
        assert_eq!(before, format!("{after:?}"));
        assert_eq!(
            format!("{:?}", Ok::<_, IngestError>(encoded)),
            format!("{:?}", whole("o.csv", &bytes))
        );
    }

    #[test]
    fn files_that_are_not_streamed_have_nothing_left_to_encode() {
        let mut bytes = b"Klient;Miasto;Kwota\n".to_vec();
        for i in 0..60_000 {
            bytes.extend_from_slice(format!("K{i};Lodz;{},{:02}\n", i % 90, i % 100).as_bytes());
        }
        bytes.extend_from_slice(b"K-last;\xA3\xF3d\x9F;1,00\n");
        let read = read_but_text("k.csv", &bytes, 131_072).expect("read");
        assert_eq!(read.source().encoding.as_deref(), Some("windows-1250"));
        let before = format!("{:?}", read.table().summaries());
        let encoded = read.encode();
        let after: Vec<_> = encoded.table.columns.iter().map(Column::summary).collect();
        assert_eq!(before, format!("{after:?}"));
        assert_eq!(
            format!("{:?}", Ok::<_, IngestError>(encoded)),
            format!("{:?}", whole("k.csv", &bytes))
        );
        let empty = read_but_text("e.csv", b"", 1).map(ReadFile::encode);
        assert_eq!(format!("{empty:?}"), format!("{:?}", whole("e.csv", b"")));
    }

    #[test]
    fn a_file_cut_short_after_its_parts_were_read_is_read_as_it_now_is() {
        // The parts read so far went past where the bytes now end (the
        // file changed while it was read): the reader is dropped and the
        // bytes are read whole, with no panic.
        let bytes = awkward_orders(40_000);
        let cut = &bytes[..HEAD / 2];
        let feed_all = || {
            let mut s = Streamed::new("o.csv", &IngestOptions::new(), bytes.len());
            s.feed(&bytes[..HEAD + 300_000], &mut |_| {});
            assert!(s.is_reading());
            s
        };
        let expected = format!("{:?}", whole("o.csv", cut));
        assert!(expected.starts_with("Ok("), "{expected:.200}");
        assert_eq!(format!("{:?}", feed_all().finish(cut, &mut |_| {})), expected);
        let read = feed_all()
            .finish_but_text(cut.to_vec(), &mut |_| {})
            .map(ReadFile::encode);
        assert_eq!(format!("{read:?}"), expected);
        // Cut inside its byte-order mark.
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(&bytes);
        let mut s = Streamed::new("o.csv", &IngestOptions::new(), with_bom.len());
        s.feed(&with_bom[..HEAD + 300_000], &mut |_| {});
        assert!(s.is_reading());
        let got = s
            .finish_but_text(with_bom[..2].to_vec(), &mut |_| {})
            .map(ReadFile::encode);
        assert_eq!(format!("{got:?}"), format!("{:?}", whole("o.csv", &with_bom[..2])));
    }

    #[test]
    fn characters_cut_between_parts_and_a_byte_order_mark_are_kept_whole() {
        let mut bytes = b"\xEF\xBB\xBFKlient,Miasto,Kwota\n".to_vec();
        for i in 0..60_000 {
            bytes.extend_from_slice(format!("K{i},Łódź Świętokrzyska,{}.{:02}\n", i % 90, i % 100).as_bytes());
        }
        let expected = format!("{:?}", whole("k.csv", &bytes));
        assert!(
            expected.contains("Łódź Świętokrzyska") && expected.contains("UTF-8"),
            "{expected:.400}"
        );
        for parts in [&[4_093][..], &[HEAD + 1, 2, 3, 5]] {
            let (got, was_reading) = streamed("k.csv", &bytes, parts);
            assert!(was_reading);
            assert_eq!(format!("{got:?}"), expected);
        }
    }

    #[test]
    fn a_legacy_code_page_after_the_head_is_read_the_usual_way() {
        let mut bytes = b"Klient;Miasto;Kwota\n".to_vec();
        for i in 0..60_000 {
            bytes.extend_from_slice(format!("K{i};Lodz;{},{:02}\n", i % 90, i % 100).as_bytes());
        }
        // "Łódź" in Windows-1250, well after the first megabyte.
        bytes.extend_from_slice(b"K-last;\xA3\xF3d\x9F;1,00\n");
        let (got, was_reading) = streamed("k.csv", &bytes, &[131_072]);
        assert!(was_reading, "the head alone is valid UTF-8, so reading starts");
        let got = got.expect("read");
        assert_eq!(got.source.encoding.as_deref(), Some("windows-1250"));
        assert!(format!("{:?}", got.table).contains("Łódź"));
        assert_eq!(
            format!("{:?}", Ok::<_, IngestError>(got)),
            format!("{:?}", whole("k.csv", &bytes))
        );
    }

    #[test]
    fn a_head_that_misleads_the_layout_is_read_again() {
        // The second record's quoted note is longer than the head, so the
        // head's sample ends inside it.
        let mut text = format!("id,note,amount\n1,\"{}\",5\n", "x".repeat(HEAD + 10));
        for i in 2..40_000 {
            text.push_str(&format!("{i},plain,{}\n", i % 50));
        }
        let bytes = text.into_bytes();
        let (got, _) = streamed("n.csv", &bytes, &[HEAD / 2]);
        let got = got.expect("read");
        assert_eq!(got.table.rows, 39_999);
        assert_eq!(
            format!("{:?}", Ok::<_, IngestError>(got)),
            format!("{:?}", whole("n.csv", &bytes))
        );
    }

    #[test]
    fn small_files_workbooks_and_junk_are_read_whole() {
        let (got, was_reading) = streamed("s.csv", b"a;b\n1;2\n", &[3]);
        assert!(!was_reading);
        assert_eq!(got.expect("read").table.rows, 1);
        let mut zip = b"PK\x03\x04".to_vec();
        zip.resize(HEAD * 2, 7);
        let (got, was_reading) = streamed("w.xlsx", &zip, &[HEAD + 5]);
        assert!(!was_reading);
        assert_eq!(format!("{got:?}"), format!("{:?}", whole("w.xlsx", &zip)));
        let (got, _) = streamed("e.csv", b"", &[1]);
        assert_eq!(format!("{got:?}"), format!("{:?}", whole("e.csv", b"")));
    }
}
