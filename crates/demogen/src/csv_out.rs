//! A minimal RFC 4180 writer: quote a field only when it needs it.

use std::io::{self, Write};

/// Writes rows of fields to a buffered file.
pub struct CsvOut<W: Write> {
    out: W,
    sep: u8,
    /// Data rows written (the header is not counted).
    pub rows: usize,
}

impl<W: Write> CsvOut<W> {
    /// A writer with a separator.
    pub fn new(out: W, sep: u8) -> Self {
        CsvOut { out, sep, rows: 0 }
    }
    /// Writes the header row.
    pub fn header(&mut self, names: &[&str]) -> io::Result<()> {
        self.line(names)?;
        self.rows = 0;
        Ok(())
    }
    /// Writes one row.
    pub fn line<S: AsRef<str>>(&mut self, fields: &[S]) -> io::Result<()> {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.out.write_all(&[self.sep])?;
            }
            let f = f.as_ref();
            if f.bytes()
                .any(|b| b == self.sep || b == b'"' || b == b'\n' || b == b'\r')
            {
                write!(self.out, "\"{}\"", f.replace('"', "\"\""))?;
            } else {
                self.out.write_all(f.as_bytes())?;
            }
        }
        self.out.write_all(b"\n")?;
        self.rows += 1;
        Ok(())
    }
    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}
