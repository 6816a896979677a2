//! Paths and operations: path items with their 3.0 fields, each
//! operation's parameters, body, responses and servers.

use super::*;

/// What parameters need to know of their operation.
/// Where an operation is: its path item's parameters (with shared bodies
/// resolved), its path and method, and its pointer.
#[derive(Clone, Copy)]
pub(super) struct Site<'s> {
    pub(super) path_parameters: &'s [(Mapping, String)],
    pub(super) path: &'s str,
    pub(super) method: &'s str,
    pub(super) at: &'s str,
}

pub(super) struct OperationContext {
    pub(super) operation_id: Option<String>,
    pub(super) consumes: Vec<String>,
}

impl Converter {
    /// The paths, and every operation's request body in path order (for
    /// sharing the ones several operations have).
    pub(super) fn paths(&mut self, paths: Option<&Value>, shared: &SharedBodies) -> (Mapping, Vec<BodyUse>) {
        let mut bodies = Vec::new();
        let paths = match paths {
            None => return (Mapping::new(), bodies),
            Some(Value::Mapping(paths)) => paths,
            Some(_) => {
                self.problem("#/paths", "`paths` must be a mapping of paths to path items");
                return (Mapping::new(), bodies);
            }
        };
        let mut out = Mapping::new();
        for (k, v) in paths {
            match (k.as_str(), v) {
                (Some(path), Value::Mapping(item)) if !path.starts_with("x-") => {
                    let at = child("#/paths", path);
                    out.insert(k.clone(), Value::Mapping(self.path_item(item, path, &at, shared, &mut bodies)));
                }
                (Some(path), _) if !path.starts_with("x-") => {
                    self.problem(child("#/paths", path), "a path item must be a mapping");
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        (out, bodies)
    }

    pub(super) fn path_item(&mut self, item: &Mapping, path: &str, at: &str, components: &SharedBodies, bodies: &mut Vec<BodyUse>) -> Mapping {
        let mut item = item.clone();
        for (extension, field, fits) in [
            ("x-trace", "trace", Value::is_mapping as fn(&Value) -> bool),
            ("x-summary", "summary", Value::is_string),
            ("x-description", "description", Value::is_string),
            ("x-servers", "servers", Value::is_sequence),
        ] {
            if let Some(moved) = item.get(extension).filter(|v| fits(v)).cloned() {
                item.shift_remove(extension);
                set(&mut item, field, moved);
                self.report.origins.record(child(at, field), &child(at, extension));
            }
        }
        // The path's own parameters, with references to shared bodies resolved.
        let mut shared = Vec::new();
        match item.get("parameters") {
            None => {}
            Some(Value::Sequence(parameters)) => {
                for (i, parameter) in parameters.iter().enumerate() {
                    let source = format!("{at}/parameters/{i}");
                    match parameter {
                        Value::Mapping(parameter) => shared.push(self.resolve_shared_body(components, parameter, source)),
                        _ => self.problem(source, "a parameter must be a mapping"),
                    }
                }
            }
            Some(_) => self.problem(child(at, "parameters"), "`parameters` must be a list"),
        }
        let mut out = Mapping::new();
        for (k, v) in &item {
            match (k.as_str(), v) {
                (Some(method), Value::Mapping(operation)) if METHODS.contains(&method) => {
                    let here = child(at, method);
                    let site = Site { path_parameters: &shared, path, method, at: &here };
                    let converted = self.operation(operation, site, components, bodies);
                    out.insert(k.clone(), Value::Mapping(converted));
                }
                (Some(method), _) if METHODS.contains(&method) => self.problem(child(at, method), "an operation must be a mapping"),
                (Some("parameters"), _) => {
                    let mut kept = Vec::new();
                    for (parameter, source) in &shared {
                        if let Param::Kept(parameter) = self.parameter(parameter, source, None) {
                            let target = format!("{at}/parameters/{}", kept.len());
                            if !parameter.contains_key("$ref") {
                                self.report.origins.record(format!("{target}/schema"), source);
                            }
                            self.report.origins.record(target, source);
                            kept.push(Value::Mapping(parameter));
                        }
                    }
                    out.insert(k.clone(), Value::Sequence(kept));
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        out
    }

    pub(super) fn operation(&mut self, op: &Mapping, site: Site<'_>, components: &SharedBodies, uses: &mut Vec<BodyUse>) -> Mapping {
        let Site { path_parameters, path, method, at } = site;
        let consumes = self.report.media_types(op.get("consumes"), &child(at, "consumes")).unwrap_or_else(|| self.defaults.consumes.clone());
        let produces = self.report.media_types(op.get("produces"), &child(at, "produces")).unwrap_or_else(|| self.defaults.produces.clone());
        let context = OperationContext { operation_id: op.get("operationId").and_then(Value::as_str).map(str::to_owned), consumes };
        let own = self.own_parameters(op, at, components);
        let (mut kept, body) = self.parameters_and_body(&own, path_parameters, &context, at);
        let mut body = body.map(|(body, hint, origin)| {
            let target = format!("{at}/requestBody");
            record_body(&mut self.report.origins, &target, &origin);
            let fallback = match &context.operation_id {
                Some(id) => sanitise_all(id),
                None => camel_case(&sanitise_all(&format!("{method}{path}"))),
            };
            let name = sanitise(&hint.filter(|h| !h.is_empty()).unwrap_or(fallback));
            uses.push(BodyUse { path: path.to_owned(), method: method.to_owned(), name, body: Value::Mapping(body.clone()), origin });
            body
        });

        let mut out = Mapping::new();
        for (k, v) in op {
            match k.as_str() {
                Some("parameters") => {
                    if !kept.is_empty() {
                        out.insert(k.clone(), Value::Sequence(std::mem::take(&mut kept)));
                    }
                    if let Some(body) = body.take() {
                        out.insert(key("requestBody"), Value::Mapping(body));
                    }
                }
                Some("consumes" | "produces" | "schemes" | "x-servers") => {}
                Some("security") => {
                    let mut security = v.clone();
                    sanitise_requirements(&mut security);
                    out.insert(k.clone(), security);
                }
                Some("responses") => {
                    out.insert(k.clone(), self.responses(v, &produces, at));
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        if let Some(body) = body {
            out.insert(key("requestBody"), Value::Mapping(body));
        }
        if !op.contains_key("responses") {
            let default = Mapping::from_iter([(key("description"), key("Default response"))]);
            out.insert(key("responses"), Value::Mapping(Mapping::from_iter([(key("default"), Value::Mapping(default))])));
        }
        if let Some(servers) = self.operation_servers(op) {
            out.insert(key("servers"), Value::Sequence(servers));
        }
        out
    }

    /// The operation's own parameters with their pointers, references to
    /// shared bodies resolved.
    fn own_parameters(&mut self, op: &Mapping, at: &str, components: &SharedBodies) -> Vec<(Mapping, String)> {
        let own: Vec<(Mapping, String)> = match op.get("parameters") {
            None => Vec::new(),
            Some(Value::Sequence(parameters)) => parameters
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    let source = format!("{at}/parameters/{i}");
                    match p {
                        Value::Mapping(p) => Some((p.clone(), source)),
                        _ => {
                            self.problem(source, "a parameter must be a mapping");
                            None
                        }
                    }
                })
                .collect(),
            Some(_) => {
                self.problem(child(at, "parameters"), "`parameters` must be a list");
                Vec::new()
            }
        };
        own.into_iter().map(|(p, source)| self.resolve_shared_body(components, &p, source)).collect()
    }

    /// The parameters the operation keeps (its own, converted) and its
    /// request body: the body or form parameters of the path item that its
    /// own do not override, then its own.
    fn parameters_and_body(&mut self, own: &[(Mapping, String)], path_parameters: &[(Mapping, String)], context: &OperationContext, at: &str) -> (Vec<Value>, Option<Body>) {
        // An operation's parameter overrides the path's of the same name and
        // place; its body replaces the path's body.
        let is_body = |p: &Mapping| p.get("in").and_then(Value::as_str) == Some("body");
        let overridden = |p: &Mapping| {
            (is_body(p) && own.iter().any(|(o, _)| is_body(o)))
                || (p.get("name").is_some() && own.iter().any(|(o, _)| o.get("name") == p.get("name") && o.get("in") == p.get("in")))
        };
        // Body and form parameters of the path first, then the operation's own.
        let mut candidates: Vec<(Mapping, String, bool)> = path_parameters
            .iter()
            .filter(|(p, _)| is_body_like(p) && !overridden(p))
            .map(|(p, source)| (p.clone(), source.clone(), false))
            .collect();
        candidates.extend(own.iter().map(|(p, source)| (p.clone(), source.clone(), true)));
        let (mut kept, mut bodies, mut fields) = (Vec::new(), Vec::new(), Vec::new());
        for (p, source, is_own) in candidates {
            match self.parameter(&p, &source, Some(context)) {
                Param::Kept(parameter) if is_own => {
                    let target = format!("{at}/parameters/{}", kept.len());
                    if !parameter.contains_key("$ref") {
                        self.report.origins.record(format!("{target}/schema"), &source);
                    }
                    self.report.origins.record(target, &source);
                    kept.push(Value::Mapping(parameter));
                }
                Param::Body(body, hint, origin) => bodies.push((body, hint, origin)),
                Param::Form(field) => fields.push(field),
                Param::Kept(_) | Param::Dropped => {}
            }
        }
        let body = match (bodies.len(), fields.is_empty()) {
            (0, true) => None,
            (1, true) => bodies.pop(),
            (0, false) => Some(form_body(fields, &context.consumes)),
            (1, false) => {
                self.problem(at, "an operation has both `in: body` and `in: formData` parameters; a request has one body");
                None
            }
            _ => {
                self.problem(at, "an operation has more than one body parameter (`in: body`, or a `type: file` outside a form)");
                None
            }
        };
        (kept, body)
    }

    /// `x-servers`, or the document's servers again for each scheme the
    /// operation adds to the document's `schemes`.
    pub(super) fn operation_servers(&self, op: &Mapping) -> Option<Vec<Value>> {
        if let Some(Value::Sequence(servers)) = op.get("x-servers") {
            return Some(servers.clone());
        }
        let added: Vec<String> = strings(op.get("schemes")).into_iter().filter(|s| !self.defaults.schemes.contains(s)).collect();
        if added.is_empty() {
            return None;
        }
        let mut servers = Vec::new();
        for scheme in &added {
            for server in &self.defaults.servers {
                let mut server = server.clone();
                if let Some(Value::String(url)) = server.get_mut("url") {
                    let rest = url.find("://").map_or_else(|| url.strip_prefix("//").map(|r| format!("//{r}")), |i| Some(url[i + 1..].to_owned()));
                    if let Some(rest) = rest {
                        *url = format!("{scheme}:{rest}");
                    }
                }
                servers.push(server);
            }
        }
        Some(servers)
    }
}
