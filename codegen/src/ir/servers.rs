//! Servers: where each operation is sent.
//!
//! OpenAPI 3 lets the document, a path item and an operation each declare
//! `servers`; the nearest wins, and a reviewed setting wins over all of
//! them (for a spec that is wrong or silent). Server variables take their
//! defaults, and the first URL of a list is the one the client calls.
//!
//! The URLs that share an origin (scheme, host and port) are one server of
//! the crate, named after its host (`https://api.dintero.com/v1/` and
//! `https://api.dintero.com/` are the server `api`): its URL is their
//! longest common path, and what an operation's URL adds to it is the
//! operation's path prefix (`/v1`). So one override of a server moves every
//! operation on that host, and a path joins its server without a doubled or
//! lost segment.

use crate::names::{FieldName, NameScope, VariantName};
use openapiv3::Server as SpecServer;

/// One server of the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// Its name (`checkout`), a `snake_case` word.
    pub name: FieldName,
    /// Its variant of the generated `Server` enum (`Checkout`).
    pub variant: VariantName,
    /// Its default URL, without a trailing slash (`https://checkout.dintero.com/v1`).
    pub url: String,
    /// The JSON pointer of the first `servers` entry that named it.
    pub origin: String,
}

/// Where one operation goes: its server and the path prefix between the
/// server's URL and the operation's path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServerRef {
    /// Index into [`super::Api::servers`].
    pub index: usize,
    /// `/v1`, or empty.
    pub prefix: String,
}

/// The URL an operation is sent to before grouping, with the place it was read.
#[derive(Debug, Clone)]
pub(super) struct Declared {
    /// The URL with variables substituted and no trailing slash.
    pub url: String,
    /// Where it was declared (a settings entry or a JSON pointer).
    pub pointer: String,
}

/// The first URL of a `servers` list, with its variables' defaults, if the list is not empty.
pub(super) fn first(servers: &[SpecServer], pointer: &str) -> Option<Declared> {
    let server = servers.first()?;
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    Some(Declared { url: url.trim_end_matches('/').to_owned(), pointer: format!("{pointer}/servers/0") })
}

/// The `servers` of the document, where OpenAPI's default is `/`.
pub(super) fn of_document(servers: &[SpecServer]) -> Declared {
    first(servers, "#").unwrap_or(Declared { url: String::new(), pointer: "#/servers".to_owned() })
}

/// `(origin, path segments)` of a URL: `https://api.dintero.com/v1` is
/// `("https://api.dintero.com", ["v1"])`; a relative URL has an empty origin.
fn split(url: &str) -> (&str, Vec<&str>) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let (origin, path) = match url[after_scheme..].find('/') {
        Some(i) => url.split_at(after_scheme + i),
        None if after_scheme > 0 => (url, ""),
        None => ("", url),
    };
    (origin, path.split('/').filter(|s| !s.is_empty()).collect())
}

/// The name of the server at `origin`: the first label of its host
/// (`checkout` for `https://checkout.dintero.com`), `default` for a relative URL.
fn name_of(origin: &str) -> String {
    let host = origin.split_once("://").map_or("", |(_, rest)| rest);
    let label = host.split(['.', ':']).next().unwrap_or_default();
    if label.is_empty() || label.starts_with(|c: char| c.is_ascii_digit()) || label.starts_with('[') {
        "default".to_owned()
    } else {
        label.to_ascii_lowercase()
    }
}

/// Groups the URLs of every operation (`declared[i]` is operation `i`'s)
/// into servers, the document's first; returns the servers and each
/// operation's [`ServerRef`].
pub(super) fn group(document: &Declared, declared: &[Declared]) -> (Vec<Server>, Vec<ServerRef>) {
    // The origins in order of first appearance, with every path seen there.
    let mut origins: Vec<(&str, Vec<Vec<&str>>, &str)> = Vec::new();
    for d in std::iter::once(document).chain(declared) {
        let (origin, segments) = split(&d.url);
        match origins.iter_mut().find(|(o, _, _)| *o == origin) {
            Some((_, paths, _)) => paths.push(segments),
            None => origins.push((origin, vec![segments], &d.pointer)),
        }
    }
    // Only the document's server is listed even when no operation uses it, so
    // a spec whose operations all override it keeps a stable default.
    let mut scope = NameScope::default();
    let servers: Vec<(Server, Vec<&str>)> = origins
        .iter()
        .map(|(origin, paths, pointer)| {
            let common = common_prefix(paths);
            let (name, _) = scope.claim(FieldName::from_wire(&name_of(origin)), FieldName::with_suffix);
            let url = if common.is_empty() { (*origin).to_owned() } else { format!("{origin}/{}", common.join("/")) };
            let variant = VariantName::from_wire(name.as_str());
            (Server { name, variant, url, origin: (*pointer).to_owned() }, common)
        })
        .collect();
    let refs = declared
        .iter()
        .map(|d| {
            let (origin, segments) = split(&d.url);
            let index = origins.iter().position(|(o, _, _)| *o == origin).unwrap_or_default();
            let rest = &segments[servers[index].1.len()..];
            ServerRef { index, prefix: rest.iter().map(|s| format!("/{s}")).collect() }
        })
        .collect();
    (servers.into_iter().map(|(server, _)| server).collect(), refs)
}

/// The segments every path starts with.
fn common_prefix<'u>(paths: &[Vec<&'u str>]) -> Vec<&'u str> {
    let Some((first, rest)) = paths.split_first() else { return Vec::new() };
    let mut common = first.clone();
    for path in rest {
        let same = common.iter().zip(path).take_while(|(a, b)| a == b).count();
        common.truncate(same);
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(url: &str) -> Declared {
        Declared { url: url.trim_end_matches('/').to_owned(), pointer: format!("#/{url}") }
    }

    #[test]
    fn urls_on_one_host_are_one_server_with_their_common_path() {
        let document = declared("https://checkout.dintero.com/v1/");
        let ops = [declared("https://checkout.dintero.com/v1/"), declared("https://api.dintero.com/v1/"), declared("https://api.dintero.com/"), declared("https://api.dintero.com/v1")];
        let (servers, refs) = group(&document, &ops);
        let summary: Vec<(&str, &str)> = servers.iter().map(|s| (s.name.as_str(), s.url.as_str())).collect();
        assert_eq!(summary, [("checkout", "https://checkout.dintero.com/v1"), ("api", "https://api.dintero.com")]);
        let refs: Vec<(usize, &str)> = refs.iter().map(|r| (r.index, r.prefix.as_str())).collect();
        assert_eq!(refs, [(0, ""), (1, "/v1"), (1, ""), (1, "/v1")]);
    }

    #[test]
    fn a_relative_or_missing_server_is_named_default_and_hosts_that_share_a_label_are_told_apart() {
        let (servers, refs) = group(&declared(""), &[declared("/v2"), declared("https://api.a.example"), declared("https://api.b.example/x")]);
        let summary: Vec<(&str, &str)> = servers.iter().map(|s| (s.name.as_str(), s.url.as_str())).collect();
        assert_eq!(summary, [("default", ""), ("api", "https://api.a.example"), ("api2", "https://api.b.example/x")]);
        assert_eq!(refs[0], ServerRef { index: 0, prefix: "/v2".to_owned() });
    }
}
