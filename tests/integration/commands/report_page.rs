//! The report page beside a finished WAV prints on A4 (like the script), as Chromium
//! prints it: checked with `chromium --headless --print-to-pdf` and poppler's `pdfinfo`
//! (Debian packages chromium and poppler-utils: `.ci/run` installs them and runs this
//! ignored test).

use crate::kit::TestDir;
use crate::kit::signal::speech;
use crate::kit::wav::write_f32;

#[test]
#[ignore = "needs chromium and pdfinfo (poppler-utils): .ci/run installs them and runs it"]
fn the_report_page_prints_on_a4_in_chromium() {
    let t = TestDir::new();
    t.write("bantin.toml", "");
    write_f32(
        &t.path().join("rec/01.wav"),
        48_000,
        1,
        &speech(48_000, 4.0, -18.0, 3),
    );
    t.ok(["assemble", "--recordings", "rec", "-o", "out/b.wav", "-q"]);
    let pdf = t.path().join("b.pdf");
    let printed = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", t.path().join("out/b.html").display()),
        ])
        .output()
        .unwrap();
    assert!(
        pdf.is_file(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_default();
    assert!(size.ends_with("(A4)"), "{size}");
}
