//! Integration tests: new_status.
