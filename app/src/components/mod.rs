//! Reusable pieces of the interface.

pub mod ask_first;
pub mod booking_actions;
pub mod course_card;
pub mod forms;
pub mod guard;
pub mod layout;
pub mod local_time;
pub mod meetings;
pub mod pager;
pub mod passkey;
