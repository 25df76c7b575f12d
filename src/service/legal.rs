//! The operator's imprint, privacy and terms pages: stored as Markdown,
//! served as HTML that can carry no markup of its own. Raw HTML is shown as
//! text, links go only to web, mail and phone addresses or to this site,
//! and pictures become their descriptions (no tracking pixels).

use crate::entity::operator;
use crate::site::{LegalForm, LegalKind, LegalPage, SiteContact};
use chrono::{DateTime, Utc};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

/// Whether a link may go to `url`.
fn safe_link(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|scheme| u.starts_with(scheme))
        || (u.starts_with('/') && !u.starts_with("//"))
        || u.starts_with('#')
}

/// `markdown` as HTML without raw HTML, unsafe links or pictures.
pub fn render(markdown: &str) -> String {
    let mut dropped = Vec::new();
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            ref dest_url,
            ..
        }) => {
            // An email autolink's address comes without its `mailto:`.
            let keep = link_type == LinkType::Email || safe_link(dest_url);
            dropped.push(!keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => (!dropped.pop().unwrap_or(false)).then_some(event),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => None,
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The operator's contact, when a name is set.
pub async fn contact(db: &impl ConnectionTrait) -> Result<Option<SiteContact>, DbErr> {
    let Some(row) = operator::Entity::find_by_id(1).one(db).await? else {
        return Ok(None);
    };
    Ok((!row.name.is_empty()).then(|| SiteContact {
        name: row.name,
        address: row.address.lines().map(str::to_owned).collect(),
        email: row.email,
        phone: row.phone,
        vat_id: row.vat_id,
    }))
}

/// Whether the operator has published terms (Checkout links them then).
pub async fn has_terms(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(!texts(db).await?.terms.trim().is_empty())
}

/// The three texts as written (the admin's form).
pub async fn texts(db: &impl ConnectionTrait) -> Result<LegalForm, DbErr> {
    Ok(operator::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|row| LegalForm {
            imprint: row.imprint_md,
            privacy: row.privacy_md,
            terms: row.terms_md,
        })
        .unwrap_or_default())
}

/// Saves the three texts.
pub async fn save_texts(
    db: &impl ConnectionTrait,
    texts: &LegalForm,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    operator::Entity::insert(operator::ActiveModel {
        id: Set(1),
        imprint_md: Set(texts.imprint.clone()),
        privacy_md: Set(texts.privacy.clone()),
        terms_md: Set(texts.terms.clone()),
        updated_at: Set(Some(now)),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(operator::Column::Id)
            .update_columns([
                operator::Column::ImprintMd,
                operator::Column::PrivacyMd,
                operator::Column::TermsMd,
                operator::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Page `kind` as served.
pub async fn page(db: &impl ConnectionTrait, kind: LegalKind) -> Result<LegalPage, DbErr> {
    let texts = texts(db).await?;
    let markdown = match kind {
        LegalKind::Imprint => &texts.imprint,
        LegalKind::Privacy => &texts.privacy,
        LegalKind::Terms => &texts.terms,
    };
    Ok(LegalPage {
        kind,
        html: render(markdown),
        contact: contact(db).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_renders_as_people_write_it() {
        let html = render(
            "## Who we are\n\nKursraum GmbH, **Berlin**.\n\n- [Mail us](mailto:hi@example.com)\n- [Our site](https://example.com)",
        );
        assert!(html.contains("<h2>Who we are</h2>"), "{html}");
        assert!(html.contains("<strong>Berlin</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="mailto:hi@example.com">Mail us</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="https://example.com">Our site</a>"#),
            "{html}"
        );
    }

    #[test]
    fn no_markup_of_its_own_gets_through() {
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "hello <b onmouseover=alert(1)>there</b>",
            "[click](javascript:alert(1))",
            "[click](JavaScript:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "[click](//evil.example/x)",
            "![pixel](https://tracker.example/p.gif)",
            "<iframe src=https://evil.example></iframe>",
            "[x](\"onmouseover=alert(1))",
        ];
        for attack in attacks {
            let html = render(attack);
            let lower = html.to_ascii_lowercase();
            for bad in [
                "<script",
                "<img",
                "<iframe",
                "<b ",
                "javascript:",
                "data:text",
                "href=\"//",
                "tracker.example",
            ] {
                assert!(!lower.contains(bad), "{attack:?} gave {html}");
            }
        }
        // The words of a dropped link or picture stay.
        assert!(render("[click](javascript:alert(1))").contains("click"));
        assert!(render("![our studio](https://x.example/s.jpg)").contains("our studio"));
    }
}
