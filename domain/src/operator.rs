//! The operator of a PartnerDesk installation: claims on MPN IDs another organisation holds.

use serde::{Deserialize, Serialize};

/// A claim on an MPN ID another organisation holds, as the operator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct MpnIdConflict {
    pub id: i64,
    pub mpn_id: String,
    pub holder_id: i64,
    pub holder_name: String,
    pub holder_country: String,
    /// The claimant's registration, as typed.
    pub company_name: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub created_at: i64,
}

/// A claim to record (its fields already validated as a registration).
#[derive(Clone, Debug)]
pub struct NewMpnIdConflict {
    pub mpn_id: String,
    pub request_id: i64,
    pub company_name: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
}
