//! Reusable view pieces. A component owns its look; pages own the flow.

pub mod error_banner;
pub mod page_header;
pub mod tab_bar;
