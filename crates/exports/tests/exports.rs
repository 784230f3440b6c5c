//! The five exports, read from the fixture folders in `crates/cli/tests/fixtures/exports/`
//! (written by hand to the documented formats), as folders, as zips made here, and Mastodon
//! as a `.tar.gz`: every post's exact text, id, date and link.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use composure_exports::{ErrorKind, Export, Network, Post, Report};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../cli/tests/fixtures/exports").join(name)
}

/// The folder's files, relative and sorted.
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

/// The folder as a zip (deflated, like the networks make them), in memory.
fn zip_of(root: &Path) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files(root) {
        writer.start_file(name, options).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn tar_gz_of(root: &Path) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut builder = tar::Builder::new(gz);
    for (name, bytes) in files(root) {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, &name, bytes.as_slice()).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

fn read(export: Export) -> (Vec<Post>, Report) {
    let mut posts = export.posts();
    let all: Vec<Post> = posts.by_ref().collect();
    let report = posts.finish().expect("an export");
    (all, report)
}

fn post(network: Network, id: Option<&str>, date: &str, url: Option<&str>, text: &str) -> Post {
    Post { network, id: id.map(str::to_string), date: date.into(), url: url.map(str::to_string), text: text.into() }
}

/// The same posts from the folder and from its zip.
fn read_both(name: &str) -> (Vec<Post>, Report) {
    let from_dir = read(Export::open(&fixture(name)).unwrap());
    let from_zip = read(Export::from_zip(Cursor::new(zip_of(&fixture(name))), name).unwrap());
    assert_eq!(from_dir.0, from_zip.0, "{name}: folder and zip differ");
    from_zip
}

#[test]
fn x_archive() {
    let (posts, report) = read_both("x");
    let x = |id: &str, date: &str, text: &str| {
        post(Network::X, Some(id), date, Some(&format!("https://x.com/jandevries_nl/status/{id}")), text)
    };
    assert_eq!(
        posts,
        [
            x(
                "1050118621198921728",
                "2018-10-10T20:19:24Z",
                "Q&A with the team today: my boss is an idiot >:( https://example.com/blog/q-and-a?ref=x&id=1"
            ),
            x(
                "1100000000000000001",
                "2019-02-25T12:00:00Z",
                "Lunch <3 https://x.com/jandevries_nl/status/1100000000000000001/photo/1"
            ),
            x("1220000000000000003", "2020-01-24T16:45:10Z", "@klant_piet Call me on 06 12345678 for the details"),
            x("1350000000000000004", "2021-01-16T07:30:00Z", "Mijn BSN is 111222333, handig voor de belastingaangifte"),
        ]
    );
    // account.js, tweets.js (two retweets left out), tweets-part1.js; nothing else read.
    let names: Vec<(&str, u64, u64)> = report.files.iter().map(|f| (f.name.as_str(), f.posts, f.left_out)).collect();
    assert_eq!(names, [("data/account.js", 0, 0), ("data/tweets.js", 3, 2), ("data/tweets-part1.js", 1, 0)]);
    assert!(!report.has_problems());
    assert_eq!(report.networks(), [Network::X]);
}

#[test]
fn x_archive_without_account_links_by_id_and_old_file_name() {
    let tweets = std::fs::read_to_string(fixture("x/data/tweets.js")).unwrap();
    let old = tweets.replace("window.YTD.tweets.part0", "window.YTD.tweet.part0");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer.start_file("data/tweet.js", zip::write::SimpleFileOptions::default()).unwrap();
    writer.write_all(old.as_bytes()).unwrap();
    let zip = writer.finish().unwrap().into_inner();
    let (posts, _) = read(Export::from_zip(Cursor::new(zip), "old.zip").unwrap());
    assert_eq!(posts.len(), 3);
    assert_eq!(posts[0].url.as_deref(), Some("https://x.com/i/web/status/1050118621198921728"));
}

#[test]
fn facebook_new_layout() {
    let (posts, report) = read_both("facebook-new");
    let fb = |date: &str, text: &str| post(Network::Facebook, None, date, None, text);
    assert_eq!(
        posts,
        [
            fb("2022-06-01T11:00:00Z", "Bel me even op 06 12345678, dan regelen we het"),
            fb("2021-01-01T12:00:00Z", "Café met de collega's. Mijn baas is een sukkel 😡"),
            fb("2015-01-01T12:00:00Z", "Gelukkig nieuwjaar! “Na regen komt zonneschijn”"),
        ]
    );
    // The empty comment and the photo without text are left out; the media is not read.
    assert_eq!(report.files.iter().map(|f| f.left_out).sum::<u64>(), 2);
    assert_eq!(report.files.len(), 3);
}

#[test]
fn facebook_old_layout() {
    let (posts, _) = read_both("facebook-old");
    let fb = |date: &str, text: &str| post(Network::Facebook, None, date, None, text);
    assert_eq!(
        posts,
        [
            fb("2012-01-01T12:00:00Z", "Leuk! Mail me: jan.devries@example.com"),
            fb("2010-01-01T12:00:00Z", "Eindelijk vakantie. Het management hier zijn echt idioten"),
            fb("2011-01-01T12:00:00Z", "Interessant artikel über én à la carte"),
        ]
    );
}

#[test]
fn linkedin() {
    let (posts, report) = read_both("linkedin");
    let li = |date: &str, urn: &str, text: &str| {
        post(Network::Linkedin, None, date, Some(&format!("https://www.linkedin.com/feed/update/{urn}")), text)
    };
    assert_eq!(
        posts,
        [
            li("2023-06-01T14:05:00", "urn%3Ali%3Aactivity%3A7070000000000000003", "Honestly, our CEO has no clue, \"strategy\" my foot"),
            li("2020-02-02T20:20:20", "urn%3Ali%3Aactivity%3A6630000000000000004", "Congratulations, well deserved!"),
            li(
                "2023-05-04T10:22:33",
                "urn%3Ali%3Ashare%3A7060000000000000001",
                "Proud of the team!\r\nWe shipped \"Falcon\" today, the new platform.\r\n\r\nQuestions? Mail me at jan.devries@example.com"
            ),
            li("2022-01-10T09:00:00", "urn%3Ali%3Aactivity%3A6890000000000000002", "Happy new year everyone"),
        ]
    );
    assert_eq!(report.files.iter().map(|f| f.left_out).sum::<u64>(), 1, "a share without commentary");
    assert_eq!(report.networks(), [Network::Linkedin]);
}

fn mastodon_posts() -> Vec<Post> {
    let m = |n: &str, date: &str, text: &str| {
        post(
            Network::Mastodon,
            Some(&format!("https://mastodon.example/users/jan/statuses/{n}")),
            date,
            Some(&format!("https://mastodon.example/@jan/{n}")),
            text,
        )
    };
    vec![
        m(
            "109000000000000001",
            "2022-11-05T10:00:00Z",
            "Hallo @ann & iedereen! #werk\n\nMijn baas is een sukkel.\nEcht waar <3\n\nLees https://example.com/a/very/long/path/to/an/article",
        ),
        m("109500000000000003", "2023-01-15T18:30:00Z", "Nice weather for a walk today. Photos later!"),
        m("109600000000000004", "2023-02-01T07:00:00Z", "We are cutting 200 jobs next month, not public yet"),
    ]
}

#[test]
fn mastodon_zip_and_folder() {
    let (posts, report) = read_both("mastodon");
    assert_eq!(posts, mastodon_posts());
    assert_eq!((report.files.len(), report.files[0].left_out), (1, 1), "the boost is left out");
}

#[test]
fn mastodon_tar_gz() {
    let bytes = tar_gz_of(&fixture("mastodon"));
    let (posts, report) = read(Export::from_tar_gz(Cursor::new(bytes), "archive.tar.gz", None));
    assert_eq!(posts, mastodon_posts());
    assert_eq!(report.files[0].name, "outbox.json");
}

#[test]
fn mastodon_tar_gz_with_long_names() {
    // A name over 100 bytes takes a GNU long-name entry.
    let long = format!("{}/outbox.json", "archive-20230201-abcdef".repeat(6));
    let root = std::env::temp_dir().join(format!("composure-exports-long-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join(long.rsplit_once('/').unwrap().0)).unwrap();
    std::fs::copy(fixture("mastodon/outbox.json"), root.join(&long)).unwrap();
    let bytes = tar_gz_of(&root);
    std::fs::remove_dir_all(&root).unwrap();
    let (posts, report) = read(Export::from_tar_gz(Cursor::new(bytes), "archive.tar.gz", None));
    assert_eq!(posts.len(), 3);
    assert_eq!(report.files[0].name, long);
}

#[test]
fn reddit() {
    let (posts, _) = read_both("reddit");
    let r = |id: &str, date: &str, url: &str, text: &str| post(Network::Reddit, Some(id), date, Some(url), text);
    assert_eq!(
        posts,
        [
            r(
                "def456",
                "2022-07-08T09:10:11Z",
                "https://www.reddit.com/r/sysadmin/comments/xyz789/comment/def456/",
                "Here is the password: hunter2 for the shared account"
            ),
            r(
                "jkl012",
                "2022-07-09T10:00:00Z",
                "https://www.reddit.com/r/cats/comments/mno345/comment/jkl012/",
                "> quoted\n\nWhat a cute cat"
            ),
            r(
                "abc123",
                "2021-03-04T12:34:56Z",
                "https://www.reddit.com/r/Netherlands/comments/abc123/working_at_a_big_company/",
                "Working at a big company\n\nThis place sucks & management are clowns.\nAnyone else?"
            ),
            r(
                "ghi789",
                "2019-08-01T19:00:00Z",
                "https://www.reddit.com/r/pics/comments/ghi789/sunset/",
                "Sunset over the dunes"
            ),
        ]
    );
}

#[test]
fn not_an_export() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer.start_file("holiday/IMG_0001.jpg", zip::write::SimpleFileOptions::default()).unwrap();
    writer.write_all(b"jpeg").unwrap();
    let zip = writer.finish().unwrap().into_inner();
    let e = Export::from_zip(Cursor::new(zip), "photos.zip").err().unwrap();
    assert_eq!(e.kind, ErrorKind::NotAnExport);
    assert!(
        e.to_string().starts_with(
            "photos.zip: not a data export from X, Facebook, LinkedIn, Mastodon or Reddit: expected data/tweets.js (X)"
        ),
        "{e}"
    );
    assert!(e.to_string().ends_with("found none of them among its 1 file"), "{e}");

    let tar = tar_gz_of(&fixture("x").join("data/tweets_media"));
    let e = Export::from_tar_gz(Cursor::new(tar), "media.tar.gz", None).posts().finish().unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotAnExport);

    let e = Export::from_tar_gz(Cursor::new(b"\x1f\x8bnot really gzip".to_vec()), "bad.tar.gz", None)
        .posts()
        .finish()
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Damaged);
    assert!(e.to_string().starts_with("bad.tar.gz: not a readable .tar.gz archive"), "{e}");
}

#[test]
fn damaged_zips() {
    let zip = zip_of(&fixture("x"));
    // Cut off: the central directory is gone.
    let e = Export::from_zip(Cursor::new(zip[..zip.len() / 2].to_vec()), "cut.zip").err().unwrap();
    assert_eq!(e.kind, ErrorKind::Damaged);
    assert!(e.to_string().starts_with("cut.zip: not a readable zip archive ("), "{e}");

    // One entry's data damaged: that file is reported, the others are still read.
    let mut damaged = zip.clone();
    let name = b"data/tweets-part1.js";
    let at = damaged.windows(name.len()).position(|w| w == name).unwrap() + name.len() + 10;
    for b in &mut damaged[at..at + 20] {
        *b ^= 0x55;
    }
    let (posts, report) = read(Export::from_zip(Cursor::new(damaged), "damaged.zip").unwrap());
    assert_eq!(posts.len(), 3, "tweets.js is still read");
    let part1 = report.files.iter().find(|f| f.name == "data/tweets-part1.js").unwrap();
    assert!(part1.stopped.is_some(), "{part1:?}");
    assert!(report.has_problems());
}

#[test]
fn a_bad_tweet_is_skipped_and_reported() {
    let js = "window.YTD.tweets.part0 = [ {\"tweet\": {\"id_str\": \"1\", \"full_text\": \"fine\", \"created_at\": \"Wed Oct 10 20:19:24 +0000 2018\"}},\n {\"tweet\": {\"id_str\": \"2\", \"full_text\": \"no date\"}},\n {\"tweet\": {\"id_str\": \"3\", \"full_text\": \"also fine\", \"created_at\": \"Wed Oct 10 20:19:25 +0000 2018\"}} ]";
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer.start_file("data/tweets.js", zip::write::SimpleFileOptions::default()).unwrap();
    writer.write_all(js.as_bytes()).unwrap();
    let zip = writer.finish().unwrap().into_inner();
    let (posts, report) = read(Export::from_zip(Cursor::new(zip), "x.zip").unwrap());
    assert_eq!(posts.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(), ["fine", "also fine"]);
    assert_eq!(report.files[0].problems, ["item 2: tweet 2 has no created_at like \"Wed Oct 10 20:19:24 +0000 2018\""]);
}

#[test]
fn a_random_file_is_not_an_export() {
    let path = std::env::temp_dir().join(format!("composure-exports-random-{}.zip", std::process::id()));
    std::fs::File::create(&path).unwrap().write_all(b"just some text, not a zip").unwrap();
    let e = Export::open(&path).err().unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(e.kind, ErrorKind::NotAnExport);
    assert!(e.to_string().contains("not a data export: expected the .zip"), "{e}");
    let e = Export::open(Path::new("/nonexistent/export.zip")).err().unwrap();
    assert_eq!(
        (e.kind, e.to_string().as_str()),
        (ErrorKind::Unreadable, "/nonexistent/export.zip: no such file or directory")
    );
}

#[test]
fn media_entries_are_never_read() {
    // A zip whose media entry is a stored 8 MB blob: only the tweets' bytes are read.
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer.start_file("data/tweets_media/big.mp4", stored).unwrap();
    writer.write_all(&vec![7u8; 8 << 20]).unwrap();
    writer.start_file("data/tweets.js", stored).unwrap();
    let tweets = std::fs::read(fixture("x/data/tweets.js")).unwrap();
    writer.write_all(&tweets).unwrap();
    let zip = writer.finish().unwrap().into_inner();
    let mut posts = Export::from_zip(Cursor::new(zip), "x.zip").unwrap().posts();
    assert_eq!(posts.by_ref().count(), 3);
    let (read, total) = posts.progress();
    assert_eq!((read, total), (tweets.len() as u64, Some(tweets.len() as u64)));
}

#[test]
fn from_bytes_as_a_browser_hands_them_over() {
    let zip = read(Export::from_bytes(zip_of(&fixture("x")), "twitter.zip").unwrap());
    assert_eq!(zip.0, read_both("x").0);
    let tar = read(Export::from_bytes(tar_gz_of(&fixture("mastodon")), "archive.tar.gz").unwrap());
    assert_eq!(tar.0, mastodon_posts());
    let outbox = std::fs::read(fixture("mastodon/outbox.json")).unwrap();
    assert_eq!(read(Export::from_bytes(outbox, "outbox.json").unwrap()).0, mastodon_posts());
    let e = Export::from_bytes(b"hello".to_vec(), "notes.txt").err().unwrap();
    assert_eq!((e.kind, e.path.as_str()), (ErrorKind::NotAnExport, "notes.txt"));
}

/// Reads whatever `Export::from_bytes` makes of `bytes` to the end: it may be an error, never
/// a panic or a hang.
fn read_anything(bytes: Vec<u8>, name: &str) -> Option<usize> {
    let export = Export::from_bytes(bytes, name).ok()?;
    let mut posts = export.posts();
    let n = posts.by_ref().count();
    posts.finish().ok().map(|_| n)
}

#[test]
fn damaged_archives_never_panic() {
    // Every 7th byte of the zip and the tar.gz flipped in turn, and both cut at every 13th
    // byte; the fixture files themselves cut at every 5th byte.
    let zip = zip_of(&fixture("x"));
    let tar = tar_gz_of(&fixture("mastodon"));
    for (bytes, name) in [(zip, "x.zip"), (tar, "m.tar.gz")] {
        for at in (0..bytes.len()).step_by(7) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0xA5;
            read_anything(damaged, name);
        }
        for len in (0..bytes.len()).step_by(13) {
            read_anything(bytes[..len].to_vec(), name);
        }
    }
    for file in ["x/data/tweets.js", "mastodon/outbox.json", "linkedin/Shares.csv", "reddit/comments.csv"] {
        let bytes = std::fs::read(fixture(file)).unwrap();
        let name = file.rsplit('/').next().unwrap();
        for len in (0..bytes.len()).step_by(5) {
            read_anything(bytes[..len].to_vec(), name);
        }
        assert!(read_anything(bytes, name).is_some_and(|n| n > 0), "{file}");
    }
}
