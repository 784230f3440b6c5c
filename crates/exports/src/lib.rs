//! The posts in a person's own data export from X/Twitter, Facebook, LinkedIn, Mastodon or
//! Reddit, one at a time.
//!
//! ```no_run
//! let export = composure_exports::Export::open(std::path::Path::new("twitter-2024.zip"))?;
//! let mut posts = export.posts();
//! for post in &mut posts {
//!     println!("{} {} {}", post.date, post.url.as_deref().unwrap_or("-"), post.text);
//! }
//! let report = posts.finish()?; // what was read, what was skipped and why
//! # Ok::<(), composure_exports::Error>(())
//! ```
//!
//! The export is what the network hands over: a `.zip` (Mastodon before 4.2: a `.tar.gz`) or
//! the folder it unpacks to. Which network it is comes from the files inside, not the name.
//! Only the files with posts are read; media entries are never opened (in a zip, not even
//! decompressed). Posts stream: the largest file, an X archive's `tweets.js`, is read one
//! tweet at a time, so memory stays flat however many posts there are.
//!
//! Each [`Post`]'s `text` is the post as its author wrote it: X's `&amp;` decoded and its
//! `t.co` links shown expanded, Facebook's mojibake repaired, Mastodon's HTML reduced to text.
//! Retweets and boosts are left out (they are someone else's words).
//!
//! Pure Rust without I/O beyond `Read`/`Seek` (and `std::fs` for [`Export::open`]), so that
//! a wasm build can read an export the browser hands it.

mod csv;
mod json_stream;
mod readers;
mod source;
pub mod text;

use std::cell::RefCell;
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek};
use std::path::Path;
use std::rc::Rc;

use crate::readers::{Item, Reader, Shared};
use crate::source::{Files, ReadSeek};

/// The network an export (or a post) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Network {
    X,
    Facebook,
    Linkedin,
    Mastodon,
    Reddit,
}

impl Network {
    /// `x`, `facebook`, `linkedin`, `mastodon`, `reddit`.
    pub fn as_str(self) -> &'static str {
        match self {
            Network::X => "x",
            Network::Facebook => "facebook",
            Network::Linkedin => "linkedin",
            Network::Mastodon => "mastodon",
            Network::Reddit => "reddit",
        }
    }

    /// `X`, `Facebook`, `LinkedIn`, `Mastodon`, `Reddit`.
    pub fn title(self) -> &'static str {
        match self {
            Network::X => "X",
            Network::Facebook => "Facebook",
            Network::Linkedin => "LinkedIn",
            Network::Mastodon => "Mastodon",
            Network::Reddit => "Reddit",
        }
    }

    /// The host name of the network's site (for rules limited to `sites`); `None` for
    /// Mastodon, which has many.
    pub fn site(self) -> Option<&'static str> {
        match self {
            Network::X => Some("x.com"),
            Network::Facebook => Some("facebook.com"),
            Network::Linkedin => Some("linkedin.com"),
            Network::Mastodon => None,
            Network::Reddit => Some("reddit.com"),
        }
    }
}

/// One post (or comment) of the person's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub network: Network,
    /// The post's id in the export, where it has one (X, Mastodon, Reddit).
    pub id: Option<String>,
    /// ISO 8601: `2018-10-10T20:19:24Z`. LinkedIn's dates carry no time zone and are given
    /// without one (`2023-05-04T10:22:33`).
    pub date: String,
    /// A link to the post, where the export allows one.
    pub url: Option<String>,
    /// The post as its author wrote it.
    pub text: String,
}

/// The kinds of file that hold posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `data/account.js`: the user name for links to tweets.
    XAccount,
    /// `data/tweets.js`, `data/tweet.js`, `data/tweets-part1.js`.
    XTweets,
    /// `posts/your_posts_1.json`,
    /// `your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json`.
    FacebookPosts,
    /// `comments_and_reactions/comments.json` (older: `comments/comments.json`).
    FacebookComments,
    /// `outbox.json`.
    MastodonOutbox,
    /// LinkedIn's `Shares.csv`, `Comments.csv`; Reddit's `posts.csv`, `comments.csv`: the
    /// header row tells which.
    Csv,
}

impl FileKind {
    /// Reading order: the X account first (tweets' links need its user name).
    fn order(self) -> u8 {
        match self {
            FileKind::XAccount => 0,
            _ => 1,
        }
    }
}

/// What kind of export file `path` (inside the export, `/`-separated) is, by its name.
pub(crate) fn classify(path: &str) -> Option<FileKind> {
    let mut parts = path.rsplit('/');
    let name = parts.next()?;
    let parent = parts.next().unwrap_or("");
    let numbered = |name: &str, stem: &str, ext: &str| -> bool {
        // stem + ext, or stem + _N + ext / stem + -partN + ext
        let Some(rest) = name.strip_prefix(stem).and_then(|r| r.strip_suffix(ext)) else { return false };
        let digits = rest.strip_prefix('_').or_else(|| rest.strip_prefix("-part")).unwrap_or(rest);
        rest.is_empty()
            || (!digits.is_empty() && digits.len() < rest.len() && digits.bytes().all(|b| b.is_ascii_digit()))
    };
    let x_folder = parent == "data" || parent.is_empty();
    if x_folder && name == "account.js" {
        return Some(FileKind::XAccount);
    }
    if x_folder && (numbered(name, "tweets", ".js") || numbered(name, "tweet", ".js")) {
        return Some(FileKind::XTweets);
    }
    if parent == "posts"
        && (numbered(name, "your_posts", ".json")
            || numbered(name, "your_posts__check_ins__photos_and_videos", ".json"))
    {
        return Some(FileKind::FacebookPosts);
    }
    if name == "comments.json" && (parent == "comments_and_reactions" || parent == "comments") {
        return Some(FileKind::FacebookComments);
    }
    if name == "outbox.json" {
        return Some(FileKind::MastodonOutbox);
    }
    let lower = name.to_ascii_lowercase();
    if matches!(lower.as_str(), "shares.csv" | "comments.csv" | "posts.csv") {
        return Some(FileKind::Csv);
    }
    None
}

const EXPECTED: &str = "data/tweets.js (X), posts/your_posts_1.json or \
your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json (Facebook), \
Shares.csv or Comments.csv (LinkedIn), outbox.json (Mastodon), posts.csv or comments.csv (Reddit)";

const NOT_AN_ARCHIVE: &str = "not a data export: expected the .zip (or, from Mastodon before 4.2, the .tar.gz) \
that X, Facebook, LinkedIn, Mastodon or Reddit hands over, or the folder it unpacks to";

/// Why an export cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The export's path (or the name it was given under).
    pub path: String,
    pub kind: ErrorKind,
    /// What is wrong and what was expected.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file or folder cannot be read (missing, no permission).
    Unreadable,
    /// A zip or gzip, but damaged.
    Damaged,
    /// Readable, but not an export of one of the five networks.
    NotAnExport,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.detail)
    }
}

impl std::error::Error for Error {}

fn error(path: &str, kind: ErrorKind, detail: impl Into<String>) -> Error {
    Error { path: path.to_string(), kind, detail: detail.into() }
}

fn not_an_export(path: &str, names: usize) -> Error {
    let files = if names == 1 { "1 file".to_string() } else { format!("{names} files") };
    error(
        path,
        ErrorKind::NotAnExport,
        format!("not a data export from X, Facebook, LinkedIn, Mastodon or Reddit: expected {EXPECTED}; found none of them among its {files}"),
    )
}

/// An export, opened: its files listed (zip, folder) or ready to stream (`.tar.gz`).
pub struct Export {
    path: String,
    files: Box<dyn Files>,
    /// For a `.tar.gz`: the names seen in it, and why it could not be read further.
    tar: Option<TarState>,
}

type TarState = (Rc<RefCell<Vec<String>>>, Rc<RefCell<Option<String>>>);

impl Export {
    /// A `.zip`, a `.tar.gz`, a folder, or one export file on its own (`tweets.js`,
    /// `outbox.json`, `Shares.csv`, …). What it is comes from its first bytes, not its name.
    pub fn open(path: &Path) -> Result<Export, Error> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| error(&shown, ErrorKind::Unreadable, io_message(&e)))?;
        if meta.is_dir() {
            let (files, names) = source::dir(path)
                .map_err(|e| error(&shown, ErrorKind::Unreadable, format!("cannot list it: {}", io_message(&e))))?;
            if files.total_bytes().is_some() && names.iter().all(|n| classify(n).is_none()) {
                return Err(not_an_export(&shown, names.len()));
            }
            return Ok(Export { path: shown, files: Box::new(files), tar: None });
        }
        let mut file = File::open(path).map_err(|e| error(&shown, ErrorKind::Unreadable, io_message(&e)))?;
        let mut magic = [0u8; 4];
        let got =
            read_up_to(&mut file, &mut magic).map_err(|e| error(&shown, ErrorKind::Unreadable, io_message(&e)))?;
        file.rewind().map_err(|e| error(&shown, ErrorKind::Unreadable, io_message(&e)))?;
        let magic = &magic[..got];
        if magic.starts_with(b"PK") {
            return Export::from_zip(file, &shown);
        }
        if magic.starts_with(&[0x1F, 0x8B]) {
            return Ok(Export::from_tar_gz(file, &shown, Some(meta.len())));
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match classify(&name) {
            Some(kind) => {
                Ok(Export { path: shown, files: Box::new(source::single(path, name, kind, meta.len())), tar: None })
            }
            None => Err(error(&shown, ErrorKind::NotAnExport, NOT_AN_ARCHIVE)),
        }
    }

    /// An export held in memory (what a browser's file picker hands over): a zip, a
    /// `.tar.gz`, or one export file on its own, told apart by the first bytes. `name` is the
    /// file's name, for errors and for recognising a single file (`outbox.json`).
    pub fn from_bytes(bytes: Vec<u8>, name: &str) -> Result<Export, Error> {
        if bytes.starts_with(b"PK") {
            return Export::from_zip(io::Cursor::new(bytes), name);
        }
        if bytes.starts_with(&[0x1F, 0x8B]) {
            let size = bytes.len() as u64;
            return Ok(Export::from_tar_gz(io::Cursor::new(bytes), name, Some(size)));
        }
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        match classify(base) {
            Some(kind) => {
                let files = source::in_memory(base.to_string(), kind, bytes);
                Ok(Export { path: name.to_string(), files: Box::new(files), tar: None })
            }
            None => Err(error(name, ErrorKind::NotAnExport, NOT_AN_ARCHIVE)),
        }
    }

    /// A zip archive. `name` is what errors call it.
    pub fn from_zip(reader: impl Read + Seek + 'static, name: &str) -> Result<Export, Error> {
        let reader: Box<dyn ReadSeek> = Box::new(reader);
        let (files, names) = source::zip(reader)
            .map_err(|e| error(name, ErrorKind::Damaged, format!("not a readable zip archive ({e})")))?;
        if files.total_bytes().is_some() && names.iter().all(|n| classify(n).is_none()) {
            return Err(not_an_export(name, names.len()));
        }
        Ok(Export { path: name.to_string(), files: Box::new(files), tar: None })
    }

    /// A gzip-compressed tar archive (Mastodon's export before 4.2). It is read in one pass,
    /// so whether it holds an export is known only at the end: see [`Posts::finish`].
    /// `size`: its length in bytes, for progress.
    pub fn from_tar_gz(reader: impl Read + 'static, name: &str, size: Option<u64>) -> Export {
        let files = source::tar_gz(Box::new(reader), size);
        let tar = Some((files.seen.clone(), files.broken.clone()));
        Export { path: name.to_string(), files: Box::new(files), tar }
    }

    /// The posts, one at a time.
    pub fn posts(self) -> Posts {
        Posts { export: self, current: None, shared: Rc::default(), report: Report::default() }
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// What was read from one file of the export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    /// The file's path inside the export.
    pub name: String,
    pub network: Option<Network>,
    /// Posts read.
    pub posts: u64,
    /// Retweets, boosts, and posts without text (a photo on its own).
    pub left_out: u64,
    /// Records that could not be read, and why (the first 20).
    pub problems: Vec<String>,
    /// All records that could not be read, and files that stopped early.
    pub problem_count: u64,
    /// Set when the rest of the file could not be read: why.
    pub stopped: Option<String>,
}

/// What was read from the export, and what was skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub files: Vec<FileReport>,
}

impl Report {
    pub fn posts(&self) -> u64 {
        self.files.iter().map(|f| f.posts).sum()
    }

    /// The networks posts were read from.
    pub fn networks(&self) -> Vec<Network> {
        let mut out: Vec<Network> = self.files.iter().filter_map(|f| f.network).collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether anything was skipped: unreadable records, files that stopped early or could
    /// not be opened.
    pub fn has_problems(&self) -> bool {
        self.files.iter().any(|f| f.problem_count > 0 || f.stopped.is_some())
    }
}

const MAX_PROBLEMS: usize = 20;

/// The posts of an export; see [`Posts::finish`] for what was skipped.
pub struct Posts {
    export: Export,
    current: Option<Box<dyn Reader>>,
    shared: Rc<Shared>,
    report: Report,
}

impl Posts {
    /// Bytes read so far and in all (compressed bytes of the files with posts, or of a
    /// `.tar.gz` whole), for a progress bar.
    pub fn progress(&self) -> (u64, Option<u64>) {
        (self.export.files.bytes_read(), self.export.files.total_bytes())
    }

    /// Reads the posts not yet taken (none are returned) and reports what was read and what
    /// was skipped. `Err` when the export turned out not to be one (a `.tar.gz` without any
    /// export file) or could not be read at all.
    pub fn finish(mut self) -> Result<Report, Error> {
        for _ in self.by_ref() {}
        if let Some((seen, broken)) = &self.export.tar {
            let path = &self.export.path;
            if self.report.files.is_empty() {
                if let Some(why) = broken.borrow().as_ref() {
                    return Err(error(path, ErrorKind::Damaged, format!("not a readable .tar.gz archive: {why}")));
                }
                return Err(not_an_export(path, seen.borrow().len()));
            }
            if let Some(why) = broken.borrow().as_ref() {
                let last = self.report.files.last_mut().expect("not empty");
                last.problem_count += 1;
                last.stopped.get_or_insert_with(|| format!("the archive cannot be read further: {why}"));
            }
        }
        Ok(self.report)
    }

    fn problem(&mut self, message: String) {
        let file = self.report.files.last_mut().expect("a file is open");
        file.problem_count += 1;
        if file.problems.len() < MAX_PROBLEMS {
            file.problems.push(message);
        }
    }
}

impl Iterator for Posts {
    type Item = Post;

    fn next(&mut self) -> Option<Post> {
        loop {
            if let Some(reader) = self.current.as_mut() {
                let item = reader.next_item();
                let network = reader.network();
                match item {
                    Some(Item::Post(post)) => {
                        let file = self.report.files.last_mut().expect("a file is open");
                        file.posts += 1;
                        file.network = network;
                        return Some(post);
                    }
                    Some(Item::LeftOut) => self.report.files.last_mut().expect("a file is open").left_out += 1,
                    Some(Item::Problem { message, stop: false }) => self.problem(message),
                    Some(Item::Problem { message, stop: true }) => {
                        let file = self.report.files.last_mut().expect("a file is open");
                        file.problem_count += 1;
                        file.stopped = Some(message);
                        self.current = None;
                    }
                    None => {
                        self.report.files.last_mut().expect("a file is open").network = network;
                        self.current = None;
                    }
                }
                continue;
            }
            match self.export.files.next_file()? {
                Ok(opened) => {
                    self.report.files.push(FileReport { name: opened.name.clone(), ..FileReport::default() });
                    match readers::open(opened.kind, opened.reader, self.shared.clone()) {
                        Ok(reader) => self.current = Some(reader),
                        Err(why) => {
                            let file = self.report.files.last_mut().expect("just pushed");
                            file.problem_count += 1;
                            file.stopped = Some(why);
                        }
                    }
                }
                Err((name, why)) => self.report.files.push(FileReport {
                    name,
                    problem_count: 1,
                    stopped: Some(why),
                    ..FileReport::default()
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        for (path, kind) in [
            ("data/tweets.js", Some(FileKind::XTweets)),
            ("data/tweet.js", Some(FileKind::XTweets)),
            ("data/tweets-part1.js", Some(FileKind::XTweets)),
            ("data/account.js", Some(FileKind::XAccount)),
            ("data/deleted-tweets.js", None),
            ("data/tweets_media/123-abc.jpg", None),
            ("assets/js/tweet.js", None),
            ("posts/your_posts_1.json", Some(FileKind::FacebookPosts)),
            ("fb-jan/posts/your_posts_12.json", Some(FileKind::FacebookPosts)),
            (
                "your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json",
                Some(FileKind::FacebookPosts),
            ),
            ("posts/your_posts_x.json", None),
            ("posts/album/1.json", None),
            ("your_activity_across_facebook/comments_and_reactions/comments.json", Some(FileKind::FacebookComments)),
            ("outbox.json", Some(FileKind::MastodonOutbox)),
            ("Shares.csv", Some(FileKind::Csv)),
            ("comments.csv", Some(FileKind::Csv)),
            ("media_attachments/files/1.png", None),
        ] {
            assert_eq!(classify(path), kind, "{path}");
        }
    }
}
