fn main() {
    for entry in std::fs::read_dir("audio/fixtures").unwrap() {
        let p = entry.unwrap().path();
        match bantin::media::decode_file(&p) {
            Ok(a) => {
                let peak = a.samples.iter().fold(0f32, |m, s| m.max(s.abs()));
                println!(
                    "{}: {} Hz {} ch {} {:.4}s peak {:.3} dB",
                    p.display(),
                    a.sample_rate,
                    a.channels,
                    a.codec,
                    a.duration_s(),
                    20.0 * peak.log10()
                );
            }
            Err(e) => println!("ERR {e}"),
        }
    }
}
