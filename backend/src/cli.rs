//! The `rasoat` command line.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;

/// Rà soát — rà soát, sàng lọc đảng viên (Chỉ thị 28-CT/TW, Hướng dẫn 02-HD/BTCTW).
///
/// Member review and screening for a provincial Party organisation. Configuration comes
/// from RASOAT_* environment variables, DATABASE_URL and an optional TOML file named by
/// RASOAT_CONFIG (see README).
#[derive(Debug, Parser)]
#[command(name = "rasoat", version, about, long_about)]
pub struct Cli {
    /// Database: sqlite://path (default sqlite://data/rasoat.db) or postgres://…
    #[arg(long, global = true, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Chạy máy chủ — run the server (applies pending migrations first).
    Serve(ServeArgs),
    /// Áp dụng migration — apply pending database migrations.
    Migrate,
    /// Tạo dữ liệu — create the province root, or the demo province with demo accounts.
    Seed(SeedArgs),
    /// Tạo tài khoản — create an account and grant it a role at a unit.
    CreateUser(CreateUserArgs),
    /// Nhật ký — the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Khóa ký — the keys that sign access tokens.
    #[command(subcommand)]
    Keys(KeysCommand),
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Kiểm tra chuỗi băm — recompute every hash chain; exit code 1 if any entry was
    /// altered, removed or reordered.
    Verify {
        /// Only this tenant's chain (0: the province level).
        #[arg(long)]
        tenant: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Đổi khóa — make a new signing key; tokens signed with the old ones stay valid until
    /// they expire, then the old keys retire.
    Rotate,
    /// Liệt kê — list the keys and their state.
    List,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080, or RASOAT_BIND).
    #[arg(long)]
    pub bind: Option<SocketAddr>,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Seed the demo province (Điện Biên-like: 14 tenants, 620 grassroots organisations,
    /// ≈ 43,000 members) and one demo account per role.
    #[arg(long)]
    pub demo: bool,
    /// Repeat the demo province's shape N times as more tenants (130 ≈ national size).
    #[arg(long, default_value_t = 1, requires = "demo", value_parser = clap::value_parser!(u32).range(1..=200))]
    pub scale: u32,
    /// Seed of the demo data generator: the same seed gives the same data.
    #[arg(long, default_value_t = 1, requires = "demo")]
    pub seed: u64,
    /// The date the demo data is generated as of (YYYY-MM-DD; default 2026-11-26, so that a
    /// seed gives the same data on any day).
    #[arg(long, requires = "demo")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Without --demo: the name of the province root to create.
    #[arg(long, conflicts_with = "demo")]
    pub province_name: Option<String>,
    /// Do nothing (but list the demo accounts) when the database already holds units.
    #[arg(long)]
    pub if_empty: bool,
    /// Benchmark data: also write this many open cases in the first tenant (drafts, as
    /// confirmed suggestions leave them), marked as benchmark data on their timeline.
    #[arg(long, default_value_t = 0, requires = "demo")]
    pub open_cases: usize,
    /// Leave out the monthly attendance and dues records (nine tenths of the database; no
    /// report reads them): for the national-size dataset (`--scale 130`) of the report
    /// benchmark.
    #[arg(long, requires = "demo")]
    pub without_monthly_records: bool,
}

#[derive(Debug, Args)]
pub struct CreateUserArgs {
    /// Login name (lower case letters, digits, '.', '_', '-').
    #[arg(long)]
    pub username: String,
    /// Name shown in the UI.
    #[arg(long)]
    pub display_name: String,
    /// Role code, e.g. provincial_org_commission, upper_committee_staff, branch_secretary.
    #[arg(long)]
    pub role: String,
    /// Id of the unit where the role is held (its subtree is the scope).
    #[arg(long)]
    pub unit: i64,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}
