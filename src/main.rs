//! The `bantin` command: everything lives in the library; this only hands over the
//! arguments and turns the outcome into an exit status (0 ok, 1 a check failed, 2 error).

fn main() -> std::process::ExitCode {
    bantin::cli::main()
}
