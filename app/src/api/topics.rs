//! Topics: the admin's list, and the course form's choices.

use crate::error::AppError;
use leptos::prelude::*;
pub use tessera::topic::{Topic, TopicUse};

#[cfg(feature = "ssr")]
use {
    super::ssr::{db, with_status},
    crate::auth::ssr::require_admin,
    tessera::service::topics,
    tessera::topic::TopicName,
    tessera::{ApiError, FieldError},
};

/// The name as typed, or the field's reason.
#[cfg(feature = "ssr")]
fn parse_name(name: &str) -> Result<TopicName, ApiError> {
    TopicName::parse(name).map_err(|e| {
        ApiError::validation(vec![FieldError {
            field: "name".into(),
            message: e.to_string(),
        }])
    })
}

/// Every topic with how many courses are filed under it.
#[server(endpoint = "admin_topics")]
pub async fn admin_topics() -> Result<Vec<TopicUse>, AppError> {
    async {
        require_admin().await?;
        topics::in_use(&db()?)
            .await
            .map_err(|e| AppError::internal("listing topics", e))
    }
    .await
    .map_err(with_status)
}

/// Adds a topic.
#[server(endpoint = "add_topic")]
pub async fn add_topic(name: String) -> Result<(), AppError> {
    async {
        require_admin().await?;
        let name = parse_name(&name)?;
        topics::add(&db()?, name).await.map_err(ApiError::from)?;
        Ok(())
    }
    .await
    .map_err(with_status)
}

/// Renames a topic (its link stays).
#[server(endpoint = "rename_topic")]
pub async fn rename_topic(id: tessera::TopicId, name: String) -> Result<(), AppError> {
    async {
        require_admin().await?;
        let name = parse_name(&name)?;
        topics::rename(&db()?, id, name)
            .await
            .map_err(ApiError::from)?;
        Ok(())
    }
    .await
    .map_err(with_status)
}

/// Deletes a topic; its courses keep going, under no topic.
#[server(endpoint = "delete_topic")]
pub async fn delete_topic(id: tessera::TopicId) -> Result<(), AppError> {
    async {
        require_admin().await?;
        topics::delete(&db()?, id).await.map_err(ApiError::from)?;
        Ok(())
    }
    .await
    .map_err(with_status)
}
