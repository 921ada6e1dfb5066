//! A [`Part`] as one byte buffer, so that a helper worker can hand the part
//! it read to the engine's worker as a single transferable `ArrayBuffer`
//! (structured cloning of millions of values would cost more than reading
//! them). The small things travel as JSON, the columns as little-endian
//! arrays. Decoding checks every length and code: a damaged buffer is an
//! error, never a panic.

use serde::{Deserialize, Serialize};

use super::infer::ColumnProfile;
use super::one_pass::{Part, Plan};
use crate::table::{Column, ColumnData, ColumnIssues, ColumnType, RaggedRows, TextColumn, ValueFormat, NULL_CODE};

const MAGIC: &[u8; 4] = b"CDP1";

/// Why a buffer is not a part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodecError(pub String);

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "damaged part buffer: {}", self.0)
    }
}

#[derive(Serialize, Deserialize)]
struct PartHead {
    plan: Plan,
    profiles: Vec<ColumnProfile>,
    rows: usize,
    records: u32,
    ragged: RaggedRows,
    ends_inside_quote: bool,
    columns: Vec<ColumnHead>,
}

#[derive(Serialize, Deserialize)]
struct ColumnHead {
    name: String,
    format: ValueFormat,
    issues: ColumnIssues,
    kind: ColumnType,
    /// Distinct values of a text column.
    distinct: usize,
}

/// Writes a part into one buffer.
pub fn encode(part: &Part) -> Vec<u8> {
    let head = PartHead {
        plan: part.plan.clone(),
        profiles: part.profiles.clone(),
        rows: part.rows,
        records: part.records,
        ragged: part.ragged.clone(),
        ends_inside_quote: part.ends_inside_quote,
        columns: part
            .columns
            .iter()
            .map(|c| ColumnHead {
                name: c.name.clone(),
                format: c.format,
                issues: c.issues.clone(),
                kind: c.data.column_type(),
                distinct: match &c.data {
                    ColumnData::Text(t) => t.values.len(),
                    _ => 0,
                },
            })
            .collect(),
    };
    // Serialising plain data with derived impls cannot fail.
    let json = serde_json::to_vec(&head).unwrap_or_default();
    let payload: usize = part.columns.iter().map(|c| c.data.len() * 8).sum();
    let mut out = Vec::with_capacity(8 + json.len() + payload);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    for column in &part.columns {
        match &column.data {
            ColumnData::Integer(v) | ColumnData::Datetime(v) => v.iter().for_each(|x| out.extend(x.to_le_bytes())),
            ColumnData::Decimal(v) => v.iter().for_each(|x| out.extend(x.to_bits().to_le_bytes())),
            ColumnData::Date(v) => v.iter().for_each(|x| out.extend(x.to_le_bytes())),
            ColumnData::Boolean(v) => out.extend_from_slice(v),
            ColumnData::Text(t) => {
                t.codes.iter().for_each(|x| out.extend(x.to_le_bytes()));
                t.values.iter().for_each(|s| out.extend((s.len() as u32).to_le_bytes()));
                t.values.iter().for_each(|s| out.extend_from_slice(s.as_bytes()));
            }
        }
    }
    out
}

/// Reads a part written by [`encode`].
pub fn decode(bytes: &[u8]) -> Result<Part, CodecError> {
    let mut input = Input { bytes, at: 0 };
    if input.take(4)? != MAGIC {
        return Err(CodecError("not a part buffer".into()));
    }
    let json_len = u32::from_le_bytes(array(input.take(4)?)) as usize;
    let head: PartHead = serde_json::from_slice(input.take(json_len)?).map_err(|e| CodecError(e.to_string()))?;
    let rows = head.rows;
    let mut columns = Vec::with_capacity(head.columns.len());
    for c in head.columns {
        let data = match c.kind {
            ColumnType::Integer => ColumnData::Integer(input.values(rows, 8, |b| i64::from_le_bytes(array(b)))?),
            ColumnType::Datetime => ColumnData::Datetime(input.values(rows, 8, |b| i64::from_le_bytes(array(b)))?),
            ColumnType::Decimal => {
                ColumnData::Decimal(input.values(rows, 8, |b| f64::from_bits(u64::from_le_bytes(array(b))))?)
            }
            ColumnType::Date => ColumnData::Date(input.values(rows, 4, |b| i32::from_le_bytes(array(b)))?),
            ColumnType::Boolean => ColumnData::Boolean(input.take(rows)?.to_vec()),
            ColumnType::Text => {
                let codes = input.values(rows, 4, |b| u32::from_le_bytes(array(b)))?;
                let lengths = input.values(c.distinct, 4, |b| u32::from_le_bytes(array(b)) as usize)?;
                let mut values = Vec::with_capacity(c.distinct);
                for len in lengths {
                    let text = std::str::from_utf8(input.take(len)?).map_err(|e| CodecError(e.to_string()))?;
                    values.push(text.to_string());
                }
                if codes.iter().any(|&k| k != NULL_CODE && k as usize >= values.len()) {
                    return Err(CodecError(format!("a code of column {} is out of range", c.name)));
                }
                ColumnData::Text(TextColumn { codes, values })
            }
        };
        columns.push(Column {
            name: c.name,
            data,
            format: c.format,
            issues: c.issues,
        });
    }
    if input.at != bytes.len() {
        return Err(CodecError("bytes left over".into()));
    }
    Ok(Part {
        plan: head.plan,
        columns,
        profiles: head.profiles,
        rows,
        records: head.records,
        ragged: head.ragged,
        ends_inside_quote: head.ends_inside_quote,
    })
}

struct Input<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| CodecError("cut short".into()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn values<T>(&mut self, n: usize, width: usize, read: impl Fn(&[u8]) -> T) -> Result<Vec<T>, CodecError> {
        let len = n.checked_mul(width).ok_or_else(|| CodecError("too long".into()))?;
        Ok(self.take(len)?.chunks_exact(width).map(read).collect())
    }
}

/// The first `N` bytes of a chunk known to be `N` long.
fn array<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&b[..N]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::one_pass::{read_part, PartOf};
    use crate::ingest::raw::Layout;
    use crate::ingest::IngestOptions;

    fn part(text: &str) -> Part {
        let t = text.as_bytes();
        let layout = Layout::detect(t, &IngestOptions::new()).expect("layout");
        read_part(t, t, &layout, PartOf::Whole, &mut |_| {})
    }

    #[test]
    fn a_part_survives_the_round_trip() {
        let mut text = String::from(
            "id;day;qty;price;ok;at;name\n\
             A1;01.02.2024;3;1,50;tak;2024-02-01 10:00;Łódź\n\
             A2;02.02.2024;x;2,25;nie;2024-02-01 11:30;\"a;b\"\n\
             A1;;4;;;;Łódź\n",
        );
        for i in 0..20 {
            text.push_str(&format!("A{i};03.02.2024;{i};{i},75;nie;2024-02-03 08:00;Cluj\n"));
        }
        let p = part(&text);
        let kinds: Vec<ColumnType> = p.columns.iter().map(|c| c.data.column_type()).collect();
        assert_eq!(
            kinds,
            [
                ColumnType::Text,
                ColumnType::Date,
                ColumnType::Integer,
                ColumnType::Decimal,
                ColumnType::Boolean,
                ColumnType::Datetime,
                ColumnType::Text
            ]
        );
        let back = decode(&encode(&p)).expect("decodes");
        // Debug form: a missing decimal (NaN) equals itself there.
        assert_eq!(format!("{back:?}"), format!("{p:?}"));
        assert_eq!(back.columns[2].issues.bad_values, 1);
    }

    #[test]
    fn a_damaged_buffer_is_an_error() {
        let bytes = encode(&part("id,n\nA,1\nB,2\n"));
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut bad_code = bytes.clone();
        // The first text code of column "id" is the first payload word.
        let json_len = u32::from_le_bytes(array(&bytes[4..8])) as usize;
        bad_code[8 + json_len..8 + json_len + 4].copy_from_slice(&7u32.to_le_bytes());
        assert!(decode(&bad_code).is_err());
        assert!(decode(b"XXXXjunk").is_err());
    }
}
