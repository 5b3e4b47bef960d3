fn main() {
    let p = std::env::args().nth(1).unwrap();
    println!(
        "{:?}",
        bantin::media::decode_file(std::path::Path::new(&p)).map(|a| (
            a.sample_rate,
            a.channels,
            a.frames()
        ))
    );
}
