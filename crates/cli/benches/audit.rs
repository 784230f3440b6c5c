//! `cargo bench -p composure-cli --bench audit`: how many posts per second `composure audit`
//! checks on a large X archive, end to end (the release binary, reading the zip, checking
//! every post with the default pack, writing `--jsonl`).
//!
//! The archive is generated here: 100,000 tweets in `data/tweets.js` (deflated, as X ships
//! it) with realistic English and Dutch text, some of it risky, a `data/account.js`, and 300
//! MB of media in 30 stored entries of 10 MB, which must not be read: the run's time would
//! show it if they were. Arguments: `[POSTS] [MEDIA_MB]`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const SENTENCES: [&str; 16] = [
    "Great session with the team today, learned a lot about the new release.",
    "Weer een mooie dag in Utrecht, op de fiets naar kantoor.",
    "Anyone have tips for a good coffee place near the station? ☕",
    "Mijn baas is een sukkel, ik ben er helemaal klaar mee 😡",
    "Reading a long article about urban planning and bike lanes.",
    "Call me on 06 12345678 if you want to join the run on Sunday.",
    "Vandaag de presentatie gegeven, ging beter dan verwacht!",
    "The new museum wing opens next month, cannot wait to see it.",
    "What a shitty meeting this morning, nobody listened.",
    "Thanks everyone for the birthday wishes 🎉🎉",
    "Wie gaat er mee naar het concert in december?",
    "Our quarterly results are not public yet but they look great",
    "Cooked a big pot of soup for the whole street, it was gone in an hour.",
    "De trein had weer vertraging, typisch maandag.",
    "Interesting thread on how cities can plant more trees: https://t.co/abcdEFGH12",
    "Q&amp;A tonight at 8, bring your questions &lt;3",
];

/// A small deterministic generator (xorshift), so every run writes the same archive.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn tweets_js(posts: usize, rng: &mut Rng) -> String {
    let mut out = String::from("window.YTD.tweets.part0 = [");
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    for i in 0..posts {
        let sentences = 1 + (rng.next() % 3) as usize;
        let mut text = String::new();
        for _ in 0..sentences {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(SENTENCES[(rng.next() % SENTENCES.len() as u64) as usize]);
        }
        if i % 20 == 0 {
            text = format!("RT @someone: {text}");
        }
        let id = 1_000_000_000_000_000_000u64 + i as u64 * 7919;
        let tweet = serde_json::json!({
            "tweet": {
                "edit_info": {"initial": {"editTweetIds": [id.to_string()], "editableUntil": "2020-01-01T00:00:00.000Z", "editsRemaining": "5", "isEditEligible": true}},
                "retweeted": false,
                "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
                "entities": {"hashtags": [], "symbols": [], "user_mentions": [],
                             "urls": [{"url": "https://t.co/abcdEFGH12", "expanded_url": "https://example.com/trees-in-cities", "display_url": "example.com/trees-in-cit…", "indices": ["0", "23"]}]},
                "display_text_range": ["0", text.len().to_string()],
                "favorite_count": (rng.next() % 50).to_string(),
                "id_str": id.to_string(),
                "truncated": false,
                "retweet_count": "0",
                "id": id.to_string(),
                "created_at": format!("Wed {} {:02} 12:{:02}:00 +0000 {}", MONTHS[i % 12], 1 + i % 28, i % 60, 2012 + i % 12),
                "favorited": false,
                "full_text": text,
                "lang": "en"
            }
        });
        out.push_str(if i == 0 { "\n  " } else { ",\n  " });
        out.push_str(&serde_json::to_string_pretty(&tweet).unwrap());
    }
    out.push_str("\n]");
    out
}

fn write_archive(path: &Path, posts: usize, media_mb: usize) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(std::fs::File::create(path).unwrap()));
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(true);
    zip.start_file("data/account.js", deflated).unwrap();
    zip.write_all(br#"window.YTD.account.part0 = [{"account": {"username": "bench_user", "accountId": "1"}}]"#)
        .unwrap();
    // Media before and after the tweets, as real archives interleave them.
    let entries = media_mb.div_ceil(10);
    let mut block = vec![0u8; 1 << 20];
    for n in 0..entries {
        if n == entries / 2 {
            zip.start_file("data/tweets.js", deflated).unwrap();
            zip.write_all(tweets_js(posts, &mut rng).as_bytes()).unwrap();
        }
        zip.start_file(format!("data/tweets_media/{n:04}-video.mp4"), stored).unwrap();
        for _ in 0..10.min(media_mb - n * 10) {
            for chunk in block.chunks_exact_mut(8) {
                chunk.copy_from_slice(&rng.next().to_le_bytes());
            }
            zip.write_all(&block).unwrap();
        }
    }
    if entries == 0 {
        zip.start_file("data/tweets.js", deflated).unwrap();
        zip.write_all(tweets_js(posts, &mut rng).as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let posts: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let media_mb: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-x-{posts}-{media_mb}.zip"));
    if !path.exists() {
        let start = Instant::now();
        write_archive(&path, posts, media_mb);
        eprintln!("wrote {} in {:.1} s", path.display(), start.elapsed().as_secs_f64());
    }
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "archive: {} tweets (5% retweets), {media_mb} MB of stored media, {:.1} MB in all",
        posts,
        size as f64 / 1e6
    );
    for mode in ["--jsonl", "human"] {
        let mut times = Vec::new();
        for _ in 0..3 {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_composure"));
            cmd.arg("audit").arg("--color").arg("never");
            if mode == "--jsonl" {
                cmd.arg("--jsonl");
            }
            cmd.arg(&path).stdout(Stdio::null()).stderr(Stdio::piped());
            let start = Instant::now();
            let out = cmd.output().unwrap();
            times.push(start.elapsed().as_secs_f64());
            assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
        }
        times.sort_by(f64::total_cmp);
        let median = times[1];
        println!(
            "audit {mode:>7}: median of 3 runs {:.2} s ({:.2}-{:.2}), {:.0} posts/s",
            median,
            times[0],
            times[2],
            posts as f64 / median
        );
    }
}
