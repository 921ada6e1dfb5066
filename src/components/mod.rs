//! Views. Each family of components has its own file; none computes anything.

mod demo;
mod drop_zone;
mod file_card;
mod mapping;

pub use demo::DemoButton;
pub use drop_zone::DropZone;
pub use file_card::FileCard;
pub use mapping::MappingPanel;
