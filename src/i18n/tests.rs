use super::format::{self, Shown};
use super::*;
use crate::money::{Currency, Money};
use crate::venue::{VenueTime, ZoneAt};
use chrono::TimeZone;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const NBSP: char = '\u{a0}';

#[test]
fn money_is_written_as_each_language_writes_it() {
    let price = Money::from_minor(4900, Currency::Eur);
    assert_eq!(format::money(Lang::De, price), format!("49,00{NBSP}€"));
    assert_eq!(format::money(Lang::En, price), "€49.00");
    let big = Money::from_minor(125_000, Currency::Eur);
    assert_eq!(format::money(Lang::De, big), format!("1.250,00{NBSP}€"));
    assert_eq!(format::money(Lang::En, big), "€1,250.00");
    // No minor unit in yen.
    let yen = Money::from_minor(5000, Currency::Jpy);
    assert_eq!(format::money(Lang::De, yen), format!("5.000{NBSP}¥"));
    assert_eq!(format::money(Lang::En, yen), "JP¥5,000");
}

#[test]
fn numbers_are_grouped_as_each_language_groups_them() {
    assert_eq!(format::number(Lang::De, 1250), "1.250");
    assert_eq!(format::number(Lang::En, 1250), "1,250");
}

fn berlin(at: chrono::DateTime<chrono::Utc>, offset_hours: i32) -> VenueTime {
    VenueTime {
        at,
        zone: ZoneAt {
            offset_seconds: offset_hours * 3600,
            abbreviation: String::new(),
            name: "Europe/Berlin".into(),
        },
    }
}

#[test]
fn a_course_time_is_at_the_venue_with_the_zone_named_in_each_language() {
    // 18:00 in Berlin on a winter Saturday, and in summer.
    let winter = berlin(
        chrono::Utc
            .with_ymd_and_hms(2026, 12, 12, 17, 0, 0)
            .unwrap(),
        1,
    );
    let summer = berlin(
        chrono::Utc.with_ymd_and_hms(2027, 7, 3, 16, 0, 0).unwrap(),
        2,
    );
    assert_eq!(
        format::venue_time(Lang::De, &winter, Shown::DateTime),
        "Sa., 12.12.2026, 18:00 MEZ"
    );
    assert_eq!(
        format::venue_time(Lang::En, &winter, Shown::DateTime),
        "Sat, 12 Dec 2026, 18:00 CET"
    );
    assert_eq!(
        format::venue_time(Lang::De, &summer, Shown::Time),
        "18:00 MESZ"
    );
    assert_eq!(
        format::venue_time(Lang::En, &summer, Shown::Time),
        "18:00 CEST"
    );
    assert_eq!(
        format::venue_time(Lang::De, &winter, Shown::Date),
        "12.12.2026"
    );
    assert_eq!(
        format::venue_time(Lang::En, &winter, Shown::Date),
        "12 Dec 2026"
    );
    // A zone a language has no short name for: the tz database's, if it
    // has one, else the offset.
    let tokyo = |abbreviation: &str| VenueTime {
        at: chrono::Utc.with_ymd_and_hms(2026, 12, 12, 9, 0, 0).unwrap(),
        zone: ZoneAt {
            offset_seconds: 9 * 3600,
            abbreviation: abbreviation.into(),
            name: "Asia/Tokyo".into(),
        },
    };
    assert_eq!(
        format::venue_time(Lang::De, &tokyo("JST"), Shown::Time),
        "18:00 JST"
    );
    assert_eq!(
        format::venue_time(Lang::En, &tokyo("JST"), Shown::Time),
        "18:00 JST"
    );
    assert_eq!(
        format::venue_time(Lang::De, &tokyo("+09"), Shown::Time),
        "18:00 GMT+9"
    );
    let utc = chrono::Utc.with_ymd_and_hms(2026, 12, 12, 9, 0, 0).unwrap();
    assert_eq!(format::utc_time(Lang::En, utc, Shown::Time), "09:00 UTC");
    assert_eq!(format::utc_time(Lang::De, utc, Shown::Time), "09:00 UTC");
}

#[test]
fn plurals_follow_each_language() {
    assert_eq!(t!(Lang::De, "seats-left", count = 1u32), "1 Platz frei");
    assert_eq!(t!(Lang::De, "seats-left", count = 3u32), "3 Plätze frei");
    assert_eq!(t!(Lang::En, "seats-left", count = 1u32), "1 seat left");
    assert_eq!(t!(Lang::En, "seats-left", count = 3u32), "3 seats left");
    assert_eq!(
        t!(
            Lang::De,
            "catalog-count",
            count = 1250u64,
            shown = format::number(Lang::De, 1250)
        ),
        "1.250 Kurse"
    );
}

#[test]
fn the_reader_s_language_comes_from_their_browser_when_they_have_not_chosen() {
    assert_eq!(Lang::negotiate("de-DE,de;q=0.9,en;q=0.8"), Lang::De);
    assert_eq!(Lang::negotiate("de-AT"), Lang::De);
    assert_eq!(Lang::negotiate("fr-FR,de;q=0.5,en;q=0.7"), Lang::En);
    assert_eq!(Lang::negotiate("fr-FR,de;q=0.5"), Lang::De);
    assert_eq!(Lang::negotiate("fr"), Lang::En);
    assert_eq!(Lang::negotiate(""), Lang::En);
    assert_eq!(Lang::negotiate("*"), Lang::En);
    assert_eq!(Lang::negotiate("de;q=0, en;q=0.1"), Lang::En);
    assert_eq!(Lang::negotiate("en;q=0.2, de-CH;q=0.9"), Lang::De);
    assert_eq!(Lang::parse("DE"), Some(Lang::De));
    assert_eq!(Lang::parse("en-US"), Some(Lang::En));
    assert_eq!(Lang::parse("xx"), None);
    assert_eq!(Lang::De.own_name(), "Deutsch");
}

/// Every message of a language: its placeholders, or why it is unusable.
fn messages(lang: Lang) -> BTreeMap<String, Result<BTreeSet<String>, String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang.tag());
    let mut all = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .ftl files in {}", dir.display());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", file.display()));
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let checked = match &m.value {
                    Some(pattern) => {
                        let mut vars = BTreeSet::new();
                        let mut text = String::new();
                        walk(pattern, &mut vars, &mut text);
                        if text.trim().is_empty() && vars.is_empty() {
                            Err("empty".to_owned())
                        } else {
                            Ok(vars)
                        }
                    }
                    None => Err("no value".to_owned()),
                };
                let id = m.id.name.to_owned();
                assert!(
                    all.insert(id.clone(), checked).is_none(),
                    "{id} is defined twice in {}",
                    lang.tag()
                );
            }
        }
    }
    all
}

fn walk(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>, text: &mut String) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => text.push_str(value),
            ast::PatternElement::Placeable { expression } => expr(expression, vars, text),
        }
    }
}

fn expr(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>, text: &mut String) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline(selector, vars, text);
            for v in variants {
                walk(&v.value, vars, text);
            }
        }
        ast::Expression::Inline(i) => inline(i, vars, text),
    }
}

fn inline(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>, text: &mut String) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expr(expression, vars, text),
        ast::InlineExpression::StringLiteral { value } => text.push_str(value),
        _ => text.push('·'),
    }
}

#[test]
fn every_language_has_every_message_with_the_same_placeholders() {
    let english = messages(Lang::En);
    let mut wrong = Vec::new();
    for lang in Lang::ALL {
        let theirs = if lang == Lang::En {
            english.clone()
        } else {
            messages(lang)
        };
        for (id, checked) in &theirs {
            match (checked, english.get(id)) {
                (Err(why), _) => wrong.push(format!("{}: {id} is {why}", lang.tag())),
                (Ok(_), None) => wrong.push(format!("{}: {id} is not in English", lang.tag())),
                (Ok(vars), Some(Ok(en))) if vars != en => wrong.push(format!(
                    "{}: {id} has placeholders {vars:?}, English {en:?}",
                    lang.tag()
                )),
                _ => {}
            }
        }
        for id in english.keys().filter(|id| !theirs.contains_key(*id)) {
            wrong.push(format!("{}: {id} is missing", lang.tag()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
