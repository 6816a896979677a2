//! The settings that bring a spec in line with the live API: servers (the
//! spec's at every level, and the settings' over them), corrected paths and
//! security, widened integers and pagination. Each entry must match the
//! spec; one that names nothing, or describes it wrongly, is an error that
//! names the entry.

use codegen::surface::Surface;
use codegen::Settings;

/// A small API on two hosts: a list on the document's server, a list on
/// another host's `/v1` (operation `servers`), and an operation on that
/// host's root (path-item `servers`).
const SPEC: &str = r##"
openapi: 3.0.0
info: { title: Shop, version: "1" }
servers: [{ url: "https://shop.example/v1/" }]
security: [{ key: [] }]
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: x-api-key }
    token: { type: http, scheme: bearer }
  schemas:
    Order:
      type: object
      required: [id]
      properties:
        id: { type: string }
        amount: { type: integer, format: int32 }
    Page:
      type: object
      properties:
        items: { type: array, items: { $ref: "#/components/schemas/Order" } }
        next: { type: object, properties: { token: { type: string } } }
paths:
  /orders:
    get:
      operationId: list_orders
      parameters:
        - { name: after, in: query, schema: { type: string } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Order" } } } } }
  /accounts/{aid}/payouts:
    get:
      operationId: list_payouts
      servers: [{ url: "https://api.example/v1" }]
      parameters:
        - { name: aid, in: path, required: true, schema: { type: string } }
        - { name: page, in: query, schema: { type: string } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Page" } } } }
  /v2/accounts/{aid}/transfer:
    servers: [{ url: "https://api.example/" }]
    post:
      operationId: create_transfer
      parameters:
        - { name: aid, in: path, required: true, schema: { type: string } }
      responses:
        "204": { description: done }
"##;

fn settings(toml: &str) -> Settings {
    toml::from_str(toml).expect("the settings parse")
}

fn generate(settings: &Settings) -> Result<Surface, String> {
    codegen::generate_from_text(SPEC, "shop.yaml", settings).map(|o| o.surface).map_err(|e| e.to_string())
}

fn url(surface: &Surface, id: &str) -> String {
    surface.operations[id].url.clone()
}

#[test]
fn each_operation_goes_to_its_nearest_servers_and_urls_on_one_host_are_one_server() {
    let surface = generate(&Settings::default()).expect("generates");
    let servers: Vec<(&str, &str)> = surface.servers.iter().map(|(n, u)| (n.as_str(), u.as_str())).collect();
    assert_eq!(servers, [("Api", "https://api.example"), ("Shop", "https://shop.example/v1")]);
    assert_eq!(url(&surface, "list_orders"), "https://shop.example/v1/orders");
    assert_eq!(url(&surface, "list_payouts"), "https://api.example/v1/accounts/{aid}/payouts");
    assert_eq!(url(&surface, "create_transfer"), "https://api.example/v2/accounts/{aid}/transfer", "no /v1, no doubled slash");
}

#[test]
fn the_settings_correct_a_server_a_path_and_security_and_widen_an_integer() {
    let surface = generate(&settings(
        r##"
        [servers]
        list_orders = "https://api.example/v1/"
        [paths]
        create_transfer = "/v2/accounts/{aid}/transfers"
        [security]
        list_payouts = [["token"], ["key"]]
        [wide_integers]
        "#/components/schemas/Order/properties/amount" = "minor units"
        "##,
    ))
    .expect("generates");
    assert_eq!(url(&surface, "list_orders"), "https://api.example/v1/orders");
    assert_eq!(url(&surface, "create_transfer"), "https://api.example/v2/accounts/{aid}/transfers");
    assert_eq!(surface.operations["list_payouts"].security, [vec!["token".to_owned()], vec!["key".to_owned()]]);
    let codegen::surface::Shape::Struct { fields, .. } = &surface.types["Order"].shape else { panic!("a struct") };
    assert_eq!(fields.iter().find(|f| f.wire == "amount").map(|f| f.ty.to_string()).as_deref(), Some("Option<i64>"));
}

#[test]
fn a_list_pages_as_the_settings_describe_it() {
    let surface = generate(&settings(
        r#"
        [pagination.list_orders]
        cursor.after = { last_item = "/id" }
        [pagination.list_payouts]
        items = "/items"
        cursor.page = { page = "/next/token" }
        "#,
    ))
    .expect("generates");
    let stream = |id: &str| surface.operations[id].stream.as_ref().map(ToString::to_string);
    assert_eq!(stream("list_orders").as_deref(), Some("Order"));
    assert_eq!(stream("list_payouts").as_deref(), Some("Order"));
}

#[test]
fn entries_that_match_nothing_or_describe_the_spec_wrongly_are_errors_naming_them() {
    let cases = [
        ("[servers]\nno_such_operation = \"https://x.example\"", "[servers] \"no_such_operation\""),
        ("[servers]\nlist_orders = \"/relative\"", "is not an absolute URL"),
        ("[paths]\ncreate_transfer = \"/v2/accounts/{account}/transfers\"", "names other parameters"),
        ("[security]\nlist_orders = [[\"nobody\"]]", "security scheme `nobody` is not declared"),
        ("[wide_integers]\n\"#/components/schemas/Order/properties/id\" = \"not an int32\"", "[wide_integers]"),
        ("[pagination.list_orders]\ncursor.before = { last_item = \"/id\" }", "[pagination.list_orders]: `cursor.before`: the operation has no query parameter `before`"),
        ("[pagination.list_orders]\ncursor.after = { last_item = \"/nope\" }", "`Order` has no field `nope`"),
        ("[pagination.list_payouts]\nitems = \"/next\"\ncursor.page = { page = \"/next/token\" }", "is not an array"),
        ("[pagination.list_payouts]\nitems = \"/items\"\ncursor.page = { page = \"/next/token\", last_item = \"/id\" }", "exactly one of"),
    ];
    for (toml, expected) in cases {
        let error = generate(&settings(toml)).expect_err(toml);
        assert!(error.contains(expected), "{toml}\n=> {error}");
    }
}

/// Settings are plain values: a second run with the same `Settings` finds
/// the same unused entry (no run remembers what another one applied).
#[test]
fn the_same_settings_serve_two_runs_and_both_name_an_unused_entry() {
    let settings = settings(
        r#"
        [methods]
        list_orders = "orders"
        no_such_operation = "nothing"
        "#,
    );
    for run in 1..=2 {
        let error = generate(&settings).expect_err("an entry matches nothing");
        assert!(error.contains("[methods] \"no_such_operation\""), "run {run}: {error}");
        assert!(!error.contains("list_orders"), "run {run}: {error}");
    }
}
