use symphonia::core::formats::{FormatOptions, TrackType};
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let mss = symphonia::core::io::MediaSourceStream::new(
        Box::new(std::fs::File::open(p).unwrap()),
        Default::default(),
    );
    let mut f = symphonia::default::get_probe()
        .probe(
            &Default::default(),
            mss,
            FormatOptions::default(),
            Default::default(),
        )
        .unwrap();
    let t = f.default_track(TrackType::Audio).unwrap();
    println!(
        "tb {:?} nf {:?} delay {:?} pad {:?}",
        t.time_base, t.num_frames, t.delay, t.padding
    );
    let mut n = 0;
    loop { let r = f.next_packet(); let pk = match r { Ok(Some(p)) => p, Ok(None) => break, Err(e) => { println!("err {e:?}"); if n > 5 { break } n += 1; continue } };
        n += 1;
        if n < 6 || n % 50 == 0 {
            println!(
                "pts {} dur {} ts {} te {}",
                pk.pts.get(),
                pk.dur.get(),
                pk.trim_start.get(),
                pk.trim_end.get()
            );
        }
    }
}
