//! Course pictures: uploaded by an admin with what they show, checked,
//! cropped and scaled, served by their hash, shown on the cards and the
//! course page, and in share previews.

use crate::support::{TestApp, admin, published_course, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tessera::entity::{course, course_picture_file};
use tessera::service::course_pictures::sample;

/// Posts the picture box's form; answers the status and where it sends
/// the browser.
async fn upload(client: &TestApp, course: i64, file: &[u8], alt: &str) -> (u16, String) {
    let mut body = b"--XYZ\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"wheel.png\"\r\nContent-Type: image/png\r\n\r\n".to_vec();
    body.extend_from_slice(file);
    body.extend_from_slice(b"\r\n--XYZ\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n");
    body.extend_from_slice(alt.as_bytes());
    body.extend_from_slice(b"\r\n--XYZ--\r\n");
    let res = client
        .client
        .post(format!("{}/admin/courses/{course}/picture", client.address))
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body(body)
        .send()
        .await
        .expect("upload");
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (res.status().as_u16(), location)
}

async fn picture_of(app: &TestApp, id: i64) -> Option<(String, String, i32)> {
    let c = course::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("read")
        .expect("course");
    Some((c.picture_hash?, c.picture_alt?, c.picture_width?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admins_picture_is_checked_cropped_scaled_and_shown_everywhere() {
    let app = spawn_app().await;
    let id = published_course(&app.db, 6, 1).await.get();
    let root = admin(&app).await;
    let colours = [[200, 120, 40], [90, 60, 30], [20, 20, 20]];
    let picture = sample(colours);
    let said = |outcome: &str| format!("/admin/courses/{id}?picture={outcome}#picture");

    // Refusals say why at the form, and change nothing.
    assert_eq!(
        upload(&root, id, b"hello, I am text", "Text").await,
        (303, said("not_a_picture"))
    );
    assert_eq!(
        upload(&root, id, &picture, "   ").await.1,
        said("alt_missing")
    );
    assert_eq!(
        upload(&root, id, &picture, &"x".repeat(201)).await.1,
        said("alt_too_long")
    );
    assert_eq!(upload(&root, id, b"", "A wheel").await.1, said("missing"));
    let mut tiny = Vec::new();
    image::RgbImage::from_pixel(400, 400, image::Rgb([1, 2, 3]))
        .write_to(
            &mut std::io::Cursor::new(&mut tiny),
            image::ImageFormat::Png,
        )
        .expect("png");
    assert_eq!(upload(&root, id, &tiny, "A dot").await.1, said("too_small"));
    let huge = vec![0u8; 11 * 1024 * 1024];
    assert_eq!(upload(&root, id, &huge, "Noise").await.1, said("too_big"));
    assert_eq!(picture_of(&app, id).await, None);
    // Only admins.
    let (status, _) = upload(&app, id, &picture, "A wheel").await;
    assert_eq!(status, 303, "signed out: to sign in first");
    let member = app.another_client();
    member
        .signup("ada@example.com", "a long enough password")
        .await;
    member.follow_confirmation("ada@example.com").await;
    assert_eq!(upload(&member, id, &picture, "A wheel").await.0, 403);
    assert_eq!(picture_of(&app, id).await, None);

    // Saved: three widths of a 3:2 JPEG, named by the widest's hash.
    let alt = "Orange and brown bands under a sun";
    assert_eq!(upload(&root, id, &picture, alt).await.1, said("saved"));
    let (hash, stored_alt, widest) = picture_of(&app, id).await.expect("a picture");
    assert_eq!((stored_alt.as_str(), widest), (alt, 1600));
    for (width, height) in [(480, 320), (960, 640), (1600, 1066)] {
        let res = app
            .client
            .get(format!("{}/pictures/{hash}-{width}.jpg", app.address))
            .send()
            .await
            .expect("picture");
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let jpeg = res.bytes().await.expect("bytes");
        let read = image::load_from_memory(&jpeg).expect("a JPEG");
        assert_eq!((read.width(), read.height()), (width, height));
    }
    for missing in [
        format!("{hash}-481.jpg"),
        format!("{}-480.jpg", "0".repeat(64)),
        "x.jpg".into(),
    ] {
        let (status, _) = app.get(&format!("/pictures/{missing}")).await;
        assert_eq!(status, 404, "{missing}");
    }

    // The card and the course page show it with what it shows; a shared
    // link previews it.
    let (_, catalog) = app.get("/courses").await;
    assert!(catalog.contains(&format!("srcset=\"/pictures/{hash}-480.jpg 480w, /pictures/{hash}-960.jpg 960w, /pictures/{hash}-1600.jpg 1600w\"")), "{catalog}");
    assert!(catalog.contains(&format!("alt=\"{alt}\"")));
    let (_, page) = app.get(&format!("/courses/{id}")).await;
    assert!(page.contains("data-testid=\"course-picture\""));
    assert!(
        page.contains(&format!(
            "content=\"{}/pictures/{hash}-1600.jpg\"",
            app.address
        )),
        "og:image is a whole address: {page}"
    );
    assert!(page.contains("summary_large_image"));

    // Described anew without a new file; then replaced, the old files go.
    assert_eq!(
        upload(&root, id, b"", "Bands of orange").await.1,
        said("saved")
    );
    assert_eq!(
        picture_of(&app, id).await.map(|p| p.1),
        Some("Bands of orange".to_owned())
    );
    let other = sample([[10, 80, 160], [20, 140, 90], [240, 240, 240]]);
    assert_eq!(
        upload(&root, id, &other, "Blue and green").await.1,
        said("saved")
    );
    let (new_hash, _, _) = picture_of(&app, id).await.expect("a picture");
    assert_ne!(new_hash, hash);
    let old_files = course_picture_file::Entity::find()
        .filter(course_picture_file::Column::Hash.eq(hash.as_str()))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(old_files, 0, "no course shows the old one");

    // Removed: the card has no picture and the files are gone.
    let res = root
        .client
        .post(format!(
            "{}/admin/courses/{id}/picture/remove",
            root.address
        ))
        .send()
        .await
        .expect("remove");
    assert_eq!(res.status(), 303);
    assert_eq!(picture_of(&app, id).await, None);
    assert_eq!(
        course_picture_file::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        0
    );
    let (_, catalog) = app.get("/courses").await;
    assert!(!catalog.contains("data-testid=\"card-picture\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sample_courses_get_pictures_once() {
    let app = spawn_app().await;
    tessera_server::seed::seed(&app.db).await.expect("seed");
    let given = tessera_server::seed::seed_pictures(&app.db)
        .await
        .expect("pictures");
    assert!(given >= 6, "{given}");
    assert_eq!(
        tessera_server::seed::seed_pictures(&app.db)
            .await
            .expect("again"),
        0,
        "a second seed changes nothing"
    );
    let (_, catalog) = app.get("/courses").await;
    assert!(catalog.contains("alt=\"Sample picture: bands of cream, crust brown"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_date_shows_the_same_picture_and_keeps_it_when_the_first_drops_it() {
    let app = spawn_app().await;
    let id = published_course(&app.db, 6, 1).await.get();
    let root = admin(&app).await;
    let alt = "Orange and brown bands under a sun";
    upload(
        &root,
        id,
        &sample([[200, 120, 40], [90, 60, 30], [20, 20, 20]]),
        alt,
    )
    .await;
    let (hash, _, _) = picture_of(&app, id).await.expect("a picture");
    let source = id.to_string();
    let res = root
        .post_form(
            "/api/save_course",
            &[
                ("run_of", source.as_str()),
                ("form[title]", "Knife Skills"),
                ("form[description]", "Sharp."),
                ("form[location]", "Kitchen 2"),
                ("form[price]", "49"),
                ("form[currency]", "EUR"),
                ("form[capacity]", "6"),
                ("form[meetings][0][starts_at]", "2031-05-02T10:00"),
                ("form[meetings][0][ends_at]", "2031-05-02T13:00"),
                ("form[time_zone]", "Europe/Berlin"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let other: i64 = res.json().await.expect("id");
    assert_eq!(
        picture_of(&app, other).await,
        Some((hash.clone(), alt.to_owned(), 1600))
    );
    root.client
        .post(format!(
            "{}/admin/courses/{id}/picture/remove",
            root.address
        ))
        .send()
        .await
        .expect("remove");
    let (status, _) = app.get(&format!("/pictures/{hash}-480.jpg")).await;
    assert_eq!(status, 200, "the other date still shows it");
}
