//! The assembly report page.
