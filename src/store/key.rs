//! The hash of a row's key: the identity of a row across versions, for row-level diffs
//! here and for the pipeline's uniqueness and foreign-key checks.

/// A 128-bit hash of a key's values: collisions are astronomically unlikely, and memory per
/// row is fixed. Each part is prefixed by its length, so `("ab", "")` and `("a", "b")`
/// differ. xxh3 rather than SipHash: this runs for every key of every row, and no one
/// chooses the keys to attack a table that lives for one run.
pub fn key_hash<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> u128 {
    use xxhash_rust::xxh3::{Xxh3Default, xxh3_128};
    // Short keys (nearly all) are gathered on the stack and hashed in one call; the
    // streaming hasher, which gives the same hash for the same bytes, takes longer ones.
    let mut buf = [0u8; 128];
    let mut len = 0;
    let mut long: Option<Xxh3Default> = None;
    for v in values {
        let v = v.as_ref().as_bytes();
        let prefix = (v.len() as u64).to_le_bytes();
        match &mut long {
            None if len + prefix.len() + v.len() <= buf.len() => {
                buf[len..len + prefix.len()].copy_from_slice(&prefix);
                buf[len + prefix.len()..len + prefix.len() + v.len()].copy_from_slice(v);
                len += prefix.len() + v.len();
            }
            _ => {
                let h = long.get_or_insert_with(|| {
                    let mut h = Xxh3Default::new();
                    h.update(&buf[..len]);
                    h
                });
                h.update(&prefix);
                h.update(v);
            }
        }
    }
    match long {
        Some(h) => h.digest128(),
        None => xxh3_128(&buf[..len]),
    }
}
