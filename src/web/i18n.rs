//! Everything the web app says to staff, in Vietnamese (the default) and English
//! (`[station] language = "en"`). One table: a text missing in either language does not
//! compile. Texts with `{}` are filled in order by [`fill`].

use crate::config::Language;

macro_rules! texts {
    ($($key:ident: $vi:expr, $en:expr;)*) => {
        /// The texts of one language.
        pub struct Texts { $(pub $key: &'static str,)* }
        impl Texts {
            /// Every text, in table order (for checks over the whole table).
            #[cfg(test)]
            fn all(&self) -> Vec<&'static str> { vec![$(self.$key,)*] }
        }
        /// Vietnamese.
        pub static VI: Texts = Texts { $($key: $vi,)* };
        /// English.
        pub static EN: Texts = Texts { $($key: $en,)* };
    };
}

texts! {
    lang: "vi", "en";
    nav_today: "Hôm nay", "Today";
    nav_new: "Bản tin mới", "New bulletin";
    nav_script: "Kịch bản", "Script";
    nav_booth: "Phòng thu", "Recording booth";
    nav_prompter: "Đọc trực tiếp", "Prompter";
    logout: "Đăng xuất", "Log out";
    signed_in_as: "Đang dùng: {}", "Signed in: {}";
    live_offline: "Mất kết nối với máy chủ — đang thử lại…", "Lost the connection to the server — retrying…";

    // Today
    today_title: "Hôm nay", "Today";
    today_heading: "Các bản tin ngày {}", "Bulletins of {}";
    next_air: "Lên sóng tiếp theo", "Next on air";
    next_air_in: "còn", "in";
    unit_hours: "giờ", "h";
    unit_minutes: "phút", "min";
    unit_seconds: "giây", "s";
    no_more_today: "Hôm nay không còn buổi phát nào.", "No more slots today.";
    slot_at: "{} lúc {}", "{} at {}";
    state_not_made: "Chưa làm", "Not made";
    state_recording: "Đang thu ({} / {} bản thu)", "Recording ({} of {} takes)";
    state_takes_in: "Đã thu đủ", "All takes in";
    state_assembled: "Đã dựng xong", "Assembled";
    state_archived: "Đã lưu trữ", "Archived";
    state_broken: "Kịch bản bị lỗi", "Rundown has an error";
    missing_takes: "Còn thiếu: {}", "Missing: {}";
    make_bulletin: "Làm bản tin", "Make the bulletin";
    open_script: "Xem kịch bản", "Review the script";
    open_booth: "Vào phòng thu", "Go to the booth";
    open_prompter: "Đọc trực tiếp", "Read live";
    previous_day: "← Hôm trước", "← Previous day";
    next_day: "Hôm sau →", "Next day →";
    back_to_today: "Về hôm nay", "Back to today";
    estimated_of_target: "Dự kiến {} / mục tiêu {}", "Estimated {} / target {}";

    // New bulletin
    new_title: "Bản tin mới", "New bulletin";
    new_intro: "Dán bài đã duyệt hoặc chọn tệp (.txt hoặc Word .docx). Các bài được đọc theo thứ tự dưới đây.", "Paste the approved articles or choose their files (.txt or Word .docx). They air in the order below.";
    field_date: "Ngày phát", "Air date";
    field_slot: "Buổi", "Slot";
    field_title: "Tiêu đề bản tin (để trống: tên buổi và ngày)", "Bulletin title (empty: the slot's title and the date)";
    article_n: "Bài {}", "Article {}";
    paste_here: "Dán nội dung bài vào đây…", "Paste the article's text here…";
    or_file: "hoặc chọn tệp:", "or choose a file:";
    add_article: "+ Thêm bài", "+ Add an article";
    create_bulletin: "Tạo bản tin", "Make the bulletin";
    no_article: "Chưa có bài nào: dán nội dung bài hoặc chọn tệp.", "No article yet: paste an article's text or choose its file.";
    bulletin_exists: "Bản tin {} đã có. Mở nó để xem hoặc chọn buổi khác.", "Bulletin {} already exists. Open it, or choose another slot.";
    open_it: "Mở bản tin này", "Open that bulletin";
    bad_date: "Ngày \"{}\" không đúng; chọn ngày trong lịch.", "\"{}\" is not a date; pick one in the calendar.";
    bad_slot: "Không có buổi \"{}\" trong lịch phát của đài.", "There is no slot \"{}\" in the station's schedule.";
    article_unreadable: "Bài {} ({}): {}", "Article {} ({}): {}";
    article_is_document: "đây là tệp {} chứ không phải văn bản; mở tệp và lưu thành \"Plain Text\" (.txt, UTF-8), hoặc dán nội dung vào ô.", "it is {}, not plain text; open it and save it as \"Plain Text\" (.txt, UTF-8), or paste its text into the box.";
    article_empty: "tệp trống hoặc không có chữ để đọc.", "the file is empty or holds no text to read.";
    article_binary: "tệp không phải văn bản.", "the file is not text.";
    article_docx_damaged: "tệp Word (.docx) bị hỏng hoặc không đọc được; mở nó bằng Word, lưu lại rồi chọn lại.", "the Word file (.docx) is damaged or unreadable; open it in Word, save it again and choose it again.";
    article_encoding: "không nhận ra bảng mã (UTF-8, UTF-16, TCVN3, VNI, Windows-1258); lưu lại thành UTF-8.", "the encoding is not one bantin reads (UTF-8, UTF-16, TCVN3, VNI, Windows-1258); save it as UTF-8.";
    article_furniture_only: "chỉ có phần khung của cổng thông tin, không có tiêu đề hay nội dung bài.", "only portal furniture, no article title or text.";
    made_bulletin: "Đã tạo bản tin: {} tin, {} bản thu, dự kiến {}.", "Bulletin made: {} items, {} takes, estimated {}.";

    // Script review
    script_title: "Kịch bản", "Script";
    print_script: "In kịch bản", "Print the script";
    spoken: "Lời đọc", "Spoken";
    original: "Bài gốc", "Original";
    save: "Lưu", "Save";
    saved: "Đã lưu", "Saved";
    warnings_here: "Cần kiểm tra", "Check";
    warnings_summary: "{} đoạn cần kiểm tra cách đọc:", "{} takes need a reading checked:";
    reading_of: "“{}” chưa có trong từ điển — đọc là:", "“{}” is not in the lexicon — read it as:";
    add_to_lexicon: "Thêm vào từ điển và đọc lại", "Add to the lexicon and re-read";
    lexicon_added: "Đã thêm \"{}\" = \"{}\" vào bantin.toml và đọc lại bản tin ({} đoạn đổi).", "Added \"{}\" = \"{}\" to bantin.toml and re-read the bulletin ({} takes changed).";
    lexicon_bad: "Từ viết tắt và cách đọc không được để trống.", "The abbreviation and its reading must not be empty.";
    move_up: "▲ Lên", "▲ Up";
    move_down: "▼ Xuống", "▼ Down";
    drop_item: "Bỏ tin này", "Drop this item";
    drop_confirm: "Bỏ tin này khỏi bản tin? (Bản thu vẫn được giữ trong thư mục recordings.)", "Drop this item from the bulletin? (Its recordings stay in recordings/.)";
    item_dropped: "Đã bỏ tin {}.", "Item {} dropped.";
    opening: "Mở đầu", "Opening";
    closing: "Kết thúc", "Closing";
    item_n: "Tin {}", "Item {}";
    take_n: "Đoạn {}", "Take {}";
    estimate: "dự kiến {}", "estimate {}";
    timing_total: "Tổng dự kiến {} — mục tiêu {}", "Estimated total {} — target {}";
    over_by: "dài hơn {}", "over by {}";
    under_by: "ngắn hơn {}", "under by {}";
    on_target: "vừa đúng", "on target";
    starts_at: "bắt đầu {}", "starts {}";
    conflict: "Đoạn này vừa được sửa ở máy khác trong lúc bạn sửa, nên bản của bạn CHƯA được lưu. Bản hiện tại ở trên; bản của bạn ở dưới để chép lại.", "This take was changed on another PC while you were editing, so your text was NOT saved. The current text is above; yours is below to copy from.";
    conflict_order: "Thứ tự các tin vừa được đổi ở máy khác; trang đã được tải lại với thứ tự mới. Hãy làm lại.", "The order of the items was changed on another PC; the page shows the new order. Please do it again.";
    your_text: "Bản của bạn (chưa lưu):", "Your text (not saved):";
    changed_elsewhere: "Vừa được sửa ở máy khác", "Just changed on another PC";
    edited_at: "Lời đọc vừa được sửa lúc", "Text changed at";
    edit_hint: "Sửa lời đọc rồi bấm Lưu (Ctrl+Enter).", "Edit the spoken text, then Save (Ctrl+Enter).";
    not_found_segment: "Không có đoạn {} trong bản tin này (có thể vừa bị bỏ).", "There is no take {} in this bulletin (it may just have been dropped).";
    not_found_item: "Không có tin {} trong bản tin này.", "There is no item {} in this bulletin.";
    empty_spoken: "Lời đọc không được để trống.", "The spoken text must not be empty.";

    // Booth
    booth_title: "Phòng thu", "Recording booth";
    record: "● Thu", "● Record";
    stop: "■ Dừng", "■ Stop";
    listen: "▶ Nghe lại", "▶ Listen";
    record_again: "● Thu lại", "● Record again";
    next_take: "Đoạn tiếp theo", "Next take";
    prev_take: "← Đoạn trước", "← Previous";
    next_take_btn: "Đoạn sau →", "Next →";
    keys_help: "Phím cách: thu / dừng · ← →: chuyển đoạn · L: nghe lại", "Space: record / stop · ← →: change take · L: listen";
    level: "Mức tín hiệu", "Input level";
    clipping: "QUÁ TO — lùi xa micro hoặc giảm mức thu", "TOO LOUD — move back from the mic or lower the input";
    mic_denied: "Không mở được micro: {}. Cho phép trình duyệt dùng micro rồi tải lại trang.", "Cannot open the microphone: {}. Allow the browser to use it, then reload.";
    uploading: "Đang lưu bản thu…", "Saving the take…";
    all_takes_in: "Đã thu đủ {} / {} đoạn — bản tin sẵn sàng để dựng.", "All {} of {} takes are in — the bulletin is ready to assemble.";
    takes_in: "Đã thu {} / {} đoạn.", "{} of {} takes recorded.";
    analysis: "Kết quả kiểm tra", "Check";
    length_vs_estimate: "Dài {} (dự kiến {})", "Length {} (estimate {})";
    much_longer: "Dài hơn dự kiến rất nhiều — có đúng đoạn này không, hay quên bấm dừng? Bản tin sẽ không dựng với bản thu này.", "Far longer than estimated — is it the right take, or was Stop pressed late? The bulletin will not be assembled with it.";
    much_shorter: "Ngắn hơn dự kiến nhiều — kiểm tra có đọc thiếu không.", "Much shorter than estimated — check nothing was left out.";
    too_quiet: "Quá nhỏ ({} LUFS) — đến gần micro hoặc tăng mức thu, rồi thu lại.", "Too quiet ({} LUFS) — move closer to the mic or raise the input, then record again.";
    clipped: "Bị vỡ tiếng ({} chỗ quá to) — lùi xa micro hoặc giảm mức thu, rồi thu lại.", "Clipped ({} overloaded places) — move back or lower the input, then record again.";
    silent_take: "Bản thu im lặng hoàn toàn (không thu được gì) — kiểm tra micro rồi thu lại.", "The take is digital silence (nothing was recorded) — check the mic, then record again.";
    no_speech: "Không nghe thấy giọng đọc (chỉ có tiếng ồn hoặc im lặng) — kiểm tra micro rồi thu lại.", "No speech found (only noise or silence) — check the mic, then record again.";
    take_ok: "Bản thu tốt.", "The take is fine.";
    reading_rate: "Tốc độ đọc: {} âm tiết/phút", "Reading rate: {} syllables/min";
    bulletin_rate: "Tốc độ đọc cả bản tin: {} âm tiết/phút (dự kiến theo {})", "Reading rate over the bulletin: {} syllables/min (estimates use {})";
    previous_kept: "Bản thu trước được giữ lại: {}", "The previous recording was kept: {}";
    level_of_take: "Độ to {} LUFS, đỉnh {} dBFS", "Loudness {} LUFS, peak {} dBFS";

    // Upload errors
    upload_empty: "Tệp gửi lên trống (0 byte). Thu lại đoạn này.", "The uploaded file is empty (0 bytes). Record the take again.";
    upload_too_large: "Tệp quá lớn: giới hạn là {} MB. Không có gì bị thay đổi.", "The file is too large: the limit is {} MB. Nothing was changed.";
    upload_not_audio: "Tệp gửi lên không phải là âm thanh. Không có gì bị thay đổi.", "The uploaded file is not audio. Nothing was changed.";
    upload_truncated: "Tệp âm thanh bị cắt cụt (gửi lên chưa hết). Thu hoặc gửi lại. Không có gì bị thay đổi.", "The audio file is cut short (not fully uploaded). Record or send it again. Nothing was changed.";
    upload_unreadable: "Không đọc được tệp âm thanh: {}. Không có gì bị thay đổi.", "The audio cannot be read: {}. Nothing was changed.";
    upload_no_samples: "Tệp âm thanh không có mẫu nào (0 giây). Thu lại. Không có gì bị thay đổi.", "The audio holds no samples (0 s). Record again. Nothing was changed.";
    upload_failed: "Không lưu được bản thu: {}. Không có gì bị thay đổi.", "The take could not be saved: {}. Nothing was changed.";
    not_a_take: "Không có đoạn \"{}\" trong bản tin này.", "There is no take \"{}\" in this bulletin.";

    // Prompter
    prompter_title: "Đọc trực tiếp", "Prompter";
    start: "▶ Bắt đầu", "▶ Start";
    pause: "❚❚ Tạm dừng", "❚❚ Pause";
    reset: "↺ Về đầu", "↺ Back to start";
    clock: "Giờ", "Clock";
    elapsed: "Đã đọc", "Elapsed";
    remaining: "Còn lại", "Left";
    speed: "Tốc độ cuộn", "Scroll speed";
    slower: "Chậm hơn", "Slower";
    faster: "Nhanh hơn", "Faster";
    prompter_keys: "Phím cách: chạy / dừng · ↑ ↓: tốc độ · Home: về đầu", "Space: run / pause · ↑ ↓: speed · Home: back to start";

    // Login
    login_title: "Đăng nhập", "Log in";
    user_name: "Tên người dùng", "User name";
    password: "Mật khẩu", "Password";
    login_button: "Đăng nhập", "Log in";
    login_failed: "Sai tên hoặc mật khẩu.", "Wrong name or password.";
    login_locked: "Đăng nhập sai quá nhiều lần. Chờ {} phút rồi thử lại.", "Too many failed logins. Wait {} minutes and try again.";

    // Errors
    not_found: "Không có trang này.", "There is no such page.";
    no_bulletin: "Không có bản tin \"{}\".", "There is no bulletin \"{}\".";
    forbidden_csrf: "Phiên làm việc đã hết hạn hoặc yêu cầu không đến từ trang của bantin. Tải lại trang rồi làm lại.", "The session expired or the request did not come from bantin's own page. Reload the page and try again.";
    forbidden_host: "Địa chỉ máy chủ không đúng. Mở bantin bằng địa chỉ nó in ra khi khởi động.", "Wrong server address. Open bantin at the address it printed when it started.";
    rundown_broken: "Không đọc được kịch bản (rundown.toml): {}", "The rundown (rundown.toml) cannot be read: {}";
    server_error: "Lỗi máy chủ: {}", "Server error: {}";
    go_today: "Về trang Hôm nay", "Back to Today";
}

impl Texts {
    /// The texts for the station's language.
    pub fn of(language: Language) -> &'static Texts {
        match language {
            Language::Vi => &VI,
            Language::En => &EN,
        }
    }
}

/// `template` with each `{}` replaced by the next of `args`, in order.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        if let Some(arg) = args.next() {
            out.push_str(&arg.to_string());
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_in_order() {
        assert_eq!(
            fill("Đã thu {} / {} đoạn.", &[&3, &10]),
            "Đã thu 3 / 10 đoạn."
        );
        assert_eq!(fill("no args", &[]), "no args");
    }

    #[test]
    fn both_languages_have_the_same_placeholders() {
        // A text whose translation drops or adds a `{}` would show the wrong values.
        let count = |s: &&str| s.matches("{}").count();
        let vi: Vec<usize> = VI.all().iter().map(count).collect();
        let en: Vec<usize> = EN.all().iter().map(count).collect();
        assert_eq!(vi, en);
        assert!(VI.all().iter().all(|t| !t.is_empty()));
        assert_ne!(VI.all(), EN.all());
    }
}
