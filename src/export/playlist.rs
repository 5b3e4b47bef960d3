//! Playlists for playout systems: one exporter per format behind one trait.
