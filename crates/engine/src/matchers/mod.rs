//! Matcher kinds, one file each. Each compiles once (in `Engine::new`) and only matches
//! when a post is checked.

pub(crate) mod detector;
pub(crate) mod proximity;
pub(crate) mod regex;
pub(crate) mod terms;
