//! A test server as a process of its own, for the crash test (which kills it with
//! SIGKILL): serves the database named by `RASOAT_TEST_SERVER_DB`, with the master key of
//! `RASOAT_TEST_SERVER_DATA`, on a free port, prints `LISTENING <url>` and runs until
//! killed.

use std::io::Write;

fn main() -> anyhow::Result<()> {
    let url = std::env::var("RASOAT_TEST_SERVER_DB")?;
    let mut config = rasoat_tests::test_config(url);
    if let Ok(dir) = std::env::var("RASOAT_TEST_SERVER_DATA") {
        config.data_dir = dir.into();
    }
    let server = rasoat_backend::server::start(config)?;
    println!("LISTENING {}", server.url());
    std::io::stdout().flush()?;
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
