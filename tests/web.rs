//! The web app's tests: the real `bantin serve` on a loopback port, driven by Debian's
//! headless Chromium through chromedriver (and a raw HTTP client for hostile requests).
//! Needs `apt-get install -y chromium chromium-driver` (`.ci/run` installs them).

mod web {
    pub mod harness;

    mod assemble_http;
    mod day;
    mod faults;
    mod new_bulletin;
    mod rest_of_day;
    mod security;
    mod serve;
    mod suspect_take;
    mod two_pcs;
}
