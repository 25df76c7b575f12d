use crate::support::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_while_the_process_is_up() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await, (200, "ok".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_answers_when_the_database_does() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await, (200, "ready".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_says_unavailable_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.clone().close().await.expect("close the pool");
    let (status, body) = app.get("/readyz").await;
    assert_eq!(status, 503);
    assert_eq!(body, "database unavailable");
}
