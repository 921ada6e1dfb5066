//! Profiling a column of text while the file is read, a class per value
//! remembered rather than worked out again.

use super::convert::{recent_slot, RECENT_BITS};
use super::infer::{classify_value, ColumnProfile, ValueClass};
use super::value::same_bytes;

/// Misses allowed before a column may stop remembering (see
/// [`ClassCache::add_at`]).
const MISSES_BEFORE_GIVING_UP: usize = 1_024;

/// The profile of a column whose cells are kept as text during the one
/// pass over the file ([`super::one_pass`]), worked out during that pass
/// while the cells are at hand, so that its type is known without its
/// dictionary: the dictionary is then built after the file's card (see
/// [`super::unencoded`]). Each value's class is remembered in a slot chosen
/// by its bytes; a column of channels or stores, a million cells and a
/// dozen values, is classified about a dozen times. The profile is the one
/// that counting each distinct value of the dictionary as often as it
/// occurs gives (a profile only counts).
///
/// A column of many values (product descriptions, names) keeps missing its
/// slots; past a thousand misses, when more than one value in eight misses,
/// the cache stops remembering and classifies each value as it comes. Such
/// a column used to be profiled from its dictionary instead, built before
/// the file's card: on retail_1m.csv (4,000 descriptions) that took 33–37
/// ms natively and 69–76 ms in the browser after the last part had arrived.
/// Classified during the pass, while the browser is still reading the file,
/// the card came sooner (browser pages alternating, 14 rounds: paired
/// median −50 ms) and the dictionary is built with the other columns of
/// text, after the card.
#[derive(Debug)]
pub(super) struct ClassCache {
    profile: ColumnProfile,
    /// Empty until the first value; then one per slot, `None` until used.
    slots: Vec<Option<Slot>>,
    values: usize,
    misses: usize,
    /// Each value is classified on its own: remembering did not pay.
    direct: bool,
}

/// A value seen lately: where its bytes are in the text, its class, and
/// how many times it was met since it took the slot.
#[derive(Clone, Copy, Debug)]
struct Slot {
    start: u32,
    len: u32,
    class: ValueClass,
    times: usize,
}

impl ClassCache {
    pub(super) fn new() -> Self {
        ClassCache {
            profile: ColumnProfile::default(),
            slots: Vec::new(),
            values: 0,
            misses: 0,
            direct: false,
        }
    }

    /// Adds a trimmed, non-empty value `v` that is a slice of the text `t`.
    pub(super) fn add_at(&mut self, t: &[u8], v: &[u8]) {
        self.values += 1;
        if self.direct {
            self.profile.add_class(classify_value(v));
            return;
        }
        if self.slots.is_empty() {
            self.slots = vec![None; 1 << RECENT_BITS];
        }
        let Some(entry) = self.slots.get_mut(recent_slot(v)) else {
            self.profile.add_class(classify_value(v));
            return;
        };
        if let Some(slot) = entry {
            let seen = t.get(slot.start as usize..(slot.start + slot.len) as usize);
            if seen.is_some_and(|seen| same_bytes(seen, v)) {
                slot.times += 1;
                return;
            }
            self.profile.add_class_times(slot.class, slot.times);
        }
        *entry = Some(Slot {
            start: (v.as_ptr() as usize - t.as_ptr() as usize) as u32,
            len: v.len() as u32,
            class: classify_value(v),
            times: 1,
        });
        self.misses += 1;
        if self.misses > MISSES_BEFORE_GIVING_UP && self.misses * 8 > self.values {
            for slot in std::mem::take(&mut self.slots).iter().flatten() {
                self.profile.add_class_times(slot.class, slot.times);
            }
            self.direct = true;
        }
    }

    /// Adds a trimmed, non-empty value that is not a slice of the text (its
    /// doubled quotes undone).
    pub(super) fn add_value(&mut self, v: &[u8]) {
        self.values += 1;
        self.profile.add_class(classify_value(v));
    }

    /// The profile of every value added.
    pub(super) fn finish(mut self) -> ColumnProfile {
        for slot in self.slots.iter().flatten() {
            self.profile.add_class_times(slot.class, slot.times);
        }
        self.profile
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::infer::ColumnHints;
    use crate::ingest::value::DecimalMark;
    use crate::table::ColumnType;

    fn hints() -> ColumnHints {
        crate::ingest::convert::column_hints("size", false, DecimalMark::Dot)
    }

    /// The cache's profile of `values` (laid end to end in one text),
    /// whether it stopped remembering, and the profile of each value
    /// classified on its own.
    fn both(values: &[&str]) -> (ColumnProfile, bool, ColumnProfile) {
        let text = values.concat();
        let t = text.as_bytes();
        let mut cache = ClassCache::new();
        let mut direct = ColumnProfile::default();
        let mut at = 0;
        for v in values {
            cache.add_at(t, &t[at..at + v.len()]);
            direct.add(v.as_bytes());
            at += v.len();
        }
        let gave_up = cache.direct;
        (cache.finish(), gave_up, direct)
    }

    #[test]
    fn a_few_recurring_values_give_the_profile_of_every_cell() {
        // 1,000 cells: "S", "M" and "L" and a size in centimetres now and
        // then; the numbers are 100 of 1,000 values, so the column is text.
        let values: Vec<String> = (0..1_000)
            .map(|i| match i % 10 {
                0 => format!("{}", 150 + i % 3),
                1 | 4 | 7 => "S".to_string(),
                2 | 5 | 8 => "M".to_string(),
                _ => "L".to_string(),
            })
            .collect();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let (cached, gave_up, direct) = both(&refs);
        assert!(!gave_up, "a few values are remembered");
        assert_eq!(cached.non_empty(), 1_000);
        assert_eq!(format!("{cached:?}"), format!("{direct:?}"));
        assert_eq!(cached.decide(&hints()).0, ColumnType::Text);
    }

    #[test]
    fn mostly_numbers_are_counted_as_numbers() {
        // 900 whole numbers of three values and 100 words: an integer
        // column with 100 bad values, whatever the cache remembered.
        let values: Vec<&str> = (0..1_000)
            .map(|i| match i % 10 {
                0 => "n/a",
                1..=3 => "38",
                4..=6 => "40",
                _ => "42",
            })
            .collect();
        let (cached, gave_up, direct) = both(&values);
        assert!(!gave_up);
        assert_eq!(format!("{cached:?}"), format!("{direct:?}"));
        assert_eq!(cached.decide(&hints()).0, ColumnType::Integer);
    }

    #[test]
    fn a_column_of_distinct_values_is_classified_value_by_value() {
        // 20,000 distinct values: 2,000 names, then whole numbers. The
        // cache stops remembering after its thousandth miss; the profile
        // still counts every value: 18,000 of 20,000 integers (90 %) make
        // an integer column with the names as its bad values.
        let values: Vec<String> = (0..20_000)
            .map(|i| {
                if i < 2_000 {
                    format!("Customer {i}")
                } else {
                    format!("{}", 100_000 + i)
                }
            })
            .collect();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let (cached, gave_up, direct) = both(&refs);
        assert!(gave_up);
        assert_eq!(cached.non_empty(), 20_000);
        assert_eq!(format!("{cached:?}"), format!("{direct:?}"));
        assert_eq!(cached.decide(&hints()).0, ColumnType::Integer);
    }
}
