//! What a file is (its [`Role`]: orders, customers, surveys, …) and what each
//! of its columns means (its [`Field`]), guessed from header words in six
//! languages and from the column types, each guess with a confidence the
//! mapping screen shows and the user can overrule.

mod detect;
mod model;
pub mod synonyms;

pub use detect::{detect, detect_columns, header_hints, header_score, header_signature, map_columns, HeaderHints};
pub use model::{ColumnMapping, Field, Mapping, Role};

#[cfg(test)]
mod tests;
