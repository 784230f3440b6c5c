//! The files of an export, whatever holds them: a zip (read through its central directory:
//! only the entries we want are ever read), a `.tar.gz` (one pass, entries we do not want are
//! skipped as they stream by), or a folder.
//!
//! Each file is handed out as an owned reader, so that the iterator over posts can own the
//! archive (no borrowed entry to keep alive between calls).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::FileKind;

const BUFFER: usize = 1 << 16;

pub trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// One file of the export, ready to read.
pub struct Opened {
    pub name: String,
    pub kind: FileKind,
    pub reader: Box<dyn BufRead>,
}

/// A file that could not be opened: its name and why.
pub type Unopened = (String, String);

pub trait Files {
    /// The next export file (in the order they should be read); `None` at the end.
    fn next_file(&mut self) -> Option<Result<Opened, Unopened>>;
    /// Bytes read so far of what `total_bytes` counts.
    fn bytes_read(&self) -> u64;
    /// What will be read in all: compressed bytes of the wanted entries, or the archive's size.
    fn total_bytes(&self) -> Option<u64>;
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

// ---- zip ------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Stored,
    Deflated,
    Other(u16),
}

struct ZipPlanned {
    name: String,
    kind: FileKind,
    data_start: u64,
    compressed: u64,
    size: u64,
    crc: u32,
    method: Method,
    encrypted: bool,
}

pub struct ZipFiles {
    archive: Rc<RefCell<Box<dyn ReadSeek>>>,
    plan: VecDeque<ZipPlanned>,
    count: Rc<Cell<u64>>,
    total: u64,
}

/// The zip's central directory: every entry's name, and the plan of the export files to read.
/// `Err` with the zip crate's message when it is not a readable zip.
pub fn zip(reader: Box<dyn ReadSeek>) -> Result<(ZipFiles, Vec<String>), String> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| e.to_string())?;
    let mut names = Vec::with_capacity(archive.len());
    let mut plan = Vec::new();
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| e.to_string())?;
        let name = entry.name().replace('\\', "/");
        if let Some(kind) = crate::classify(&name).filter(|_| entry.is_file()) {
            // By number: without its compression features (we inflate ourselves), the zip
            // crate has no `Deflated` variant. `to_u16` is deprecated only in favour of
            // matching on those variants.
            #[allow(deprecated)]
            let method = match entry.compression().to_u16() {
                0 => Method::Stored,
                8 => Method::Deflated,
                other => Method::Other(other),
            };
            plan.push(ZipPlanned {
                name: name.clone(),
                kind,
                data_start: entry.data_start(),
                compressed: entry.compressed_size(),
                size: entry.size(),
                crc: entry.crc32(),
                method,
                encrypted: entry.encrypted(),
            });
        }
        names.push(name);
    }
    plan.sort_by_key(|p| (p.kind.order(), natural_key(&p.name)));
    let total = plan.iter().map(|p| p.compressed).sum();
    let archive = Rc::new(RefCell::new(archive.into_inner()));
    Ok((ZipFiles { archive, plan: plan.into(), count: Rc::new(Cell::new(0)), total }, names))
}

/// `posts_10.json` after `posts_2.json`: runs of digits compare as numbers; the extension
/// last, so `tweets.js` comes before `tweets-part1.js`.
fn natural_key(name: &str) -> Vec<(String, u64)> {
    let (name, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n = u64::from(c as u8 - b'0');
            while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(u64::from(d));
                chars.next();
            }
            out.push((std::mem::take(&mut text), n));
        } else {
            text.push(c);
        }
    }
    out.push((text, u64::MAX));
    out.push((extension.to_string(), u64::MAX));
    out
}

/// An entry's compressed bytes, read straight from the shared archive.
struct ZipRaw {
    archive: Rc<RefCell<Box<dyn ReadSeek>>>,
    pos: u64,
    remaining: u64,
    count: Rc<Cell<u64>>,
}

impl Read for ZipRaw {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 || buf.is_empty() {
            return Ok(0);
        }
        let want = buf.len().min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let mut archive = self.archive.borrow_mut();
        archive.seek(SeekFrom::Start(self.pos))?;
        let n = archive.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the archive ends inside this entry"));
        }
        self.pos += n as u64;
        self.remaining -= n as u64;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Checks the entry's size and CRC-32 at its end, so a damaged entry is an error, not text.
struct Checked<R> {
    inner: R,
    hasher: crc32fast::Hasher,
    size: u64,
    expected_crc: u32,
    expected_size: u64,
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf).map_err(|e| {
            if e.to_string().starts_with("damaged") {
                e
            } else {
                damaged(&e.to_string())
            }
        })?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        if self.size > self.expected_size {
            return Err(damaged("it is longer than the archive says"));
        }
        if n == 0 && !buf.is_empty() {
            if self.size != self.expected_size {
                return Err(damaged("it is shorter than the archive says"));
            }
            if self.hasher.clone().finalize() != self.expected_crc {
                return Err(damaged("its CRC-32 does not match"));
            }
        }
        Ok(n)
    }
}

fn damaged(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("damaged: {why}"))
}

impl Files for ZipFiles {
    fn next_file(&mut self) -> Option<Result<Opened, Unopened>> {
        let p = self.plan.pop_front()?;
        if p.encrypted {
            return Some(Err((p.name, "encrypted; not read".into())));
        }
        let raw = ZipRaw {
            archive: self.archive.clone(),
            pos: p.data_start,
            remaining: p.compressed,
            count: self.count.clone(),
        };
        let inflated: Box<dyn Read> = match p.method {
            Method::Stored => Box::new(raw),
            Method::Deflated => Box::new(flate2::bufread::DeflateDecoder::new(BufReader::with_capacity(BUFFER, raw))),
            Method::Other(m) => {
                return Some(Err((
                    p.name,
                    format!("compressed with method {m}; only stored and deflated entries can be read"),
                )));
            }
        };
        let checked = Checked {
            inner: inflated,
            hasher: crc32fast::Hasher::new(),
            size: 0,
            expected_crc: p.crc,
            expected_size: p.size,
        };
        Some(Ok(Opened { name: p.name, kind: p.kind, reader: Box::new(BufReader::with_capacity(BUFFER, checked)) }))
    }

    fn bytes_read(&self) -> u64 {
        self.count.get()
    }

    fn total_bytes(&self) -> Option<u64> {
        Some(self.total)
    }
}

// ---- folder ---------------------------------------------------------------------------

pub struct DirFiles {
    root: PathBuf,
    plan: VecDeque<(String, FileKind, u64)>,
    count: Rc<Cell<u64>>,
    total: u64,
}

/// The folder's files (names relative to it, `/`-separated); symbolic links to folders are
/// not followed.
pub fn dir(root: &Path) -> io::Result<(DirFiles, Vec<String>)> {
    let mut names = Vec::new();
    let mut plan = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((path, prefix)) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&path)?.collect::<io::Result<_>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push((entry.path(), format!("{name}/")));
                continue;
            }
            if let Some(file_kind) = crate::classify(&name) {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                plan.push((name.clone(), file_kind, size));
            }
            names.push(name);
        }
    }
    plan.sort_by_key(|p| (p.1.order(), natural_key(&p.0)));
    let total = plan.iter().map(|p| p.2).sum();
    Ok((DirFiles { root: root.to_path_buf(), plan: plan.into(), count: Rc::new(Cell::new(0)), total }, names))
}

/// One file given on its own (an `outbox.json`, a `tweets.js`).
pub fn single(path: &Path, name: String, kind: FileKind, size: u64) -> DirFiles {
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    DirFiles { root, plan: VecDeque::from([(name, kind, size)]), count: Rc::new(Cell::new(0)), total: size }
}

/// One export file held in memory.
pub struct MemoryFile {
    file: Option<(String, FileKind, Vec<u8>)>,
    count: Rc<Cell<u64>>,
    total: u64,
}

pub fn in_memory(name: String, kind: FileKind, bytes: Vec<u8>) -> MemoryFile {
    let total = bytes.len() as u64;
    MemoryFile { file: Some((name, kind, bytes)), count: Rc::new(Cell::new(0)), total }
}

impl Files for MemoryFile {
    fn next_file(&mut self) -> Option<Result<Opened, Unopened>> {
        let (name, kind, bytes) = self.file.take()?;
        let counting = Counting { inner: io::Cursor::new(bytes), count: self.count.clone() };
        Some(Ok(Opened { name, kind, reader: Box::new(BufReader::with_capacity(BUFFER, counting)) }))
    }

    fn bytes_read(&self) -> u64 {
        self.count.get()
    }

    fn total_bytes(&self) -> Option<u64> {
        Some(self.total)
    }
}

impl Files for DirFiles {
    fn next_file(&mut self) -> Option<Result<Opened, Unopened>> {
        let (name, kind, _) = self.plan.pop_front()?;
        match File::open(self.root.join(&name)) {
            Ok(file) => {
                let counting = Counting { inner: file, count: self.count.clone() };
                Some(Ok(Opened { name, kind, reader: Box::new(BufReader::with_capacity(BUFFER, counting)) }))
            }
            Err(e) => Some(Err((name, e.to_string()))),
        }
    }

    fn bytes_read(&self) -> u64 {
        self.count.get()
    }

    fn total_bytes(&self) -> Option<u64> {
        Some(self.total)
    }
}

// ---- .tar.gz --------------------------------------------------------------------------

struct TarInner {
    gz: flate2::read::MultiGzDecoder<Counting<Box<dyn Read>>>,
    /// Bytes of the current entry not yet read, and the padding after it.
    remaining: u64,
    padding: u64,
}

/// Reads the current entry's data.
struct TarEntry(Rc<RefCell<TarInner>>);

impl Read for TarEntry {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut inner = self.0.borrow_mut();
        if inner.remaining == 0 || buf.is_empty() {
            return Ok(0);
        }
        let want = buf.len().min(usize::try_from(inner.remaining).unwrap_or(usize::MAX));
        let n = inner.gz.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the archive ends inside this entry"));
        }
        inner.remaining -= n as u64;
        Ok(n)
    }
}

pub struct TarGzFiles {
    inner: Rc<RefCell<TarInner>>,
    count: Rc<Cell<u64>>,
    size: Option<u64>,
    /// Names seen so far (for the message when none was an export file).
    pub seen: Rc<RefCell<Vec<String>>>,
    /// Set when the archive itself could not be read further: why.
    pub broken: Rc<RefCell<Option<String>>>,
    done: bool,
}

pub fn tar_gz(reader: Box<dyn Read>, size: Option<u64>) -> TarGzFiles {
    let count = Rc::new(Cell::new(0));
    let gz = flate2::read::MultiGzDecoder::new(Counting { inner: reader, count: count.clone() });
    TarGzFiles {
        inner: Rc::new(RefCell::new(TarInner { gz, remaining: 0, padding: 0 })),
        count,
        size,
        seen: Rc::default(),
        broken: Rc::default(),
        done: false,
    }
}

fn octal(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        // GNU base-256 for sizes of 8 GiB and more.
        let mut n: u64 = u64::from(field[0] & 0x7F);
        for &b in &field[1..] {
            n = n.checked_mul(256)?.checked_add(u64::from(b))?;
        }
        return Some(n);
    }
    let text = std::str::from_utf8(field).ok()?;
    let text = text.trim_matches(|c: char| c == '\0' || c == ' ');
    if text.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(text, 8).ok()
}

fn c_string(field: &[u8]) -> String {
    let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

impl TarGzFiles {
    fn skip_rest(&mut self) -> io::Result<()> {
        let mut inner = self.inner.borrow_mut();
        let n = inner.remaining + inner.padding;
        let copied = io::copy(&mut (&mut inner.gz).take(n), &mut io::sink())?;
        if copied < n {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the archive ends inside an entry"));
        }
        inner.remaining = 0;
        inner.padding = 0;
        Ok(())
    }

    /// Reads the current entry whole (a long name or a pax header; small).
    fn read_small(&mut self, size: u64) -> io::Result<Vec<u8>> {
        if size > 1 << 20 {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "an extended header over 1 MiB"));
        }
        let mut data = Vec::new();
        TarEntry(self.inner.clone()).read_to_end(&mut data)?;
        self.skip_rest()?;
        Ok(data)
    }

    /// The next regular file's name, with its data ready to read; `None` at the end.
    fn next_entry(&mut self) -> io::Result<Option<String>> {
        let mut long_name: Option<String> = None;
        loop {
            self.skip_rest()?;
            let mut header = [0u8; 512];
            {
                let mut inner = self.inner.borrow_mut();
                let mut got = 0;
                while got < 512 {
                    let n = inner.gz.read(&mut header[got..])?;
                    if n == 0 {
                        break;
                    }
                    got += n;
                }
                if got == 0 {
                    return Ok(None); // no end-of-archive blocks; accept it
                }
                if got < 512 {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the archive ends inside a header"));
                }
            }
            if header.iter().all(|&b| b == 0) {
                return Ok(None);
            }
            let stored = octal(&header[148..156]);
            let sum: u64 =
                header.iter().enumerate().map(|(i, &b)| if (148..156).contains(&i) { 32 } else { u64::from(b) }).sum();
            if stored != Some(sum) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "not a tar archive inside the gzip (header checksum)",
                ));
            }
            let size = octal(&header[124..136])
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "a tar header with a bad size"))?;
            {
                let mut inner = self.inner.borrow_mut();
                inner.remaining = size;
                inner.padding = (512 - size % 512) % 512;
            }
            let typeflag = header[156];
            match typeflag {
                b'L' => {
                    let data = self.read_small(size)?;
                    long_name = Some(c_string(&data));
                    continue;
                }
                b'x' => {
                    let data = self.read_small(size)?;
                    if let Some(path) = pax_path(&data) {
                        long_name = Some(path);
                    }
                    continue;
                }
                b'0' | 0 | b'7' => {}
                _ => {
                    long_name = None;
                    continue; // folders, links, global headers: skipped by skip_rest
                }
            }
            let name = match long_name.take() {
                Some(name) => name,
                None => {
                    let name = c_string(&header[..100]);
                    let prefix =
                        if &header[257..262] == b"ustar" { c_string(&header[345..500]) } else { String::new() };
                    if prefix.is_empty() {
                        name
                    } else {
                        format!("{prefix}/{name}")
                    }
                }
            };
            let name = name.trim_start_matches("./").replace('\\', "/");
            return Ok(Some(name));
        }
    }
}

/// The `path` record of a pax extended header (`"27 path=some/long/name.json\n"`).
fn pax_path(data: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(data);
    text.lines().find_map(|line| line.split_once(' ').and_then(|(_, kv)| kv.strip_prefix("path=")).map(str::to_string))
}

impl Files for TarGzFiles {
    fn next_file(&mut self) -> Option<Result<Opened, Unopened>> {
        while !self.done {
            match self.next_entry() {
                Ok(None) => self.done = true,
                Ok(Some(name)) => {
                    let kind = crate::classify(&name);
                    self.seen.borrow_mut().push(name.clone());
                    if let Some(kind) = kind {
                        let entry = TarEntry(self.inner.clone());
                        return Some(Ok(Opened {
                            name,
                            kind,
                            reader: Box::new(BufReader::with_capacity(BUFFER, entry)),
                        }));
                    }
                }
                Err(e) => {
                    self.done = true;
                    let message =
                        if e.to_string().contains("invalid gzip header") || e.kind() == io::ErrorKind::InvalidInput {
                            format!("not a gzip file ({e})")
                        } else {
                            e.to_string()
                        };
                    *self.broken.borrow_mut() = Some(message);
                }
            }
        }
        None
    }

    fn bytes_read(&self) -> u64 {
        self.count.get()
    }

    fn total_bytes(&self) -> Option<u64> {
        self.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut names = vec!["a/your_posts_10.json", "a/your_posts_2.json", "a/your_posts_1.json"];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(names, ["a/your_posts_1.json", "a/your_posts_2.json", "a/your_posts_10.json"]);
        let mut names = vec!["data/tweets-part2.js", "data/tweets-part1.js", "data/tweets.js"];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(names, ["data/tweets.js", "data/tweets-part1.js", "data/tweets-part2.js"]);
    }

    #[test]
    fn tar_numbers() {
        assert_eq!(octal(b"00000001750\0"), Some(1000));
        assert_eq!(octal(b"     17 \0"), Some(15));
        assert_eq!(octal(&[0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]), Some(256));
        assert_eq!(octal(b"12x"), None);
        assert_eq!(
            pax_path(b"30 mtime=1700000000.123456789\n27 path=dir/long/outbox.json\n").unwrap(),
            "dir/long/outbox.json"
        );
    }
}
