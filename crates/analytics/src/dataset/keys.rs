//! Turning cells into join keys: customer ids are compared after trimming and
//! case-folding (KPIS.md), whatever type their column was read as.

use crate::ingest::value::parse_bool_word;
use crate::table::{ColumnData, NULL_BOOL};

/// The comparison key of a customer id.
pub fn customer_key(id: &str) -> String {
    id.trim().to_lowercase()
}

/// The text of a cell of an id or label column (`None` when empty).
pub fn cell_text(data: &ColumnData, row: usize) -> Option<String> {
    if data.is_null(row) {
        return None;
    }
    match data {
        ColumnData::Text(_) => data.text(row).map(str::to_string),
        ColumnData::Integer(v) => v.get(row).map(|x| x.to_string()),
        ColumnData::Decimal(v) => v.get(row).map(|x| x.to_string()),
        ColumnData::Date(v) => v.get(row).map(|&x| crate::ingest::sheet::iso_date(x)),
        ColumnData::Datetime(v) => v
            .get(row)
            .map(|&x| crate::ingest::sheet::iso_date(x.div_euclid(86_400) as i32)),
        ColumnData::Boolean(v) => v.get(row).map(|&x| if x == 1 { "true" } else { "false" }.to_string()),
    }
    .filter(|s| !s.trim().is_empty())
}

/// A cell as a day number (dates, and date-times by their day).
pub fn cell_day(data: &ColumnData, row: usize) -> Option<i32> {
    match data {
        ColumnData::Date(v) => v.get(row).copied().filter(|&d| d != crate::table::NULL_DAY),
        ColumnData::Datetime(v) => v
            .get(row)
            .copied()
            .filter(|&s| s != crate::table::NULL_I64)
            .map(|s| s.div_euclid(86_400) as i32),
        _ => None,
    }
}

/// A cell as a yes/no flag: booleans, 1/0, and yes/no words.
pub fn cell_flag(data: &ColumnData, row: usize) -> bool {
    match data {
        ColumnData::Boolean(v) => v.get(row).is_some_and(|&x| x != NULL_BOOL && x == 1),
        ColumnData::Integer(_) | ColumnData::Decimal(_) => data.number(row).is_some_and(|x| x != 0.0),
        ColumnData::Text(_) => data
            .text(row)
            .and_then(|t| parse_bool_word(t.trim().as_bytes()))
            .unwrap_or(false),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::TextColumn;

    #[test]
    fn customer_keys_fold_case_and_space() {
        assert_eq!(customer_key("  C001 "), customer_key("c001"));
        assert_ne!(customer_key("C001"), customer_key("C0001"));
    }

    #[test]
    fn flags_from_words_and_numbers() {
        let text = ColumnData::Text(TextColumn {
            codes: vec![0, 1, 2],
            values: ["tak", "nein", "maybe"].into_iter().collect(),
        });
        assert_eq!(
            (0..3).map(|r| cell_flag(&text, r)).collect::<Vec<_>>(),
            [true, false, false]
        );
        let ints = ColumnData::Integer(vec![1, 0]);
        assert!(cell_flag(&ints, 0) && !cell_flag(&ints, 1));
    }
}
