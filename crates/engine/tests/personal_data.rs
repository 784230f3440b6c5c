//! What the default pack does with personal data, as a user relies on it: someone else's
//! details are warned about or held, the author's own details offered on purpose, role
//! mailboxes and documentation examples are not. Texts written for this file (not taken from
//! the development hold-outs in `corpus/`).

use composure_engine::{Context, Engine, Severity};

/// Warn and block findings of the personal-data category: (rule id, flagged text).
fn personal(engine: &Engine, text: &str) -> Vec<(String, String)> {
    engine
        .check(text, &Context::default())
        .into_iter()
        .filter(|f| f.category == "personal-data" && f.severity >= Severity::Warn)
        .map(|f| (f.rule_id.to_string(), text[f.span].to_string()))
        .collect()
}

fn rules(engine: &Engine, text: &str) -> Vec<String> {
    personal(engine, text).into_iter().map(|(r, _)| r).collect()
}

/// A valid IBAN for `country` and `bban` (the check digits computed).
fn iban(country: &str, bban: &str) -> String {
    let moved = format!("{bban}{country}00");
    let rem = moved.chars().fold(0u32, |acc, c| match c.to_digit(36) {
        Some(v) if v >= 10 => (acc * 100 + v) % 97,
        Some(v) => (acc * 10 + v) % 97,
        None => acc,
    });
    format!("{country}{:02}{bban}", 98 - rem)
}

#[test]
fn ibans_in_any_grouping_are_flagged() {
    let e = Engine::default_pack();
    let es = iban("ES", "21000813610123456789");
    let odd = format!(
        "{} {} {} {} {} {} {}",
        &es[..2],
        &es[2..4],
        &es[4..8],
        &es[8..12],
        &es[12..16],
        &es[16..20],
        &es[20..]
    );
    assert_eq!(personal(&e, &format!("De huur van Joost gaat naar {odd}")), [("PD003-iban".into(), odd.clone())]);
    let no = iban("NO", "86011117947");
    let no_odd = format!("{} {} {} {}", &no[..2], &no[2..6], &no[6..10], &no[10..]);
    assert_eq!(rules(&e, &format!("Pay Ingrid back: {no_odd}")), ["PD003-iban"]);
    let dashed = iban("AT", "1904300234573201")
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("-");
    assert_eq!(rules(&e, &format!("client account {}", dashed.to_lowercase())), ["PD003-iban"]);
}

#[test]
fn bsns_spaced_and_dotted_are_held_but_reference_numbers_are_not() {
    let e = Engine::default_pack();
    for bsn in ["5589 40 912", "558.940.912", "5589.40.912", "558 940 912", "558940912"] {
        let found = e.check(&format!("bsn van de cliënt: {bsn}"), &Context::default());
        assert!(found.iter().any(|f| f.rule_id == "PD004-bsn" && f.severity == Severity::Block), "{bsn}");
    }
    for text in ["Ordernummer 558940912 is zoek", "tracking 558 940 912", "Whatsapp me: 558940912 (in het buitenland)"]
    {
        assert!(!rules(&e, text).contains(&"PD004-bsn".to_string()), "{text}");
    }
}

#[test]
fn home_addresses_need_a_number_or_a_postcode() {
    let e = Engine::default_pack();
    for (text, address) in [
        ("Die klant woont op de Iepenlaan 23, echt een drama", "Iepenlaan 23"),
        ("Marjolein zit nu op Herengracht 12-III", "Herengracht 12"),
        ("hij woont in 3521 AZ Utrecht", "3521 AZ"),
        ("Her parents live at 42 Kingsley Road, Leeds LS7 4HU", "42 Kingsley Road"),
        ("my coworker's place: 9 Elm St, Apt 3, Salem, OR 97301", "9 Elm St"),
    ] {
        let found = personal(&e, text);
        assert!(found.iter().any(|(r, t)| r == "PD009-home-address" && t.starts_with(address)), "{text}: {found:?}");
    }
    for text in [
        "Meet you at the bus stop on Stationsplein",
        "Leidsestraat is packed with tourists again",
        "Our shop moved to Marktstraat 8, come by!",
        "Te koop: fiets, ophalen aan de Iepenlaan 23",
        "De A2 bij knooppunt Oudenrijn staat vast, 12 km file",
    ] {
        assert!(!rules(&e, text).contains(&"PD009-home-address".to_string()), "{text}");
    }
}

#[test]
fn a_named_persons_health_is_flagged_the_authors_own_is_not() {
    let e = Engine::default_pack();
    for text in [
        "Lotte from marketing is pregnant, she hasn't told anyone yet",
        "Mijn collega Ahmed ligt in het ziekenhuis met een longontsteking, na een hartaanval",
        "De stagiair heeft een burn-out, zegt hij",
    ] {
        assert!(rules(&e, text).contains(&"PD006-health-of-others".to_string()), "{text}");
    }
    for text in [
        "I'm in hospital until Friday, replies will be slow",
        "Ik ben zwanger van de tweede! 🎉",
        "The minister was taken to hospital, the ministry said",
        "My colleague is cycling 200 km for cancer research, sponsor him!",
    ] {
        assert!(rules(&e, text).is_empty(), "{text}: {:?}", personal(&e, text));
    }
}

#[test]
fn the_authors_own_details_role_mailboxes_and_documentation_values_pass() {
    let e = Engine::default_pack();
    let sponsor = iban("NL", "RABO0300065264");
    for text in [
        "Vragen over de cursus? Mail me: wietske.hoekstra@example.nl",
        "Bel me gerust op 06-24681357 als je wilt sparren",
        "App me op 0613579246 voor een afspraak",
        "For sale: my old desk, €30. Text me on 06-11223344",
        "Open to work as a UX writer, contact me at ux.by.sam@example.com",
        &format!("Ik loop de 4 Mijl voor het Hospice, sponsor me op {sponsor}!"),
        "We zoeken een kok! Reageer via sollicitaties@restaurant.example of jobs@restaurant.example",
        "Support questions go to support@product.example, HR questions to hr@product.example",
        "The IBAN registry's example NL91 ABNA 0417 1643 00 is 18 characters long",
        "Example from the spec: GB82 WEST 1234 5698 7654 32",
        "Het bekende voorbeeld 111222333 haalt de elfproef",
    ] {
        assert!(rules(&e, text).is_empty(), "{text}: {:?}", personal(&e, text));
    }
    // Someone else's details in the same kinds of post are still found.
    assert_eq!(rules(&e, "Zijn nummer is 06-24681357, bel hem maar"), ["PD002-phone-number"]);
    assert_eq!(rules(&e, "mail Koen, koen.dekker@example.nl, hij weet het"), ["PD001-email-address"]);
    // A test card number is still a card number: held.
    let card = e.check("try the test card 4111 1111 1111 1111 in production", &Context::default());
    assert!(card.iter().any(|f| f.rule_id == "PD005-payment-card" && f.severity == Severity::Block));
}

#[test]
fn first_names_count_as_people_public_figures_in_the_news_do_not() {
    let e = Engine::default_pack();
    for text in ["Thijs heeft kanker, hij wil niet dat het rondgaat", "Megan is expecting again!! don't tell anyone"] {
        assert_eq!(rules(&e, text), ["PD012-named-person-health"], "{text}");
    }
    for text in [
        "Congrats Emma on finishing your nursing degree, the hospital is lucky to have you!",
        "Koen is de beste fysiotherapeut die ik ken",
        "Anna's therapy dog visited the office today",
        "Prince William announced that the palace is supporting cancer research",
        "In the new series, Emma is diagnosed with cancer in episode 2",
        "Bram en ik lopen morgen de marathon voor KWF",
    ] {
        assert!(rules(&e, text).is_empty(), "{text}: {:?}", personal(&e, text));
    }
}

#[test]
fn dates_of_birth_and_private_life_of_others() {
    let e = Engine::default_pack();
    assert!(
        rules(&e, "Nieuwe klant, geboren op 3 februari 1962, belt morgen").contains(&"PD010-date-of-birth".to_string())
    );
    assert_eq!(rules(&e, "new hire Ilona, DOB 03/02/1962"), ["PD010-date-of-birth"]);
    assert!(rules(&e, "I was born on 3 February 1962, feeling old").is_empty());
    assert!(rules(&e, "Mijn collega Erik ligt in scheiding, zijn vrouw is vreemdgegaan")
        .contains(&"PD011-private-life-of-others".to_string()));
    assert!(rules(&e, "Divorce rates went up in 2025, says the CBS").is_empty());
}

#[test]
fn words_that_are_health_words_only_sometimes_do_not_flag() {
    let e = Engine::default_pack();
    for text in [
        "A stroke of luck for my colleague today",
        "My colleague broke his promise again",
        "My colleague's script now runs in 300 ms",
        "Tijdens corona werkten mijn collega's thuis",
        "Sanne is opgenomen in het team",
        "Tom is expecting the report by Friday",
        "Bart diagnosed the bug in 5 minutes",
        "Meet Kim at terminal 2",
    ] {
        assert!(rules(&e, text).is_empty(), "{text}: {:?}", personal(&e, text));
    }
}
