//! Rule settings stored in the database (global), with the documented defaults for any
//! key not set.

use crate::db::DbConn;
use crate::db::schema::settings;
use crate::error::AppResult;
use diesel::prelude::*;
use rasoat_shared::settings::RuleSettings;

const RULES_KEY: &str = "rules";

pub fn load(conn: &mut DbConn) -> anyhow::Result<RuleSettings> {
    let value: Option<String> = settings::table
        .filter(settings::key.eq(RULES_KEY))
        .select(settings::value)
        .first(conn)
        .optional()?;
    let rules = match value {
        Some(v) => serde_json::from_str::<RuleSettings>(&v)?,
        None => RuleSettings::default(),
    };
    rules.validate().map_err(anyhow::Error::msg)?;
    Ok(rules)
}

pub fn store(conn: &mut DbConn, rules: &RuleSettings) -> AppResult<()> {
    let value = serde_json::to_string(rules).map_err(crate::error::AppError::internal)?;
    let now = chrono::Utc::now().naive_utc();
    let updated = diesel::update(settings::table.filter(settings::key.eq(RULES_KEY)))
        .set((settings::value.eq(&value), settings::updated_at.eq(now)))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(settings::table)
            .values((
                settings::key.eq(RULES_KEY),
                settings::value.eq(&value),
                settings::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
