//! `/admin/courses/new` and `/admin/courses/{id}`: create and edit a course.

use crate::api::admin::{SaveCourse, admin_course};
use crate::components::forms::{Answer, Field, INPUT_CLASS, SubmitButton, focus_on_refusal, typed};
use crate::components::guard::RequireUser;
use crate::i18n::{Lang, lang, t};
use crate::pages::admin::split_around_link;
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use tessera::course::{CourseToEdit, Meeting};
use tessera::course_input::{MeetingForm, format_local_datetime, meeting_field};
use tessera::venue::{SUGGESTED_ZONES, VenueTime};
use tessera::{CourseId, CourseSummary, Currency};

/// What the form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    New,
    /// The same course on other dates (`?run_of=` the course it copies).
    AnotherRunOf(CourseId),
    Edit(CourseId),
}

/// Create or edit, depending on the path; `?run_of=` adds another date of a
/// course, its fields copied.
#[component]
pub fn CourseFormPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let purpose = move || {
        let id = params
            .read()
            .get("id")
            .and_then(|s| s.parse::<CourseId>().ok());
        let run_of = query
            .read()
            .get("run_of")
            .and_then(|s| s.parse::<CourseId>().ok());
        match (id, run_of) {
            (Some(id), _) => Purpose::Edit(id),
            (None, Some(source)) => Purpose::AnotherRunOf(source),
            (None, None) => Purpose::New,
        }
    };
    let existing = Resource::new(purpose, |purpose| async move {
        let topics = crate::api::catalog::catalog_topics().await?;
        match purpose {
            Purpose::Edit(id) | Purpose::AnotherRunOf(id) => {
                admin_course(id).await.map(|c| (Some(c), topics))
            }
            Purpose::New => Ok((None, topics)),
        }
    });
    let lang = lang();
    view! {
        <RequireUser admin=true>
            <a href="/admin/courses" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "all-courses")}</a>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    let purpose = purpose();
                    match existing.await {
                        Ok((Some(CourseToEdit { course, texts, vat_rate, topic, meetings }), topics)) => {
                            let picture = matches!(purpose, Purpose::Edit(_)).then(|| (course.id, course.picture.clone()));
                            view! {
                                <CourseEditor course=Some(course) texts vat_rate topic topics meetings purpose />
                                {picture.map(|(id, picture)| view! { <PictureBox id picture /> })}
                            }.into_any()
                        }
                        Ok((None, topics)) => view! { <CourseEditor course=None texts=Vec::new() vat_rate=None topic=None topics meetings=Vec::new() purpose /> }.into_any(),
                        Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Suspense>
            {move || match purpose() {
                Purpose::Edit(id) => Some(view! { <Instructors id /> }),
                _ => None,
            }}
        </RequireUser>
    }
}

/// Who teaches the course: each instructor with a button to add or take
/// them off (one press each, saved at once).
#[component]
fn Instructors(id: CourseId) -> impl IntoView {
    use crate::api::teaching::{SetCourseInstructor, course_instructors};
    let set = ServerAction::<SetCourseInstructor>::new();
    let list = Resource::new(move || set.version().get(), move |_| course_instructors(id));
    let lang = lang();
    view! {
        <section class="mt-8 max-w-2xl rounded-xl border border-stone-200 bg-white p-6 shadow-sm" aria-labelledby="instructors-heading" data-testid="instructors">
            <h2 id="instructors-heading" class="font-semibold">{t!(lang, "admin-instructors")}</h2>
            <p class="mt-1 text-sm text-stone-600">{t!(lang, "admin-instructors-lead")}</p>
            {move || set.value().get().and_then(Result::err).map(|e| view! { <div class="mt-3"><ErrorNotice error=e /></div> })}
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok((all, _)) if all.is_empty() => view! {
                            <p class="mt-3 text-sm text-stone-600">{t!(lang, "admin-no-instructors")}</p>
                        }.into_any(),
                        Ok((all, assigned)) => view! {
                            <ul class="mt-3 divide-y divide-stone-100">
                                {all.into_iter().map(|t| {
                                    let teaches = assigned.contains(&t.id);
                                    view! {
                                        <li class="flex items-center justify-between gap-3 py-2 text-sm">
                                            <span>{t.name.clone()}{teaches.then(|| format!(" · {}", t!(lang, "admin-teaches-this-course")))}</span>
                                            <ActionForm action=set>
                                                <input type="hidden" name="id" value=id.to_string() />
                                                <input type="hidden" name="instructor" value=t.id.to_string() />
                                                <input type="hidden" name="teaches" value=(!teaches).to_string() />
                                                <button type="submit" class="rounded-lg border border-stone-300 px-3 py-1.5 font-semibold hover:border-teal-600">
                                                    {if teaches { t!(lang, "admin-instructor-take-off", name = &t.name) } else { t!(lang, "admin-instructor-assign", name = &t.name) }}
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <div class="mt-3"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The course's picture: a plain multipart form (it works without
/// JavaScript), answered by a redirect back here that says what happened.
#[component]
fn PictureBox(id: CourseId, picture: Option<tessera::picture::CoursePicture>) -> impl IntoView {
    let query = use_query_map();
    let lang = lang();
    let said = move || {
        let said = query.read().get("picture")?;
        let (good, id) = match said.as_str() {
            "saved" => (true, "admin-picture-saved"),
            "removed" => (true, "admin-picture-removed"),
            "too_big" => (false, "admin-picture-too-big"),
            "not_a_picture" => (false, "admin-picture-not-a-picture"),
            "too_small" => (false, "admin-picture-too-small"),
            "missing" => (false, "admin-picture-missing"),
            "alt_missing" => (false, "admin-picture-alt-missing"),
            "alt_too_long" => (false, "admin-picture-alt-too-long"),
            "alt_control" => (false, "admin-picture-alt-control"),
            _ => return None,
        };
        Some((good, t!(lang, id)))
    };
    let alt = picture.as_ref().map(|p| p.alt.clone()).unwrap_or_default();
    let has_picture = picture.is_some();
    view! {
        <section id="picture" class="mt-8 max-w-2xl space-y-3 rounded-xl border border-stone-200 bg-white p-6 shadow-sm" aria-labelledby="picture-heading" data-testid="picture-box">
            <h2 id="picture-heading" class="font-semibold">{t!(lang, "admin-picture")}</h2>
            {picture.map(|p| view! {
                <img src=p.smallest() srcset=p.srcset() sizes="24rem" width="480" height="320" alt=p.alt.clone() class="aspect-[3/2] w-full max-w-sm rounded-lg object-cover" />
            })}
            {move || said().map(|(good, text)| view! {
                <p role=if good { "status" } else { "alert" } tabindex="-1" class=if good { "text-sm text-emerald-700" } else { "rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800" } data-testid="picture-said">{text}</p>
            })}
            <form method="post" action=format!("/admin/courses/{id}/picture") enctype="multipart/form-data" class="grid gap-3">
                <div>
                    <label for="picture-file" class="block text-sm font-medium text-stone-700">{t!(lang, if has_picture { "admin-picture-file-new" } else { "admin-picture-file" })}</label>
                    <input id="picture-file" name="picture" type="file" accept="image/jpeg,image/png,image/webp" required=!has_picture class="mt-1 block text-sm" aria-describedby="picture-file-hint" />
                    <p id="picture-file-hint" class="mt-1 text-xs text-stone-500">{t!(lang, "admin-picture-file-hint")}</p>
                </div>
                <div>
                    <label for="picture-alt" class="block text-sm font-medium text-stone-700">{t!(lang, "admin-picture-alt")}</label>
                    <input id="picture-alt" name="alt" type="text" maxlength="200" required value=alt class=INPUT_CLASS aria-describedby="picture-alt-hint" />
                    <p id="picture-alt-hint" class="mt-1 text-xs text-stone-500">{t!(lang, "admin-picture-alt-hint")}</p>
                </div>
                <div>
                    <button type="submit" class="btn-secondary">{t!(lang, "admin-picture-save")}</button>
                </div>
            </form>
            {has_picture.then(|| view! {
                <form method="post" action=format!("/admin/courses/{id}/picture/remove")>
                    <button type="submit" class="text-sm font-semibold text-rose-700 hover:underline">{t!(lang, "admin-picture-remove")}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn CourseEditor(
    course: Option<CourseSummary>,
    texts: Vec<tessera::course::CourseText>,
    vat_rate: Option<tessera::invoice::VatRate>,
    topic: Option<tessera::TopicId>,
    topics: Vec<tessera::topic::Topic>,
    meetings: Vec<Meeting>,
    purpose: Purpose,
) -> impl IntoView {
    // Saved, the server sends the browser on to the course list.
    let action = ServerAction::<SaveCourse>::new();
    let lang = lang();
    let failure = move || action.value().get().and_then(Result::err);
    // A refusal about the form as a whole is an `Answer`, which takes the
    // focus itself.
    focus_on_refusal(
        failure,
        &[
            ("title", "form[title]"),
            ("description", "form[description]"),
            ("location", "form[location]"),
            ("price", "form[price]"),
            ("currency", "form[currency]"),
            ("capacity", "form[capacity]"),
            ("seats_per_booking", "form[seats_per_booking]"),
            ("vat_rate", "form[vat_rate]"),
            ("topic", "form[topic]"),
            ("time_zone", "form[time_zone]"),
        ],
        NodeRef::new(),
    );
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let editing = matches!(purpose, Purpose::Edit(_));
    let c = course.clone();
    let text = move |f: fn(&CourseSummary) -> String| {
        let c = c.clone();
        Signal::derive(move || c.as_ref().map(f).unwrap_or_default())
    };
    let title = text(|c| c.title.clone());
    let location = text(|c| c.location.clone());
    let price = text(|c| c.price.money().decimal_string());
    let capacity = course
        .as_ref()
        .map(|c| c.capacity.to_string())
        .unwrap_or_else(|| "12".to_owned());
    let per_booking = course
        .as_ref()
        .map(|c| c.seats_per_booking.to_string())
        .unwrap_or_else(|| tessera::quote::DEFAULT_SEATS_PER_BOOKING.to_string());
    // A refused form comes back with what was typed (`Field`s find theirs).
    let description = typed("form[description]").unwrap_or_else(|| {
        course
            .as_ref()
            .map(|c| c.description.clone())
            .unwrap_or_default()
    });
    // Written in the admin's language unless the course says otherwise;
    // below it, a title and description for each other language.
    let written_in = typed("form[language]")
        .and_then(|tag| Lang::parse(&tag))
        .or_else(|| course.as_ref().map(|c| c.written_in))
        .unwrap_or(lang);
    let others: Vec<(usize, Lang, String, String)> = Lang::ALL
        .into_iter()
        .filter(|l| *l != written_in)
        .enumerate()
        .map(|(i, l)| {
            let saved = texts.iter().find(|t| t.lang == l);
            let title = typed(&format!("form[texts][{i}][title]"))
                .or_else(|| saved.map(|t| t.title.clone()))
                .unwrap_or_default();
            let description = typed(&format!("form[texts][{i}][description]"))
                .or_else(|| saved.map(|t| t.description.clone()))
                .unwrap_or_default();
            (i, l, title, description)
        })
        .collect();
    let currency = typed("form[currency]")
        .and_then(|code| Currency::ALL.into_iter().find(|c| c.code() == code))
        .or_else(|| course.as_ref().map(|c| c.price.money().currency()))
        .unwrap_or(Currency::Eur);
    let topic = match typed("form[topic]") {
        Some(id) => id.parse().ok(),
        None => topic,
    };
    // Times are entered at the venue's clock, in the zone chosen beside
    // them; a new course starts with the admin's own zone.
    // Another date starts with the copied meetings moved on by whole weeks,
    // past the last one (at the venue's clock, so across a change of the
    // clocks they keep their hour).
    let weeks = match (purpose, meetings.first(), meetings.last()) {
        (Purpose::AnotherRunOf(_), Some(first), Some(last)) => {
            let days = (last.ends_at - first.starts_at).num_days();
            days / 7 + 1
        }
        _ => 0,
    };
    let moved = |t: VenueTime| {
        let local = t.local().naive_local() + chrono::Duration::weeks(weeks);
        format_local_datetime(local)
    };
    let meetings: Vec<MeetingForm> = meetings
        .iter()
        .map(|m| MeetingForm {
            starts_at: moved(m.starts()),
            ends_at: moved(m.ends()),
            place: m.place.clone().unwrap_or_default(),
        })
        .collect();
    let meetings = typed_meetings().unwrap_or(meetings);
    // A new course starts in the browser's zone; without JavaScript, in the
    // admin's account's (never blank, which the form refuses).
    let is_new = course.is_none();
    let me = crate::components::guard::signed_in();
    let start_zone = course
        .as_ref()
        .map(|c| c.time_zone.clone())
        .or_else(|| me.get_untracked().map(|u| u.time_zone))
        .unwrap_or_default();
    let zone = RwSignal::new(start_zone);
    let heading = match (purpose, &course) {
        (Purpose::Edit(_), _) => t!(lang, "admin-edit-course"),
        (Purpose::AnotherRunOf(_), Some(c)) => {
            t!(lang, "admin-another-date-for", title = &c.title)
        }
        _ => t!(lang, "admin-new-course"),
    };
    let (topic_before, topic_after) =
        split_around_link(&t!(lang, "admin-course-topic-hint", link = "{link}"));
    view! {
        <Title text=t!(lang, if editing { "admin-title-edit-course" } else { "admin-title-new-course" }) />
        <div class="mt-4 flex flex-wrap items-baseline justify-between gap-3">
            <h1 class="text-2xl font-semibold tracking-tight">{heading}</h1>
            {match purpose {
                Purpose::Edit(id) => Some(view! {
                    <a href=format!("/admin/courses/new?run_of={id}") class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "admin-add-another-date")}</a>
                }),
                _ => None,
            }}
        </div>
        {(!editing).then(|| view! { <p class="mt-1 text-sm text-stone-600">{t!(lang, "admin-new-course-lead")}</p> })}
        {matches!(purpose, Purpose::AnotherRunOf(_)).then(|| view! {
            <p class="mt-1 text-sm text-stone-600">{t!(lang, "admin-another-date-lead")}</p>
        })}
        <ActionForm action attr:novalidate=true attr:class="mt-6 grid max-w-2xl gap-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm sm:grid-cols-2">
            {match purpose {
                Purpose::Edit(id) => Some(view! { <input type="hidden" name="id" value=id.to_string() /> }.into_any()),
                Purpose::AnotherRunOf(source) => Some(view! { <input type="hidden" name="run_of" value=source.to_string() /> }.into_any()),
                Purpose::New => None,
            }}
            <div class="sm:col-span-2"><Field label=t!(lang, "admin-course-title") name="form[title]" error=field("title") value=title /></div>
            <div class="sm:col-span-2">
                <label for="form[description]" class="block text-sm font-medium text-stone-700">{t!(lang, "admin-course-description")}</label>
                <textarea id="form[description]" name="form[description]" rows="5" class=INPUT_CLASS
                    aria-invalid=move || if field("description").get().is_some() { "true" } else { "false" }
                    aria-describedby="form[description]-error">{textarea_text(description)}</textarea>
                <p id="form[description]-error" class="mt-1 text-sm text-rose-700" data-field-error="form[description]">{move || field("description").get()}</p>
            </div>
            <div>
                <label for="form[language]" class="block text-sm font-medium text-stone-700">{t!(lang, "admin-course-language")}</label>
                <select id="form[language]" name="form[language]" class=INPUT_CLASS>
                    {Lang::ALL.into_iter().map(|l| view! { <option value=l.tag() lang=l.tag() selected=l == written_in>{l.own_name()}</option> }).collect_view()}
                </select>
                <p class="mt-1 text-sm text-rose-700">{move || field("language").get()}</p>
            </div>
            {others.into_iter().map(|(i, other, title, description)| {
                let name = |part: &str| format!("form[texts][{i}][{part}]");
                let error = move |part: &'static str| Signal::derive(move || failure().and_then(|e| e.0.field(&format!("texts[{i}][{part}]")).map(str::to_owned)));
                let in_other = t!(lang, &format!("language-{}", other.tag()));
                view! {
                    <fieldset class="sm:col-span-2 rounded-lg border border-stone-200 p-4" data-testid="course-text-other">
                        <legend class="px-1 text-sm font-medium text-stone-700">{t!(lang, "admin-course-in-other", language = in_other.clone())}</legend>
                        <p class="text-sm text-stone-600">{t!(lang, "admin-course-in-other-hint")}</p>
                        <input type="hidden" name=name("lang") value=other.tag() />
                        <div class="mt-3">
                            <label for=name("title") class="block text-sm font-medium text-stone-700">{t!(lang, "admin-course-title-in", language = in_other.clone())}</label>
                            <input id=name("title") name=name("title") lang=other.tag() class=INPUT_CLASS value=title
                                aria-invalid=move || if error("title").get().is_some() { "true" } else { "false" } />
                            <p class="mt-1 text-sm text-rose-700" data-field-error=name("title")>{move || error("title").get()}</p>
                        </div>
                        <div class="mt-3">
                            <label for=name("description") class="block text-sm font-medium text-stone-700">{t!(lang, "admin-course-description-in", language = in_other)}</label>
                            <textarea id=name("description") name=name("description") rows="4" lang=other.tag() class=INPUT_CLASS>{description}</textarea>
                            <p class="mt-1 text-sm text-rose-700">{move || error("description").get()}</p>
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <div class="sm:col-span-2"><Field label=t!(lang, "admin-course-location") name="form[location]" error=field("location") value=location /></div>
            <Field label=t!(lang, "admin-course-price") name="form[price]" error=field("price") value=price hint=t!(lang, "admin-course-price-hint") />
            <div>
                <label for="form[currency]" class="block text-sm font-medium text-stone-700">{t!(lang, "admin-currency")}</label>
                <select id="form[currency]" name="form[currency]" class=INPUT_CLASS>
                    {Currency::ALL.into_iter().map(|c| view! { <option value=c.code() selected=c == currency>{c.code()}</option> }).collect_view()}
                </select>
                <p class="mt-1 text-sm text-rose-700">{move || field("currency").get()}</p>
            </div>
            <Field label=t!(lang, "admin-course-seats") name="form[capacity]" kind="number" error=field("capacity") value=capacity />
            <Field label=t!(lang, "admin-course-per-booking") name="form[seats_per_booking]" kind="number" error=field("seats_per_booking") value=per_booking hint=t!(lang, "admin-course-per-booking-hint") />
            <Field label=t!(lang, "admin-vat-rate") name="form[vat_rate]" error=field("vat_rate") value=Signal::derive(move || vat_rate.map(|r| r.to_string().trim_end_matches(" %").to_owned()).unwrap_or_default()) hint=t!(lang, "admin-course-vat-hint") />
            <div>
                <label for="form[topic]" class="block text-sm font-medium text-stone-700">{t!(lang, "admin-course-topic")}</label>
                <select id="form[topic]" name="form[topic]" class=INPUT_CLASS aria-describedby="form[topic]-hint"
                    aria-invalid=move || if field("topic").get().is_some() { "true" } else { "false" }>
                    <option value="">{t!(lang, "admin-course-no-topic")}</option>
                    {topics.into_iter().map(|t| {
                        let chosen = topic == Some(t.id);
                        view! { <option value=t.id.to_string() selected=chosen>{t.name}</option> }
                    }).collect_view()}
                </select>
                <p id="form[topic]-hint" class="mt-1 text-xs text-stone-500">{topic_before} <a href="/admin/topics" class="font-semibold text-teal-700 hover:underline">{t!(lang, "admin-topics")}</a> {topic_after}</p>
                <p class="mt-1 text-sm text-rose-700" data-field-error="form[topic]">{move || field("topic").get()}</p>
            </div>
            <MeetingRows initial=meetings failure=failure() words=MeetingWords::new(lang) />
            <div class="sm:col-span-2">
                <Field label=t!(lang, "admin-course-zone") name="form[time_zone]" error=field("time_zone") value=zone list="venue-zones" browser_zone=is_new hint=t!(lang, "admin-course-zone-hint") />
                <datalist id="venue-zones">
                    {SUGGESTED_ZONES.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                </datalist>
            </div>
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <div class="sm:col-span-2">
                    <Answer refused=true class="rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</Answer>
                </div>
            })}
            <div class="sm:col-span-2">
                <SubmitButton pending=action.pending() label=t!(lang, if editing { "admin-save-changes" } else { "admin-create-course" }) busy=t!(lang, "admin-saving") />
            </div>
        </ActionForm>
    }
}

/// The meeting rows a refused form had, if this page is the way back.
fn typed_meetings() -> Option<Vec<MeetingForm>> {
    let rows: Vec<MeetingForm> = (0..tessera::course_input::MAX_MEETINGS + 1)
        .map(|row| {
            // The row's names as `MeetingRows` writes them.
            let input = |name| typed(&format!("form[meetings][{row}][{name}]"));
            (input("starts_at"), input("ends_at"), input("place"))
        })
        .take_while(|(s, e, p)| s.is_some() || e.is_some() || p.is_some())
        .map(|(s, e, p)| MeetingForm {
            starts_at: s.unwrap_or_default(),
            ends_at: e.unwrap_or_default(),
            place: p.unwrap_or_default(),
        })
        .filter(|m| m != &MeetingForm::default())
        .collect();
    (!rows.is_empty()).then_some(rows)
}

/// The meeting rows' words in the page's language: an island is handed
/// its words. `{n}` in each stands for the meeting's number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingWords {
    meetings: String,
    note: String,
    starts: String,
    ends: String,
    place: String,
    remove: String,
    add: String,
}

impl MeetingWords {
    fn new(lang: Lang) -> MeetingWords {
        MeetingWords {
            meetings: t!(lang, "admin-meetings"),
            note: t!(lang, "admin-meetings-note"),
            starts: t!(lang, "admin-meeting-starts", number = "{n}"),
            ends: t!(lang, "admin-meeting-ends", number = "{n}"),
            place: t!(lang, "admin-meeting-place", number = "{n}"),
            remove: t!(lang, "admin-meeting-remove", number = "{n}"),
            add: t!(lang, "admin-meeting-add"),
        }
    }
}

/// A row's words with its number (from 1) in place of `{n}`.
fn numbered(words: &str, index: usize) -> String {
    words.replace("{n}", &(index + 1).to_string())
}

/// One meeting's inputs, with the signals that hold them.
#[derive(Clone, Copy)]
struct Row {
    key: u32,
    starts: RwSignal<String>,
    ends: RwSignal<String>,
    place: RwSignal<String>,
}

impl Row {
    fn new(key: u32, m: MeetingForm) -> Row {
        Row {
            key,
            starts: RwSignal::new(m.starts_at),
            ends: RwSignal::new(m.ends_at),
            place: RwSignal::new(m.place),
        }
    }
}

/// The course's meetings, a row each. Without JavaScript there is one
/// empty row more than the course has (fill it in to add a meeting, clear
/// a row to remove one); with it, "Add a meeting" adds a row a week after
/// the last and each row has its own "Remove" (an island). `failure` is the
/// form's refusal, if the page shows one.
// Lazy: its code is a chunk fetched by the pages that have it.
#[island(lazy)]
fn MeetingRows(
    initial: Vec<MeetingForm>,
    failure: Option<crate::error::AppError>,
    words: MeetingWords,
) -> impl IntoView {
    let failure = Signal::stored(failure);
    let legend = words.meetings.clone();
    let note = words.note.clone();
    let add_label = words.add.clone();
    let words = StoredValue::new(words);
    let mut initial = initial;
    initial.push(MeetingForm::default());
    let next_key = StoredValue::new(initial.len() as u32);
    let rows = RwSignal::new(
        initial
            .into_iter()
            .enumerate()
            .map(|(i, m)| Row::new(i as u32, m))
            .collect::<Vec<_>>(),
    );
    // The buttons work only with JavaScript: shown once hydrated.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let add = move |_| {
        let last = rows.with_untracked(|r| {
            r.iter()
                .rev()
                .find(|r| !r.starts.get_untracked().is_empty())
                .copied()
        });
        let week_later = |text: String| {
            tessera::course_input::parse_local_datetime(&text)
                .map(|t| format_local_datetime(t + chrono::Duration::weeks(1)))
                .unwrap_or_default()
        };
        let m = last
            .map(|r| MeetingForm {
                starts_at: week_later(r.starts.get_untracked()),
                ends_at: week_later(r.ends.get_untracked()),
                place: String::new(),
            })
            .unwrap_or_default();
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| {
            // Fill the empty row left for the no-JavaScript form first.
            match r.last() {
                Some(blank)
                    if blank.starts.get_untracked().is_empty()
                        && blank.ends.get_untracked().is_empty() =>
                {
                    blank.starts.set(m.starts_at);
                    blank.ends.set(m.ends_at);
                }
                _ => r.push(Row::new(key, m)),
            }
        });
    };
    view! {
        <fieldset class="sm:col-span-2">
            <legend class="block text-sm font-medium text-stone-700">{legend}</legend>
            <p class="mt-1 text-sm text-stone-500">{note}</p>
            <ol class="mt-3 space-y-4">
                <ForEnumerate each=move || rows.get() key=|r| r.key children=move |index, row| {
                    let name = move |input: &'static str| {
                        let field = meeting_field(index.get(), input);
                        let (head, rest) = field.split_once('[').unwrap_or((&field, ""));
                        format!("form[{head}][{rest}")
                    };
                    let error = move |input: &'static str| {
                        move || failure.get().and_then(|e| e.0.field(&meeting_field(index.get(), input)).map(str::to_owned))
                    };
                    let remove = move |_| rows.update(|r| r.retain(|other| other.key != row.key));
                    view! {
                        <li class="grid gap-3 rounded-lg border border-stone-200 p-3 sm:grid-cols-2" data-testid="meeting-row">
                            <MeetingInput label=move || words.with_value(|w| numbered(&w.starts, index.get())) name=move || name("starts_at") kind="datetime-local" value=row.starts error=error("starts_at") />
                            <MeetingInput label=move || words.with_value(|w| numbered(&w.ends, index.get())) name=move || name("ends_at") kind="datetime-local" value=row.ends error=error("ends_at") />
                            <div class="sm:col-span-2">
                                <MeetingInput label=move || words.with_value(|w| numbered(&w.place, index.get())) name=move || name("place") kind="text" value=row.place error=error("place") />
                            </div>
                            {move || (hydrated.get() && rows.with(|r| r.len() > 1)).then(|| view! {
                                <div class="sm:col-span-2">
                                    <button type="button" class="text-sm font-medium text-rose-700 hover:underline" on:click=remove>
                                        {move || words.with_value(|w| numbered(&w.remove, index.get()))}
                                    </button>
                                </div>
                            })}
                        </li>
                    }
                } />
            </ol>
            {move || hydrated.get().then(|| view! {
                <button type="button" class="mt-3 rounded-lg border border-stone-300 px-3 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-50" on:click=add>
                    {add_label.clone()}
                </button>
            })}
        </fieldset>
    }
}

/// A labelled input whose name follows its row's place in the list.
#[component]
fn MeetingInput(
    label: impl Fn() -> String + Send + Sync + Copy + 'static,
    name: impl Fn() -> String + Send + Sync + Copy + 'static,
    kind: &'static str,
    value: RwSignal<String>,
    error: impl Fn() -> Option<String> + Send + Sync + Copy + 'static,
) -> impl IntoView {
    view! {
        <div>
            <label for=name class="block text-sm font-medium text-stone-700">{label}</label>
            <input id=name name=name type=kind class=INPUT_CLASS
                value=move || value.get()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                // The page the refused form comes back to starts here if
                // this is the first field at fault.
                autofocus=move || error().is_some()
                aria-describedby=move || format!("{}-error", name()) />
            <p id=move || format!("{}-error", name()) class="mt-1 text-sm text-rose-700" data-field-error=name>{error}</p>
        </div>
    }
}

/// A `<textarea>`'s text as the page carries it. Leptos writes a textarea's
/// children into the HTML unescaped, so stored text holding `</textarea>`
/// would end the field and the rest would be markup: the server escapes it
/// (the browser's parser turns it back into the same text). In the browser
/// the text becomes a text node, which is never parsed.
fn textarea_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    let text = html_escape::encode_text(&text).into_owned();
    text
}
