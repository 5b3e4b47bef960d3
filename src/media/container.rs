//! Naming a container from a file's first bytes, for files symphonia could not open: such a
//! file is a damaged recording, not "not audio".

/// What [`sniff_container`] says for an MP4/M4A/MOV file.
pub const MP4: &str = "an MP4/M4A file";

/// The container `head` (a file's first bytes) announces, in words for a message.
pub fn sniff_container(head: &[u8]) -> Option<&'static str> {
    let magic = |at: usize, sig: &[u8]| head.get(at..at + sig.len()) == Some(sig);
    if magic(0, b"RIFF") && magic(8, b"WAVE") {
        Some("a WAV file")
    } else if magic(0, b"fLaC") {
        Some("a FLAC file")
    } else if magic(0, b"OggS") {
        Some("an Ogg file")
    } else if magic(4, b"ftyp") {
        Some(MP4)
    } else if magic(0, b"FORM") && (magic(8, b"AIFF") || magic(8, b"AIFC")) {
        Some("an AIFF file")
    } else if magic(0, b"ID3") {
        Some("an MP3 file")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_containers_by_their_magic_bytes() {
        assert_eq!(
            sniff_container(b"RIFF\x24\0\0\0WAVEfmt "),
            Some("a WAV file")
        );
        assert_eq!(sniff_container(b"\0\0\0\x20ftypM4A "), Some(MP4));
        assert_eq!(sniff_container(b"OggS\0\x02"), Some("an Ogg file"));
        assert_eq!(sniff_container(b"fLaC\0\0\0\x22"), Some("a FLAC file"));
        assert_eq!(sniff_container(b"Bi\xc3\xaan b\xe1\xba\xa3n"), None);
        assert_eq!(sniff_container(b""), None);
    }
}
