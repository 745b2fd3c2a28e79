//! The API reference page (`/api/v1/docs`): plain HTML rendered on the server from the same
//! OpenAPI document the API serves, with no script and nothing from another site.

use serde_json::Value;

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Inline code in descriptions: `x` → <code>x</code> (after escaping).
fn prose(text: &str) -> String {
    let escaped = esc(text);
    let mut out = String::new();
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

fn schema_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("<a href=\"#schema-{name}\">{name}</a>");
    }
    if let Some(items) = schema.get("items") {
        return format!("array of {}", schema_name(items));
    }
    if let Some(one_of) = schema.get("oneOf").and_then(Value::as_array) {
        return one_of.iter().map(schema_name).collect::<Vec<_>>().join(" or ");
    }
    match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" or "),
        _ => "object".to_string(),
    }
}

const PROBLEMS: &[(&str, u16, &str)] = &[
    ("validation", 422, "Some fields are invalid. `errors` lists each one: `pointer` (JSON Pointer into your request, or the parameter's name), `code` (e.g. `required`, `too_long`, `license_range`, `email`, `domain_taken`, `not_partnered_reseller`), `detail`, and `params` with the limits."),
    ("type", 422, "A member of the body is missing or has the wrong JSON type."),
    ("unauthenticated", 401, "No API key, or an unknown or revoked one."),
    ("forbidden", 403, "The key does not carry a role this operation needs."),
    ("wrong_program", 403, "Your organisation is not in the program this operation belongs to."),
    ("not_found", 404, "No such record in your organisation (other organisations' records are never visible)."),
    ("rate_limited", 429, "The key made too many requests this minute; wait `Retry-After` seconds."),
    ("idempotency_key_reused", 422, "The Idempotency-Key was used before for a different request."),
    ("idempotency_in_progress", 409, "The first request with this Idempotency-Key is still running; retry shortly."),
    ("conflict", 409, "The change conflicts with another (for example a unique name)."),
    ("bad_request", 400, "The request could not be read (malformed JSON)."),
    ("unsupported_media_type", 415, "Send bodies as `application/json`."),
    ("internal", 500, "PartnerDesk failed; nothing was half-written. Retry later."),
];

const GUIDE: &str = r#"
<section id="authentication"><h2>Authentication</h2>
<p>A Global admin creates API keys under <a href="/settings/api-keys">Settings &gt; API keys</a>, choosing the roles a key carries. The key is shown once; PartnerDesk keeps only its SHA-256 hash. Send it on every request:</p>
<pre>curl -H "Authorization: Bearer pdk_abc123_…" https://partnerdesk.example/api/v1/offers</pre>
<p>A key acts for its organisation only, with exactly the permissions its roles give on the pages (see the permission matrix). Revoking a key stops it at once.</p></section>
<section id="pagination"><h2>Pagination</h2>
<p>Lists answer <code>{"data": [...], "next_cursor": "…"}</code>. Pass <code>limit</code> (1–200, default 50) on the first call and <code>cursor=&lt;next_cursor&gt;</code> for the next page, until <code>next_cursor</code> is <code>null</code>. Treat cursors as opaque.</p></section>
<section id="idempotency"><h2>Idempotency</h2>
<p>Send <code>Idempotency-Key: &lt;uuid&gt;</code> on POST requests. If the connection drops, retry with the same key and body: you get the first response (with <code>Idempotent-Replayed: true</code>) and nothing is done twice. The same key with another body is refused with 422. Keys are kept 24 hours. The temporary password of a new customer is never replayed (it is <code>null</code> in a replay).</p></section>
<section id="rate-limits"><h2>Rate limits</h2>
<p>Each key may make a number of requests a minute (120 unless the operator set otherwise), counted across every PartnerDesk server. Every response carries <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code> and <code>RateLimit-Reset</code> (seconds). Past the limit the answer is <code>429</code> with <code>Retry-After</code>: wait that many seconds, then retry.</p></section>
<section id="webhooks"><h2>Webhooks</h2>
<p>Under <a href="/settings/webhooks">Settings &gt; Webhooks</a> a Global admin adds endpoint URLs and chooses events: {events} (and <code>ping</code> from Send test event); <a href='#webhook-data'>what each delivers</a> is below. Each delivery is a POST with a JSON body <code>{"id": "evt_…", "type": "…", "created": 1700000000, "data": {…}}</code> and the headers <code>PartnerDesk-Event-Id</code>, <code>PartnerDesk-Event-Type</code> and <code>PartnerDesk-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>, where the hex is HMAC-SHA256 of <code>"&lt;t&gt;.&lt;raw body&gt;"</code> under the endpoint's signing secret.</p>
<p>Answer with a 2xx code within 10 seconds. Otherwise PartnerDesk retries with increasing delays (30 s, 1 min, 2 min, … up to 6 hours between tries) and gives up after 8 attempts; the delivery log shows every response code. A delivery can arrive more than once in rare failures: use the event id to process each event once. Endpoints must be on the public internet: URLs whose host is, or resolves to, a loopback, private, link-local, shared (CGNAT), unique-local or reserved address are refused, redirects are not followed, and deliveries never go through a proxy. Check the signature and reject timestamps older than five minutes:</p>
<pre>import hmac, hashlib, time
def verify(secret: str, header: str, body: bytes) -&gt; bool:
    parts = dict(p.split("=", 1) for p in header.split(","))
    if abs(time.time() - int(parts["t"])) &gt; 300:
        return False
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])</pre></section>
"#;

/// The whole reference page.
pub fn reference_page(openapi: &utoipa::openapi::OpenApi) -> String {
    let doc: Value = serde_json::to_value(openapi).unwrap_or_default();
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>PartnerDesk API reference</title><style>\
         body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1b1b}\
         code,pre{font-family:ui-monospace,monospace;background:#f3f3f3;border-radius:3px}code{padding:0 .2em;overflow-wrap:anywhere}nav a{overflow-wrap:anywhere}\
         pre{padding:.75rem;overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.5rem 0}\
         th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
         .op{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}\
         .method{font-weight:700;text-transform:uppercase;margin-right:.5rem}nav ul{columns:2}\
         a{color:#0b5cad}@media (max-width:40rem){nav ul{columns:1}}\
         </style></head><body><main>",
    );
    let info = &doc["info"];
    html.push_str(&format!("<h1>{} {}</h1>", esc(info["title"].as_str().unwrap_or("API")), esc(info["version"].as_str().unwrap_or(""))));
    html.push_str(&format!("<p>{}</p>", prose(info["description"].as_str().unwrap_or_default())));
    html.push_str("<p>Base URL: <code>/api/v1</code>. Machine-readable: <a href=\"/api/v1/openapi.json\">OpenAPI 3.1 document</a>.</p>");

    // Operations by tag.
    let mut ops: Vec<(String, String, String, &Value)> = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "post", "patch", "delete"] {
                if let Some(op) = item.get(method) {
                    let tag = op["tags"][0].as_str().unwrap_or("Other").to_string();
                    ops.push((tag, path.clone(), method.to_string(), op));
                }
            }
        }
    }
    let tags: Vec<String> =
        doc["tags"].as_array().map(|t| t.iter().filter_map(|x| x["name"].as_str().map(str::to_string)).collect()).unwrap_or_default();
    html.push_str("<nav aria-label=\"Contents\"><h2>Contents</h2><ul>");
    for section in ["authentication", "pagination", "idempotency", "rate-limits", "webhooks", "webhook-data", "errors"] {
        html.push_str(&format!("<li><a href=\"#{section}\">{}</a></li>", section.replace('-', " ")));
    }
    for (tag, path, method, _) in &ops {
        let _ = tag;
        html.push_str(&format!("<li><a href=\"#{}\"><span class=\"method\">{method}</span>{}</a></li>", anchor(method, path), esc(path)));
    }
    html.push_str("</ul></nav>");
    let events: Vec<String> = app::developer::WebhookEvent::SUBSCRIBABLE.iter().map(|e| format!("<code>{}</code>", e.code())).collect();
    html.push_str(&GUIDE.replace("{events}", &events.join(", ")));
    // Each event's data, from the types the server sends (domain::developer::payloads).
    html.push_str("<section id=\"webhook-data\"><h2>Webhook data</h2><p>The <code>data</code> of each event, by example. Fields are added, never renamed or removed; times are Unix seconds, amounts decimal strings with their currency.</p>");
    for (event, data) in app::developer::payloads::examples() {
        let pretty = serde_json::to_string_pretty(&data).unwrap_or_default();
        html.push_str(&format!("<h3 id=\"event-{0}\"><code>{0}</code></h3><pre>{1}</pre>", event.code(), esc(&pretty)));
    }
    html.push_str("</section>");
    html.push_str("<section id=\"errors\"><h2>Errors</h2><p>Every error is <code>application/problem+json</code> (RFC 9457): <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, a machine-readable <code>code</code>, and <code>errors</code> for invalid fields. Business rules that refuse an action answer 409 with the rule as <code>code</code> (for example <code>not_partnered</code>, <code>offer_withdrawn</code>, <code>already_submitted</code>).</p><table><thead><tr><th>code</th><th>status</th><th>meaning</th></tr></thead><tbody>");
    for (code, status, meaning) in PROBLEMS {
        html.push_str(&format!("<tr id=\"problem-{code}\"><td><code>{code}</code></td><td>{status}</td><td>{}</td></tr>", prose(meaning)));
    }
    html.push_str("</tbody></table></section>");

    for tag in &tags {
        html.push_str(&format!("<section><h2>{}</h2>", esc(tag)));
        for (_, path, method, op) in ops.iter().filter(|o| &o.0 == tag) {
            html.push_str(&format!(
                "<div class=\"op\" id=\"{}\"><h3><span class=\"method\">{method}</span><code>/api/v1{}</code></h3>",
                anchor(method, path),
                esc(path)
            ));
            if let Some(summary) = op["summary"].as_str() {
                html.push_str(&format!("<p>{}</p>", prose(summary)));
            }
            if let Some(description) = op["description"].as_str() {
                html.push_str(&format!("<p>{}</p>", prose(description)));
            }
            if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
                html.push_str("<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr></thead><tbody>");
                for p in params {
                    html.push_str(&format!(
                        "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(p["name"].as_str().unwrap_or_default()),
                        if p["required"].as_bool() == Some(true) { " (required)" } else { "" },
                        esc(p["in"].as_str().unwrap_or_default()),
                        schema_name(&p["schema"]),
                        prose(p["description"].as_str().unwrap_or_default()),
                    ));
                }
                html.push_str("</tbody></table>");
            }
            if let Some(schema) = op["requestBody"]["content"]["application/json"].get("schema") {
                html.push_str(&format!("<p>Body: {}</p>", schema_name(schema)));
            }
            if let Some(responses) = op["responses"].as_object() {
                let list: Vec<String> = responses
                    .iter()
                    .map(|(code, r)| {
                        let body = r["content"]
                            .as_object()
                            .and_then(|c| c.values().next())
                            .map(|c| format!(" ({})", schema_name(&c["schema"])))
                            .unwrap_or_default();
                        format!("<code>{code}</code>{body}")
                    })
                    .collect();
                html.push_str(&format!("<p>Responses: {}</p>", list.join(", ")));
            }
            html.push_str("</div>");
        }
        html.push_str("</section>");
    }

    html.push_str("<section><h2>Schemas</h2>");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            html.push_str(&format!("<h3 id=\"schema-{name}\">{name}</h3>"));
            if let Some(description) = schema["description"].as_str() {
                html.push_str(&format!("<p>{}</p>", prose(description)));
            }
            if let Some(props) = schema["properties"].as_object() {
                let required: Vec<&str> = schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
                html.push_str("<table><thead><tr><th>member</th><th>type</th><th>description</th></tr></thead><tbody>");
                for (prop, s) in props {
                    html.push_str(&format!(
                        "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(prop),
                        if required.contains(&prop.as_str()) { " (required)" } else { "" },
                        schema_name(s),
                        prose(s["description"].as_str().unwrap_or_default()),
                    ));
                }
                html.push_str("</tbody></table>");
            }
        }
    }
    html.push_str("</section></main></body></html>");
    html
}

fn anchor(method: &str, path: &str) -> String {
    format!("op-{method}{}", path.replace(['/', '{', '}'], "-"))
}
