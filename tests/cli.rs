//! The integration tests: one binary that runs the real `bantin` command in a temporary
//! folder on real files. Each concern has its own module under `tests/cli/`.

mod cli {
    pub mod util;

    mod archive;
    mod assemble;
    mod bad_takes;
    mod bwf;
    mod decode;
    mod loudness;
    mod new_status;
    mod playlist;
    mod read;
}
