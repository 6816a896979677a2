// Every kind of error, handled.
use dintero_checkout::Error;

fn handle(error: &Error) -> String {
    match error {
        Error::Api(api) => match (api.status, api.retry_after()) {
            (429, Some(wait)) => format!("rate limited, retry in {wait:?}"),
            (status, _) => format!("{status}: {:?} {:?}", api.code(), api.message()),
        },
        Error::UnexpectedStatus(response) => format!("undocumented {}: {} bytes", response.status, response.body.len()),
        Error::Decode(decode) => format!("body did not match the spec at {}", decode.path),
        Error::Transport { context, source } => format!("{context}: timeout={}", source.is_timeout()),
        Error::MissingCredentials { operation, accepted } => format!("{operation} needs {accepted}"),
        Error::Auth { operation, source } => format!("{operation}: {source}"),
        Error::Encode { operation, source } => format!("{operation}: {source}"),
        Error::Config(message) => message.clone(),
        other => other.to_string(),
    }
}

fn main() {
    let _ = handle;
}
