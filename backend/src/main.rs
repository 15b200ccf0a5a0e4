use anyhow::{Context, bail};
use clap::Parser;
use rasoat_backend::cli::{AuditCommand, Cli, Command, CreateUserArgs, KeysCommand, SeedArgs};
use rasoat_backend::config::Config;
use rasoat_backend::db::Db;
use rasoat_backend::{repo, seed, server};
use rasoat_shared::UnitId;
use rasoat_shared::access::Role;
use std::io::BufRead;
use std::time::Instant;

fn main() {
    let started = Instant::now();
    let cli = Cli::parse();
    if let Err(e) = run(cli, started) {
        eprintln!("Lỗi / error: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli, started: Instant) -> anyhow::Result<()> {
    let mut config = Config::load()?;
    if let Some(url) = cli.database_url {
        config.database_url = url;
        config.validate()?;
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&config.log).unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Command::Serve(args) => {
            if let Some(bind) = args.bind {
                config.bind = bind;
            }
            let listener = std::net::TcpListener::bind(config.bind)
                .with_context(|| format!("binding {}", config.bind))?;
            actix_web::rt::System::new().block_on(server::serve(
                config,
                listener,
                move |addr, _| {
                    println!(
                        "Rà soát sẵn sàng tại http://{addr} (ready in {} ms)",
                        started.elapsed().as_millis()
                    );
                },
            ))
        }
        Command::Migrate => {
            let db = Db::connect(&config.db_options())?;
            let n = db.migrate()?;
            println!("Đã áp dụng {n} migration / applied {n} migrations");
            Ok(())
        }
        Command::Seed(args) => seed_command(&config, args),
        Command::CreateUser(args) => create_user(&config, args),
        Command::Audit(AuditCommand::Verify { tenant }) => audit_verify(&config, tenant),
        Command::Keys(cmd) => keys(&config, cmd),
    }
}

fn audit_verify(config: &Config, tenant: Option<i64>) -> anyhow::Result<()> {
    let db = Db::connect(&config.db_options())?;
    db.migrate()?;
    let mut conn = db.write_conn()?;
    let (checked, faults) =
        rasoat_backend::audit::verify(&mut conn, tenant).map_err(|e| anyhow::anyhow!("{e}"))?;
    if faults.is_empty() {
        println!("Nhật ký nguyên vẹn: {checked} mục / audit log intact: {checked} entries");
        return Ok(());
    }
    for f in &faults {
        println!("tenant {} position {}: {}", f.tenant_id, f.seq, f.problem);
    }
    bail!(
        "the audit log has been tampered with ({} faults in {checked} entries)",
        faults.len()
    )
}

fn keys(config: &Config, cmd: KeysCommand) -> anyhow::Result<()> {
    let db = Db::connect(&config.db_options())?;
    db.migrate()?;
    let mut conn = db.write_conn()?;
    let master = rasoat_backend::auth::keys::MasterKey::load_or_create(&config.data_dir)?;
    match cmd {
        KeysCommand::Rotate => {
            let kid = rasoat_backend::auth::keys::rotate(
                &mut conn,
                &master,
                config.access_token_ttl_secs,
            )?;
            println!("Khóa mới / new signing key: {kid}");
        }
        KeysCommand::List => {
            for k in rasoat_backend::auth::keys::list(&mut conn)? {
                println!("{}  created {}  {}", k.kid, k.created_at, k.state);
            }
        }
    }
    Ok(())
}

fn seed_command(config: &Config, args: SeedArgs) -> anyhow::Result<()> {
    let db = Db::connect(&config.db_options())?;
    db.migrate()?;
    let mut conn = db.write_conn()?;
    let empty = seed::is_empty(&mut conn)?;
    if !empty && args.if_empty {
        println!(
            "Cơ sở dữ liệu đã có dữ liệu; không tạo thêm. / The database is not empty; nothing seeded."
        );
    } else if args.demo {
        let t = Instant::now();
        let as_of = args.as_of.unwrap_or_else(seed::demo_as_of);
        let monthly = if args.without_monthly_records {
            seed::MonthlyRecords::Without
        } else {
            seed::MonthlyRecords::With
        };
        let report = seed::demo(&mut conn, args.seed, args.scale, as_of, monthly)?;
        println!(
            "Đã tạo tỉnh mẫu: {} đảng bộ trực thuộc, {} tổ chức, {} đảng viên trong {:.1} s",
            report.tenants,
            report.units,
            report.members,
            t.elapsed().as_secs_f64()
        );
        println!(
            "Dữ liệu rà soát mẫu / review inputs: {} xếp loại, {} quyết định kỷ luật, {} vi phạm, {} bản ghi sinh hoạt và đảng phí theo tháng",
            report.review.ratings,
            report.review.discipline_records,
            report.review.violations,
            report.review.monthly_records
        );
        println!(
            "Hồ sơ sàng lọc mẫu / demo cases: {} hồ sơ, {} đang xem xét",
            report.cases.cases, report.cases.open
        );
        if args.open_cases > 0 {
            let n = seed::cases::volume(&mut conn, args.open_cases)?;
            println!("Hồ sơ đo hiệu năng / benchmark cases: {n} hồ sơ đang xem xét");
        }
    } else {
        let name = args.province_name.as_deref().unwrap_or("Đảng bộ tỉnh");
        let id = seed::province_root(&mut conn, name)?;
        println!("Đảng bộ tỉnh: đơn vị số {id} / province root unit {id}");
    }
    seed::print_demo_accounts(&mut conn)?;
    Ok(())
}

fn create_user(config: &Config, args: CreateUserArgs) -> anyhow::Result<()> {
    let role = Role::from_code(&args.role).with_context(|| {
        let all: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        format!("unknown role {:?}; one of: {}", args.role, all.join(", "))
    })?;
    if !args.password_stdin {
        bail!("give the password on standard input with --password-stdin");
    }
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    let problems = rasoat_shared::password::problems(&password, &args.username);
    if !problems.is_empty() {
        let text: Vec<String> = problems.into_iter().map(|p| p.message).collect();
        bail!("{}", text.join(" "));
    }
    let hash = rasoat_backend::auth::password::hash_sync(&password)?;
    let db = Db::connect(&config.db_options())?;
    db.migrate()?;
    let mut conn = db.write_conn()?;
    let user = seed::in_transaction(&mut conn, |c| {
        use diesel::prelude::*;
        let tenant: Vec<i64> = rasoat_backend::db::schema::units::table
            .filter(rasoat_backend::db::schema::units::id.eq(args.unit))
            .select(rasoat_backend::db::schema::units::tenant_id)
            .load(c)?;
        let tenant = tenant
            .into_iter()
            .next()
            .ok_or_else(rasoat_backend::error::AppError::not_found)?;
        // The account belongs where its role is held: that subtree's administrators manage it.
        let home = Some((rasoat_shared::TenantId(tenant), UnitId(args.unit)));
        let user = repo::users::create(c, &args.username, &args.display_name, &hash, home)?;
        repo::users::assign_role(
            c,
            user,
            role,
            UnitId(args.unit),
            chrono::Utc::now().date_naive(),
        )?;
        Ok(user)
    })?;
    println!(
        "Đã tạo tài khoản {} (số {user}) với vai trò {}",
        args.username,
        role.label_vi()
    );
    Ok(())
}
