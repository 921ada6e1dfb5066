//! Deterministic generators: the demo data set the page's "Load demo data"
//! button loads, and large order-line files for benchmarks. Same arguments,
//! same bytes, on every machine.

pub mod bench;
pub mod csv_out;
pub mod demo;
pub mod demo_cx;
pub mod rng;
pub mod world;

#[cfg(test)]
mod tests;
