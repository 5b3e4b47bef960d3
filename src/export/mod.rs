//! What leaves bantin: the broadcast WAV (BWF), and playlists for playout systems.
