//! The second-round rules of `reference/vietnamese-reading.md`, each with several examples
//! and the traps the issue names (a single letter that is a word, a hyphen between names, a
//! slash between counts, a code that looks like a year).

use super::tests::reader;

/// Each input must read exactly as given (the rule's words and everything around them).
fn check(table: &[(&str, &str)]) {
    let reader = reader();
    let mut wrong = Vec::new();
    for (text, want) in table {
        let got = reader.spoken(text).text;
        if got != *want {
            wrong.push(format!("  {text}\n    got:  {got}\n    want: {want}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn fraction_of_a_whole_is_phan() {
    check(&[
        ("khoảng 2/5 diện tích", "khoảng hai phần năm diện tích"),
        ("có 3/4 số hộ", "có ba phần tư số hộ"),
        ("chiếm 1/3.", "chiếm một phần ba."),
        ("giảm 1/3 so với cùng kỳ", "giảm một phần ba so với cùng kỳ"),
        ("mất 2/3 sản lượng", "mất hai phần ba sản lượng"),
        ("gần 1/10 dân số", "gần một phần mười dân số"),
        ("¼ số hộ", "Một phần tư số hộ"),
        ("¾ lượng mưa", "Ba phần tư lượng mưa"),
        ("còn ½", "còn một phần hai"),
        (
            "hơn 1/4 của tổng kinh phí",
            "hơn một phần tư của tổng kinh phí",
        ),
        // Traps: a count of a group keeps "trên", a date stays a date.
        ("12/17 xã", "Mười hai trên mười bảy xã"),
        ("đạt 7/7 chỉ tiêu", "đạt bảy trên bảy chỉ tiêu"),
        ("ngày 2/5 diện tích", "ngày hai tháng năm diện tích"),
        ("sáng 3/4 tại xã", "sáng ngày ba tháng tư tại xã"),
    ]);
}

#[test]
fn count_of_a_group_and_rank_keep_tren() {
    check(&[
        ("đứng thứ 3/21", "đứng thứ ba trên hai mươi mốt"),
        (
            "xếp thứ 1/30 toàn tỉnh",
            "xếp thứ nhất trên ba mươi toàn tỉnh",
        ),
        ("xếp thứ 4/10", "xếp thứ tư trên mười"),
        ("đội đứng thứ 2/8 và", "đội đứng thứ hai trên tám và"),
        ("8/17 xã thuộc vùng", "Tám trên mười bảy xã thuộc vùng"),
        ("15/15 trường", "Mười lăm trên mười lăm trường"),
        // Trap: a slash between two counts is a pause.
        (
            "xử lý 9 vụ/14 đối tượng",
            "xử lý chín vụ, mười bốn đối tượng",
        ),
    ]);
}

#[test]
fn minus_before_a_number_is_am() {
    check(&[
        ("xuống -3°C", "xuống âm ba độ C"),
        ("giảm xuống -0,5%", "giảm xuống âm không phẩy năm phần trăm"),
        ("nhiệt độ = -2°C", "nhiệt độ bằng âm hai độ C"),
        ("có nơi (-1°C)", "có nơi (âm một độ C)"),
        ("ở mức -12,5 tỷ đồng", "ở mức âm mười hai phẩy năm tỷ đồng"),
        ("−4°C", "Âm bốn độ C"),
        ("-3°C ở vùng núi", "Âm ba độ C ở vùng núi"),
        // Traps: a range between years, a list bullet, a pause between names.
        (
            "giai đoạn 2016 -2020",
            "giai đoạn hai nghìn không trăm mười sáu đến hai nghìn không trăm hai mươi",
        ),
        ("- Nội dung", "Nội dung"),
        ("-3 hộ nghèo", "Ba hộ nghèo"),
        ("Lam Sơn -Sao Vàng", "Lam Sơn - Sao Vàng"),
        ("từ -3 đến -5°C", "từ âm ba đến âm năm độ C"),
    ]);
}

#[test]
fn a_score_is_a_pause() {
    check(&[
        ("thắng 3-0", "thắng ba - không"),
        ("hòa 1-1", "hòa một - một"),
        ("hoà 2 - 2", "hoà hai - hai"),
        ("với tỷ số 2-1", "với tỷ số hai - một"),
        ("để thua 0-2 trước", "để thua không - hai trước"),
        ("thắng Hòa Lạc Đông 3-0,", "thắng Hòa Lạc Đông ba - không,"),
        ("chung cuộc 4-2", "chung cuộc bốn - hai"),
        (
            "thắng 3-0 (25-20, 25-18)",
            "thắng ba - không (hai mươi lăm - hai mươi, hai mươi lăm - mười tám)",
        ),
        // Traps: a name "Thắng", years and day ranges are not scores.
        (
            "xã Xuân Thắng có 12-15 hộ",
            "xã Xuân Thắng có mười hai đến mười lăm hộ",
        ),
        (
            "thắng lợi giai đoạn 2016-2020",
            "thắng lợi giai đoạn hai nghìn không trăm mười sáu đến hai nghìn không trăm hai mươi",
        ),
        (
            "thắng lớn ngày 3-4/10",
            "thắng lớn ngày ba đến bốn tháng mười",
        ),
        // "hòa giải", "thắng cảnh", "thua lỗ" are other words; a count after it is a range.
        (
            "hòa giải thành 12-15 vụ",
            "hòa giải thành mười hai đến mười lăm vụ",
        ),
        (
            "khu thắng cảnh đón 3-4 nghìn khách",
            "khu thắng cảnh đón ba đến bốn nghìn khách",
        ),
        (
            "công ty thua lỗ 2-3 tỷ đồng",
            "công ty thua lỗ hai đến ba tỷ đồng",
        ),
        (
            "đội thắng 2-1 trận chung kết",
            "đội thắng hai - một trận chung kết",
        ),
    ]);
}

#[test]
fn school_years_seasons_and_terms() {
    check(&[
        (
            "năm học 2025-2026",
            "năm học hai nghìn không trăm hai mươi lăm đến hai nghìn không trăm hai mươi sáu",
        ),
        (
            "vụ Đông Xuân 2024-2025",
            "vụ Đông Xuân hai nghìn không trăm hai mươi tư đến hai nghìn không trăm hai mươi lăm",
        ),
        (
            "mùa giải 2024/2025",
            "mùa giải hai nghìn không trăm hai mươi tư đến hai nghìn không trăm hai mươi lăm",
        ),
        (
            "nhiệm kỳ 2020 - 2025",
            "nhiệm kỳ hai nghìn không trăm hai mươi đến hai nghìn không trăm hai mươi lăm",
        ),
    ]);
}

#[test]
fn after_tu_a_dash_is_den() {
    check(&[
        ("từ thứ 3-thứ 7", "từ thứ ba đến thứ bảy"),
        (
            "từ thứ 2 - thứ 6 hằng tuần",
            "từ thứ hai đến thứ sáu hằng tuần",
        ),
        ("từ thứ 6-Chủ nhật", "từ thứ sáu đến Chủ nhật"),
        ("từ 8h-11h30'", "từ tám giờ đến mười một giờ ba mươi phút"),
        ("từ tháng 3-tháng 5", "từ tháng ba đến tháng năm"),
        ("Từ sáng-chiều nay", "Từ sáng đến chiều nay"),
        ("từ Xuân Lam - Thọ Lâm", "từ Xuân Lam đến Thọ Lâm"),
        // Traps: the clause has its own "đến"; "từ thiện"; no "từ" at all.
        (
            "từ Lam Sơn - Sao Vàng đến Thọ Xuân",
            "từ Lam Sơn - Sao Vàng đến Thọ Xuân",
        ),
        ("quỹ từ thiện - nhân đạo", "quỹ từ thiện - nhân đạo"),
        ("kinh tế - xã hội", "kinh tế - xã hội"),
        ("Hòa Lạc - Đồng Sen", "Hòa Lạc - Đồng Sen"),
    ]);
}

#[test]
fn plus_and_equals() {
    check(&[
        ("Km 7+450", "Ki-lô-mét bảy cộng bốn trăm năm mươi"),
        ("ở phút 45+2", "ở phút bốn mươi lăm cộng hai"),
        ("phút 90+3", "phút chín mươi cộng ba"),
        (
            "diện tích = 120 m²",
            "diện tích bằng một trăm hai mươi mét vuông",
        ),
        ("1 tạ = 100 kg", "Một tạ bằng một trăm ki-lô-gam"),
        (
            "mực nước = 96% thiết kế",
            "mực nước bằng chín mươi sáu phần trăm thiết kế",
        ),
    ]);
}

#[test]
fn round_the_clock_phrases_are_tren() {
    check(&[
        ("trực 24/7", "trực hai mươi bốn trên bảy"),
        (
            "trực ban 24/24 giờ",
            "trực ban hai mươi bốn trên hai mươi bốn giờ",
        ),
        ("mở cửa 24/7;", "mở cửa hai mươi bốn trên bảy;"),
        // Trap: with a day word it is a date.
        ("ngày 24/7", "ngày hai mươi tư tháng bảy"),
    ]);
}

#[test]
fn codes_are_spelled_with_vietnamese_letter_names() {
    check(&[
        ("giống lúa OM5451", "giống lúa o em-mờ năm bốn năm một"),
        ("gạo ST25", "gạo ét tê hai mươi lăm"),
        ("giống BC15", "giống bê xê mười lăm"),
        ("giống TBR225", "giống tê bê e-rờ hai hai năm"),
        (
            "biển số 29C-456.78",
            "biển số hai chín xê, bốn năm sáu, bảy tám",
        ),
        ("xe 36A-1234", "xe ba sáu a, một hai ba bốn"),
        ("lớp 12A3", "lớp mười hai a ba"),
        ("lớp 9A", "lớp chín a"),
        ("cúm H5N1", "cúm hát năm en-nờ một"),
        ("cúm A/H5N1", "cúm A hát năm en-nờ một"),
        ("đội U23", "đội u hai mươi ba"),
        ("xăng E5", "xăng e năm"),
        ("lô AB2304", "lô a bê hai ba không bốn"),
        ("bằng lái B2", "bằng lái bê hai"),
        ("thép D10", "thép đê mười"),
        ("Phòng PC06", "Phòng pê xê không sáu"),
        ("mạng 5G", "mạng năm giê"),
        // A code that looks like a year is spelled, never "hai nghìn …".
        (
            "tàu cá HL-2019-TS",
            "tàu cá hát e-lờ, hai không một chín, tê ét",
        ),
        ("mã hàng 2024A", "mã hàng hai không hai bốn a"),
        // Traps: abbreviations that keep their reading before a number, roads, units, times.
        ("vượt BĐ3", "vượt báo động ba"),
        ("dịch COVID-19", "dịch cô-vít mười chín"),
        ("dịch Covid-19", "dịch cô-vít mười chín"),
        ("dịch SARS-CoV-2", "dịch Sát Cô-vi hai"),
        ("Quân khu 4", "Quân khu bốn"),
        ("QK4", "Quân khu bốn"),
        ("QL47", "Quốc lộ bốn mươi bảy"),
        ("5kg gạo", "Năm ki-lô-gam gạo"),
        ("lúc 7h30", "lúc bảy giờ ba mươi phút"),
    ]);
}

#[test]
fn a_single_letter_that_is_a_word_stays() {
    check(&[
        ("bổ sung vitamin A", "bổ sung vi-ta-min A"),
        ("vitamin C", "Vi-ta-min C"),
        ("xếp hạng A", "xếp hạng A"),
        ("Nhóm B", "Nhóm B"),
        ("điểm a khoản 1", "điểm a khoản một"),
        ("loại C", "loại C"),
    ]);
}

#[test]
fn identifiers_are_read_digit_by_digit_in_groups() {
    check(&[
        (
            "mã số thuế 0101234567",
            "mã số thuế không một không, một hai ba, bốn năm sáu bảy",
        ),
        (
            "số CCCD 038095001234",
            "số căn cước công dân không ba tám, không chín năm, không không một, hai ba bốn",
        ),
        (
            "số tài khoản 1234 5678 9012",
            "số tài khoản một hai ba bốn, năm sáu bảy tám, chín không một hai",
        ),
        (
            "tài khoản nhận hỗ trợ số 3700 2050 12345",
            "tài khoản nhận hỗ trợ số ba bảy không không, hai không năm không, một hai ba bốn năm",
        ),
        (
            "là 2801234567.",
            "là hai tám không, một hai ba, bốn năm sáu bảy.",
        ),
        // Traps: money and years are numbers.
        (
            "115.500.000 đồng",
            "Một trăm mười lăm triệu năm trăm nghìn đồng",
        ),
        ("năm 2024", "năm hai nghìn không trăm hai mươi tư"),
        ("1.250 hộ", "Một nghìn hai trăm năm mươi hộ"),
        ("chi 150000000 đồng", "chi một trăm năm mươi triệu đồng"),
    ]);
}

#[test]
fn phone_numbers_in_any_grouping() {
    check(&[
        (
            "gọi 0913 456 789",
            "gọi không chín một ba, bốn năm sáu, bảy tám chín",
        ),
        (
            "số 0913.456.789",
            "số không chín một ba, bốn năm sáu, bảy tám chín",
        ),
        (
            "số 0912-345-678",
            "số không chín một hai, ba bốn năm, sáu bảy tám",
        ),
        (
            "gọi 0237 3 852 111",
            "gọi không hai ba bảy, ba, tám năm hai, một một một",
        ),
        (
            "gọi (+84) 237 3851 234",
            "gọi (cộng tám bốn) hai ba bảy, ba tám năm một, hai ba bốn",
        ),
        (
            "gọi +84 912 345 678",
            "gọi cộng tám bốn chín một hai, ba bốn năm, sáu bảy tám",
        ),
        (
            "tổng đài 1900 558 818",
            "tổng đài một chín không không, năm năm tám, tám một tám",
        ),
        (
            "gọi 0913456789 ngay",
            "gọi không chín một ba bốn năm sáu bảy tám chín ngay",
        ),
        // Traps: counts stay counts.
        ("03 hộ", "Ba hộ"),
        ("gọi cho 300 hộ", "gọi cho ba trăm hộ"),
        (
            "gọi 0913 456 789 5 lần",
            "gọi không chín một ba, bốn năm sáu, bảy tám chín năm lần",
        ),
    ]);
}

#[test]
fn grades_and_purities() {
    check(&[
        ("vàng 24K", "vàng hai mươi bốn ca"),
        ("vàng 18K", "vàng mười tám ca"),
        ("xăng RON 95", "xăng rôn chín mươi lăm"),
        ("xăng RON 95-III", "xăng rôn chín mươi lăm - ba"),
        ("xi măng PCB40", "xi măng pê xê bê bốn mươi"),
        ("vàng 9999", "vàng bốn số chín"),
        ("vàng nhẫn 999.9", "vàng nhẫn bốn số chín"),
        ("dầu DO 0,05S", "dầu đê ô không phẩy không năm ét"),
        // Trap: a count of 9999 units without a grade word is a number.
        ("có 9999 hộ", "có chín nghìn chín trăm chín mươi chín hộ"),
    ]);
}

#[test]
fn web_and_email_addresses() {
    check(&[
        (
            "tại dichvucong.gov.vn.",
            "tại dịch vụ công chấm gốp chấm vê en.",
        ),
        (
            "xem www.thanhhoa.gov.vn",
            "xem vê kép vê kép vê kép chấm thanhhoa chấm gốp chấm vê en",
        ),
        (
            "huyện Vĩnh Khê: www.vinhkhe.gov.vn",
            "huyện Vĩnh Khê: vê kép vê kép vê kép chấm Vĩnh Khê chấm gốp chấm vê en",
        ),
        (
            "https://dichvucong.gov.vn/p/home",
            "Dịch vụ công chấm gốp chấm vê en gạch chéo pê gạch chéo home",
        ),
        (
            "gửi ubnd@gmail.com",
            "gửi u bê en-nờ đê a còng giê-meo chấm com",
        ),
        (
            "thư pctt@vinhkhe.gov.vn",
            "thư pê xê tê tê a còng vinhkhe chấm gốp chấm vê en",
        ),
        (
            "email: tin-tuc_2024@baohalam.vn",
            "I-meo: tin gạch ngang tuc gạch dưới hai không hai bốn a còng baohalam chấm vê en",
        ),
        // A part mixing an abbreviation and a name: the abbreviation spelled, the name read.
        (
            "Trường THPT Lam Kinh: thptlamkinh@thanhhoa.edu.vn",
            "Trường trung học phổ thông Lam Kinh: tê hát pê tê Lam Kinh a còng thanhhoa chấm e-đu chấm vê en",
        ),
        (
            "xem thptlamkinh.edu.vn",
            "xem tê hát pê tê lamkinh chấm e-đu chấm vê en",
        ),
        (
            "gửi vpub@vinhkhe.gov.vn",
            "gửi vê pê u bê a còng vinhkhe chấm gốp chấm vê en",
        ),
        // Traps: dots inside abbreviations and numbers are not addresses.
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
        ("1.000 người", "Một nghìn người"),
        ("v.v.", "v.v."),
    ]);
}

#[test]
fn roman_numerals_after_counting_heads() {
    check(&[
        ("đô thị loại IV", "đô thị loại bốn"),
        ("đợt II", "đợt hai"),
        ("Đợt II của chiến dịch", "Đợt hai của chiến dịch"),
        ("hạng I", "hạng một"),
        ("Mục II", "Mục hai"),
        ("Phụ lục III", "Phụ lục ba"),
        ("giai đoạn II", "giai đoạn hai"),
        ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
        ("khu vực II", "khu vực hai"),
        ("vùng III", "vùng ba"),
        ("nhóm I", "nhóm một"),
        ("cấp độ III", "cấp độ ba"),
        ("báo động II", "báo động hai"),
        (
            "Hội khỏe Phù Đổng lần thứ X",
            "Hội khỏe Phù Đổng lần thứ mười",
        ),
        ("lên mức BĐII", "lên mức báo động hai"),
        // Traps: single letters that are words or names.
        ("vitamin C", "Vi-ta-min C"),
        ("hạng A", "hạng A"),
        ("Nhóm B", "Nhóm B"),
        ("loại C", "loại C"),
    ]);
}

#[test]
fn an_abbreviations_full_stop_is_not_a_sentence_end() {
    check(&[
        ("TP. Thanh Hóa", "Thành phố Thanh Hóa"),
        ("tại TT. Vạn Hà", "tại thị trấn Vạn Hà"),
        ("ThS. Lê Văn A", "Thạc sĩ Lê Văn A"),
        ("TX. Nghi Sơn", "Thị xã Nghi Sơn"),
        // At a sentence's end the stop stays the sentence's.
        ("về TP.", "về thành phố."),
        ("các xã, TT.", "các xã, thị trấn."),
    ]);
    let split = crate::script::segment::split_sentences;
    assert_eq!(
        split("Đoàn về TP. Thanh Hóa dự họp. Chiều nay về xã."),
        ["Đoàn về TP. Thanh Hóa dự họp.", "Chiều nay về xã."]
    );
    assert_eq!(
        split("Ông ThS. Lê Văn A phát biểu. PGS.TS. Nguyễn B kết luận."),
        ["Ông ThS. Lê Văn A phát biểu.", "PGS.TS. Nguyễn B kết luận."]
    );
    assert_eq!(
        split("Hội nghị của UBND. Sau đó họp tiếp."),
        ["Hội nghị của UBND.", "Sau đó họp tiếp."]
    );
}

#[test]
fn titles_and_degrees_are_expanded() {
    check(&[
        ("GS. Trần Văn B", "Giáo sư Trần Văn B"),
        (
            "PGS.TS Nguyễn Hữu Thành",
            "Phó giáo sư tiến sĩ Nguyễn Hữu Thành",
        ),
        (
            "PGS.TS. Nguyễn Hữu Thành",
            "Phó giáo sư tiến sĩ Nguyễn Hữu Thành",
        ),
        ("GS.TS Lê C", "Giáo sư tiến sĩ Lê C"),
        (
            "BSCKII Trần Văn Bình",
            "Bác sĩ chuyên khoa hai Trần Văn Bình",
        ),
        ("BS.CKI Lê Thị Hoa", "Bác sĩ chuyên khoa một Lê Thị Hoa"),
        ("NSND Đặng Thu Trang", "Nghệ sĩ nhân dân Đặng Thu Trang"),
        ("NSƯT Hoàng Văn Lực", "Nghệ sĩ ưu tú Hoàng Văn Lực"),
        ("TS. Phạm Minh", "Tiến sĩ Phạm Minh"),
        ("NGƯT Vũ Thị Lan", "Nhà giáo Ưu tú Vũ Thị Lan"),
    ]);
}

#[test]
fn foreign_names_and_loans() {
    check(&[
        (
            "xem World Cup 2026",
            "xem Uơ Cúp hai nghìn không trăm hai mươi sáu",
        ),
        ("khối ASEAN", "khối A-xê-an"),
        ("gia nhập WTO", "gia nhập vê kép tê o"),
        ("qua Zalo", "qua Da-lô"),
        ("tại SEA Games 33", "tại Xi Ghêm ba mươi ba"),
        ("trang Facebook của huyện", "trang Phây-búc của huyện"),
        ("được UNESCO ghi danh", "được U-nét-xcô ghi danh"),
        // A loan written in lower case is found capitalised at a sentence's start.
        ("Website của huyện", "Oép-sai của huyện"),
    ]);
    let reader = reader();
    // Without a broadcast form: left as written and flagged, with the line to add.
    let s = reader.spoken("HLV Park Sung-min và tiền đạo Messi.");
    assert_eq!(s.text, "Huấn luyện viên Park Sung-min và tiền đạo Messi.");
    let tokens: Vec<&str> = s.warnings.iter().map(|w| w.token.as_str()).collect();
    assert_eq!(tokens, ["Park", "Messi"]);
    assert!(
        s.warnings[1].message.contains("`\"Messi\" = \"cách đọc\"`")
            && s.warnings[1].message.contains("[lexicon.foreign]"),
        "{}",
        s.warnings[1].message
    );
    // Vietnamese written without tones is not foreign.
    let s = reader.spoken("ong Nguyen Van Nam va ba Le Thi Hoa");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn unknown_capitals_are_flagged_with_the_line_to_add() {
    let reader = reader();
    let s = reader.spoken("Dữ liệu của Dự án VILG được dùng. Câu sau.");
    assert_eq!(s.text, "Dữ liệu của Dự án VILG được dùng. Câu sau.");
    assert_eq!(s.warnings.len(), 1);
    let w = &s.warnings[0];
    assert_eq!(w.token, "VILG");
    assert_eq!(w.sentence, "Dữ liệu của Dự án VILG được dùng.");
    assert!(
        w.message.contains("[lexicon.abbreviations]"),
        "{}",
        w.message
    );
    assert!(
        w.message.contains("`\"VILG\" = \"cách đọc\"`"),
        "{}",
        w.message
    );
    // The line is valid TOML for the station config once the reading is written in.
    let line = w.message.split('`').nth(1).unwrap();
    let table: toml::Table = toml::from_str(line).unwrap();
    assert_eq!(table["VILG"].as_str(), Some("cách đọc"));
}

#[test]
fn dai_tt_and_other_words_decided_by_neighbours() {
    check(&[
        ("Đài TT-TH huyện", "Đài Truyền thanh - Truyền hình huyện"),
        ("Đài TT Yên Định", "Đài Truyền thanh Yên Định"),
        ("TT. Vạn Hà", "Thị trấn Vạn Hà"),
        ("TT Quán Lào", "Thị trấn Quán Lào"),
        ("TT HĐND huyện", "Thường trực Hội đồng nhân dân huyện"),
        ("TT Huyện ủy", "Thường trực Huyện ủy"),
        ("TT Y tế", "Trung tâm Y tế"),
        ("TT Dạy nghề", "Trung tâm Dạy nghề"),
        ("theo TT 01 của Bộ", "theo thông tư một của Bộ"),
        ("các xã, TT", "các xã, thị trấn"),
    ]);
}

/// Every sense of every context-dependent entry, decided by its neighbours.
#[test]
fn each_sense_of_context_dependent_entries() {
    check(&[
        // BCH: Ban Chấp hành / Ban Chỉ huy
        ("BCH Đảng bộ huyện", "Ban Chấp hành Đảng bộ huyện"),
        ("BCH Công đoàn", "Ban Chấp hành Công đoàn"),
        ("BCH Quân sự huyện", "Ban Chỉ huy Quân sự huyện"),
        (
            "BCH PCTT&TKCN",
            "Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn",
        ),
        ("Trưởng BCH yêu cầu", "Trưởng Ban Chỉ huy yêu cầu"),
        // TH: tiểu học / truyền hình / trường hợp
        ("học sinh TH", "học sinh tiểu học"),
        ("trường TH Yên Lâm", "trường Tiểu học Yên Lâm"),
        ("Đài TH tỉnh", "Đài Truyền hình tỉnh"),
        ("trong TH cần thiết", "trong trường hợp cần thiết"),
        (
            "phát hiện 5 TH mắc bệnh",
            "phát hiện năm trường hợp mắc bệnh",
        ),
        // CT: chỉ thị / Chủ tịch / Công Thương / chương trình / công ty
        ("thực hiện CT 15", "thực hiện chỉ thị mười lăm"),
        ("Phó CT UBND", "Phó Chủ tịch Ủy ban nhân dân"),
        ("CT UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh"),
        ("Bộ CT", "Bộ Công Thương"),
        ("Sở CT tỉnh", "Sở Công Thương tỉnh"),
        ("CT MTQG", "Chương trình mục tiêu quốc gia"),
        ("CT TNHH Hải Hà", "Công ty trách nhiệm hữu hạn Hải Hà"),
        // KH: kế hoạch / khoa học
        ("theo KH của huyện", "theo kế hoạch của huyện"),
        ("ứng dụng KH công nghệ", "ứng dụng khoa học công nghệ"),
        // QĐ: quyết định / quy định / Quân đội
        ("QĐ 211 của huyện", "Quyết định hai trăm mười một của huyện"),
        ("theo QĐ của pháp luật", "theo quy định của pháp luật"),
        ("thực hiện đúng QĐ", "thực hiện đúng quy định"),
        ("vi phạm QĐ về", "vi phạm quy định về"),
        ("QĐ nhân dân", "Quân đội nhân dân"),
        // BTV: Ban Thường vụ / biên tập viên
        ("BTV Huyện ủy", "Ban Thường vụ Huyện ủy"),
        ("Ủy viên BTV", "Ủy viên Ban Thường vụ"),
        ("BTV Đài huyện", "Biên tập viên Đài huyện"),
        ("là BTV của Đài", "là biên tập viên của Đài"),
        // TTVH: Trung tâm Văn hóa / (Ban) Tư tưởng - Văn hóa
        ("TTVH huyện", "Trung tâm Văn hóa huyện"),
        ("Ban TTVH Trung ương", "Ban Tư tưởng - Văn hóa Trung ương"),
        // TP: thành phố / Tư pháp
        ("TP Hà Lâm", "Thành phố Hà Lâm"),
        ("Phòng TP huyện", "Phòng Tư pháp huyện"),
        ("Sở TP", "Sở Tư pháp"),
        // BT: Bí thư / bê tông
        ("BT Huyện ủy", "Bí thư Huyện ủy"),
        ("đường BT liên thôn", "đường bê tông liên thôn"),
        // TN: thanh niên / tốt nghiệp / tài nguyên
        ("Đoàn TN", "Đoàn Thanh niên"),
        ("thi TN THPT", "thi tốt nghiệp trung học phổ thông"),
        ("khai thác TN", "khai thác tài nguyên"),
        // TB: thông báo / trung bình
        ("TB số 12", "Thông báo số mười hai"),
        ("điểm TB môn Toán", "điểm trung bình môn Toán"),
        // HS: học sinh / hồ sơ
        ("126 HS đạt giải", "Một trăm hai mươi sáu học sinh đạt giải"),
        ("tiếp nhận HS", "tiếp nhận hồ sơ"),
        // DT: diện tích / dân tộc
        ("DT gieo trồng", "Diện tích gieo trồng"),
        ("đồng bào DT thiểu số", "đồng bào dân tộc thiểu số"),
        // NN: nông nghiệp / nhà nước / nước ngoài
        ("sản xuất NN", "sản xuất nông nghiệp"),
        ("cơ quan NN", "cơ quan nhà nước"),
        ("người NN", "người nước ngoài"),
        // KT: kinh tế / kỹ thuật / kiểm tra
        ("Phòng KT huyện", "Phòng Kinh tế huyện"),
        ("cán bộ KT", "cán bộ kỹ thuật"),
        ("đoàn KT liên ngành", "đoàn kiểm tra liên ngành"),
        // HĐ: hợp đồng / Hội đồng
        ("ký HĐ", "ký hợp đồng"),
        ("Chủ tịch HĐ", "Chủ tịch Hội đồng"),
        // CN: công nghiệp / Chủ nhật / chi nhánh
        ("sản xuất CN", "sản xuất công nghiệp"),
        ("ngày CN", "ngày Chủ nhật"),
        ("CN Ngân hàng", "Chi nhánh Ngân hàng"),
        // CĐ: cao đẳng / công đoàn
        ("Trường CĐ Y tế", "Trường Cao đẳng Y tế"),
        ("CĐ cơ sở", "Công đoàn cơ sở"),
        // BĐ: báo động / bóng đá
        ("trên BĐ 0,3m", "trên báo động không phẩy ba mét"),
        ("giải BĐ thiếu niên", "giải bóng đá thiếu niên"),
        // KL: kết luận / Kiểm lâm
        ("theo KL của", "theo kết luận của"),
        ("Hạt KL huyện", "Hạt Kiểm lâm huyện"),
        // TS: tiến sĩ / thủy sản
        ("TS Nguyễn Văn A", "Tiến sĩ Nguyễn Văn A"),
        ("nuôi trồng TS", "nuôi trồng thủy sản"),
        // DL: dương lịch / du lịch
        ("ngày 15/8 DL", "ngày mười lăm tháng tám dương lịch"),
        ("khu DL sinh thái", "khu du lịch sinh thái"),
        // PTTH: phổ thông trung học / Phát thanh - Truyền hình
        ("trường PTTH", "trường phổ thông trung học"),
        ("Đài PTTH tỉnh", "Đài Phát thanh - Truyền hình tỉnh"),
        // TC: tài chính / Tài chính (office) / Trung cấp
        ("nguồn TC", "nguồn tài chính"),
        ("Phòng TC huyện", "Phòng Tài chính huyện"),
        ("Trường TC Nghề", "Trường Trung cấp Nghề"),
    ]);
}

#[test]
fn ministries_joined_with_and_are_read_va() {
    check(&[
        ("Bộ KH&ĐT", "Bộ Kế hoạch và Đầu tư"),
        ("Bộ LĐ-TB&XH", "Bộ Lao động - Thương binh và Xã hội"),
        ("Bộ TN&MT", "Bộ Tài nguyên và Môi trường"),
        ("Bộ TT&TT", "Bộ Thông tin và Truyền thông"),
        ("Sở VHTT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        (
            "Văn phòng HĐND&UBND",
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
        ),
    ]);
}

#[test]
fn document_codes_second_round() {
    check(&[
        (
            "Luật Đất đai số 31/2024/QH15",
            "Luật Đất đai số ba mươi mốt năm hai nghìn không trăm hai mươi tư của Quốc hội khóa mười lăm",
        ),
        (
            "Nghị định 101/2024/NĐ-CP ngày 29/7/2024 của Chính phủ",
            "Nghị định một trăm linh một năm hai nghìn không trăm hai mươi tư ngày hai mươi chín tháng bảy năm hai nghìn không trăm hai mươi tư của Chính phủ",
        ),
        (
            "xem KH số 87/KH-UBND",
            "xem kế hoạch số tám mươi bảy của Ủy ban nhân dân",
        ),
        ("Công điện số 05/CĐ-BCH", "Công điện số năm của Ban Chỉ huy"),
        ("theo Mẫu số 11/ĐK", "theo Mẫu số mười một đăng ký"),
        // A code number that looks like a year is a number, not "năm …".
        (
            "Quyết định số 2024/QĐ-UBND",
            "Quyết định số hai nghìn không trăm hai mươi tư của Ủy ban nhân dân",
        ),
    ]);
}

#[test]
fn versions_are_read_with_cham() {
    check(&[
        (
            "cách mạng công nghiệp 4.0",
            "cách mạng công nghiệp bốn chấm không",
        ),
        ("phiên bản 2.0 mới", "phiên bản hai chấm không mới"),
        // A decimal with a comma stays "phẩy"; an English decimal with a unit too.
        ("tăng 4,0%", "tăng bốn phẩy không phần trăm"),
        ("dài 4.5 km", "dài bốn phẩy năm ki-lô-mét"),
    ]);
}

#[test]
fn units_after_a_scale_word_and_alone() {
    check(&[
        ("25,4 triệu USD", "Hai mươi lăm phẩy bốn triệu đô la Mỹ"),
        ("5 tỷ đ", "Năm tỷ đồng"),
        (
            "lượng mưa 200-300mm",
            "lượng mưa hai trăm đến ba trăm mi-li-mét",
        ),
        ("giá mỗi kg", "giá mỗi ki-lô-gam"),
        ("gió 15 m/s", "gió mười lăm mét trên giây"),
    ]);
}
