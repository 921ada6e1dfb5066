//! How often a file's progress is reported to the page.
//!
//! Every report makes the page redraw the file's card. On a machine with two
//! cores that drawing, and the compositing after it, takes the CPU from the
//! worker reading the file: reports at every 5 % (about twenty for a file)
//! cost an 80 MB file about 20 ms of its ~400 ms to the card (browser pages
//! alternating with a build that sent none, 16 rounds: paired median −20,
//! third quartile −5). So a report is sent when the stage changes, and
//! otherwise only once [`INTERVAL_MS`] have passed since the last one: a
//! file read in a third of a second gets three or four, a slow one still ten
//! a second, enough for the bar to move smoothly.

use crate::protocol::Stage;

/// The shortest time between two reports of one stage.
pub const INTERVAL_MS: f64 = 100.0;

/// Decides which progress reports of one file are sent.
#[derive(Clone, Copy, Debug)]
pub struct ProgressPace {
    /// The last report the page has: stage, share done, when.
    last: (Stage, f32, f64),
}

impl ProgressPace {
    /// A file the page shows as not yet read (reading, 0 %) since `now_ms`.
    pub fn new(now_ms: f64) -> Self {
        ProgressPace {
            last: (Stage::Reading, 0.0, now_ms),
        }
    }

    /// Whether the report `stage`, `done` at `now_ms` is sent (and then
    /// becomes the last one).
    pub fn report(&mut self, stage: Stage, done: f32, now_ms: f64) -> bool {
        let (last_stage, last_done, last_ms) = self.last;
        let send = if stage != last_stage {
            true
        } else {
            done > last_done && now_ms - last_ms >= INTERVAL_MS
        };
        if send {
            self.last = (stage, done, now_ms);
        }
        send
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reports sent of `(stage, done, ms)` calls, from a pace started at 0 ms.
    fn sent(calls: &[(Stage, f32, f64)]) -> Vec<(Stage, f32, f64)> {
        let mut pace = ProgressPace::new(0.0);
        calls
            .iter()
            .copied()
            .filter(|&(s, d, t)| pace.report(s, d, t))
            .collect()
    }

    #[test]
    fn reports_of_one_stage_are_at_least_an_interval_apart() {
        use Stage::Reading;
        // A report every 20 ms, 2 % further each time: the 5th (100 ms) is
        // the first sent, then every 5th after it.
        let calls: Vec<_> = (1..=20).map(|i| (Reading, i as f32 * 0.02, i as f64 * 20.0)).collect();
        assert_eq!(sent(&calls), vec![calls[4], calls[9], calls[14], calls[19]]);
        assert_eq!(sent(&calls)[0].2, 100.0);
    }

    #[test]
    fn a_new_stage_is_reported_at_once_and_starts_its_own_interval() {
        use Stage::{Parsing, Reading};
        let calls = [
            (Reading, 0.5, 30.0),
            (Reading, 1.0, 60.0),
            (Parsing, 0.0, 61.0),
            (Parsing, 0.5, 120.0),
            (Parsing, 0.9, 161.0),
            (Parsing, 1.0, 170.0),
        ];
        assert_eq!(sent(&calls), vec![(Parsing, 0.0, 61.0), (Parsing, 0.9, 161.0)]);
    }

    #[test]
    fn a_report_that_goes_no_further_is_not_sent() {
        use Stage::Reading;
        // Same share after a long wait (a part that added no records).
        assert_eq!(
            sent(&[(Reading, 0.0, 500.0), (Reading, 0.3, 600.0), (Reading, 0.3, 900.0)]),
            vec![(Reading, 0.3, 600.0)]
        );
    }
}
