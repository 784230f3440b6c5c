//! Built-in detectors: each finds one kind of sensitive value and validates it (checksum,
//! structure) so that look-alikes (an order number that fails the Luhn check, a date, a
//! version number) are not flagged. One detector per file.
//!
//! Detectors run on the original text, not the normalised one: digits and symbols matter here.

use std::ops::Range;

use crate::policy::DetectorKind;

mod address;
mod api_key;
mod bsn;
mod email;
mod iban;
mod ip_address;
mod keyed;
mod password;
mod payment_card;
mod phone;
mod private_key;
mod reference;
mod secret_in_words;
mod tokens;
mod url_credentials;

/// Finds values in `text` and pushes their byte ranges to `out`, in ascending order.
/// Must never panic, whatever the text; ranges must lie on `char` boundaries.
pub(crate) trait Detector: Send + Sync + std::fmt::Debug {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>);
}

/// Options a detector can take from its rule (already expanded from `{email_domains}` etc.).
#[derive(Debug, Clone, Default)]
pub(crate) struct DetectorOptions {
    /// `email`: only addresses at these domains (or their subdomains), lowercase. Empty: all.
    pub domains: Vec<String>,
    /// `ip_address`: only private/internal ranges.
    pub private_only: bool,
    /// `email`: only addresses of people, not role mailboxes (`info@`, `jobs@`).
    pub personal_only: bool,
}

pub(crate) fn build(kind: DetectorKind, options: &DetectorOptions) -> Box<dyn Detector> {
    match kind {
        DetectorKind::Email => Box::new(email::Email::new(&options.domains, options.personal_only)),
        DetectorKind::Phone => Box::new(phone::Phone),
        DetectorKind::Iban => Box::new(iban::Iban),
        DetectorKind::Bsn => Box::new(bsn::Bsn),
        DetectorKind::Address => Box::new(address::Address),
        DetectorKind::PaymentCard => Box::new(payment_card::PaymentCard),
        DetectorKind::IpAddress => Box::new(ip_address::IpAddress { private_only: options.private_only }),
        DetectorKind::ApiKey => Box::new(api_key::ApiKey::new()),
        DetectorKind::PrivateKey => Box::new(private_key::PrivateKey),
        DetectorKind::Password => Box::new(password::Password::new()),
        DetectorKind::UrlCredentials => Box::new(url_credentials::UrlCredentials),
        DetectorKind::SecretInWords => Box::new(secret_in_words::SecretInWords),
    }
}
