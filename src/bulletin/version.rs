//! Versions of what two PCs may edit at once, so an edit made on an old version is
//! refused instead of silently overwriting the newer one. A version is a short hash of
//! the thing itself (a take's spoken text, the items' order, the whole rundown file), so
//! it changes with any change, wherever it was made: in the browser, by a command, or
//! by hand in Notepad.

use super::rundown::Rundown;
use sha2::{Digest, Sha256};

/// A short hash of `text` (16 hex digits).
pub fn version_of(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The version of the items' order (and which items there are).
pub fn order_version(rundown: &Rundown) -> String {
    let ids: Vec<&str> = rundown.items.iter().map(|i| i.id.as_str()).collect();
    version_of(&ids.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_changes_the_version() {
        assert_eq!(version_of("a"), version_of("a"));
        assert_ne!(version_of("Ủy ban"), version_of("Uỷ ban"));
        assert_eq!(version_of("").len(), 16);
    }
}
