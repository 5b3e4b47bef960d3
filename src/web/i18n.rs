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
    nav_assemble: "Dựng bản tin", "Assemble";
    nav_result: "Nghe bản tin", "Listen";
    nav_air: "Phát sóng", "On air";
    nav_archive: "Lưu trữ", "Archive";
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

    // Assemble
    assemble_title: "Dựng bản tin", "Assemble the bulletin";
    assemble_intro: "Ghép các bản thu với nhạc hiệu, cân bằng độ to giữa các đoạn và đưa cả bản tin về đúng mức âm lượng phát sóng ({} LUFS, đỉnh không quá {} dBTP). Giống hệt lệnh bantin assemble.", "Joins the takes with the jingles, matches their levels and brings the whole bulletin to the broadcast loudness ({} LUFS, peaks under {} dBTP). The same as bantin assemble.";
    assemble_button: "Dựng bản tin", "Assemble the bulletin";
    assemble_again: "Dựng lại", "Assemble again";
    assemble_again_note: "Bản đã dựng lúc {} sẽ được thay bằng bản mới khi dựng xong (bản cũ giữ nguyên nếu có lỗi).", "The bulletin assembled at {} is replaced by the new one when it is done (it stays as it is if anything goes wrong).";
    assembled_at: "Đã dựng xong lúc {}: dài {}, độ to {} LUFS.", "Assembled at {}: {} long, {} LUFS.";
    listen_now: "Nghe bản tin →", "Listen →";
    takes_count: "{} đoạn thu", "{} takes";
    jingles_found: "Nhạc hiệu: {}", "Jingles: {}";
    jingles_none: "Không có nhạc hiệu (thư mục jingles trống): bản tin chỉ có lời đọc.", "No jingles (the jingles folder is empty): the bulletin is speech only.";
    jingle_intro: "mở đầu", "intro";
    jingle_sting: "chuyển tin", "sting";
    jingle_outro: "kết thúc", "outro";
    jingle_bed: "nhạc nền", "bed";
    assemble_running: "Đang dựng bản tin…", "Assembling…";
    assemble_running_other: "Đã chạy {} giây. Có thể rời trang này: việc dựng vẫn tiếp tục trên máy chủ.", "Running for {} s. You may leave this page: the assembly goes on in the server.";
    phase_checking: "Đang kiểm tra các bản thu…", "Checking the takes…";
    phase_preparing: "Đang chuẩn bị tệp {} / {} (bản thu và nhạc hiệu)", "Preparing file {} of {} (takes and jingles)";
    phase_mixing: "Đang ghép, chuẩn hóa âm lượng và ghi tệp…", "Mixing, levelling and writing the file…";
    assemble_done: "Đã dựng xong bản tin.", "The bulletin is assembled.";
    assemble_stopped: "Việc dựng đã dừng (máy chủ đang tắt). Không có tệp nào bị thay đổi.", "The assembly was stopped (the server is stopping). No file was changed.";
    refused_missing: "Còn {} đoạn chưa thu, nên chưa dựng được.", "{} takes are not recorded yet, so it cannot be assembled.";
    refused_missing_hint: "Thu đủ các đoạn dưới đây rồi bấm Dựng bản tin. Không có tệp nào bị thay đổi.", "Record the takes below, then press Assemble. No file was changed.";
    missing_take: "Đoạn {} — chưa có tệp {}", "Take {} — there is no {} yet";
    record_it: "Thu đoạn này →", "Record it →";
    strays: "Trong thư mục recordings có tệp không khớp với đoạn nào: {}. Nếu đó là một đoạn ở trên, hãy đổi tên tệp cho đúng.", "recordings/ holds files that match no take: {}. If one of them is a take above, rename it.";
    refused_suspect: "Chưa dựng được: {} bản thu cần nghe lại trước khi phát.", "Not assembled: {} takes must be listened to before they air.";
    refused_suspect_hint: "Nghe từng bản: thu lại ở phòng thu, hoặc nếu bản thu vẫn dùng được thì bấm “Đã nghe — vẫn dùng bản này”. Không có tệp nào bị thay đổi.", "Listen to each: record it again in the booth, or if it is fine as it is, press “Listened — use it as it is”. No file was changed.";
    suspect_take: "Đoạn {} ({})", "Take {} ({})";
    accept_take: "Đã nghe — vẫn dùng bản này", "Listened — use it as it is";
    accepted_take: "Đã ghi nhận: đoạn {} được dùng như hiện có (accept_suspect = true trong rundown.toml). Bấm Dựng bản tin lần nữa.", "Noted: take {} goes to air as it is (accept_suspect = true in rundown.toml). Press Assemble again.";
    open_in_booth: "Mở ở phòng thu", "Open in the booth";
    suspect_no_speech: "không nghe thấy giọng đọc (chỉ có tiếng ồn, tiếng ù hoặc im lặng)", "no speech in it (only noise, hum or silence)";
    suspect_too_long: "dài {} trong khi dự kiến {} — có đúng đoạn này không, hay quên bấm dừng?", "{} of speech where {} was estimated — is it the right take, or was Stop pressed late?";
    suspect_clipped: "bị vỡ tiếng ở {} chỗ (chỗ đầu tiên lúc {}) — thu lại với mức thu thấp hơn", "clipped in {} places (first at {}) — record it again with the level lower";
    suspect_too_quiet: "quá nhỏ ({} LUFS): phải tăng {} dB mới đủ to, tiếng ồn sẽ to theo — thu lại gần micro hơn", "very quiet ({} LUFS): it needs {} dB of gain, which brings the noise up — record it again closer to the microphone";
    refused_other: "Không dựng được bản tin. Không có tệp nào bị thay đổi.", "The bulletin could not be assembled. No file was changed.";
    refused_decode: "Không đọc được tệp {}: tệp hỏng hoặc không phải âm thanh. Thu lại đoạn này.", "{} cannot be read: it is damaged or not audio. Record the take again.";
    refused_silent: "Tệp {} im lặng hoàn toàn. Thu lại đoạn này.", "{} is silent. Record the take again.";
    refused_foreign: "Đã có tệp {} nhưng không do bantin tạo ra; bantin giữ nguyên nó. Đổi tên hoặc chuyển tệp đó đi rồi dựng lại.", "{} exists and was not made by bantin; it was kept. Rename or move it, then assemble again.";
    technical_detail: "Chi tiết kỹ thuật", "Technical detail";
    assemble_needs_takes: "Thu đủ các đoạn rồi mới dựng được.", "Record every take first.";

    // Result
    result_title: "Nghe bản tin", "Listen to the bulletin";
    not_assembled_yet: "Bản tin này chưa được dựng.", "This bulletin is not assembled yet.";
    go_assemble: "Đi tới Dựng bản tin", "Go to Assemble";
    verdict_loudness: "Độ to tổng thể", "Integrated loudness";
    verdict_peak: "Đỉnh thực (true peak)", "True peak";
    verdict_target: "mục tiêu {} LUFS ± {} LU", "target {} LUFS ± {} LU";
    verdict_ceiling: "trần {} dBTP", "ceiling {} dBTP";
    verdict_pass: "đạt", "pass";
    verdict_fail: "chưa đạt", "fail";
    heavy_limiting: "Bộ hạn biên phải làm việc nặng: giảm tới {} dB và hoạt động {}% thời lượng, nên bản tin có thể nghe bị nén, “thở”. Nghe các đoạn to nhất (vỡ tiếng, nói quá to hoặc quá gần micro) và thu lại, hoặc đặt mục tiêu thấp hơn ([audio] target_lufs = -18).", "Heavy limiting: the limiter took up to {} dB off the peaks and acted during {}% of the programme, so it may sound squashed or pumping. Listen to the loudest takes (clipped, shouted or too close to the microphone) and record them again, or set a lower target ([audio] target_lufs = -18).";
    fact_length: "Thời lượng", "Length";
    fact_format: "Định dạng", "Format";
    fact_made: "Dựng lúc", "Made";
    fact_range: "Biên độ độ to (LRA)", "Loudness range";
    fact_limiter: "Bộ hạn biên", "Limiter";
    limiter_never: "không phải can thiệp", "never acted";
    limiter_acted: "giảm tới {} dB, trong {} giây", "down to {} dB, for {} s";
    format_of: "{} Hz, {}, PCM {} bit", "{} Hz, {}, {}-bit PCM";
    mono: "mono", "mono";
    stereo: "stereo", "stereo";
    player_hint: "Bấm vào một dòng trong bảng hoặc vào dạng sóng để nghe từ chỗ đó.", "Click a row of the table or the waveform to listen from there.";
    waveform: "Dạng sóng", "Waveform";
    loudness_plot: "Độ to theo thời gian", "Loudness over time";
    loudness_legend: "Đường xanh: độ to 3 giây; đường gạch xanh lá: mục tiêu {} LUFS; vạch đứng: chỗ bắt đầu mỗi đoạn (đánh số như bảng dưới), vạch vàng: đoạn cần nghe lại.", "Blue: 3 s loudness; dashed green: the {} LUFS target; vertical lines: where each part starts (numbered as in the table), yellow: a take to listen to.";
    standouts_title: "Các đoạn nên nghe lại", "Takes to listen to";
    standouts_none: "Không có: không đoạn nào bị đánh dấu, và các đoạn được thu với độ to chênh nhau không quá {} LU.", "None: nothing was flagged and every take was recorded within {} LU of the others.";
    rundown_title: "Trình tự bản tin", "Rundown";
    col_start: "Bắt đầu", "Start";
    col_part: "Phần", "Part";
    col_file: "Tệp", "File";
    col_length: "Dài", "Length";
    col_loudness: "Độ to gốc", "Recorded at";
    col_gain: "Chỉnh", "Gain";
    col_notes: "Ghi chú", "Notes";
    role_intro: "Nhạc mở đầu", "Intro";
    role_opening: "Lời chào", "Opening";
    role_sting: "Nhạc chuyển tin", "Sting";
    role_closing: "Lời kết", "Closing";
    role_outro: "Nhạc kết thúc", "Outro";
    role_bed: "Nhạc nền", "Music bed";
    role_take: "Tin {}, đoạn {}", "Item {}, take {}";
    play_from: "▶ Nghe từ đây", "▶ Play from here";
    outlier_quieter: "thu nhỏ hơn {} LU so với các đoạn khác ({} LUFS)", "recorded {} LU quieter than the other takes ({} LUFS)";
    outlier_louder: "thu to hơn {} LU so với các đoạn khác ({} LUFS)", "recorded {} LU louder than the other takes ({} LUFS)";
    flag_phone: "âm thanh điện thoại ({} kHz): tiếng sẽ mỏng", "phone bandwidth ({} kHz): it will sound thin";
    flag_narrow: "băng tần hẹp ({} kHz)", "narrow bandwidth ({} kHz)";
    flag_clipped: "bị vỡ tiếng ở {} chỗ", "clipped in {} places";
    flag_short: "rất ngắn ({})", "very short ({})";
    flag_quiet: "thu rất nhỏ ({}): tiếng ồn bị tăng theo", "very quiet ({}): noise is raised with it";
    flag_accepted: "đã nghe và chấp nhận dùng như hiện có", "listened to and accepted as it is";
    flag_cut: "nhạc dài {} giây, đã cắt ngắn lại", "{} s long, cut short";
    downloads: "Tải về", "Downloads";
    download_wav: "Tệp phát sóng (WAV)", "Broadcast file (WAV)";
    download_report: "Báo cáo (trang in được)", "Report (printable page)";
    download_json: "Báo cáo (JSON)", "Report (JSON)";
    to_air: "Phát sóng →", "On air →";

    // On air
    air_title: "Phát sóng", "On air";
    air_heading: "Phát sóng ngày {}", "On air, {}";
    air_folder: "Danh sách phát được ghi vào thư mục {} (định dạng {}), đúng như lệnh bantin playlist.", "The playlist is written to {} ({}), exactly as bantin playlist writes it.";
    air_folder_default: "Chưa đặt thư mục của phần mềm phát sóng ([playout] folder trong bantin.toml), nên dùng thư mục mặc định {}.", "No playout folder is set ([playout] folder in bantin.toml), so the default {} is used.";
    air_auto: "Tự động lưu trữ mỗi bản tin {} phút sau giờ phát.", "Each bulletin is archived by itself {} minutes after its slot.";
    air_what: "Phần mềm phát sóng sẽ nhận:", "What the playout system gets:";
    air_ready: "Sẵn sàng", "Ready";
    air_missing: "Thiếu", "Missing";
    air_file: "Tệp", "File";
    air_length: "Dài", "Length";
    air_loudness: "Độ to", "Loudness";
    air_hash: "Mã kiểm tra (SHA-256)", "Hash (SHA-256)";
    air_write: "Ghi danh sách phát", "Write the playlist";
    air_write_again: "Ghi lại danh sách phát", "Write the playlist again";
    air_done_written: "Đã ghi danh sách phát vào thư mục của phần mềm phát sóng.", "The playlist was written into the playout folder.";
    air_nothing: "Chưa có bản tin nào dựng xong cho ngày này: chưa có gì để ghi.", "No bulletin of this day is finished: there is nothing to write.";
    air_file_state_none: "Chưa ghi danh sách phát cho ngày này.", "No playlist written for this day yet.";
    air_file_state_ok: "Danh sách phát {} đã ghi lúc {} và đúng với các bản tin hiện có.", "The playlist {} was written at {} and matches the bulletins as they are.";
    air_file_state_stale: "Danh sách phát {} (ghi lúc {}) đã cũ: bản tin đã thay đổi từ đó. Ghi lại.", "The playlist {} (written at {}) is out of date: the bulletins changed since. Write it again.";
    air_write_failed: "Không ghi được danh sách phát: {}", "The playlist could not be written: {}";
    mark_aired: "Đánh dấu đã phát và lưu trữ", "Mark as aired and archive";
    air_not_yet: "Chưa tới giờ phát. Sau khi phát xong, đánh dấu đã phát tại đây.", "Not on air yet. Once it has aired, mark it here.";
    aired_at_label: "Giờ phát thực tế", "Aired at";
    aired_done_short: "Đã đánh dấu đã phát và lưu trữ bản tin {}.", "Bulletin {} is marked aired and archived.";
    archived_at_line: "Đã lưu trữ — phát lúc {}", "Archived — aired at {}";
    open_in_archive: "Xem trong lưu trữ", "Open in the archive";
    auto_archive_failed: "Tự động lưu trữ không được: {}", "Automatic archiving failed: {}";
    archive_failed: "Không lưu trữ được: {}", "Could not archive: {}";
    archive_future: "Giờ phát {} còn chưa tới (đồng hồ của đài đang là {}). Kiểm tra giờ phát; nếu đồng hồ máy tính sai thì sửa đồng hồ.", "The air time {} is still to come (the station's clock says {}). Check the time; if this PC's clock is wrong, set it right.";
    bad_time: "Giờ \"{}\" không đúng; viết theo dạng GG:PP, ví dụ 05:31.", "\"{}\" is not a time; write it as HH:MM, e.g. 05:31.";

    // Archive
    archive_title: "Lưu trữ", "Archive";
    search_words: "Tìm trong lời đọc và bài gốc", "Find in what was read";
    search_hint: "Gõ có dấu hoặc không dấu đều được, ví dụ: an ninh trat tu", "With or without diacritics, e.g. an ninh trat tu";
    date_from: "Từ ngày", "From";
    date_to: "Đến ngày", "To";
    search_button: "Tìm", "Search";
    search_results: "{} kết quả cho “{}”", "{} results for “{}”";
    search_none: "Không tìm thấy “{}” trong khoảng ngày đã chọn.", "“{}” was not found in the chosen dates.";
    recent_archived: "Bản tin đã lưu trữ", "Archived bulletins";
    archive_empty: "Chưa có bản tin nào trong lưu trữ. Bản tin được lưu trữ khi đánh dấu đã phát ở trang Phát sóng.", "Nothing is archived yet. A bulletin is archived when it is marked aired on the On air page.";
    archive_unavailable: "Không mở được kho lưu trữ: {}", "The archive cannot be opened: {}";
    aired_on: "phát lúc {}", "aired {}";
    as_run_title: "Nhật ký phát sóng", "As-run log";
    as_run_intro: "Những gì đã phát, trong khoảng ngày đã chọn — để nộp cấp trên hoặc lưu hồ sơ.", "What aired in the chosen dates — for the station's records and the authorities.";
    as_run_view: "Xem và in (khổ A4)", "View and print (A4)";
    as_run_csv: "Tải tệp CSV", "Download CSV";
    as_run_bom: "Mở bằng Excel trên Windows (thêm BOM UTF-8 để hiện đúng tiếng Việt)", "For Excel on Windows (adds a UTF-8 BOM so Vietnamese shows right)";
    as_run_heading: "Nhật ký phát sóng từ {} đến {}", "As-run log, {} to {}";
    as_run_none: "Không có bản tin nào được phát trong khoảng ngày này.", "Nothing aired in these dates.";
    as_run_total: "Tổng cộng {} bản tin, {}.", "{} bulletins, {} in all.";
    as_run_printed: "In lúc {}", "Printed {}";
    col_aired: "Giờ phát", "Aired";
    col_date: "Ngày", "Date";
    col_slot: "Buổi", "Slot";
    col_title: "Tiêu đề", "Title";
    print_button: "In", "Print";
    verify_title: "Kiểm tra kho lưu trữ", "Check the archive";
    verify_intro: "Đọc lại từng tệp đã lưu trữ và so mã kiểm tra (SHA-256) với lúc lưu, để biết tệp nào bị mất hay bị sửa. Giống lệnh bantin archive verify.", "Reads every stored file again and compares its hash (SHA-256) with the one taken when it was archived, to find any file lost or changed. The same as bantin archive verify.";
    verify_button: "Kiểm tra ngay", "Check now";
    verify_again: "Kiểm tra lại", "Check again";
    verify_checked_at: "Kiểm tra lúc {}.", "Checked at {}.";
    verify_ok: "Đã kiểm tra {} tệp của {} bản tin ({} MB): tất cả còn nguyên vẹn.", "Checked {} files of {} bulletins ({} MB): all intact.";
    verify_problems: "Đã kiểm tra {} tệp của {} bản tin ({} MB): có {} vấn đề.", "Checked {} files of {} bulletins ({} MB): {} problems.";
    verify_missing: "Mất tệp {} của bản tin {}: tệp đã bị xóa hoặc chuyển đi. Chép lại từ bản sao lưu, hoặc lưu trữ lại bản tin từ thư mục của nó.", "{} of bulletin {} is missing: it was deleted or moved. Restore it from a backup, or archive the bulletin again from its folder.";
    verify_unreadable: "Không đọc được tệp {} của bản tin {} (có thể do quyền truy cập). Kiểm tra quyền của thư mục lưu trữ.", "{} of bulletin {} cannot be read (perhaps permissions). Check the archive folder's permissions.";
    verify_altered: "Tệp {} của bản tin {} đã bị thay đổi sau khi lưu trữ (mã kiểm tra không khớp). Chép lại từ bản sao lưu, hoặc lưu trữ lại bản tin từ thư mục của nó.", "{} of bulletin {} was changed after it was archived (its hash differs). Restore it from a backup, or archive the bulletin again from its folder.";
    verify_not_in_catalog: "Có hồ sơ {} trên đĩa mà danh mục chưa có (một lần lưu trữ bị ngắt?). Bấm Sửa để đưa vào danh mục.", "A record {} is on disk but not in the catalog (an interrupted archiving?). Press Repair to put it in.";
    verify_orphan: "Tệp thừa {} do một lần lưu trữ bị ngắt để lại. Bấm Sửa để xóa.", "{} was left by an interrupted archiving. Press Repair to remove it.";
    verify_catalog: "Danh mục tìm kiếm bị hỏng ({}). Chạy bantin archive reindex để dựng lại danh mục từ hồ sơ.", "The search catalog is damaged ({}). Run bantin archive reindex to rebuild it from the records.";
    verify_repair: "Sửa", "Repair";
    verify_repaired: "Đã sửa: {}", "Repaired: {}";
    archived_bulletin: "Bản tin đã lưu trữ", "Archived bulletin";
    archived_facts: "Phát lúc {} · lưu trữ lúc {} · dài {} · {} LUFS", "Aired {} · archived {} · {} long · {} LUFS";
    stored_files: "Các tệp đã lưu", "Stored files";
    items_read: "Các tin đã đọc", "Items read";
    no_such_archived: "Không có bản tin \"{}\" trong lưu trữ.", "There is no archived bulletin \"{}\".";

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
