//! Reading an approved article file: text encoding detection (UTF-8/16, TCVN3, VNI,
//! Windows-1258), Unicode normalization, portal furniture removal and metadata.
