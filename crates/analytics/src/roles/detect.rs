//! Guessing roles and fields: header words scored against the synonyms,
//! weighted by each role's signature, checked against the column types.

use crate::table::{ColumnType, Table};

use super::model::{ColumnMapping, Expect, Field, Mapping, Role};
use super::synonyms::{normalize, SYNONYMS};

/// How well a header names a field: 0.95 for a listed phrase, 0.75 when the
/// phrase appears as whole words inside it, 0.6 inside a compound word.
pub fn header_score(normalized: &str, field: Field) -> f32 {
    let Some((_, phrases)) = SYNONYMS.iter().find(|(f, _)| *f == field) else {
        return 0.0;
    };
    let mut best = 0.0f32;
    for phrase in phrases.iter() {
        let score = if normalized == *phrase {
            0.95
        } else if contains_as_words(normalized, phrase) {
            0.75
        } else if phrase.len() >= 5 && !phrase.contains(' ') && normalized.contains(phrase) {
            0.6
        } else {
            0.0
        };
        best = best.max(score);
    }
    best
}

/// Whether `phrase` appears in `text` between spaces or the ends, as
/// `" {text} "` containing `" {phrase} "` would say, without building either
/// string: this runs for every column, field and synonym of a file.
fn contains_as_words(text: &str, phrase: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(phrase)) {
        let at = from + found;
        let end = at + phrase.len();
        if (at == 0 || bytes[at - 1] == b' ') && (end == bytes.len() || bytes[end] == b' ') {
            return true;
        }
        // Matches may overlap ("a a" in "xa a a"): go on one character later.
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// What a header says about how to read its values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeaderHints {
    /// It names an identifier: keep the values as text.
    pub identifier: bool,
    /// It names a date.
    pub date: bool,
    /// It names a yes/no flag.
    pub flag: bool,
}

/// Reading hints from a header alone (used before types are known).
pub fn header_hints(header: &str) -> HeaderHints {
    let n = normalize(header);
    let scored = |f: Field| header_score(&n, f);
    let best_of = |kind: Expect| {
        Field::all()
            .into_iter()
            .filter(|f| f.expect() == kind)
            .map(scored)
            .fold(0.0f32, f32::max)
    };
    let date = best_of(Expect::Temporal);
    // E-mail addresses are identifiers for matching but never look numeric.
    let id = best_of(Expect::Id);
    let flag = best_of(Expect::Flag);
    let words: Vec<&str> = n.split(' ').collect();
    let id_word = words.iter().any(|w| {
        matches!(
            *w,
            "id" | "nr" | "no" | "numer" | "nummer" | "code" | "kod" | "cod" | "sku" | "ean"
        )
    });
    HeaderHints {
        identifier: (id >= 0.6 || id_word) && date < id.max(0.6),
        date: date >= 0.6 && date >= id,
        flag: flag >= 0.75
            || words
                .first()
                .is_some_and(|w| matches!(*w, "is" | "has" | "czy" | "ist")),
    }
}

/// Guesses the role of a table and maps its columns.
pub fn detect(table: &Table) -> Mapping {
    detect_columns(table.columns.iter().map(|c| (c.name.as_str(), c.data.column_type())))
}

/// The same from the columns' names and types alone, which are known
/// before a file's text columns are encoded (see
/// [`crate::ingest::read_file`]).
pub fn detect_columns<'a>(columns: impl IntoIterator<Item = (&'a str, ColumnType)>) -> Mapping {
    let (names, headers): (Vec<&str>, Vec<(String, ColumnType)>) = columns
        .into_iter()
        .map(|(name, ty)| (name, (normalize(name), ty)))
        .unzip();
    let named = HeaderScores::new(&headers);
    let mut scores: Vec<(Role, f32)> = Role::ALL
        .iter()
        .map(|&r| (r, role_score(r, &headers, &named)))
        .filter(|(r, _)| *r != Role::Unknown)
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, best_score) = scores.first().copied().unwrap_or((Role::Unknown, 0.0));
    let second = scores.get(1).map_or(0.0, |s| s.1);
    let (role, confidence) = if best_score < 1.0 {
        // No header spoke clearly: a table with dates and amounts is most
        // likely order lines, which is also what the first dashboard needs.
        let has_date = headers
            .iter()
            .any(|(_, t)| matches!(t, ColumnType::Date | ColumnType::Datetime));
        let has_number = headers.iter().any(|(_, t)| matches!(t, ColumnType::Decimal));
        if has_date && has_number {
            (Role::Orders, 0.3)
        } else {
            (Role::Unknown, 0.0)
        }
    } else {
        (best, (best_score / (best_score + second)).min(0.99))
    };
    Mapping {
        role,
        role_confidence: confidence,
        columns: mapped(role, &headers, &named, &names),
    }
}

/// How well each column's header names each field, worked out once per
/// file: every role's score and the mapping read the same numbers.
struct HeaderScores {
    fields: Vec<Field>,
    /// Per column, one score per field of `fields`.
    by_column: Vec<Vec<f32>>,
}

impl HeaderScores {
    fn new(headers: &[(String, ColumnType)]) -> Self {
        let fields = Field::all();
        let by_column = headers
            .iter()
            .map(|(h, _)| fields.iter().map(|&f| header_score(h, f)).collect())
            .collect();
        HeaderScores { fields, by_column }
    }

    fn get(&self, column: usize, field: Field) -> f32 {
        let at = self.fields.iter().position(|&f| f == field);
        at.and_then(|i| self.by_column.get(column)?.get(i).copied())
            .unwrap_or(0.0)
    }

    /// The column's best score over all fields.
    fn top(&self, column: usize) -> f32 {
        self.by_column
            .get(column)
            .map_or(0.0, |s| s.iter().copied().fold(0.0f32, f32::max))
    }
}

/// Sum of the signature weights of the fields some column names well. A
/// column votes only for the fields it names best: "signup date" is a
/// sign-up date, not also a weak "date" of an order.
fn role_score(role: Role, headers: &[(String, ColumnType)], named: &HeaderScores) -> f32 {
    role.signature()
        .iter()
        .map(|&(field, weight)| {
            let best = headers
                .iter()
                .enumerate()
                .map(|(i, (_, ty))| {
                    let (s, top) = (named.get(i, field), named.top(i));
                    if s + 1e-6 < top {
                        return 0.0;
                    }
                    s * if field.fits(*ty) { 1.0 } else { 0.4 }
                })
                .fold(0.0f32, f32::max);
            best * weight
        })
        .sum()
}

/// Maps columns for a chosen role, strongest fields first, each column and
/// field used once; key fields left unmapped fall back to a column of the
/// right type.
/// `names` are the columns' header texts, `headers` the same normalized
/// with their types.
pub fn map_columns(role: Role, headers: &[(String, ColumnType)], names: &[&str]) -> Vec<ColumnMapping> {
    mapped(role, headers, &HeaderScores::new(headers), names)
}

fn mapped(role: Role, headers: &[(String, ColumnType)], named: &HeaderScores, names: &[&str]) -> Vec<ColumnMapping> {
    let mut out: Vec<ColumnMapping> = names
        .iter()
        .map(|name| ColumnMapping {
            column: name.to_string(),
            field: None,
            confidence: 0.0,
        })
        .collect();
    let mut fields: Vec<Field> = role.signature().iter().map(|(f, _)| *f).collect();
    // Fields outside the role's signature can still be mapped (a region
    // column in a survey file), after the role's own fields.
    let others: Vec<Field> = Field::all().into_iter().filter(|f| !fields.contains(f)).collect();
    fields.extend(others);
    let mut candidates: Vec<(f32, usize, Field)> = Vec::new();
    for (i, (_, ty)) in headers.iter().enumerate() {
        for (rank, &field) in fields.iter().enumerate() {
            let s = named.get(i, field);
            if s > 0.0 && field.fits(*ty) {
                // Among equal header scores, the role's own fields win.
                let bonus = if rank < role.signature().len() { 0.01 } else { 0.0 };
                candidates.push((s + bonus, i, field));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (score, col, field) in candidates {
        if out[col].field.is_none() && !out.iter().any(|m| m.field == Some(field)) {
            out[col].field = Some(field);
            out[col].confidence = (score * 100.0).floor() / 100.0;
        }
    }
    fallback_by_type(role, headers, &mut out);
    out
}

fn fallback_by_type(role: Role, headers: &[(String, ColumnType)], out: &mut [ColumnMapping]) {
    let wanted: &[(Field, &[ColumnType])] = match role {
        Role::Orders => &[
            (Field::OrderDate, &[ColumnType::Date, ColumnType::Datetime]),
            (Field::Amount, &[ColumnType::Decimal]),
        ],
        Role::Spend => &[(Field::Spend, &[ColumnType::Decimal])],
        _ => &[],
    };
    for (field, types) in wanted {
        if out.iter().any(|m| m.field == Some(*field)) {
            continue;
        }
        if *field == Field::Amount && out.iter().any(|m| m.field == Some(Field::UnitPrice)) {
            continue;
        }
        if let Some(i) = headers
            .iter()
            .enumerate()
            .position(|(i, (_, t))| out[i].field.is_none() && types.contains(t))
        {
            out[i].field = Some(*field);
            out[i].confidence = 0.35;
        }
    }
}

/// A key for "a file with this header", so a mapping the user corrected can
/// be applied again to the next export of the same report.
pub fn header_signature(names: &[String]) -> String {
    // FNV-1a over the normalized names: stable across runs and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for name in names {
        for b in normalize(name).bytes().chain(std::iter::once(0x1F)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of up to `max` characters from `alphabet`.
    fn strings(alphabet: &[char], max: u32) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..max {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            out.extend(last.iter().cloned());
        }
        out
    }

    #[test]
    fn whole_words_are_found_as_the_padded_strings_would_find_them() {
        assert!(contains_as_words("order date", "date"));
        assert!(contains_as_words("data zamówienia", "data"));
        assert!(!contains_as_words("update", "date"));
        assert!(!contains_as_words("dates", "date"));
        // An overlapping match further on: " a a " is in " xa a a ".
        assert!(contains_as_words("xa a a", "a a"));
        let alphabet = [' ', 'a', 'b', 'ó'];
        let phrases = strings(&alphabet, 3);
        for text in strings(&alphabet, 5) {
            let padded = format!(" {text} ");
            for phrase in &phrases {
                assert_eq!(
                    contains_as_words(&text, phrase),
                    padded.contains(&format!(" {phrase} ")),
                    "{text:?} {phrase:?}"
                );
            }
        }
    }
}
