//! What every handler shares.

use crate::audit::AuditSink;
use crate::auth::password::Hasher;
use crate::auth::throttle::Throttle;
use crate::auth::token::Tokens;
use crate::config::Config;
use crate::db::Db;
use rasoat_shared::settings::RuleSettings;
use std::sync::RwLock;

pub struct AppState {
    pub db: Db,
    pub tokens: Tokens,
    pub hasher: Hasher,
    pub audit: AuditSink,
    pub config: Config,
    /// The rule settings, read from the database at start.
    pub settings: RwLock<RuleSettings>,
    pub throttle: Throttle,
    /// Progress of the imports applying in this process.
    pub imports: crate::repo::imports::Progress,
}

impl AppState {
    pub fn settings(&self) -> RuleSettings {
        self.settings.read().map(|s| s.clone()).unwrap_or_default()
    }
}
