//! `/admin/courses/new` and `/admin/courses/{id}`: create and edit a course.

use crate::api::admin::{SaveCourse, admin_course};
use crate::components::forms::{Answer, Field, INPUT_CLASS, SubmitButton, focus_on_refusal};
use crate::components::guard::RequireUser;
use crate::components::local_time::browser_time_zone;
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use tessera::course_input::format_local_datetime;
use tessera::venue::{SUGGESTED_ZONES, VenueTime};
use tessera::{CourseId, CourseSummary, Currency};

/// Create or edit, depending on the path.
#[component]
pub fn CourseFormPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<CourseId>().ok())
    };
    let existing = Resource::new(id, |id| async move {
        match id {
            Some(id) => admin_course(id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <RequireUser admin=true>
            <a href="/admin/courses" class="text-sm font-medium text-teal-700 hover:underline">"← All courses"</a>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match existing.await {
                        Ok(course) => view! { <CourseEditor course /> }.into_any(),
                        Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireUser>
    }
}

#[component]
fn CourseEditor(course: Option<CourseSummary>) -> impl IntoView {
    let action = ServerAction::<SaveCourse>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            navigate("/admin/courses", Default::default());
        }
    });
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
            ("starts_at", "form[starts_at]"),
            ("ends_at", "form[ends_at]"),
            ("time_zone", "form[time_zone]"),
        ],
        NodeRef::new(),
    );
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let editing = course.is_some();
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
    let description = course
        .as_ref()
        .map(|c| c.description.clone())
        .unwrap_or_default();
    let currency = course
        .as_ref()
        .map(|c| c.price.money().currency())
        .unwrap_or(Currency::Eur);
    // Times are entered at the venue's clock, in the zone chosen beside
    // them; a new course starts with the admin's own zone.
    let at_venue = |t: Option<VenueTime>| {
        let text = t
            .map(|t| format_local_datetime(t.local().naive_local()))
            .unwrap_or_default();
        Signal::derive(move || text.clone())
    };
    let starts = at_venue(course.as_ref().map(CourseSummary::starts));
    let ends = at_venue(course.as_ref().map(CourseSummary::ends));
    let zone = RwSignal::new(
        course
            .as_ref()
            .map(|c| c.time_zone.clone())
            .unwrap_or_default(),
    );
    Effect::new(move |_| {
        if zone.get_untracked().is_empty() {
            zone.set(browser_time_zone());
        }
    });
    let id = course
        .as_ref()
        .map(|c| c.id.to_string())
        .unwrap_or_default();
    view! {
        <Title text=if editing { "Admin · Edit course" } else { "Admin · New course" } />
        <h1 class="mt-4 text-2xl font-semibold tracking-tight">{if editing { "Edit course" } else { "New course" }}</h1>
        {(!editing).then(|| view! { <p class="mt-1 text-sm text-stone-600">"New courses start as drafts; publish them from the course list."</p> })}
        <ActionForm action attr:novalidate=true attr:class="mt-6 grid max-w-2xl gap-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm sm:grid-cols-2">
            {(!id.is_empty()).then(|| view! { <input type="hidden" name="id" value=id.clone() /> })}
            <div class="sm:col-span-2"><Field label="Title" name="form[title]" error=field("title") value=title /></div>
            <div class="sm:col-span-2">
                <label for="form[description]" class="block text-sm font-medium text-stone-700">"Description"</label>
                <textarea id="form[description]" name="form[description]" rows="5" class=INPUT_CLASS
                    aria-invalid=move || if field("description").get().is_some() { "true" } else { "false" }
                    aria-describedby="form[description]-error">{textarea_text(description)}</textarea>
                <p id="form[description]-error" class="mt-1 text-sm text-rose-700" data-field-error="form[description]">{move || field("description").get()}</p>
            </div>
            <div class="sm:col-span-2"><Field label="Location" name="form[location]" error=field("location") value=location /></div>
            <Field label="Price" name="form[price]" error=field("price") value=price hint="0 makes the course free." />
            <div>
                <label for="form[currency]" class="block text-sm font-medium text-stone-700">"Currency"</label>
                <select id="form[currency]" name="form[currency]" class=INPUT_CLASS>
                    {Currency::ALL.into_iter().map(|c| view! { <option value=c.code() selected=c == currency>{c.code()}</option> }).collect_view()}
                </select>
                <p class="mt-1 text-sm text-rose-700">{move || field("currency").get()}</p>
            </div>
            <Field label="Seats" name="form[capacity]" kind="number" error=field("capacity") value=capacity />
            <Field label="Most seats in one booking" name="form[seats_per_booking]" kind="number" error=field("seats_per_booking") value=per_booking hint="For a group booking together; 1 for one seat each." />
            <Field label="Starts" name="form[starts_at]" kind="datetime-local" error=field("starts_at") value=starts hint="At the venue's local time." />
            <Field label="Ends" name="form[ends_at]" kind="datetime-local" error=field("ends_at") value=ends />
            <div class="sm:col-span-2">
                <Field label="Venue time zone" name="form[time_zone]" error=field("time_zone") value=zone list="venue-zones" hint="Where the course takes place, e.g. Europe/Amsterdam." />
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
                <SubmitButton pending=action.pending() label=if editing { "Save changes" } else { "Create course" } busy="Saving…" />
            </div>
        </ActionForm>
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
