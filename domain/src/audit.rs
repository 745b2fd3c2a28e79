//! The audit log: its filters, its lines and their CSV export.

use crate::error::{AppError, Problem};
use crate::format::{iso_date as format_date, urlencode};
use serde::{Deserialize, Serialize};

/// Lines per page.
pub const AUDIT_PER_PAGE: i64 = 50;
/// The most lines one CSV export holds.
pub const AUDIT_EXPORT_MAX: i64 = 50_000;

/// The filters as typed (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    pub user: String,
    pub action: String,
    pub record: String,
    pub from: String,
    pub to: String,
}

/// The filters, checked: what the store queries with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub user_id: Option<i64>,
    /// Actions starting with this text (`offer.` matches every offer action).
    pub action: String,
    /// A record type (`offer`) or a record id (`PO-7KQM-X4TA`).
    pub record: String,
    /// Unix seconds, inclusive.
    pub from: i64,
    /// Unix seconds, exclusive.
    pub to: i64,
}

fn day_start(typed: &str) -> Result<Option<i64>, Problem> {
    let value = typed.trim();
    if value.is_empty() {
        return Ok(None);
    }
    // parse_expiry_date gives the end of the day; the start is one day earlier.
    crate::offers::parse_expiry_date(value, i64::MIN).map(|end| end.map(|e| e - 86_400))
}

impl AuditFilter {
    pub fn check(&self) -> Result<AuditQuery, AppError> {
        let user_id = match self.user.trim() {
            "" | "0" => None,
            typed => Some(typed.parse::<i64>().map_err(|_| AppError::invalid("user", Problem::Numeric))?),
        };
        let from = day_start(&self.from).map_err(|p| AppError::invalid("from", p))?.unwrap_or(i64::MIN);
        let to = day_start(&self.to).map_err(|p| AppError::invalid("to", p))?.map(|t| t + 86_400).unwrap_or(i64::MAX);
        Ok(AuditQuery {
            user_id,
            action: self.action.trim().chars().take(100).collect(),
            record: self.record.trim().chars().take(100).collect(),
            from,
            to,
        })
    }

    /// The query string that keeps these filters (for paging and the CSV export).
    pub fn query_string(&self) -> String {
        format!(
            "user={}&action={}&record={}&from={}&to={}",
            urlencode(&self.user),
            urlencode(&self.action),
            urlencode(&self.record),
            urlencode(&self.from),
            urlencode(&self.to)
        )
    }
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct AuditLine {
    pub id: i64,
    pub at: i64,
    pub user_name: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub summary: String,
    pub ip: Option<String>,
}

/// One page of the audit log, with the choices of the filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub lines: Vec<AuditLine>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub users: Vec<(i64, String)>,
    pub actions: Vec<String>,
}

/// The time of a line as `YYYY-MM-DD HH:MM:SS` (UTC).
pub fn format_time(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .map(|t| format!("{} {:02}:{:02}:{:02}", format_date(seconds), t.hour(), t.minute(), t.second()))
        .unwrap_or_default()
}

/// The CSV export: a header line, then one line per audit line, RFC 4180 quoting. Cells that
/// a spreadsheet would run as a formula are prefixed with `'`.
pub fn to_csv(lines: &[AuditLine]) -> String {
    fn cell(value: &str) -> String {
        let safe = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
        format!("\"{}\"", safe.replace('"', "\"\""))
    }
    let mut out = String::from("time_utc,user,action,record_type,record_id,summary,ip\r\n");
    for line in lines {
        let cells = [
            format_time(line.at),
            line.user_name.clone().unwrap_or_default(),
            line.action.clone(),
            line.record_type.clone(),
            line.record_id.clone(),
            line.summary.clone(),
            line.ip.clone().unwrap_or_default(),
        ];
        out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}
