//! Ids in the shapes Dintero gives them.

/// A session or transaction id: the account, a dot, 26 random characters
/// (`T12345678.4Xd8c1tqFUHjpzUJ2X1pnWQ7aB`).
pub(super) fn resource_id(account_id: &str) -> String {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let random: String = (0..26).map(|_| char::from(ALPHABET[fastrand::usize(..ALPHABET.len())])).collect();
    format!("{account_id}.{random}")
}

/// A random (version 4) UUID, the spec's format for an event's
/// `request_id` and `correlation_request_id`.
pub(super) fn uuid() -> String {
    let bits = fastrand::u128(..);
    // Version 4 in the 13th hex digit, the RFC 4122 variant in the 17th.
    let bits = (bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_have_the_version_4_shape() {
        for _ in 0..100 {
            let id = uuid();
            let groups: Vec<&str> = id.split('-').collect();
            assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{id}");
            assert!(groups[2].starts_with('4'), "version 4: {id}");
            assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'), "RFC 4122 variant: {id}");
            assert!(id.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit() && !b.is_ascii_uppercase()), "{id}");
        }
    }

    #[test]
    fn resource_ids_name_their_account() {
        let id = resource_id("T12345678");
        assert!(id.starts_with("T12345678.") && id.len() == 36, "{id}");
    }
}
