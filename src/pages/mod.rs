//! One module per route. A page owns its flow and builds its view from `components`.

pub mod answer;
pub mod card;
pub mod door_plates;
pub mod history;
pub mod lazy;
pub mod login;
pub mod me;
pub mod messages;
pub mod not_found;
pub mod photo;
pub mod services;
pub mod share_form;
pub mod shares;
pub mod shared_copy;
pub mod verify;
