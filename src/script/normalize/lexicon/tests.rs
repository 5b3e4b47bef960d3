use super::*;

fn shipped() -> Lexicon {
    Lexicon::for_station(&StationConfig::default()).unwrap()
}

#[test]
fn shipped_lexicon_loads_with_enough_entries() {
    let lexicon = shipped();
    assert!(
        lexicon.abbreviation_count() >= 400,
        "{}",
        lexicon.abbreviation_count()
    );
    assert_eq!(
        lexicon.abbreviation("UBND"),
        Some(Entry::Plain("Ủy ban nhân dân"))
    );
    assert!(matches!(
        lexicon.abbreviation("CT"),
        Some(Entry::Contextual(_))
    ));
    assert_eq!(lexicon.issuer("CP"), Some("Chính phủ"));
    assert_eq!(lexicon.document_type("QĐ"), Some("quyết định"));
    assert_eq!(lexicon.letter('B'), Some("bê"));
    assert_eq!(lexicon.letter('đ'), Some("đê"));
    assert_eq!(lexicon.web("GOV"), Some("gốp"));
    assert_eq!(lexicon.foreign("World Cup").map(|f| f.0), Some("Uơ Cúp"));
}

/// Every domain the issue names has its file, and each holds a real share of the entries.
#[test]
fn entries_are_organised_by_domain() {
    let counts = shipped().abbreviations_by_origin();
    for domain in [
        "government",
        "ministries",
        "police-military",
        "disaster",
        "economy",
        "health",
        "schools",
        "sport-culture",
        "documents",
    ] {
        let n = counts
            .get(&shipped_name(domain))
            .copied()
            .unwrap_or_default();
        assert!(n >= 20, "{domain}: {n} entries ({counts:?})");
    }
}

/// A key defined in two shipped files would silently depend on the merge order.
#[test]
fn no_key_is_defined_in_two_shipped_files() {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (domain, text) in SHIPPED {
        let file: LexiconFile = toml::from_str(text).unwrap();
        for key in file.abbreviations.keys().chain(file.contextual.keys()) {
            if let Some(other) = seen.insert(fold(key), domain) {
                panic!("\"{key}\" is in lexicon/{other}.toml and lexicon/{domain}.toml");
            }
        }
    }
}

/// Every shipped key can be found in text: it tokenizes to words joined by the symbols the
/// matcher glues, and the foreign keys' words are words.
#[test]
fn every_shipped_key_is_reachable() {
    for (domain, text) in SHIPPED {
        let file: LexiconFile = toml::from_str(text).unwrap();
        for key in file.abbreviations.keys().chain(file.contextual.keys()) {
            let tokens = super::super::tokens::tokenize(key);
            assert!(
                tokens[0].is_word(),
                "{domain}: \"{key}\" starts with a word"
            );
            assert!(
                tokens.iter().all(|t| !t.space_before || t.start == 0),
                "{domain}: \"{key}\""
            );
        }
    }
}

#[test]
fn bad_file_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("extra.toml");
    std::fs::write(&path, "[abbreviations]\nHTX = \"hợp tác xã\"\nXYZ = \n").unwrap();
    let mut config = StationConfig {
        base_dir: dir.path().to_path_buf(),
        ..StationConfig::default()
    };
    config.lexicon.files.push("extra.toml".into());
    let e = Lexicon::for_station(&config).unwrap_err().to_string();
    assert!(e.contains("extra.toml") && e.contains("line 3"), "{e}");

    std::fs::write(&path, "[abbreviations]\nHTX = \"hợp tác xã\"\nKCN = \"\"\n").unwrap();
    let e = Lexicon::for_station(&config).unwrap_err().to_string();
    assert!(
        e.contains("extra.toml") && e.contains("line 3") && e.contains("KCN"),
        "{e}"
    );

    std::fs::write(&path, "[abreviations]\nHTX = \"hợp tác xã\"\n").unwrap();
    let e = Lexicon::for_station(&config).unwrap_err().to_string();
    assert!(
        e.contains("extra.toml") && e.contains("abreviations"),
        "{e}"
    );

    std::fs::write(&path, "[abbreviations]\n\"VH,TT\" = \"văn hóa\"\n").unwrap();
    let e = Lexicon::for_station(&config).unwrap_err().to_string();
    assert!(e.contains("line 2") && e.contains("VH,TT"), "{e}");

    std::fs::write(&path, "[letters]\n\"bb\" = \"bê\"\n").unwrap();
    let e = Lexicon::for_station(&config).unwrap_err().to_string();
    assert!(e.contains("one letter"), "{e}");
}

#[test]
fn station_file_extends_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tho-xuan.toml"),
        "[abbreviations]\n\"CT\" = \"công ty\"\n\"KCN\" = \"khu công nghiệp Lam Sơn\"\n[units]\n\"sào\" = \"sào\"\n[foreign]\n\"Messi\" = \"Mét-xi\"\n",
    )
    .unwrap();
    let mut config = StationConfig {
        base_dir: dir.path().to_path_buf(),
        ..StationConfig::default()
    };
    config.lexicon.files.push("tho-xuan.toml".into());
    let lexicon = Lexicon::for_station(&config).unwrap();
    assert_eq!(lexicon.abbreviation("CT"), Some(Entry::Plain("công ty")));
    assert_eq!(
        lexicon.abbreviation("KCN"),
        Some(Entry::Plain("khu công nghiệp Lam Sơn"))
    );
    assert_eq!(
        lexicon.abbreviation("UBND"),
        Some(Entry::Plain("Ủy ban nhân dân"))
    );
    let (reading, origin) = lexicon.foreign("Messi").unwrap();
    assert_eq!(reading, "Mét-xi");
    assert!(lexicon.origin_name(origin).ends_with("tho-xuan.toml"));
    let (_, origin) = lexicon.abbreviation_with_origin("UBND").unwrap();
    assert_eq!(
        lexicon.origin_name(origin),
        "lexicon/government.toml (shipped with bantin)"
    );
}

#[test]
fn missing_file_is_named() {
    let mut config = StationConfig::default();
    config.lexicon.files.push("/nonexistent/lex.toml".into());
    let e = Lexicon::for_station(&config).unwrap_err().to_string();
    assert!(e.contains("/nonexistent/lex.toml"), "{e}");
}

#[test]
fn station_additions_win_and_tone_placement_is_ignored() {
    let mut config = StationConfig::default();
    config
        .lexicon
        .abbreviations
        .insert("CT".into(), "công ty".into());
    config
        .lexicon
        .abbreviations
        .insert("HTXhoà".into(), "hợp tác xã Hòa".into());
    config.lexicon.foreign.insert("Park".into(), "Pác".into());
    config
        .lexicon
        .web
        .insert("VinhKhe".into(), "Vĩnh Khê".into());
    let lexicon = Lexicon::for_station(&config).unwrap();
    assert_eq!(lexicon.abbreviation("CT"), Some(Entry::Plain("công ty")));
    assert_eq!(
        lexicon.abbreviation("HTXhòa"),
        Some(Entry::Plain("hợp tác xã Hòa"))
    );
    assert_eq!(lexicon.foreign("Park").map(|f| f.0), Some("Pác"));
    assert_eq!(lexicon.web("vinhkhe"), Some("Vĩnh Khê"));
}

#[test]
fn bad_inline_abbreviation_names_the_config() {
    let mut config = StationConfig {
        source: Some("/srv/dai/bantin.toml".into()),
        ..StationConfig::default()
    };
    config
        .lexicon
        .abbreviations
        .insert("HT X".into(), "x".into());
    let e = Lexicon::for_station(&config).unwrap_err().to_string();
    assert!(
        e.contains("/srv/dai/bantin.toml") && e.contains("HT X"),
        "{e}"
    );
    let mut config = StationConfig::default();
    config
        .lexicon
        .foreign
        .insert("Messi".into(), "Mét 2".into());
    let e = Lexicon::for_station(&config).unwrap_err().to_string();
    assert!(
        e.contains("[lexicon] foreign") && e.contains("digits"),
        "{e}"
    );
}
