//! The library's audio readers and writers on real files, without the CLI: decoding every
//! format a take arrives in, and the broadcast WAV writer and reader.

mod bwf;
mod decode;
