use clap::Parser;
use permit_mock::{config::Config, serve};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "permit_mock=info".into()),
        )
        .init();
    let config = Config::parse();
    if let Err(e) = serve(config).await {
        eprintln!("permit-mock: {e}");
        std::process::exit(1);
    }
}
