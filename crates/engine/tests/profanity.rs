//! What the default pack does with swearing, insults, hate and threats, by severity: the
//! scale issue 11 and docs/labelling.md set (mild expletives at most `info`, vulgar
//! swearing and name-calling `warn`, slurs, hate against groups and threats `block`) and
//! the uses that must stay quiet (negation, quoting to object, literal and homonym uses).
//! The posts are written for this test, apart from the rules' own examples and the dev
//! hold-out (tests/corpus/dev-profanity.jsonl).

use composure_engine::{parse_policy, Context, Engine, Lang, Policy, Severity, DEFAULT_PACK_JSON};

fn engine() -> Engine {
    let org = parse_policy(DEFAULT_PACK_JSON).unwrap().example_organization.unwrap();
    Engine::new(&Policy { extends: vec!["default".into()], organization: org, ..Default::default() }).unwrap()
}

/// The worst severity of the profanity-insult findings in `text`, if any.
fn worst(engine: &Engine, text: &str) -> Option<Severity> {
    let ctx = Context { lang: Lang::En, ..Default::default() };
    engine.check(text, &ctx).iter().filter(|f| f.category == "profanity-insult").map(|f| f.severity).max()
}

fn expect(engine: &Engine, want: Option<Severity>, posts: &[&str]) {
    let wrong: Vec<String> =
        posts.iter().filter(|p| worst(engine, p) != want).map(|p| format!("{p:?}: {:?}", worst(engine, p))).collect();
    assert!(wrong.is_empty(), "expected {want:?}:\n{}", wrong.join("\n"));
}

#[test]
fn mild_expletives_are_at_most_a_note() {
    let e = engine();
    for p in ["Darn, the printer is out of toner", "verdorie, lekke band", "wtf is this queue at the bakery"] {
        assert!(worst(&e, p) <= Some(Severity::Info), "{p:?}: {:?}", worst(&e, p));
    }
}

#[test]
fn vulgar_swearing_and_name_calling_warn() {
    expect(
        &engine(),
        Some(Severity::Warn),
        &[
            "this traffic is shit",
            "klotemiddag, alles ging fout",
            "Godverdomme, alweer geen parkeerplek",
            "wat een tyfusherrie van die scooters",
            "the moron in the Tesla blocked two spaces",
            "Die sukkel van de kapper heeft mijn pony verpest",
            "a total lowlife stole my bike lights",
            "that old hag from the allotment complained again",
            "lamlullen op de fiets zonder licht",
            "kankerzooi met die nieuwe app",
        ],
    );
}

#[test]
fn slurs_hate_against_groups_and_threats_hold_the_post() {
    expect(
        &engine(),
        Some(Severity::Block),
        &[
            "Somalis are parasites",
            "Syriërs zijn tuig, allemaal",
            "I despise Jews",
            "ik haat zigeuners",
            "all immigrants should be deported, the vermin",
            "lesbians are perverts",
            "Eritreeërs horen in een kooi",
            "I'll stab you next time",
            "Ik steek hem neer als ik hem zie",
            "weet je te vinden hoor, ik weet waar je woont",
            "hope you get cancer, loser",
        ],
    );
}

#[test]
fn negation_quoting_and_literal_uses_stay_quiet() {
    expect(
        &engine(),
        None,
        &[
            "Immigrants are not criminals.",
            "Syriërs zijn geen tuig, het zijn buren",
            "I don't hate Jews, I hate this government",
            "My neighbour isn't an idiot, he just didn't see the sign",
            "Saying 'migrants are vermin' should cost a politician their seat",
            "Hij noemde vluchtelingen 'ongedierte' in het debat, schandalig",
            "Mijn tante heeft kanker, duim voor haar",
            "Ten years cancer-free, what a party",
            "Fag break in the rain, proper British summer",
            "Our bitch is pregnant, puppies in March",
            "Dick Advocaat geeft vandaag een persconferentie",
            "I'd kill for a coffee",
            "Ik ga dood van het lachen",
            "Women in engineering: three stories from our meetup",
            "Asielzoekers slapen in tenten in Ter Apel, dit kan niet zo",
            "The new parking policy is a disaster and badly thought out",
        ],
    );
}

#[test]
fn evasions_of_new_terms_still_match() {
    let e = engine();
    for p in [
        "what a m0r0n",
        "s u k k e l",
        "die eik\u{200b}el weer",
        "ｉｄｉｏｔ on the bus",
        "Muslims are v3rmin",
        "wat een klootzka",
    ] {
        assert!(worst(&e, p) >= Some(Severity::Warn), "{p:?}: {:?}", worst(&e, p));
    }
}
