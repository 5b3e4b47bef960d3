//! The catalog is a cache of the sidecars: what `add` puts into it and what `reindex`
//! rebuilds from the sidecars alone must be the same rows, for any text and any number
//! a record can hold. A record that JSON cannot hold (a non-finite number) is refused
//! before anything is written.

use super::catalog::Catalog;
use super::sidecar::SIDECAR_FILE;
use super::store::{Archive, as_stored};
use super::test_fixture::{record, report, rundown, segment, take_report};
use crate::atomic::{Overwrite, write_bytes};
use crate::bulletin::rundown::Item;
use crate::digest::sha256_bytes;
use proptest::prelude::*;
use rusqlite::types::Value;

/// Every row of every table but the full-text index (contentless: nothing to select),
/// in a fixed order; items without their rowid, which only groups them by date.
fn rows(catalog: &Catalog) -> Vec<Vec<Value>> {
    let mut all = Vec::new();
    for query in [
        "SELECT * FROM bulletins ORDER BY id",
        "SELECT bulletin_id, position, item_id, title, category, published, byline, source, \
         spoken, original FROM items ORDER BY bulletin_id, position",
        "SELECT * FROM segments ORDER BY bulletin_id, position",
        "SELECT * FROM takes ORDER BY bulletin_id, position",
        "SELECT * FROM files ORDER BY bulletin_id, name",
    ] {
        let mut stmt = catalog.conn.prepare(query).unwrap();
        let width = stmt.column_count();
        let found: Vec<Vec<Value>> = stmt
            .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        all.push(vec![Value::Text(query.into())]);
        all.extend(found);
    }
    all
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữự \"\\\\\n\t.,“”]{0,40}",
    ]
}

/// Any finite number, with the awkward ones made likely.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |x| x.is_finite()),
        -1.0e6..1.0e6f64,
        Just(0.1 + 0.2),
        Just(-0.0),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        Just(f64::MAX),
    ]
}

fn seconds() -> impl Strategy<Value = f64> {
    prop_oneof![0.0..100_000.0f64, Just(0.0), Just(0.1 + 0.2), Just(1e-300)]
}

/// One bulletin's record: any texts and numbers where the rundown and report allow them.
fn any_record(day: u32) -> impl Strategy<Value = super::sidecar::ArchiveRecord> {
    let items = prop::collection::vec(
        (
            text(),
            text(),
            prop::collection::vec((text(), text(), seconds()), 1..3),
        ),
        0..3,
    );
    let takes = prop::collection::vec(
        (
            number(),
            proptest::option::of(number()),
            number(),
            prop::collection::vec(text(), 0..3),
        ),
        0..4,
    );
    (
        "[a-z][a-z0-9_-]{0,7}",
        items,
        takes,
        number(),
        proptest::option::of(number()),
        0.001..86_400.0f64,
        text(),
    )
        .prop_map(move |(slot, items, takes, duration, lufs, target, title)| {
            let date = jiff::civil::date(2020, 1, 1)
                .checked_add(jiff::Span::new().days(i64::from(day)))
                .unwrap()
                .to_string();
            let items: Vec<Item> = items
                .into_iter()
                .enumerate()
                .map(|(i, (title, byline, segs))| Item {
                    id: format!("{:02}", i + 1),
                    title,
                    category: String::new(),
                    published: String::new(),
                    byline,
                    source: String::new(),
                    segments: segs
                        .into_iter()
                        .enumerate()
                        .map(|(j, (spoken, original, estimate))| {
                            let mut s =
                                segment(&format!("{:02}-{}", i + 1, j + 1), &spoken, estimate);
                            s.original = original;
                            s
                        })
                        .collect(),
                })
                .collect();
            let mut r = rundown(&date, &slot, items);
            r.bulletin.target_s = target;
            r.bulletin.title = title;
            let takes = takes
                .into_iter()
                .enumerate()
                .map(|(k, (start, loudness, gain, flags))| {
                    let mut t = take_report(&format!("01-{k}"), start);
                    t.loudness_lufs = loudness;
                    t.gain_db = gain;
                    t.flags = flags;
                    t
                })
                .collect();
            let mut rep = report(&r, takes, duration);
            rep.programme.integrated_lufs = lufs;
            record(r, rep)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn add_then_reindex_gives_the_same_rows(
        records in (any_record(0), any_record(1), any_record(1))
    ) {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::new(dir.path());
        let mut catalog = archive.catalog_for_writing(None).unwrap();
        let mut ids = std::collections::HashSet::new();
        for r in [records.0, records.1, records.2] {
            if !ids.insert(r.id.clone()) {
                continue; // the same date and slot twice: one bulletin
            }
            // What `add` does once the files are in: the sidecar, then the catalog rows
            // from the record as the sidecar holds it.
            let (stored, sidecar) = as_stored(&r).unwrap();
            prop_assert_eq!(&stored, &r, "a value changed on its way through JSON");
            let folder = archive.folder(&stored.store_dir());
            write_bytes(&folder.join(SIDECAR_FILE), Overwrite::Replace, sidecar.as_bytes()).unwrap();
            catalog.insert(&stored, &sha256_bytes(sidecar.as_bytes())).unwrap();
        }
        let added = rows(&catalog);
        drop(catalog);
        std::fs::remove_file(archive.catalog_path()).unwrap();

        let rebuilt = archive.reindex(|_, _| {}).unwrap();
        prop_assert!(rebuilt.unreadable.is_empty(), "{:?}", rebuilt.unreadable);
        prop_assert_eq!(rebuilt.indexed, ids.len());
        let reindexed = rows(&Catalog::open_read_only(&archive.catalog_path()).unwrap());
        prop_assert_eq!(added, reindexed);
    }
}

#[test]
fn a_number_json_cannot_hold_is_refused_before_anything_is_written() {
    let r = rundown("2026-11-26", "sang", vec![]);
    let mut rep = report(&r, vec![take_report("01-1", 0.0)], 10.0);
    rep.takes[0].gain_db = f64::INFINITY;
    let e = as_stored(&record(r.clone(), rep)).unwrap_err().to_string();
    assert!(e.contains("2026-11-26-sang cannot be archived"), "{e}");
    let mut odd = r;
    odd.opening.estimate_s = f64::NAN;
    let rep = report(&odd, vec![], 10.0);
    assert!(as_stored(&record(odd, rep)).is_err());
}
