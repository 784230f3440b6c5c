//! `composure audit` on the sample exports in `tests/fixtures/exports/` (written by hand to
//! each network's documented format), as folders, as zips made here as the networks make them,
//! and Mastodon as a `.tar.gz`. The policy is `tests/fixtures/audit.json`, so the snapshots do
//! not change with the default pack's wording.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};

use support::{command, manifest_dir, run, run_with, snapshot};

const POLICY: &str = "tests/fixtures/audit.json";
const NETWORKS: [&str; 6] = ["x", "facebook-new", "facebook-old", "linkedin", "mastodon", "reddit"];

fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures/exports").join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("audit");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The fixture folder as a deflated zip file; its path.
fn zip_file(name: &str) -> PathBuf {
    let path = scratch(&format!("{name}.zip"));
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (entry, bytes) in files(&fixture(name)) {
        writer.start_file(entry, options).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    path
}

/// The fixture folder as a `.tar.gz` (ustar headers written here), as Mastodon made them
/// before 4.2.
fn tar_gz_file(name: &str) -> PathBuf {
    let mut tar = Vec::new();
    for (entry, bytes) in files(&fixture(name)) {
        let mut header = [0u8; 512];
        header[..entry.len()].copy_from_slice(entry.as_bytes());
        header[100..107].copy_from_slice(b"0000644");
        header[108..115].copy_from_slice(b"0000000");
        header[116..123].copy_from_slice(b"0000000");
        header[124..135].copy_from_slice(format!("{:011o}", bytes.len()).as_bytes());
        header[136..147].copy_from_slice(b"14500000000");
        header[148..156].copy_from_slice(b"        ");
        header[156] = b'0';
        header[257..263].copy_from_slice(b"ustar\0");
        header[263..265].copy_from_slice(b"00");
        let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
        header[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        tar.extend_from_slice(&header);
        tar.extend_from_slice(&bytes);
        tar.resize(tar.len().next_multiple_of(512), 0);
    }
    tar.extend_from_slice(&[0u8; 1024]);
    let path = scratch(&format!("{name}.tar.gz"));
    let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&path).unwrap(), flate2::Compression::default());
    gz.write_all(&tar).unwrap();
    gz.finish().unwrap();
    path
}

fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn audit_each_network() {
    for name in NETWORKS {
        let dir = format!("tests/fixtures/exports/{name}");
        let out = snapshot(&format!("audit_{}", name.replace('-', "_")), &["audit", "--policy", POLICY, &dir], None);
        assert_eq!(out.code, 1, "{name}: {}", out.stderr);
        assert_eq!(out.stderr, "", "{name}");
    }
}

#[test]
fn audit_zip_and_tar_gz_read_as_the_folder() {
    for name in NETWORKS {
        let folder = run(&["audit", "--policy", POLICY, &format!("tests/fixtures/exports/{name}")], None);
        let zip = zip_file(name);
        let zipped = run(&["audit", "--policy", POLICY, zip.to_str().unwrap()], None);
        assert_eq!((zipped.code, zipped.stderr.as_str()), (1, ""), "{name}");
        assert_eq!(
            zipped.stdout,
            folder.stdout.replace(&format!("tests/fixtures/exports/{name}"), zip.to_str().unwrap())
        );
    }
    let tar = tar_gz_file("mastodon");
    let folder = run(&["audit", "--policy", POLICY, "--jsonl", "tests/fixtures/exports/mastodon"], None);
    let tarred = run(&["audit", "--policy", POLICY, "--jsonl", tar.to_str().unwrap()], None);
    assert_eq!((tarred.code, tarred.stderr.as_str()), (1, ""));
    assert_eq!(tarred.stdout, folder.stdout);
    assert_eq!(json_lines(&tarred.stdout).len(), 2);
}

#[test]
fn audit_jsonl_shape() {
    let zip = zip_file("x");
    let out = run(&["audit", "--policy", POLICY, "--jsonl", zip.to_str().unwrap()], None);
    assert_eq!((out.code, out.stderr.as_str()), (1, ""));
    let first = out.stdout.lines().next().unwrap();
    assert_eq!(
        first,
        concat!(
            r#"{"network":"x","id":"1050118621198921728","date":"2018-10-10T20:19:24Z","#,
            r#""url":"https://x.com/jandevries_nl/status/1050118621198921728","#,
            r#""text":"Q&A with the team today: my boss is an idiot >:( https://example.com/blog/q-and-a?ref=x&id=1","#,
            r#""findings":[{"rule":"AUD001-insult","category":"employer-criticism","severity":"warn","start":39,"end":44,"message":"This insults someone."}]}"#
        )
    );
    let lines = json_lines(&out.stdout);
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1050118621198921728", "1220000000000000003", "1350000000000000004"], "only posts with findings");

    // Facebook: no id, no link; offsets count UTF-16 code units (é is one, 😡 two).
    let out = run(&["audit", "--policy", POLICY, "--jsonl", "tests/fixtures/exports/facebook-new"], None);
    let lines = json_lines(&out.stdout);
    let cafe = lines.iter().find(|l| l["text"].as_str().unwrap().starts_with("Café")).unwrap();
    assert_eq!(
        (&cafe["id"], &cafe["url"], &cafe["date"]),
        (&serde_json::Value::Null, &serde_json::Value::Null, &"2021-01-01T12:00:00Z".into())
    );
    let text: Vec<u16> = cafe["text"].as_str().unwrap().encode_utf16().collect();
    let f = &cafe["findings"][0];
    let (start, end) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
    assert_eq!(String::from_utf16(&text[start..end]).unwrap(), "sukkel");
}

#[test]
fn audit_sites_are_the_network() {
    // AUD007 only applies on linkedin.com and mastodon.example: "the team" on LinkedIn and
    // "iedereen" on the Mastodon server are flagged, "the team" on X is not.
    let linkedin =
        run(&["audit", "--policy", POLICY, "--jsonl", "--fail-on", "info", "tests/fixtures/exports/linkedin"], None);
    assert!(linkedin.stdout.contains("AUD007-team-on-linkedin"));
    let mastodon = run(&["audit", "--policy", POLICY, "--jsonl", "tests/fixtures/exports/mastodon"], None);
    assert!(mastodon.stdout.contains("AUD007-team-on-linkedin"));
    let x = run(&["audit", "--policy", POLICY, "--jsonl", "tests/fixtures/exports/x"], None);
    assert!(!x.stdout.contains("AUD007"));
}

#[test]
fn audit_exit_codes_follow_fail_on() {
    let x = "tests/fixtures/exports/x";
    let mastodon = "tests/fixtures/exports/mastodon";
    assert_eq!(run(&["audit", "--policy", POLICY, "--fail-on", "block", x], None).code, 1, "a BSN");
    assert_eq!(run(&["audit", "--policy", POLICY, "--fail-on", "block", mastodon], None).code, 0, "warnings only");
    assert_eq!(run(&["audit", "--policy", POLICY, "--fail-on", "warn", mastodon], None).code, 1);

    // Nothing found at all.
    let dir = scratch("quiet");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("outbox.json"),
        r#"{"type":"OrderedCollection","orderedItems":[{"type":"Create","object":{"id":"https://m.example/s/1","published":"2024-01-01T00:00:00Z","content":"<p>Lovely weather</p>"}}]}"#,
    )
    .unwrap();
    let out = run(&["audit", "--policy", POLICY, dir.to_str().unwrap()], None);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, format!("checked 1 post from {} (Mastodon): no findings\n", dir.display()));
    let out = run(&["audit", "--policy", POLICY, "--jsonl", dir.to_str().unwrap()], None);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
}

#[test]
fn audit_in_dutch() {
    let out = run(&["audit", "--policy", POLICY, "--lang", "nl", "tests/fixtures/exports/reddit"], None);
    assert!(out.stdout.contains("block[AUD004-password] Dit is een wachtwoord."), "{}", out.stdout);
}

#[test]
fn audit_default_pack_finds_the_risky_posts() {
    // Without --policy: the built-in code. Every network's risky sample post is found.
    for name in NETWORKS {
        let out = run(&["audit", "--jsonl", &format!("tests/fixtures/exports/{name}")], None);
        assert_eq!(out.code, 1, "{name}");
        assert!(!json_lines(&out.stdout).is_empty(), "{name}");
    }
}

#[test]
fn audit_unreadable_exports_exit_2_naming_the_file() {
    // A cut-off zip.
    let zip = std::fs::read(zip_file("x")).unwrap();
    let cut = scratch("cut.zip");
    std::fs::write(&cut, &zip[..zip.len() / 2]).unwrap();
    let out = run(&["audit", cut.to_str().unwrap()], None);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
    assert!(
        out.stderr.starts_with(&format!("error: {}: not a readable zip archive (", cut.display())),
        "{}",
        out.stderr
    );

    // A file that is no archive at all.
    let random = scratch("notes.zip");
    std::fs::write(&random, "shopping list: milk, eggs\n").unwrap();
    let out = run(&["audit", random.to_str().unwrap()], None);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "error: {}: not a data export: expected the .zip (or, from Mastodon before 4.2, the .tar.gz) that X, Facebook, LinkedIn, Mastodon or Reddit hands over, or the folder it unpacks to\n",
            random.display()
        )
    );

    // A zip of something else, a gzip that is not a tar, a folder without an export.
    let photos = scratch("photos.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&photos).unwrap());
    writer.start_file("IMG_0001.jpg", zip::write::SimpleFileOptions::default()).unwrap();
    writer.write_all(b"jpeg").unwrap();
    writer.finish().unwrap();
    let out = run(&["audit", photos.to_str().unwrap()], None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with(&format!("error: {}: not a data export from X, Facebook, LinkedIn, Mastodon or Reddit: expected data/tweets.js (X), ", photos.display())),
        "{}",
        out.stderr
    );
    assert!(out.stderr.ends_with("found none of them among its 1 file\n"), "{}", out.stderr);

    let gz = scratch("notes.tar.gz");
    let mut encoder =
        flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::default());
    encoder.write_all(b"not a tar archive, just text that is long enough to fill a header block or not").unwrap();
    encoder.finish().unwrap();
    let out = run(&["audit", gz.to_str().unwrap()], None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with(&format!("error: {}: not a readable .tar.gz archive: ", gz.display())),
        "{}",
        out.stderr
    );

    let out = run(&["audit", "tests/snapshots"], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with("error: tests/snapshots: not a data export from X, Facebook"), "{}", out.stderr);

    let out = run(&["audit", "tests/fixtures/nope.zip"], None);
    assert_eq!((out.code, out.stderr.as_str()), (2, "error: tests/fixtures/nope.zip: no such file or directory\n"));
}

#[test]
fn audit_reads_what_it_can_of_a_damaged_export() {
    // tweets-part1.js (with the BSN) damaged inside the zip: tweets.js is still checked, the
    // damage is reported on stderr, and the exit code is that of the findings.
    let mut zip = std::fs::read(zip_file("x")).unwrap();
    let name = b"data/tweets-part1.js";
    let at = zip.windows(name.len()).position(|w| w == name).unwrap() + name.len() + 10;
    for b in &mut zip[at..at + 20] {
        *b ^= 0x55;
    }
    let damaged = scratch("damaged.zip");
    std::fs::write(&damaged, &zip).unwrap();
    let out = run(&["audit", "--policy", POLICY, "--jsonl", damaged.to_str().unwrap()], None);
    assert_eq!(out.code, 1);
    assert_eq!(json_lines(&out.stdout).len(), 2, "the two flagged posts of tweets.js");
    assert!(out.stderr.starts_with("warning: data/tweets-part1.js: could not be read: "), "{}", out.stderr);

    // A bad record is skipped and named; the others are read.
    let dir = scratch("bad-record");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("Comments.csv"), "Date,Link,Message\nyesterday,https://l.example/1,my boss is an idiot\n2024-01-02 10:00:00,https://l.example/2,what an idiot\n").unwrap();
    let out = run(&["audit", "--policy", POLICY, dir.to_str().unwrap()], None);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "warning: Comments.csv: skipped line 2: a date like 2023-05-04 10:22:33 expected, found \"yesterday\"\n"
    );
    assert!(out.stdout.contains("2024-01-02T10:00:00 https://l.example/2\n"), "{}", out.stdout);

    // Nothing readable at all: exit 2.
    let dir = scratch("unreadable");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("outbox.json"), "{\"orderedItems\": [{\"type\": \"Create\", ").unwrap();
    let out = run(&["audit", dir.to_str().unwrap()], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with("warning: outbox.json: could not be read: "), "{}", out.stderr);
    assert!(
        out.stderr.ends_with(&format!("error: {}: no post could be read (see the warnings above)\n", dir.display())),
        "{}",
        out.stderr
    );
}

#[test]
fn audit_usage() {
    let out = run_with(command(&["audit", "--help"]), None);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("composure audit --policy acme.json --lang nl facebook-jan-2024.zip"));
    assert_eq!(run(&["audit"], None).code, 2);
}
