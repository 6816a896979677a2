//! The document and its servers: `info`, the top-level sections, their
//! names made safe, media types, security schemes, and the servers of
//! `host`, `basePath` and `schemes`.

use super::*;

impl Report {
    /// `info` with a `title` and a `version`, both text (an unquoted
    /// `version: 1.0` is a number, which OpenAPI does not accept).
    pub(super) fn check_info(&mut self, root: &Mapping) {
        match root.get("info") {
            None => self.problem("#", "a Swagger 2.0 document needs `info` (with `title` and `version`)"),
            Some(Value::Mapping(info)) => {
                for field in ["title", "version"] {
                    match info.get(field) {
                        None => self.problem("#/info", format!("`info` needs a `{field}`")),
                        Some(Value::String(_)) => {}
                        Some(_) => self.problem(
                            format!("#/info/{field}"),
                            format!("`info.{field}` must be text; quote it (`{field}: '1.0'`)"),
                        ),
                    }
                }
            }
            Some(_) => self.problem("#/info", "`info` must be a mapping"),
        }
    }

    /// A top-level section that maps names to objects (`definitions`, ...).
    pub(super) fn section(&mut self, root: &Mapping, name: &str) -> Mapping {
        match root.get(name) {
            None => Mapping::new(),
            Some(Value::Mapping(m)) => m.clone(),
            Some(_) => {
                self.problem(format!("#/{name}"), format!("`{name}` must be a mapping of names to definitions"));
                Mapping::new()
            }
        }
    }

    /// Names and their sanitised component names, a renamed one moved to
    /// the end; two names that sanitise to one are a problem.
    pub(super) fn sanitised_names(&mut self, section: &Mapping, at: &str, what: &str) -> Vec<(String, String)> {
        let mut order: Vec<(String, String)> = section.keys().filter_map(Value::as_str).map(|n| (n.to_owned(), n.to_owned())).collect();
        for old in order.clone().into_iter().map(|(old, _)| old) {
            let name = sanitise(&old);
            if name != old {
                if order.iter().any(|(_, taken)| *taken == name) {
                    self.problem(child(at, &old), format!("two {what} are named `{name}` once made safe for OpenAPI 3.0"));
                    continue;
                }
                order.retain(|(o, _)| *o != old);
                order.push((old, name));
            }
        }
        order
    }

    /// `consumes`/`produces`: a list of media types (one string is taken as
    /// a list of one), without repeats; `None` when absent or malformed.
    pub(super) fn media_types(&mut self, value: Option<&Value>, at: &str) -> Option<Vec<String>> {
        match value? {
            Value::String(single) => Some(vec![single.clone()]),
            Value::Sequence(items) => {
                let mut out: Vec<String> = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(media) if !out.iter().any(|m| m == media) => out.push(media.to_owned()),
                        Some(_) => {}
                        None => self.problem(format!("{at}/{i}"), "a media type must be text"),
                    }
                }
                Some(out)
            }
            _ => {
                self.problem(at, "must be a list of media types");
                None
            }
        }
    }
}

impl Converter {
    pub(super) fn security_scheme(&mut self, scheme: &mut Mapping, at: &str) {
        match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => {
                set(scheme, "type", key("http"));
                set(scheme, "scheme", key("basic"));
            }
            Some("oauth2") => {
                let flow = match scheme.get("flow").and_then(Value::as_str) {
                    Some("application") => "clientCredentials".to_owned(),
                    Some("accessCode") => "authorizationCode".to_owned(),
                    Some(flow @ ("implicit" | "password")) => flow.to_owned(),
                    Some(other) => {
                        self.problem(format!("{at}/flow"), format!("unknown OAuth2 `flow: {other}` (implicit, password, application or accessCode)"));
                        return;
                    }
                    None => {
                        self.problem(at, "an OAuth2 security definition needs a `flow`");
                        return;
                    }
                };
                let mut details = Mapping::new();
                for field in ["authorizationUrl", "tokenUrl"] {
                    if let Some(Value::String(url)) = scheme.get(field) {
                        let url = url.split('?').next().unwrap_or_default().trim();
                        details.insert(key(field), key(if url.is_empty() { "/" } else { url }));
                    }
                }
                details.insert(key("scopes"), scheme.get("scopes").cloned().unwrap_or_else(|| Value::Mapping(Mapping::new())));
                for field in ["flow", "authorizationUrl", "tokenUrl", "scopes", "name"] {
                    scheme.shift_remove(field);
                }
                let mut flows = Mapping::new();
                flows.insert(key(&flow), Value::Mapping(details));
                set(scheme, "flows", Value::Mapping(flows));
            }
            _ => {}
        }
    }
}

/// The document's servers: `x-servers`, else one per scheme from `host` and
/// `basePath`, else `basePath` alone.
pub(super) fn servers(root: &Mapping) -> Vec<Value> {
    if let Some(Value::Sequence(servers)) = root.get("x-servers") {
        return servers.clone();
    }
    let base_path = root.get("basePath").and_then(Value::as_str);
    let urls: Vec<String> = match root.get("host").and_then(Value::as_str) {
        Some(host) => {
            let base = base_path.map(|b| b.strip_suffix('/').unwrap_or(b)).unwrap_or_default();
            let mut schemes = strings(root.get("schemes"));
            if schemes.is_empty() {
                schemes.push(String::new());
            }
            schemes
                .iter()
                .map(|scheme| format!("{}//{host}{base}", if scheme.is_empty() { String::new() } else { format!("{scheme}:") }))
                .collect()
        }
        None => base_path.map(str::to_owned).into_iter().collect(),
    };
    urls.into_iter()
        .map(|url| {
            let url = url.replace("{{", "{").replace("}}", "}");
            let mut server = Mapping::from_iter([(key("url"), key(&url))]);
            let mut variables = Mapping::new();
            for name in url.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)) {
                variables.insert(key(name), Value::Mapping(Mapping::from_iter([(key("default"), key("unknown"))])));
            }
            if !variables.is_empty() {
                server.insert(key("variables"), Value::Mapping(variables));
            }
            Value::Mapping(server)
        })
        .collect()
}
