//! Hand-picked Rust names, reviewed in one place. Anything not listed here is
//! named by rule (`snake_case` of the operationId); an entry whose
//! operationId disappears from the spec is reported as a note.

/// operationId to method name, for the operations of the merchant's flow
/// and the rest of the public API: short verbs a Rust user would write.
pub const METHOD_NAMES: &[(&str, &str)] = &[
    ("aid_auths_oauth_token_post", "get_token"),
    ("aid_management_settings_approvals_payout_destinations_get", "list_payout_destination_approvals"),
    ("aid_management_settings_approvals_payout_destinations_post", "create_payout_destination_approval"),
    ("aid_settlement_report_config_create", "create_settlement_report_config"),
    ("aid_settlement_report_config_delete", "delete_settlement_report_config"),
    ("aid_settlement_report_config_details", "get_settlement_report_config"),
    ("aid_settlement_report_config_list", "list_settlement_report_configs"),
    ("aid_settlement_report_config_update", "update_settlement_report_config"),
    ("aid_settlements_list", "list_settlements"),
    ("api_reports_metadata_list_get", "list_report_metadata"),
    ("branding_logoframe", "get_branding_logos"),
    ("branding_profile", "get_branding_profile_logos"),
    ("checkout_payment_token_session_post", "create_payment_token_session"),
    ("checkout_session_cancel_post", "cancel_session"),
    ("checkout_session_get", "get_session"),
    ("checkout_session_pay_post", "pay_session"),
    ("checkout_session_profile_post", "create_session_from_profile"),
    ("checkout_session_put", "update_session"),
    ("example_discount_codes_callback_url", "example_discount_codes_callback"),
    ("example_session_get_callback_url", "example_session_callback_get"),
    ("example_session_post_callback_url", "example_session_callback_post"),
    ("example_shipping_address_callback_url", "example_shipping_address_callback"),
    ("settlement_attachment_download", "download_settlement_attachment"),
    ("transaction_tid_extend_authorization_post", "extend_authorization"),
    ("transactions_get", "list_transactions"),
    ("transactions_id_capture_post", "capture_transaction"),
    ("transactions_id_get", "get_transaction"),
    ("transactions_id_put", "update_transaction"),
    ("transactions_id_refund_post", "refund_transaction"),
    ("transactions_id_void_post", "void_transaction"),
    ("v2_aid_payout_destination_balance_get", "get_payout_destination_balances"),
    ("v2_aid_payout_destination_transfers_get", "list_payout_destination_transfers"),
    ("v2_aid_payout_fund_transfers_post", "create_fund_transfer"),
];

/// Operations that move money: never retried automatically after an
/// ambiguous failure (a timeout, a 5xx), since the first attempt may have
/// gone through.
pub const MONEY_MOVING_OPERATIONS: &[&str] = &[
    "checkout_session_pay_post",
    "transactions_id_capture_post",
    "transactions_id_refund_post",
    "transactions_id_void_post",
];

/// Schemas whose values are decoded as any JSON value instead of their
/// declared type, because the spec's own examples (and so, likely, the API)
/// send other types there. Keyed by JSON pointer; each entry says why.
pub const LENIENT_VALUES: &[(&str, &str)] = &[(
    "#/components/schemas/ShippingOption/properties/metadata/additionalProperties",
    "declared `string`, but the spec's examples send `\"number_x\": 1921`; one number must not make a whole transaction unreadable",
)];

/// Parameter wire name to Rust argument name, where the spec's name is terse.
pub const PARAMETER_NAMES: &[(&str, &str)] = &[
    ("aid", "account_id"),
    ("attachmentid", "attachment_id"),
    ("oid", "account_id"),
    ("settlementid", "settlement_id"),
];

/// Names for inline schemas made only of an `allOf` of these component
/// schemas; every such schema in the spec is this one type.
pub const COMPOSITE_TYPE_NAMES: &[(&[&str], &str)] = &[
    // Returned by get, update and cancel, and embedded in `SessionCreated`.
    (&["Id", "Session", "SessionRead", "SessionCancelled"], "SessionDetails"),
];

/// Headers every Dintero call may carry; they are client configuration, set
/// once, and never parameters of a method.
pub const CLIENT_HEADERS: &[&str] = &[
    "dintero-system-name",
    "dintero-system-version",
    "dintero-system-plugin-name",
    "dintero-system-plugin-version",
    "dintero-feature-toggles",
];
