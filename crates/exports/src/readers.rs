//! One reader per kind of export file. Each turns its file into posts, one at a time; a bad
//! record is reported and skipped, a file that cannot be read further stops with a problem.

use std::cell::RefCell;
use std::io::BufRead;
use std::rc::Rc;

use serde::Deserialize;

use crate::csv::CsvReader;
use crate::json_stream::{JsonArray, Start};
use crate::text::{
    decode_entities, decoded, html_to_text, iso_from_spaced, iso_from_twitter, iso_from_unix, repair_mojibake,
};
use crate::{FileKind, Network, Post};

/// What a reader found next.
pub enum Item {
    Post(Post),
    /// Not the person's own words, or nothing to check: a retweet, a boost, a photo without
    /// text.
    LeftOut,
    /// A record that could not be read; `stop`: the rest of the file cannot be read either.
    Problem {
        message: String,
        stop: bool,
    },
}

pub trait Reader {
    fn next_item(&mut self) -> Option<Item>;
    /// The network, once the reader knows it (CSV files tell by their header).
    fn network(&self) -> Option<Network>;
}

/// What readers of one export share: the X account's user name, for links to tweets.
#[derive(Default)]
pub struct Shared {
    pub x_username: RefCell<Option<String>>,
}

pub fn open(kind: FileKind, reader: Box<dyn BufRead>, shared: Rc<Shared>) -> Result<Box<dyn Reader>, String> {
    fn json(reader: Box<dyn BufRead>, start: Start) -> Result<JsonArray<Box<dyn BufRead>>, String> {
        JsonArray::open(reader, start).map_err(|e| e.to_string())
    }
    Ok(match kind {
        FileKind::XAccount => Box::new(XAccount { array: Some(json(reader, Start::Assignment)?), shared }),
        FileKind::XTweets => {
            Box::new(XTweets { array: json(reader, Start::Assignment)?, buf: Vec::new(), index: 0, shared })
        }
        FileKind::FacebookPosts => Box::new(Facebook {
            array: json(reader, Start::Document(&[]))?,
            buf: Vec::new(),
            index: 0,
            comments: false,
        }),
        FileKind::FacebookComments => Box::new(Facebook {
            array: json(reader, Start::Document(&["comments_v2", "comments"]))?,
            buf: Vec::new(),
            index: 0,
            comments: true,
        }),
        FileKind::MastodonOutbox => {
            Box::new(Mastodon { array: json(reader, Start::Document(&["orderedItems"]))?, buf: Vec::new(), index: 0 })
        }
        FileKind::Csv => Box::new(Csv::open(reader)?),
    })
}

fn element_problem(index: usize, e: impl std::fmt::Display) -> Item {
    Item::Problem { message: format!("item {index}: {e}"), stop: false }
}

/// The next element of a JSON array, deserialized; `None` at its end.
fn next_json<'a, T: Deserialize<'a>>(
    array: &mut JsonArray<Box<dyn BufRead>>,
    buf: &'a mut Vec<u8>,
    index: &mut usize,
) -> Option<Result<T, Item>> {
    match array.next_element(buf) {
        Ok(false) => None,
        Err(e) => {
            let message = if *index == 0 { e.to_string() } else { format!("after item {index}: {e}") };
            Some(Err(Item::Problem { message, stop: true }))
        }
        Ok(true) => {
            *index += 1;
            Some(serde_json::from_slice(buf).map_err(|e| element_problem(*index, e)))
        }
    }
}

// ---- X --------------------------------------------------------------------------------

struct XAccount {
    array: Option<JsonArray<Box<dyn BufRead>>>,
    shared: Rc<Shared>,
}

#[derive(Deserialize)]
struct AccountElement {
    account: Option<Account>,
}

#[derive(Deserialize)]
struct Account {
    username: Option<String>,
}

impl Reader for XAccount {
    fn next_item(&mut self) -> Option<Item> {
        let mut array = self.array.take()?;
        let mut buf = Vec::new();
        let mut index = 0;
        match next_json::<AccountElement>(&mut array, &mut buf, &mut index)? {
            Ok(element) => {
                let username = element.account.and_then(|a| a.username).filter(|u| !u.is_empty());
                *self.shared.x_username.borrow_mut() = username;
                None
            }
            Err(problem) => Some(problem),
        }
    }

    fn network(&self) -> Option<Network> {
        Some(Network::X)
    }
}

struct XTweets {
    array: JsonArray<Box<dyn BufRead>>,
    buf: Vec<u8>,
    index: usize,
    shared: Rc<Shared>,
}

/// A tweet, or (in the archives since 2019) `{"tweet": {...}}` around it.
#[derive(Deserialize)]
struct Tweet {
    tweet: Option<Box<Tweet>>,
    id_str: Option<String>,
    id: Option<IdValue>,
    full_text: Option<String>,
    text: Option<String>,
    created_at: Option<String>,
    retweeted: Option<bool>,
    entities: Option<Entities>,
    extended_entities: Option<Entities>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IdValue {
    Text(String),
    Number(u64),
}

#[derive(Deserialize, Default)]
struct Entities {
    #[serde(default)]
    urls: Vec<UrlEntity>,
    #[serde(default)]
    media: Vec<UrlEntity>,
}

#[derive(Deserialize)]
struct UrlEntity {
    url: Option<String>,
    expanded_url: Option<String>,
}

impl Reader for XTweets {
    fn next_item(&mut self) -> Option<Item> {
        let tweet = match next_json::<Tweet>(&mut self.array, &mut self.buf, &mut self.index)? {
            Ok(t) => t,
            Err(problem) => return Some(problem),
        };
        let tweet = match tweet.tweet {
            Some(inner) => *inner,
            None => tweet,
        };
        let index = self.index;
        let id = tweet.id_str.or(match tweet.id {
            Some(IdValue::Text(s)) => Some(s),
            Some(IdValue::Number(n)) => Some(n.to_string()),
            None => None,
        });
        let Some(id) = id else { return Some(element_problem(index, "no id_str")) };
        let Some(raw) = tweet.full_text.or(tweet.text) else {
            return Some(element_problem(index, format!("tweet {id} has no full_text")));
        };
        if tweet.retweeted == Some(true) || raw.starts_with("RT @") {
            return Some(Item::LeftOut);
        }
        // Twitter's own format; ISO 8601 accepted too (what some tools rewrite archives to).
        let Some(date) = tweet.created_at.as_deref().and_then(|d| iso_from_twitter(d).or_else(|| iso_from_spaced(d)))
        else {
            return Some(element_problem(
                index,
                format!("tweet {id} has no created_at like \"Wed Oct 10 20:19:24 +0000 2018\""),
            ));
        };
        let mut links: Vec<(String, String)> = Vec::new();
        for entities in [tweet.entities, tweet.extended_entities].into_iter().flatten() {
            for e in entities.urls.into_iter().chain(entities.media) {
                if let (Some(url), Some(expanded)) = (e.url, e.expanded_url) {
                    if !url.is_empty() && !expanded.is_empty() && !links.iter().any(|(u, _)| *u == url) {
                        links.push((url, expanded));
                    }
                }
            }
        }
        let text = expand_links(&raw, &links);
        let url = match self.shared.x_username.borrow().as_deref() {
            Some(user) => format!("https://x.com/{user}/status/{id}"),
            None => format!("https://x.com/i/web/status/{id}"),
        };
        Some(Item::Post(Post { network: Network::X, id: Some(id), date, url: Some(url), text }))
    }

    fn network(&self) -> Option<Network> {
        Some(Network::X)
    }
}

/// The tweet's text with each `t.co` link replaced by its expansion and `&amp;`, `&lt;`,
/// `&gt;` decoded (in the text only: an expanded link is used as the archive gives it).
fn expand_links(raw: &str, links: &[(String, String)]) -> String {
    let mut out = String::with_capacity(raw.len() + 32);
    let mut rest = raw;
    'outer: while !rest.is_empty() {
        // The earliest link in what is left (the longest where two start at the same place).
        let mut best: Option<(usize, &(String, String))> = None;
        for link in links {
            if let Some(at) = rest.find(link.0.as_str()) {
                if best.is_none_or(|(b, l)| at < b || (at == b && link.0.len() > l.0.len())) {
                    best = Some((at, link));
                }
            }
        }
        match best {
            Some((at, (url, expanded))) => {
                decode_entities(&rest[..at], true, &mut out);
                out.push_str(expanded);
                rest = &rest[at + url.len()..];
            }
            None => {
                decode_entities(rest, true, &mut out);
                break 'outer;
            }
        }
    }
    out
}

// ---- Facebook -------------------------------------------------------------------------

struct Facebook {
    array: JsonArray<Box<dyn BufRead>>,
    buf: Vec<u8>,
    index: usize,
    comments: bool,
}

#[derive(Deserialize)]
struct FacebookPost {
    timestamp: Option<i64>,
    #[serde(default)]
    data: Vec<FacebookData>,
}

#[derive(Deserialize)]
struct FacebookData {
    post: Option<String>,
    comment: Option<FacebookComment>,
}

#[derive(Deserialize)]
struct FacebookComment {
    timestamp: Option<i64>,
    comment: Option<String>,
}

impl Reader for Facebook {
    fn next_item(&mut self) -> Option<Item> {
        let post = match next_json::<FacebookPost>(&mut self.array, &mut self.buf, &mut self.index)? {
            Ok(p) => p,
            Err(problem) => return Some(problem),
        };
        let mut timestamp = post.timestamp;
        let mut parts = Vec::new();
        for data in post.data {
            if self.comments {
                if let Some(c) = data.comment {
                    timestamp = timestamp.or(c.timestamp);
                    parts.extend(c.comment);
                }
            } else {
                parts.extend(data.post);
            }
        }
        let text = repair_mojibake(parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n"));
        if text.trim().is_empty() {
            return Some(Item::LeftOut);
        }
        let Some(timestamp) = timestamp else { return Some(element_problem(self.index, "no timestamp")) };
        Some(Item::Post(Post { network: Network::Facebook, id: None, date: iso_from_unix(timestamp), url: None, text }))
    }

    fn network(&self) -> Option<Network> {
        Some(Network::Facebook)
    }
}

// ---- Mastodon -------------------------------------------------------------------------

struct Mastodon {
    array: JsonArray<Box<dyn BufRead>>,
    buf: Vec<u8>,
    index: usize,
}

#[derive(Deserialize)]
struct Activity {
    #[serde(rename = "type")]
    kind: Option<String>,
    object: Option<serde_json::Value>,
}

fn string_or_href(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(items) => items.iter().find_map(|i| string_or_href(Some(i))),
        serde_json::Value::Object(o) => string_or_href(o.get("href")),
        _ => None,
    }
}

impl Reader for Mastodon {
    fn next_item(&mut self) -> Option<Item> {
        let activity = match next_json::<Activity>(&mut self.array, &mut self.buf, &mut self.index)? {
            Ok(a) => a,
            Err(problem) => return Some(problem),
        };
        if activity.kind.as_deref() != Some("Create") {
            return Some(Item::LeftOut); // Announce (a boost), Like, …
        }
        let Some(serde_json::Value::Object(object)) = activity.object else { return Some(Item::LeftOut) };
        let Some(content) = object.get("content").and_then(|c| c.as_str()) else { return Some(Item::LeftOut) };
        let text = html_to_text(content);
        if text.trim().is_empty() {
            return Some(Item::LeftOut);
        }
        let id = string_or_href(object.get("id"));
        let url = string_or_href(object.get("url")).or_else(|| id.clone());
        let Some(date) = object.get("published").and_then(|p| p.as_str()).map(str::to_string) else {
            return Some(element_problem(self.index, "a post without \"published\""));
        };
        Some(Item::Post(Post { network: Network::Mastodon, id, date, url, text }))
    }

    fn network(&self) -> Option<Network> {
        Some(Network::Mastodon)
    }
}

// ---- LinkedIn and Reddit (CSV) --------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CsvKind {
    LinkedinShares,
    LinkedinComments,
    RedditPosts,
    RedditComments,
}

struct Csv {
    reader: CsvReader<Box<dyn BufRead>>,
    kind: CsvKind,
    fields: Vec<String>,
    columns: Columns,
    record: usize,
}

/// Column positions, by header name.
struct Columns {
    date: usize,
    id: Option<usize>,
    url: Option<usize>,
    title: Option<usize>,
    text: usize,
}

impl Csv {
    fn open(reader: Box<dyn BufRead>) -> Result<Csv, String> {
        let mut reader = CsvReader::new(reader);
        let mut header = Vec::new();
        if !reader.next_record(&mut header).map_err(|e| e.to_string())? {
            return Err("empty; expected a header row".into());
        }
        if let Some(first) = header.first_mut() {
            if let Some(rest) = first.strip_prefix('\u{FEFF}') {
                *first = rest.to_string();
            }
        }
        let col = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        let (kind, columns) = if let (Some(date), Some(text)) = (col("Date"), col("ShareCommentary")) {
            (CsvKind::LinkedinShares, Columns { date, id: None, url: col("ShareLink"), title: None, text })
        } else if let (Some(date), Some(text), Some(url)) = (col("Date"), col("Message"), col("Link")) {
            (CsvKind::LinkedinComments, Columns { date, id: None, url: Some(url), title: None, text })
        } else if let (Some(date), Some(text), Some(permalink)) = (col("date"), col("body"), col("permalink")) {
            let title = col("title");
            let kind = if title.is_some() { CsvKind::RedditPosts } else { CsvKind::RedditComments };
            (kind, Columns { date, id: col("id"), url: Some(permalink), title, text })
        } else {
            return Err(format!(
                "not a LinkedIn (Date, ShareLink, ShareCommentary / Date, Link, Message) or Reddit (id, permalink, date, …, body) file: its header is {}",
                header.join(",")
            ));
        };
        Ok(Csv { reader, kind, fields: Vec::new(), columns, record: 0 })
    }
}

impl Reader for Csv {
    fn next_item(&mut self) -> Option<Item> {
        let line = self.reader.line;
        match self.reader.next_record(&mut self.fields) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => return Some(Item::Problem { message: e.to_string(), stop: true }),
        }
        self.record += 1;
        let c = &self.columns;
        let field = |i: usize| self.fields.get(i).map(String::as_str).unwrap_or("");
        let reddit = matches!(self.kind, CsvKind::RedditPosts | CsvKind::RedditComments);
        let body = if reddit { decoded(field(c.text), true) } else { repair_mojibake(field(c.text).to_string()) };
        let text = match c.title.map(field).filter(|t| !t.is_empty()) {
            Some(title) if body.is_empty() => decoded(title, true),
            Some(title) => format!("{}\n\n{body}", decoded(title, true)),
            None => body,
        };
        if text.trim().is_empty() {
            return Some(Item::LeftOut);
        }
        let raw_date = field(c.date);
        let Some(date) = iso_from_spaced(raw_date) else {
            return Some(Item::Problem {
                message: format!("line {line}: a date like 2023-05-04 10:22:33 expected, found {raw_date:?}"),
                stop: false,
            });
        };
        let id = c.id.map(field).filter(|s| !s.is_empty()).map(str::to_string);
        let url = c.url.map(field).filter(|s| !s.is_empty()).map(|u| {
            if reddit && u.starts_with('/') {
                format!("https://www.reddit.com{u}")
            } else {
                u.to_string()
            }
        });
        let network = if reddit { Network::Reddit } else { Network::Linkedin };
        Some(Item::Post(Post { network, id, date, url, text }))
    }

    fn network(&self) -> Option<Network> {
        Some(match self.kind {
            CsvKind::LinkedinShares | CsvKind::LinkedinComments => Network::Linkedin,
            CsvKind::RedditPosts | CsvKind::RedditComments => Network::Reddit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_expanded_and_the_text_decoded() {
        let links = [
            ("https://t.co/abc".to_string(), "https://example.com/a?x=1&y=&lt;".to_string()),
            ("https://t.co/abcd".to_string(), "https://example.com/longer".to_string()),
        ];
        assert_eq!(
            expand_links("Q&amp;A: https://t.co/abc &lt;3 https://t.co/abcd", &links),
            "Q&A: https://example.com/a?x=1&y=&lt; <3 https://example.com/longer"
        );
        assert_eq!(expand_links("no links &gt;", &[]), "no links >");
    }
}
