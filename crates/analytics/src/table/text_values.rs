//! The distinct values of a text column, end to end in one string.

use std::fmt;

/// The distinct values of a text column in order of first appearance, kept
/// end to end in one string rather than a `String` each: a million order
/// lines hold 333,106 distinct order ids, and allocating a `String` for
/// each took 11 ms natively when the file was read (and as long again to
/// free them).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TextValues {
    text: String,
    /// Where each value ends in `text`.
    ends: Vec<u32>,
}

impl TextValues {
    /// No values.
    pub fn new() -> Self {
        TextValues::default()
    }

    /// Values laid end to end in `text`, value `i` ending at `ends[i]`
    /// (ascending, each on a character boundary, the last at the end of
    /// `text`); `text` back when the ends say otherwise.
    pub fn from_parts(text: String, ends: Vec<u32>) -> Result<Self, String> {
        let mut start = 0;
        for &end in &ends {
            let end = end as usize;
            if end < start || !text.is_char_boundary(end) {
                return Err(text);
            }
            start = end;
        }
        if ends.last().map_or(0, |&e| e as usize) != text.len() {
            return Err(text);
        }
        Ok(TextValues { text, ends })
    }

    /// Adds a value at the end.
    pub fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends.push(self.text.len() as u32);
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Value `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        self.text.get(start..end)
    }

    /// The values in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }
}

impl<S: AsRef<str>> FromIterator<S> for TextValues {
    fn from_iter<I: IntoIterator<Item = S>>(values: I) -> Self {
        let mut out = TextValues::new();
        for v in values {
            out.push(v.as_ref());
        }
        out
    }
}

impl fmt::Debug for TextValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> PartialEq<[S]> for TextValues {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for TextValues {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for TextValues {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == other[..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_as_they_went_in() {
        let values: TextValues = ["Łódź", "", "SO-1", "a"].into_iter().collect();
        assert_eq!(values.len(), 4);
        assert_eq!(values.get(0), Some("Łódź"));
        assert_eq!(values.get(1), Some(""));
        assert_eq!(values.get(3), Some("a"));
        assert_eq!(values.get(4), None);
        assert_eq!(values.iter().collect::<Vec<_>>(), ["Łódź", "", "SO-1", "a"]);
        assert_eq!(values, ["Łódź", "", "SO-1", "a"]);
        assert_ne!(values, ["Łódź", "", "SO-1"]);
        assert_eq!(format!("{values:?}"), r#"["Łódź", "", "SO-1", "a"]"#);
        assert!(TextValues::new().is_empty());
    }

    #[test]
    fn parts_must_end_on_characters_in_order() {
        let text = "ŁódźSO".to_string();
        // "Łódź" is 7 bytes (Ł, ó and ź take two each).
        let ok = TextValues::from_parts(text.clone(), vec![7, 9]).expect("valid ends");
        assert_eq!(ok, ["Łódź", "SO"]);
        let refused = |ends: Vec<u32>| TextValues::from_parts(text.clone(), ends) == Err(text.clone());
        assert!(refused(vec![1, 9]), "inside Ł");
        assert!(refused(vec![7, 3]), "backwards");
        assert!(refused(vec![7]), "text left over");
        assert!(refused(vec![7, 10]), "past the end");
        assert!(refused(vec![]), "no values, but text");
        assert_eq!(TextValues::from_parts(String::new(), vec![]), Ok(TextValues::new()));
    }
}
