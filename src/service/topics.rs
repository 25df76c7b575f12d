//! The topics admins file courses under.

use crate::entity::{course, topic};
use crate::ids::TopicId;
use crate::topic::{Topic, TopicName, TopicSlug, TopicUse};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// Why a topic could not be added, renamed or deleted.
#[derive(Debug, thiserror::Error)]
pub enum TopicError {
    /// Another topic has this name, or one its link would be spelt like.
    #[error("a topic named {0} exists")]
    Taken(String),
    #[error("no such topic")]
    NotFound,
    #[error("changing topics")]
    Database(#[from] DbErr),
}

fn topic_of(m: topic::Model) -> Option<Topic> {
    Some(Topic {
        id: TopicId(m.id),
        slug: TopicSlug::parse(&m.slug).ok()?,
        name: m.name,
    })
}

/// Every topic, by name.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Topic>, DbErr> {
    let rows = topic::Entity::find()
        .order_by_asc(topic::Column::Name)
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(topic_of).collect())
}

/// Every topic with how many courses (of any status) are filed under it.
pub async fn in_use(db: &impl ConnectionTrait) -> Result<Vec<TopicUse>, DbErr> {
    let counts: HashMap<i64, i64> = course::Entity::find()
        .select_only()
        .column(course::Column::TopicId)
        .column_as(course::Column::Id.count(), "n")
        .filter(course::Column::TopicId.is_not_null())
        .group_by(course::Column::TopicId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(all(db)
        .await?
        .into_iter()
        .map(|topic| TopicUse {
            courses: counts
                .get(&topic.id.get())
                .and_then(|n| u64::try_from(*n).ok())
                .unwrap_or(0),
            topic,
        })
        .collect())
}

/// Whether `id` is on the list.
pub async fn exists(db: &impl ConnectionTrait, id: TopicId) -> Result<bool, DbErr> {
    Ok(topic::Entity::find_by_id(id.get()).count(db).await? > 0)
}

/// Another topic named like `name` (ignoring case), or linked like it.
async fn clash(
    db: &impl ConnectionTrait,
    name: &TopicName,
    except: Option<TopicId>,
) -> Result<Option<String>, DbErr> {
    let slug = name.slug();
    let lower = name.as_str().to_lowercase();
    Ok(topic::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter(|t| Some(TopicId(t.id)) != except)
        .find(|t| t.name.to_lowercase() == lower || (except.is_none() && t.slug == slug.as_str()))
        .map(|t| t.name))
}

/// Adds a topic; its link is made from the name now and kept.
pub async fn add(db: &impl ConnectionTrait, name: TopicName) -> Result<Topic, TopicError> {
    if let Some(other) = clash(db, &name, None).await? {
        return Err(TopicError::Taken(other));
    }
    let slug = name.slug();
    let row = topic::ActiveModel {
        slug: Set(slug.as_str().to_owned()),
        name: Set(name.as_str().to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await
    // Added at the same moment by another admin: the unique slug decides.
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            TopicError::Taken(name.as_str().to_owned())
        }
        _ => TopicError::Database(e),
    })?;
    tracing::info!(topic_id = row.id, "topic added");
    topic_of(row).ok_or(TopicError::NotFound)
}

/// Renames a topic; its link stays, so shared links keep working.
pub async fn rename(
    db: &impl ConnectionTrait,
    id: TopicId,
    name: TopicName,
) -> Result<(), TopicError> {
    if let Some(other) = clash(db, &name, Some(id)).await? {
        return Err(TopicError::Taken(other));
    }
    let changed = topic::Entity::update_many()
        .col_expr(topic::Column::Name, Expr::value(name.as_str()))
        .filter(topic::Column::Id.eq(id.get()))
        .exec(db)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(TopicError::NotFound);
    }
    Ok(())
}

/// Deletes a topic; its courses are filed under none.
pub async fn delete(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: TopicId,
) -> Result<(), TopicError> {
    let txn = db.begin().await?;
    let gone = topic::Entity::delete_by_id(id.get())
        .exec(&txn)
        .await?
        .rows_affected;
    if gone == 0 {
        return Err(TopicError::NotFound);
    }
    course::Entity::update_many()
        .col_expr(course::Column::TopicId, Expr::value(Option::<i64>::None))
        .filter(course::Column::TopicId.eq(id.get()))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(topic_id = id.get(), "topic deleted");
    Ok(())
}
