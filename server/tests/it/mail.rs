//! Email through a real SMTP server on loopback (Debian's aiosmtpd, started by the test), and
//! Forgot password? end to end: the link in the message is followed, works once, and only the
//! newest link of an account works.

use crate::common::*;
use partnerdesk::mail::{send_due, MailConfig, Outbox};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An SMTP server on a free loopback port that keeps every message it receives in a maildir.
pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    child: std::process::Child,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        // Debian's python3 (the one with python3-aiosmtpd), not another one first on PATH.
        let child = std::process::Command::new("/usr/bin/python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("aiosmtpd must be installed (apt-get install python3-aiosmtpd; scripts/setup.sh does it)");
        let sink = SmtpSink { port, dir, child };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return sink;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        drop(sink); // stops it
        panic!("aiosmtpd did not start on port {port}");
    }

    /// The mail worker's settings for this server (plain SMTP on loopback, no delays).
    pub fn config(&self) -> MailConfig {
        let mut config =
            MailConfig::from_settings(Some(&format!("smtp://127.0.0.1:{}", self.port)), "PartnerDesk <desk@partnerdesk.example>", PathBuf::new())
                .expect("mail settings");
        config.base_backoff_secs = 1;
        config
    }

    /// Every message received so far, as raw text, oldest first.
    pub fn messages(&self) -> Vec<String> {
        let new = self.dir.path().join("maildir").join("new");
        let mut files: Vec<_> = std::fs::read_dir(&new).map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files.iter().map(|p| read(p)).collect()
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("message file")
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The reset link's token in a message (quoted-printable soft line breaks undone).
fn reset_token(message: &str) -> String {
    let text = message.replace("=\r\n", "").replace("=\n", "");
    let start = text.find("/password/reset/").expect("a reset link in the message") + "/password/reset/".len();
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
}

/// The number a `SELECT COUNT(*)` answers, on the test's own database.
async fn count(app: &TestApp, sql: &str) -> i64 {
    if app.database_url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap()
    } else {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap()
    }
}

async fn ask_for_link(app: &TestApp, email: &str) {
    let (status, body) = app.call(&app.client(), "auth/forgot-password", &[("email", email)]).await;
    assert!(status.is_success(), "forgot password: {status} {body}");
}

on_both_databases! {
    async fn a_forgotten_password_is_reset_with_the_emailed_link_once(app: TestApp) {
        let smtp = SmtpSink::start().await;
        let config = smtp.config();
        let email = "advisor@contoso.example";

        // An address without an account gets the same answer, and nothing is sent.
        ask_for_link(&app, "nobody@contoso.example").await;
        assert_eq!(send_due(&app.store, &config).await, 0);

        // A session from before the reset, to see it end.
        let before = app.signed_in(email).await;

        ask_for_link(&app, email).await;
        assert_eq!(send_due(&app.store, &config).await, 1);
        let messages = smtp.messages();
        assert_eq!(messages.len(), 1);
        let message = &messages[0];
        assert!(message.contains(&format!("To: {email}")), "{message}");
        assert!(message.contains("Subject: Choose a new PartnerDesk password"), "{message}");
        assert!(message.contains("text/plain") && message.contains("text/html"), "a text and an HTML part: {message}");
        let token = reset_token(message);
        assert_eq!(token.len(), 32, "{message}");

        // Only a hash of the token is kept, and the sent message's body is gone from the queue.
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM password_resets WHERE token_hash = '{token}'")).await, 0);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM password_resets").await, 1);
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM emails WHERE text_body LIKE '%{token}%' OR html_body LIKE '%{token}%'")).await, 0);
        let log = app.store.email_log(10).await.unwrap();
        assert!(log[0].sent_at.is_some() && log[0].recipient == email && log[0].kind == "password_reset", "{log:?}");
        // The operator reads the log (never a message's text); nobody else does.
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let (status, lines) = app.call(&operator, "operator/email-log", &[]).await;
        assert_eq!(status, 200);
        assert_eq!(lines[0]["recipient"], email);
        assert!(!lines.to_string().contains(&token), "{lines}");
        let (status, _) = app.call(&app.signed_in("admin@contoso.example").await, "operator/email-log", &[]).await;
        assert_eq!(status, 403);

        // The page the link opens.
        let page = app.get(&app.client(), &format!("/password/reset/{token}")).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("name=\"token\"") && html.contains("new_password"), "{html}");

        // The rules of a new password, then the reset.
        let client = app.client();
        let new = "a brand new passphrase";
        let (status, body) = app.call(&client, "auth/reset-password", &[("token", &token), ("new_password", new), ("confirm_password", "something else")]).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.to_string().contains("confirm_password"), "{body}");
        let (status, body) = app.call(&client, "auth/reset-password", &[("token", &token), ("new_password", new), ("confirm_password", new)]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");

        // The session from before has ended; the old password no longer works, the new one does.
        let (_, me) = app.call(&before, "auth/me", &[]).await;
        assert_eq!(me, serde_json::Value::Null, "the earlier session ended: {me}");
        let (status, _) = app.call(&app.client(), "auth/sign-in", &[("email", email), ("password", PASSWORD)]).await;
        assert_eq!(status, 422);
        let (status, body) = app.call(&app.client(), "auth/sign-in", &[("email", email), ("password", new)]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");

        // The link works once.
        let (status, body) = app.call(&app.client(), "auth/reset-password", &[("token", &token), ("new_password", "yet another passphrase"), ("confirm_password", "yet another passphrase")]).await;
        assert_eq!(status, 409, "{body}");
        assert!(body.to_string().contains("reset_link_invalid") || body.to_string().contains("ResetLinkInvalid"), "{body}");
    }

    async fn only_the_newest_link_works_and_a_mailbox_cannot_be_flooded(app: TestApp) {
        let smtp = SmtpSink::start().await;
        let config = smtp.config();
        let email = "admin@tailspin.example";
        for _ in 0..6 {
            ask_for_link(&app, email).await;
        }
        // Three links an hour at most; the other requests got the same answer and sent nothing.
        assert_eq!(send_due(&app.store, &config).await, 3);
        let tokens: Vec<String> = smtp.messages().iter().map(|m| reset_token(m)).collect();
        assert_eq!(tokens.len(), 3);
        let set = |token: &str| {
            let token = token.to_string();
            let app = &app;
            async move {
                app.call(&app.client(), "auth/reset-password", &[("token", &token), ("new_password", "an older link's password"), ("confirm_password", "an older link's password")]).await.0
            }
        };
        // The newest works; the earlier ones no longer do.
        let mut refused = 0;
        let mut worked = 0;
        for token in &tokens {
            match set(token).await.as_u16() {
                409 => refused += 1,
                s if (200..400).contains(&s) => worked += 1,
                other => panic!("unexpected {other}"),
            }
        }
        assert_eq!((worked, refused), (1, 2), "exactly one link (the newest) works");

        // Tokens of the wrong shape are refused before any database access; made-up ones too.
        for bad in ["../../etc/passwd", "x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"] {
            let (status, _) = app.call(&app.client(), "auth/reset-password", &[("token", bad), ("new_password", "whatever passphrase"), ("confirm_password", "whatever passphrase")]).await;
            assert_eq!(status, 409, "{bad}");
        }
    }

    async fn a_forged_host_header_does_not_put_the_link_on_another_site(app: TestApp) {
        // Password-reset poisoning: whoever asks for the victim's link chooses the Host header.
        let smtp = SmtpSink::start().await;
        let response = app
            .client()
            .post(format!("{}/api/auth/forgot-password", app.base))
            .header("host", "evil.example")
            .header("x-forwarded-host", "evil.example")
            .form(&[("email", "admin@northwind.example")])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        assert_eq!(send_due(&app.store, &smtp.config()).await, 1);
        let message = smtp.messages().pop().unwrap().replace("=\r\n", "");
        assert!(!message.contains("evil.example"), "{message}");
        assert!(message.contains("http://127.0.0.1:3000/password/reset/"), "the server's own address (no PUBLIC_URL): {message}");
    }

    async fn an_expired_link_does_not_work(app: TestApp) {
        let smtp = SmtpSink::start().await;
        ask_for_link(&app, "admin@adatum.example").await;
        assert_eq!(send_due(&app.store, &smtp.config()).await, 1);
        let token = reset_token(&smtp.messages()[0]);
        // An hour and a second later.
        execute_sql(&app, "UPDATE password_resets SET expires_at = created_at - 1").await;
        let (status, _) = app.call(&app.client(), "auth/reset-password", &[("token", &token), ("new_password", "too late passphrase"), ("confirm_password", "too late passphrase")]).await;
        assert_eq!(status, 409);
    }

    async fn a_message_the_smtp_server_does_not_take_is_retried_later(app: TestApp) {
        // Nothing listens on this port: the attempt fails and is tried again later.
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).unwrap().port();
        let mut config = MailConfig::from_settings(Some(&format!("smtp://127.0.0.1:{port}")), "PartnerDesk <desk@partnerdesk.example>", PathBuf::new()).unwrap();
        config.base_backoff_secs = 3600;
        ask_for_link(&app, "admin@proseware.example").await;
        assert_eq!(send_due(&app.store, &config).await, 1);
        let log = app.store.email_log(1).await.unwrap();
        assert_eq!((log[0].attempts, log[0].sent_at, log[0].gave_up_at), (1, None, None), "{log:?}");
        assert!(log[0].last_error.is_some());
        // Not due again before its backoff.
        assert_eq!(send_due(&app.store, &config).await, 0);
        // A folder outbox (no SMTP_URL) writes the message as a file instead.
        let folder = tempfile::tempdir().unwrap();
        let files = MailConfig::from_settings(None, "PartnerDesk <desk@partnerdesk.example>", folder.path().to_path_buf()).unwrap();
        assert!(matches!(files.outbox, Outbox::Folder(_)));
        ask_for_link(&app, "agent@litware.example").await;
        assert_eq!(send_due(&app.store, &files).await, 1);
        let written: Vec<PathBuf> = std::fs::read_dir(folder.path()).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
        let eml: Vec<&PathBuf> = written.iter().filter(|p| p.extension().is_some_and(|e| e == "eml")).collect();
        assert_eq!((written.len(), eml.len()), (2, 1), "the message and its mailbox entry: {written:?}");
        assert!(read(eml[0]).contains("/password/reset/"));
    }

    async fn the_development_mailbox_lists_and_opens_messages_and_names_no_path(app: TestApp) {
        ask_for_link(&app, "admin@proseware.example").await;
        app.mail().await;
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let (status, list) = app.call(&operator, "operator/mailbox", &[]).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{list}");
        let listed = list.as_array().expect("this server writes messages to its mail folder");
        let entry = listed.iter().find(|m| m["to"] == "admin@proseware.example").expect("the reset message is listed");
        assert_eq!(entry["kind"], "password_reset");
        assert_eq!(entry["text"], "", "the list leaves the texts out");
        let id = entry["id"].as_str().unwrap();
        let (status, message) = app.call(&operator, "operator/mailbox/message", &[("id", id)]).await;
        assert_eq!(status, reqwest::StatusCode::OK);
        let text = message["text"].as_str().unwrap();
        assert!(text.contains("/password/reset/"), "{text}");
        // Its link works, once.
        let token = reset_token(text);
        let password = "a brand new passphrase";
        let (status, body) =
            app.call(&app.client(), "auth/reset-password", &[("token", &token), ("new_password", password), ("confirm_password", password)]).await;
        assert!(status.is_success() || status.is_redirection(), "{body}");

        // Nothing but a message's id opens a file: paths out of the folder are not found.
        std::fs::write(app.mail_dir().join("../secret.json"), br#"{"id":"x","kind":"k","to":"t","reply_to":null,"subject":"s","text":"secret","written_at":0}"#).unwrap();
        for id in ["../secret", "..%2Fsecret", "/etc/passwd", "..", "a.json", ""] {
            let (status, body) = app.call(&operator, "operator/mailbox/message", &[("id", id)]).await;
            assert_eq!(status, reqwest::StatusCode::NOT_FOUND, "{id}: {body}");
        }
        // Operators only.
        let admin = app.signed_in("agent@litware.example").await;
        assert_eq!(app.call(&admin, "operator/mailbox", &[]).await.0, reqwest::StatusCode::FORBIDDEN);
        assert_eq!(app.call(&admin, "operator/mailbox/message", &[("id", id)]).await.0, reqwest::StatusCode::FORBIDDEN);
    }
}
