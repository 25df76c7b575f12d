//! `tessera admin create`: the CLI's side of making administrators; the
//! rule is the accounts service's.

pub use tessera::service::accounts::{CreateAdminError, create_admin};
