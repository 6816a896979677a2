//! The conversion, rule by rule.

use super::*;

/// A minimal 2.0 document with `rest` (top-level YAML) added.
fn doc(rest: &str) -> Value {
    serde_yaml::from_str(&format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\n{rest}")).expect("test YAML")
}

fn converted(rest: &str) -> Value {
    match convert(&doc(rest)) {
        Ok(c) => c.document,
        Err(problems) => panic!("conversion failed: {problems:?}"),
    }
}

fn problems(rest: &str) -> Vec<Diagnostic> {
    convert(&doc(rest)).expect_err("the conversion should fail")
}

/// Asserts that `value` is the YAML `expected`, keys in the same order.
fn assert_yaml(value: &Value, expected: &str) {
    let expected: Value = serde_yaml::from_str(expected).expect("expected YAML");
    assert_eq!(serde_yaml::to_string(value).unwrap(), serde_yaml::to_string(&expected).unwrap());
}

fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
    pointer.split('/').skip(1).fold(value, |v, segment| &v[unescape(segment).as_str()])
}

#[test]
fn the_document_is_3_0_with_components_last() {
    let out = converted("tags: [{name: a}]\npaths: {}\ndefinitions: {A: {type: string}}\nx-logo: l\n");
    assert_yaml(
        &out,
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\ntags: [{name: a}]\npaths: {}\nx-logo: l\ncomponents: {schemas: {A: {type: string}}}\n",
    );
}

#[test]
fn nulls_go_except_in_extensions_defaults_and_examples() {
    let out = converted("paths: {}\ndefinitions:\n  A: {type: string, description: null, default: null, example: null, x-a: null}\n");
    assert_yaml(at(&out, "#/components/schemas/A"), "{type: string, default: null, example: null, x-a: null}");
}

#[test]
fn host_base_path_and_schemes_become_servers() {
    let out = converted("host: api.example.com\nbasePath: /v1/\nschemes: [https, http]\npaths: {}\n");
    assert_yaml(&out["servers"], "[{url: 'https://api.example.com/v1'}, {url: 'http://api.example.com/v1'}]");
    let out = converted("host: '{region}.example.com'\npaths: {}\n");
    assert_yaml(&out["servers"], "[{url: '//{region}.example.com', variables: {region: {default: unknown}}}]");
    let out = converted("basePath: /v1\npaths: {}\n");
    assert_yaml(&out["servers"], "[{url: /v1}]");
    let out = converted("host: a.example.com\nx-servers: [{url: 'https://b.example.com/'}]\npaths: {}\n");
    assert_yaml(&out["servers"], "[{url: 'https://b.example.com/'}]");
    assert!(out.get("x-servers").is_none());
}

#[test]
fn definitions_become_schemas_and_every_ref_follows() {
    let out = converted(
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: '#/definitions/A'}\n\
         definitions:\n  A: {type: object, properties: {b: {$ref: '#/definitions/B/properties/c'}}}\n  B: {properties: {c: {type: string}}}\n\
         x-extra: {$ref: '#/definitions/B'}\n",
    );
    assert_eq!(at(&out, "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref").as_str(), None, "no produces means */*");
    assert_eq!(at(&out, "#/paths/~1a/get/responses/200/content/*~1*/schema/$ref").as_str(), Some("#/components/schemas/A"));
    assert_eq!(at(&out, "#/components/schemas/A/properties/b/$ref").as_str(), Some("#/components/schemas/B/properties/c"));
    assert_eq!(at(&out, "#/x-extra/$ref").as_str(), Some("#/components/schemas/B"));
}

#[test]
fn unsafe_names_are_sanitised_and_numbered() {
    let out = converted(
        "paths: {}\ndefinitions:\n  'Foo Bar': {type: string}\n  Foo_Bar: {type: integer}\n  'a/b': {type: object, properties: {x: {$ref: '#/definitions/Foo%20Bar'}}}\n",
    );
    let names: Vec<&str> = out["components"]["schemas"].as_mapping().unwrap().keys().filter_map(Value::as_str).collect();
    assert_eq!(names, ["Foo_Bar", "Foo_Bar2", "a_b"]);
    assert_eq!(at(&out, "#/components/schemas/a_b/properties/x/$ref").as_str(), Some("#/components/schemas/Foo_Bar2"));
}

#[test]
fn a_ref_loses_its_siblings() {
    let out = converted("paths: {}\ndefinitions:\n  A: {properties: {b: {$ref: '#/definitions/A', description: d, example: e}}}\n");
    assert_yaml(at(&out, "#/components/schemas/A/properties/b"), "{$ref: '#/components/schemas/A'}");
}

#[test]
fn x_nullable_becomes_nullable() {
    let out = converted("paths: {}\ndefinitions:\n  A: {type: object, properties: {b: {type: string, x-nullable: true}}}\n");
    assert_yaml(at(&out, "#/components/schemas/A/properties/b"), "{type: string, nullable: true}");
}

#[test]
fn a_discriminator_name_becomes_a_property_name_and_vendor_keys_stay() {
    let out = converted(
        "paths: {}\ndefinitions:\n  Pet: {type: object, discriminator: kind, properties: {kind: {type: string}}}\n  \
         Cat: {allOf: [{$ref: '#/definitions/Pet'}], x-discriminator-value: cat}\n",
    );
    assert_yaml(at(&out, "#/components/schemas/Pet/discriminator"), "{propertyName: kind}");
    assert_yaml(at(&out, "#/components/schemas/Cat"), "{allOf: [{$ref: '#/components/schemas/Pet'}], x-discriminator-value: cat}");
}

#[test]
fn schema_keywords_of_2_0_and_its_extensions_become_3_0_keywords() {
    let out = converted(
        "paths: {}\ndefinitions:\n  A:\n    type: object\n    properties:\n      f: {type: file}\n      n: {type: 'null'}\n      \
         t: {type: [string, 'null']}\n      l: {type: array}\n      i: {type: array, items: [{type: string}, {type: integer}]}\n      \
         o: {x-oneOf: [{type: string}], x-not: {type: integer}}\n    x-required: [f]\n",
    );
    assert_yaml(
        &out["components"]["schemas"]["A"],
        "type: object\nproperties:\n  f: {type: string, format: binary}\n  n: {nullable: true}\n  t: {type: string, nullable: true}\n  \
         l: {type: array, items: {}}\n  i: {type: array, items: {anyOf: [{type: string}, {type: integer}]}}\n  \
         o: {oneOf: [{type: string}], not: {type: integer}}\nrequired: [f]\n",
    );
}

#[test]
fn query_path_and_header_parameters_get_a_schema_and_a_style() {
    let out = converted(
        "paths:\n  /a/{id}:\n    get:\n      parameters:\n        \
         - {name: id, in: path, required: true, type: string, format: uuid}\n        \
         - {name: tags, in: query, type: array, items: {type: string, enum: [a, b]}, collectionFormat: multi}\n        \
         - {name: ids, in: query, type: array, items: {type: integer}}\n        \
         - {name: X-Ids, in: header, type: array, items: {type: string}, collectionFormat: csv}\n        \
         - {name: p, in: query, type: string, collectionFormat: pipes}\n        \
         - {name: limit, in: query, type: integer, minimum: 1, default: 10, x-example: 5, x-deprecated: true}\n      \
         responses: {'200': {description: ok}}\n",
    );
    assert_yaml(
        at(&out, "#/paths/~1a~1{id}/get/parameters"),
        "- {name: id, in: path, required: true, schema: {type: string, format: uuid}}\n\
         - {name: tags, in: query, explode: true, schema: {type: array, items: {type: string, enum: [a, b]}}}\n\
         - {name: ids, in: query, style: form, explode: false, schema: {type: array, items: {type: integer}}}\n\
         - {name: X-Ids, in: header, style: simple, schema: {type: array, items: {type: string}}}\n\
         - {name: p, in: query, style: pipeDelimited, schema: {type: string}}\n\
         - {name: limit, in: query, deprecated: true, example: 5, schema: {type: integer, minimum: 1, default: 10}}\n",
    );
}

#[test]
fn a_path_parameter_is_always_required() {
    let out = converted("paths:\n  /a/{id}:\n    parameters: [{name: id, in: path, type: string}]\n");
    assert_yaml(at(&out, "#/paths/~1a~1{id}/parameters"), "[{name: id, in: path, schema: {type: string}, required: true}]");
}

#[test]
fn a_body_parameter_becomes_the_request_body_where_parameters_were() {
    let out = converted(
        "consumes: [application/json, text/json]\npaths:\n  /a:\n    post:\n      operationId: make\n      parameters:\n        \
         - {name: q, in: query, type: string}\n        \
         - {name: thing, in: body, required: true, description: The thing, x-visible: true, schema: {$ref: '#/definitions/A'}}\n      \
         tags: [t]\n      responses: {'204': {description: done}}\ndefinitions: {A: {type: object}}\n",
    );
    assert_yaml(
        at(&out, "#/paths/~1a/post"),
        "operationId: make\nparameters: [{name: q, in: query, schema: {type: string}}]\n\
         requestBody:\n  content:\n    application/json: {schema: {$ref: '#/components/schemas/A'}}\n    \
         text/json: {schema: {$ref: '#/components/schemas/A'}}\n  description: The thing\n  required: true\n  x-visible: true\n\
         tags: [t]\nresponses: {'204': {description: done}}\n",
    );
}

#[test]
fn an_operation_consumes_overrides_the_document_and_json_is_the_default() {
    let out = converted(
        "consumes: [text/plain]\npaths:\n  /a:\n    post:\n      consumes: []\n      parameters: [{name: b, in: body, schema: {type: string}}]\n      \
         responses: {'204': {description: done}}\n",
    );
    assert_yaml(at(&out, "#/paths/~1a/post/requestBody"), "content: {application/json: {schema: {type: string}}}");
}

#[test]
fn form_data_parameters_become_one_form_body() {
    let out = converted(
        "paths:\n  /a:\n    post:\n      consumes: [multipart/form-data]\n      parameters:\n        \
         - {name: file, in: formData, type: file, description: The file}\n        \
         - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: multi, required: true}\n      \
         responses: {'204': {description: done}}\n  /b:\n    post:\n      parameters: [{name: n, in: formData, type: integer, maximum: 3}]\n      \
         responses: {'204': {description: done}}\n",
    );
    assert_yaml(
        at(&out, "#/paths/~1a/post/requestBody"),
        "content:\n  multipart/form-data:\n    schema:\n      type: object\n      properties:\n        \
         file: {description: The file, type: string, format: binary}\n        tags: {type: array, items: {type: string}}\n      \
         required: [tags]\nrequired: true\n",
    );
    assert_yaml(
        at(&out, "#/paths/~1b/post/requestBody"),
        "content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {n: {type: integer, maximum: 3}}}}}",
    );
}

#[test]
fn body_parameters_of_the_path_and_of_components_are_used_by_operations() {
    let out = converted(
        "paths:\n  /a:\n    parameters: [{name: b, in: body, schema: {type: string}}, {name: q, in: query, type: string}]\n    \
         put: {operationId: put_a, responses: {'204': {description: done}}}\n    \
         post: {parameters: [{$ref: '#/parameters/Shared'}], responses: {'204': {description: done}}}\n\
         parameters:\n  Shared: {name: s, in: body, schema: {type: integer}}\n  Limit: {name: limit, in: query, type: integer}\n",
    );
    assert_yaml(at(&out, "#/paths/~1a/parameters"), "[{name: q, in: query, schema: {type: string}}]");
    assert_yaml(at(&out, "#/paths/~1a/put/requestBody"), "content: {application/json: {schema: {type: string}}}");
    assert_yaml(at(&out, "#/paths/~1a/post/requestBody"), "content: {application/json: {schema: {type: integer}}}");
    assert!(at(&out, "#/paths/~1a/post").get("parameters").is_none(), "an emptied parameter list goes");
    assert_yaml(at(&out, "#/components/parameters"), "Limit: {name: limit, in: query, schema: {type: integer}}");
}

#[test]
fn identical_bodies_are_shared_under_the_first_operations_name() {
    let body = "parameters: [{name: options, in: body, required: true, schema: {allOf: [{$ref: '#/definitions/A'}]}}]";
    let out = converted(&format!(
        "paths:\n  /a:\n    post: {{operationId: make_a, {body}, responses: {{'204': {{description: done}}}}}}\n  \
         /b:\n    post: {{operationId: make_b, {body}, responses: {{'204': {{description: done}}}}}}\n  \
         /c:\n    post: {{operationId: make_c, parameters: [{{name: x, in: body, schema: {{$ref: '#/definitions/A'}}}}], responses: {{'204': {{description: done}}}}}}\n\
         definitions: {{A: {{type: object}}}}\n"
    ));
    assert_yaml(at(&out, "#/paths/~1a/post/requestBody"), "{$ref: '#/components/requestBodies/make_aOptions'}");
    assert_yaml(at(&out, "#/paths/~1b/post/requestBody"), "{$ref: '#/components/requestBodies/make_aOptions'}");
    assert_yaml(
        at(&out, "#/components/requestBodies"),
        "make_aOptions: {content: {application/json: {schema: {allOf: [{$ref: '#/components/schemas/A'}]}}}, required: true}",
    );
    assert_yaml(at(&out, "#/paths/~1c/post/requestBody"), "content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}");
}

#[test]
fn a_response_schema_goes_under_each_produced_media_type_with_its_examples() {
    let out = converted(
        "produces: [application/json]\npaths:\n  /a:\n    get:\n      produces: [application/json, text/csv]\n      responses:\n        \
         '404': {description: missing}\n        default: {description: error}\n        \
         '200':\n          description: ok\n          schema: {type: string}\n          examples: {text/csv: 'a,b', text/plain: ab}\n          \
         headers:\n            Retry-After: {type: integer, format: int32, description: seconds}\n            \
         X-Tags: {type: array, items: {type: string}}\n            Status Code: {type: integer}\n",
    );
    assert_yaml(
        at(&out, "#/paths/~1a/get/responses"),
        "'200':\n  description: ok\n  headers:\n    Retry-After: {description: seconds, schema: {type: integer, format: int32}}\n    \
         X-Tags: {style: simple, schema: {type: array, items: {type: string}}}\n  content:\n    \
         application/json: {schema: {type: string}}\n    text/csv: {schema: {type: string}, examples: {response: {value: 'a,b'}}}\n    \
         text/plain: {examples: {response: {value: ab}}}\n'404': {description: missing}\ndefault: {description: error}\n",
    );
}

#[test]
fn shared_responses_and_parameters_become_components() {
    let out = converted(
        "paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/parameters/Limit'}]\n      responses: {'400': {$ref: '#/responses/Bad'}}\n\
         parameters: {Limit: {name: limit, in: query, type: integer}}\nresponses: {Bad: {description: bad, schema: {type: string}}}\n",
    );
    assert_yaml(at(&out, "#/paths/~1a/get"), "parameters: [{$ref: '#/components/parameters/Limit'}]\nresponses: {'400': {$ref: '#/components/responses/Bad'}}");
    assert_yaml(at(&out, "#/components/responses/Bad"), "{description: bad, content: {'*/*': {schema: {type: string}}}}");
}

#[test]
fn an_operation_without_responses_gets_a_default_one() {
    let out = converted("paths:\n  /a:\n    get: {operationId: a}\n");
    assert_yaml(at(&out, "#/paths/~1a/get"), "{operationId: a, responses: {default: {description: Default response}}}");
}

#[test]
fn security_definitions_become_security_schemes() {
    let out = converted(
        "paths: {}\nsecurity: [{'api key': []}]\nsecurityDefinitions:\n  basicAuth: {type: basic, description: d}\n  \
         'api key': {type: apiKey, in: header, name: x-api-key, x-example: k}\n  \
         oauth: {type: oauth2, flow: application, tokenUrl: 'https://a.example.com/token?x=1', scopes: {read: Read}}\n  \
         code: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a.example.com/auth', tokenUrl: 'https://a.example.com/token'}\n",
    );
    assert_yaml(
        at(&out, "#/components/securitySchemes"),
        "basicAuth: {type: http, description: d, scheme: basic}\n\
         oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a.example.com/token', scopes: {read: Read}}}}\n\
         code: {type: oauth2, flows: {authorizationCode: {authorizationUrl: 'https://a.example.com/auth', tokenUrl: 'https://a.example.com/token', scopes: {}}}}\n\
         api_key: {type: apiKey, in: header, name: x-api-key, x-example: k}\n",
    );
    assert_yaml(&out["security"], "[{api_key: []}]");
}

#[test]
fn path_item_and_operation_extensions_become_3_0_fields() {
    let out = converted(
        "schemes: [https]\nhost: a.example.com\npaths:\n  /a:\n    x-summary: s\n    \
         get: {x-servers: [{url: 'https://b.example.com'}], responses: {'204': {description: done}}}\n    \
         put: {schemes: [http], responses: {'204': {description: done}}}\n",
    );
    assert_eq!(at(&out, "#/paths/~1a/summary").as_str(), Some("s"));
    assert_yaml(at(&out, "#/paths/~1a/get/servers"), "[{url: 'https://b.example.com'}]");
    assert_yaml(at(&out, "#/paths/~1a/put/servers"), "[{url: 'http://a.example.com'}]");
}

#[test]
fn status_codes_are_sorted_as_swagger2openapi_writes_them() {
    let out = converted("paths:\n  /a:\n    get:\n      responses: {default: {description: d}, '404': {description: n}, '200': {description: o}}\n");
    let codes: Vec<&str> = at(&out, "#/paths/~1a/get/responses").as_mapping().unwrap().keys().filter_map(Value::as_str).collect();
    assert_eq!(codes, ["200", "404", "default"]);
}

#[test]
fn malformed_input_is_reported_at_its_2_0_pointer() {
    let found = problems(
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query}\n        - {name: h, in: header, type: array, collectionFormat: tsv}\n        \
         - {name: c, in: cookie, type: string}\n        - {name: b1, in: body, schema: {}}\n        - {name: b2, in: body, schema: {}}\n      \
         responses: {'200': {schema: {$ref: '#/definitions/Missing'}}}\n",
    );
    let listed: Vec<(&str, &str)> = found.iter().map(|p| (p.pointer.as_str(), p.message.as_str())).collect();
    assert_eq!(
        listed,
        [
            ("#/paths/~1a/get/responses/200/schema/$ref", "`$ref: #/definitions/Missing` names no definition"),
            ("#/paths/~1a/get/parameters/0", "a `query` parameter needs a `type`"),
            ("#/paths/~1a/get/parameters/1/collectionFormat", "`collectionFormat: tsv` has no OpenAPI 3.0 form"),
            ("#/paths/~1a/get/parameters/2/in", "`in: cookie` is not a Swagger 2.0 parameter location (query, header, path, formData or body)"),
            ("#/paths/~1a/get", "an operation has more than one body parameter (`in: body`, or a `type: file` outside a form)"),
            ("#/paths/~1a/get/responses/200", "a response needs a `description`"),
        ]
    );
}

#[test]
fn a_malformed_document_is_refused_without_panicking() {
    assert_eq!(convert(&Value::Sequence(vec![])).expect_err("refused")[0].pointer, "#");
    let malformed = serde_yaml::from_str("swagger: '2.0'\ninfo: 5\npaths: [1]\ndefinitions: []\n").expect("test YAML");
    let found = convert(&malformed).expect_err("refused");
    let pointers: Vec<&str> = found.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(pointers, ["#/info", "#/definitions", "#/paths"]);
}

#[test]
fn origins_map_converted_pointers_back_to_the_source() {
    let converted = convert(&doc(
        "paths:\n  /a:\n    post:\n      parameters:\n        - {name: b, in: body, schema: {type: object}}\n        \
         - {name: q, in: query, type: array, items: {type: string}}\n      \
         responses: {'200': {description: ok, schema: {type: string}, headers: {X-A: {type: string}}}}\n\
         definitions: {'A B': {type: object}}\n",
    ))
    .expect("converts");
    let origins = converted.origins;
    for (pointer, source) in [
        ("#/components/schemas/A_B/properties/x", "#/definitions/A B/properties/x"),
        ("#/paths/~1a/post/requestBody/content/application~1json/schema/properties", "#/paths/~1a/post/parameters/0/schema/properties"),
        ("#/paths/~1a/post/parameters/0/schema/items", "#/paths/~1a/post/parameters/1/items"),
        ("#/paths/~1a/post/responses/200/content/*~1*/schema", "#/paths/~1a/post/responses/200/schema"),
        ("#/paths/~1a/post/responses/200/headers/X-A/schema", "#/paths/~1a/post/responses/200/headers/X-A"),
        ("#/info/title", "#/info/title"),
    ] {
        assert_eq!(origins.source_of(pointer), source, "{pointer}");
    }
}

#[test]
fn names_are_made_safe_and_camel_cased_as_swagger2openapi_does() {
    assert_eq!(sanitise("a b//c d"), "a_b//c d");
    assert_eq!(sanitise("List[]"), "ListArray");
    assert_eq!(sanitise_all("a/b c"), "a_b_c");
    assert_eq!(camel_case("_options"), "Options");
    assert_eq!(camel_case("_My-body.part"), "MyBodyPart");
    assert_eq!(percent_decode("Foo%20Bar%zz"), "Foo Bar%zz");
}
