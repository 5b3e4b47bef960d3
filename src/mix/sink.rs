//! Where the mastered programme goes. The mixer hands over integer samples, already
//! dithered to the output's bits, in order, and at the end the programme's measured
//! figures; the file format is the sink's business. The broadcast WAV writer
//! (`export::bwf::BwfWriter`) is the sink `bantin assemble` uses, so the mixer does not
//! depend on the exporters.

use crate::bulletin::report::ProgrammeReport;

/// A destination for the mastered programme.
pub trait ProgrammeSink {
    type Error: std::error::Error + Send + Sync + 'static;
    /// What the finished programme became (for a file: the file, ready to be put in place).
    type Finished;

    /// Interleaved samples in the integer range of the output's bits.
    fn write_samples(&mut self, samples: &[i32]) -> Result<(), Self::Error>;

    /// Starts putting what was written so far on disk while the mixer makes the rest, so
    /// that finishing is short. A sink with nothing to flush does nothing.
    fn sync_in_background(&mut self) -> Result<(), Self::Error>;

    /// The whole programme was written and measured: complete the output.
    fn finish(self, programme: &ProgrammeReport) -> Result<Self::Finished, Self::Error>;
}
