//! Resealing a damaged store: its own file so that the `persist_load` fuzz target can include it
//! (`#[path]`) without the rest of `persist_format`, which needs postcard.

/// Recomputes the checksum of every commit whose framing is whole, over the bytes from the end of
/// the previous commit (the save's batch) up to the checksum field, as `Store::save` writes it
/// (see `src/persist/format.rs`: tag, varint length, payload; the commit's last 4 bytes).
pub fn reseal(bytes: &mut [u8]) {
    const TAG_COMMIT: u8 = 16;
    let (mut at, mut batch) = (16, 16);
    while at < bytes.len() {
        let tag = bytes[at];
        let (mut len, mut shift, mut p) = (0usize, 0, at + 1);
        loop {
            let Some(&b) = bytes.get(p) else { return };
            if shift > 28 {
                return;
            }
            len |= usize::from(b & 0x7f) << shift;
            shift += 7;
            p += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
        let end = p + len;
        if end > bytes.len() {
            return;
        }
        if tag == TAG_COMMIT && len >= 4 {
            let crc = crc32fast::hash(&bytes[batch..end - 4]);
            bytes[end - 4..end].copy_from_slice(&crc.to_le_bytes());
            batch = end;
        }
        at = end;
    }
}
