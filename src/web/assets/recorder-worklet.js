// The capture end of the booth: runs on the audio thread, passes the microphone's PCM
// (channel 1, as float32 at the AudioContext's own rate) to the page in blocks while
// recording, and the input's peak level a few times a second for the meter.
class BantinRecorder extends AudioWorkletProcessor {
  constructor() {
    super();
    this.recording = false;
    this.block = new Float32Array(4096);
    this.filled = 0;
    this.peak = 0;
    this.counted = 0;
    this.port.onmessage = ev => {
      if (ev.data === 'start') {
        this.recording = true;
        this.filled = 0;
      } else if (ev.data === 'stop') {
        this.recording = false;
        if (this.filled > 0) this.port.postMessage({ samples: this.block.slice(0, this.filled) });
        this.filled = 0;
        this.port.postMessage({ stopped: true });
      }
    };
  }

  process(inputs) {
    const input = inputs[0];
    const x = input && input[0];
    if (x) {
      for (let i = 0; i < x.length; i++) {
        const a = Math.abs(x[i]);
        if (a > this.peak) this.peak = a;
      }
      if (this.recording) {
        let i = 0;
        while (i < x.length) {
          const n = Math.min(x.length - i, this.block.length - this.filled);
          this.block.set(x.subarray(i, i + n), this.filled);
          this.filled += n;
          i += n;
          if (this.filled === this.block.length) {
            this.port.postMessage({ samples: this.block });
            this.block = new Float32Array(4096);
            this.filled = 0;
          }
        }
      }
      this.counted += x.length;
      if (this.counted >= sampleRate / 20) {
        this.port.postMessage({ peak: this.peak });
        this.peak = 0;
        this.counted = 0;
      }
    }
    return true;
  }
}
registerProcessor('bantin-recorder', BantinRecorder);
