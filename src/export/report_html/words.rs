//! The report page's words for staff, in Vietnamese: the roles of the parts and the flags
//! the assembler raised. The JSON report keeps the flags as the assembler wrote them (for
//! scripts and technicians); the page says them in Vietnamese. A flag this module does not
//! know is shown as written — `the_page_says_every_flag_in_vietnamese` (integration
//! tests) fails then, so a new flag is translated here before staff meet it in English.

/// The role of a part of the programme, as the page names it.
pub fn role(role: &str) -> &str {
    match role {
        "intro" => "nhạc hiệu đầu",
        "bed" => "nhạc nền",
        "opening" => "lời mở đầu",
        "take" => "bản thu",
        "sting" => "nhạc chuyển",
        "closing" => "lời kết",
        "outro" => "nhạc hiệu cuối",
        other => other,
    }
}

/// A flag of the assembler (on a take or on the whole programme) in Vietnamese.
pub fn flag(text: &str) -> String {
    translate(text).unwrap_or_else(|| text.to_string())
}

fn translate(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix("accepted as it is: ") {
        let what = match rest {
            "no speech" => "không có tiếng nói",
            "too long" => "dài quá mức",
            "clipped" => "bị cắt đỉnh",
            "too quiet" => "nhỏ quá mức",
            _ => return None,
        };
        return Some(format!("đã nghe và cho phát như vậy: {what}"));
    }
    if let Some(khz) = inside(text, "phone bandwidth (", " kHz)") {
        return Some(format!("tiếng qua điện thoại (dải tần {khz} kHz)"));
    }
    if let Some(khz) = inside(text, "narrow bandwidth (", " kHz)") {
        return Some(format!("dải tần hẹp ({khz} kHz)"));
    }
    if let Some(places) = inside(text, "clipped at 0 dBFS (", ")") {
        let n = places.split_whitespace().next()?;
        return Some(format!("bị cắt đỉnh ở 0 dBFS ({n} chỗ)"));
    }
    if let Some(s) = inside(text, "very short (", " s)") {
        return Some(format!("rất ngắn ({s} giây)"));
    }
    if let Some(lufs) = inside(text, "very quiet (", " LUFS): noise is raised with it") {
        return Some(format!(
            "thu rất nhỏ ({lufs} LUFS): tiếng ồn cũng được nâng lên theo"
        ));
    }
    if text == "out-of-phase stereo (one channel used)" {
        return Some("hai kênh ngược pha (chỉ dùng một kênh)".into());
    }
    if let Some(n) = text.strip_suffix(" channels downmixed") {
        return Some(format!("{n} kênh được trộn thành một"));
    }
    if let Some((long, cap)) = text
        .strip_suffix(" s with a fade")
        .and_then(|t| t.split_once(" s long: cut to "))
    {
        return Some(format!(
            "dài {long} giây: cắt còn {cap} giây, nhỏ dần ở cuối"
        ));
    }
    if let Some(rest) = text.strip_prefix("heavy limiting: the limiter took up to ") {
        let (db, rest) = rest.split_once(" dB off the peaks and acted during ")?;
        let (share, _) = rest.split_once("% of the programme")?;
        return Some(format!(
            "Hạn biên mạnh: bộ hạn biên đã giảm đỉnh tới {db} dB và làm việc trong {share}% \
             chương trình, nên tiếng có thể bị nén bẹp hoặc lúc to lúc nhỏ. Hãy nghe các bản \
             thu to nhất (bị cắt đỉnh, nói quá to hoặc quá gần micrô) và thu lại, hoặc đặt \
             mục tiêu độ to thấp hơn (--target-lufs -18, hoặc target_lufs trong mục [audio] \
             của bantin.toml)."
        ));
    }
    None
}

/// The part of `text` between `start` and `end`, when `text` is exactly that.
fn inside<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    text.strip_prefix(start)?.strip_suffix(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_flags_are_said_in_vietnamese_with_their_numbers() {
        for (english, vietnamese) in [
            (
                "phone bandwidth (8 kHz)",
                "tiếng qua điện thoại (dải tần 8 kHz)",
            ),
            ("narrow bandwidth (16 kHz)", "dải tần hẹp (16 kHz)"),
            (
                "clipped at 0 dBFS (37 places)",
                "bị cắt đỉnh ở 0 dBFS (37 chỗ)",
            ),
            (
                "clipped at 0 dBFS (1 place)",
                "bị cắt đỉnh ở 0 dBFS (1 chỗ)",
            ),
            ("very short (0.3 s)", "rất ngắn (0.3 giây)"),
            (
                "accepted as it is: too quiet",
                "đã nghe và cho phát như vậy: nhỏ quá mức",
            ),
            ("6 channels downmixed", "6 kênh được trộn thành một"),
            (
                "12.4 s long: cut to 10 s with a fade",
                "dài 12.4 giây: cắt còn 10 giây, nhỏ dần ở cuối",
            ),
        ] {
            assert_eq!(flag(english), vietnamese);
        }
        let heavy = flag(
            "heavy limiting: the limiter took up to 8.6 dB off the peaks and acted during 72% of the programme, so it may sound squashed or pumping. Listen to …",
        );
        assert!(heavy.starts_with("Hạn biên mạnh: bộ hạn biên đã giảm đỉnh tới 8.6 dB"));
        assert!(heavy.contains("trong 72% chương trình"));
    }

    #[test]
    fn an_unknown_flag_is_shown_as_written() {
        assert_eq!(flag("something new"), "something new");
        assert_eq!(
            flag("accepted as it is: whatever"),
            "accepted as it is: whatever"
        );
    }
}
