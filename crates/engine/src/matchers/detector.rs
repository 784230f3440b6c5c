//! The `detector` matcher: runs one built-in detector (see `crate::detectors`) on the
//! original text.

use std::ops::Range;

use crate::detectors::{self, Detector, DetectorOptions};
use crate::policy::DetectorKind;

#[derive(Debug)]
pub(crate) struct DetectorRule {
    pub rule: usize,
    detector: Box<dyn Detector>,
}

impl DetectorRule {
    pub fn new(rule: usize, kind: DetectorKind, options: &DetectorOptions) -> DetectorRule {
        DetectorRule { rule, detector: detectors::build(kind, options) }
    }

    pub fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        self.detector.find(text, out);
    }
}
