//! Partner offices: the locations an offer can be associated with.

use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Office {
    pub id: i64,
    pub name: String,
    pub address_line1: String,
    pub city: String,
    pub country: String,
}

/// The validated form of a new office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeInput {
    pub name: String,
    pub address_line1: String,
    pub city: String,
    pub country: String,
}

impl OfficeInput {
    pub fn validate(name: &str, address_line1: &str, city: &str, country: &str) -> Result<Self, AppError> {
        use crate::validate::text;
        let mut errors = FieldErrors::default();
        let name = errors.check("name", text(name, 100));
        let address_line1 = errors.check("address_line1", text(address_line1, 200));
        let city = errors.check("city", text(city, 100));
        let country = errors.check("country", crate::catalog::parse_country(country));
        match (name, address_line1, city, country) {
            (Some(name), Some(address_line1), Some(city), Some(country)) if errors.is_empty() => {
                Ok(OfficeInput { name, address_line1, city, country })
            }
            _ => Err(AppError::Invalid(errors.0)),
        }
    }
}
