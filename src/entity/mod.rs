//! sea-orm entities: the database rows. Kept apart from the wire types; the
//! services convert rows into `CourseSummary` and friends.

pub mod account_link;
pub mod attendance;
pub mod attendee;
pub mod billing_detail;
pub mod booking;
pub mod booking_move;
pub mod calendar_feed;
pub mod course;
pub mod course_instructor;
pub mod course_meeting;
pub mod course_picture_file;
pub mod course_text;
pub mod email_outbox;
pub mod instructor;
pub mod instructor_bio;
pub mod instructor_photo;
pub mod invoice;
pub mod operator;
pub mod passkey;
pub mod payment;
pub mod signed_in_device;
pub mod stripe_event;
pub mod topic;
pub mod user;
pub mod voucher;
pub mod voucher_course;
pub mod voucher_redemption;
pub mod waitlist_entry;
