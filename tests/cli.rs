//! The integration tests: one binary that runs the real `bantin` command in a temporary
//! folder on real files. Each concern has its own module under `tests/cli/`.

mod cli {
    pub mod util;
}
