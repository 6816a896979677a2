//! The merchant's API client credentials: account id, client id and secret,
//! from code or from the environment. The account id is validated; the
//! secret never appears in `Debug`, `Display` or any error message.

use secrecy::SecretString;
use std::fmt;
use std::str::FromStr;

/// A Dintero account id: `T` (test) or `P` (production) and 8 digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AccountId(String);

impl AccountId {
    /// The id as text (`T12345678`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a test (sandbox) account.
    pub fn is_test(&self) -> bool {
        self.0.starts_with('T')
    }

    /// The token `audience` for this account:
    /// `https://api.dintero.com/v1/accounts/{account_id}`.
    pub fn audience(&self) -> String {
        format!("https://api.dintero.com/v1/accounts/{}", self.0)
    }
}

impl FromStr for AccountId {
    type Err = CredentialsError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let mut chars = value.chars();
        let valid = matches!(chars.next(), Some('T' | 'P'))
            && value.len() == 9
            && chars.all(|c| c.is_ascii_digit());
        if valid {
            Ok(Self(value.to_owned()))
        } else {
            Err(CredentialsError::InvalidAccountId { value: value.to_owned() })
        }
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountId({})", self.0)
    }
}

/// Why credentials could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The account id is not `T`/`P` followed by 8 digits.
    #[error("invalid account id `{value}`: expected `T` (test) or `P` (production) followed by 8 digits, like T12345678")]
    InvalidAccountId {
        /// The value given (an account id is not a secret).
        value: String,
    },
    /// An environment variable is not set (or empty).
    #[error("environment variable {variable} is not set")]
    Missing {
        /// Its name.
        variable: &'static str,
    },
    /// An environment variable is not valid Unicode.
    #[error("environment variable {variable} is not valid Unicode")]
    NotUnicode {
        /// Its name.
        variable: &'static str,
    },
    /// The client id or secret is empty.
    #[error("the {what} is empty")]
    Empty {
        /// `client id` or `client secret`.
        what: &'static str,
    },
}

/// An API client of a Dintero account (Backoffice, Settings, API clients).
#[derive(Clone)]
pub struct Credentials {
    account_id: AccountId,
    client_id: String,
    client_secret: SecretString,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("account_id", &self.account_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

/// Environment variable of the account id.
pub const ACCOUNT_ID_VAR: &str = "DINTERO_ACCOUNT_ID";
/// Environment variable of the client id.
pub const CLIENT_ID_VAR: &str = "DINTERO_CLIENT_ID";
/// Environment variable of the client secret.
pub const CLIENT_SECRET_VAR: &str = "DINTERO_CLIENT_SECRET";

impl Credentials {
    /// Credentials from values; the account id is validated.
    pub fn new(account_id: &str, client_id: impl Into<String>, client_secret: impl Into<String>) -> Result<Self, CredentialsError> {
        let (client_id, client_secret) = (client_id.into(), client_secret.into());
        if client_id.is_empty() {
            return Err(CredentialsError::Empty { what: "client id" });
        }
        if client_secret.is_empty() {
            return Err(CredentialsError::Empty { what: "client secret" });
        }
        Ok(Self { account_id: account_id.parse()?, client_id, client_secret: SecretString::from(client_secret) })
    }

    /// Credentials from `DINTERO_ACCOUNT_ID`, `DINTERO_CLIENT_ID` and `DINTERO_CLIENT_SECRET`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name))
    }

    /// Credentials from any variable source (for tests, or a secrets store).
    pub fn from_lookup(lookup: impl Fn(&str) -> Result<String, std::env::VarError>) -> Result<Self, CredentialsError> {
        let get = |variable: &'static str| match lookup(variable) {
            Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_owned()),
            Ok(_) | Err(std::env::VarError::NotPresent) => Err(CredentialsError::Missing { variable }),
            Err(std::env::VarError::NotUnicode(_)) => Err(CredentialsError::NotUnicode { variable }),
        };
        Self::new(&get(ACCOUNT_ID_VAR)?, get(CLIENT_ID_VAR)?, get(CLIENT_SECRET_VAR)?)
    }

    /// The account.
    pub fn account_id(&self) -> &AccountId {
        &self.account_id
    }

    /// The client id (not a secret).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub(crate) fn client_secret(&self) -> &SecretString {
        &self.client_secret
    }
}
