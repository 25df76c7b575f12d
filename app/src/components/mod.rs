//! Reusable pieces of the interface.

pub mod course_card;
pub mod layout;
pub mod local_time;
