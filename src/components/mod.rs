//! Reusable view pieces. A component owns its look; pages own the flow.

pub mod acting_for;
pub mod async_view;
pub mod camera_session;
pub mod countdown_ring;
pub mod deferred;
pub mod error_banner;
pub mod material_upload;
pub mod offline_bar;
pub mod otp_field;
pub mod page_header;
pub mod permit_card;
pub mod photo_tool;
pub mod qr;
pub mod route_skeleton;
pub mod scanner;
pub mod signed_in_shell;
pub mod stepper;
pub mod tab_bar;
pub mod toast;
pub mod update_prompt;
pub mod widget_host;
