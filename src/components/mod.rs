//! Views. Each family of components has its own file; none computes anything.

mod customer;
mod customers;
mod demo;
mod drop_zone;
mod file_card;
mod filters;
mod kpis;
mod mapping;
mod overview;
mod period;
mod segment_panel;
mod segments;

pub use customer::{CustomerPage, OrderPage};
pub use customers::CustomerList;
pub use demo::DemoButton;
pub use drop_zone::DropZone;
pub use file_card::FileCard;
pub use mapping::MappingPanel;
pub use overview::Overview;
pub use segments::SegmentsPage;
