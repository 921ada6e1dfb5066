//! Charts: view models from the engine → charming `Chart`s (`options`), and
//! one `ChartHost` component that owns the DOM node and the ECharts
//! instance (`host`), through a few direct ECharts calls (`echarts`).

mod echarts;
mod host;
pub mod options;
pub mod segment_options;
mod warm_up;

pub use host::{ChartClick, ChartHost};
pub use warm_up::draw_off_screen;
