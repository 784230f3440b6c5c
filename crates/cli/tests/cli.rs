//! End-to-end tests of the `composure` binary. Snapshots use the small fixture policies in
//! `tests/fixtures/` (no `extends`), so they do not change when the default pack's wording
//! does; tests of the default pack only assert structure.

mod support;

use support::{command, manifest_dir, run, run_with, snapshot};

const ACME: &str = "tests/fixtures/acme.json";

fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

// ---- check ----------------------------------------------------------------------------

#[test]
fn check_english() {
    let out = snapshot(
        "check_english",
        &["check", "--policy", ACME, "Can't wait for Falcon to launch! Acme is useless though."],
        None,
    );
    assert_eq!(out.code, 1);
}

#[test]
fn check_dutch() {
    let out = snapshot(
        "check_dutch",
        &[
            "check",
            "--policy",
            ACME,
            "--lang",
            "nl",
            "Klant K-123456 belde over Blauwe Reiger. Acme is echt waardeloos.",
        ],
        None,
    );
    assert_eq!(out.code, 1);
}

#[test]
fn check_aligns_carets_under_emoji_cjk_and_combining_marks() {
    let post = "🎉🎉 日本語 Falcon is live! 👨\u{200D}👩\u{200D}👧 Klant K-123456, cafe\u{301} Falcon";
    let out = snapshot("check_wide_text", &["check", "--policy", ACME, post], None);
    assert_eq!(out.code, 1);
    // The first caret sits under the F of the first Falcon: 🎉🎉 take 2 columns each, 日本語 6.
    let lines: Vec<&str> = out.stdout.lines().collect();
    let text = lines.iter().position(|l| l.starts_with("1 | ")).unwrap();
    assert_eq!(lines[text + 1], format!("  | {}^^^^^^", " ".repeat(2 + 2 + 1 + 6 + 1)));
}

#[test]
fn check_reads_stdin_and_shows_the_right_line() {
    let post = "Hello team,\n\tFalcon ships soon\r\nbye\n";
    let out = snapshot("check_stdin_multiline", &["check", "--policy", ACME], Some(post));
    assert_eq!(out.code, 1);
    let dash = run(&["check", "--policy", ACME, "-"], Some(post));
    assert_eq!(dash.stdout, out.stdout);
}

#[test]
fn check_long_line_is_cut_around_the_finding() {
    let post = format!("{}Falcon{}", "Lorem ipsum dolor sit amet. ".repeat(8), " Consectetur adipiscing.".repeat(8));
    let out = snapshot("check_long_line", &["check", "--policy", ACME, &post], None);
    assert_eq!(out.code, 1);
}

#[test]
fn check_without_findings_exits_0() {
    let out = snapshot("check_no_findings", &["check", "--policy", ACME, "Lovely weather at the beach"], None);
    assert_eq!(out.code, 0);
}

#[test]
fn check_site_rules_and_fail_on() {
    // An info rule that applies on LinkedIn (and its subdomains) only.
    let post = "My salary at Acme";
    let on_linkedin = ["check", "--policy", ACME, "--site", "www.linkedin.com", post];
    let out = snapshot("check_site_info", &on_linkedin, None);
    assert_eq!(out.code, 0, "info is below the default --fail-on warn");
    assert!(out.stdout.contains("info[ACME004-salary-on-linkedin]"));

    let strict = run(&["check", "--policy", ACME, "--site", "linkedin.com", "--fail-on", "info", post], None);
    assert_eq!(strict.code, 1);

    let elsewhere = run(&["check", "--policy", ACME, "--site", "x.com", "--fail-on", "info", post], None);
    assert_eq!((elsewhere.code, elsewhere.stdout.as_str()), (0, "no findings\n"));

    // A block finding fails at every threshold, a warn one not at block.
    assert_eq!(run(&["check", "--policy", ACME, "--fail-on", "block", "K-123456"], None).code, 1);
    assert_eq!(run(&["check", "--policy", ACME, "--fail-on", "block", "Falcon"], None).code, 0);
    assert_eq!(run(&["check", "--policy", ACME, "--fail-on", "warn", "Falcon"], None).code, 1);
}

#[test]
fn check_language_comes_from_the_environment() {
    let dutch = "Dit is een vertrouwelijke projectnaam";
    let english = "This is a confidential project name";
    let with_env = |vars: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["check", "--policy", ACME];
        args.extend_from_slice(extra);
        args.push("Falcon");
        let mut cmd = command(&args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        run_with(cmd, None).stdout
    };
    assert!(with_env(&[("LANG", "nl_NL.UTF-8")], &[]).contains(dutch));
    assert!(with_env(&[("LANG", "nl_BE.UTF-8"), ("LC_ALL", "en_GB.UTF-8")], &[]).contains(english));
    assert!(with_env(&[("LC_ALL", "nl")], &[]).contains(dutch));
    assert!(with_env(&[("LANG", "C.UTF-8")], &[]).contains(english));
    assert!(with_env(&[], &[]).contains(english));
    assert!(with_env(&[("LANG", "nl_NL.UTF-8")], &["--lang", "en"]).contains(english));
}

#[test]
fn check_colors_only_when_asked() {
    let plain = run(&["check", "--policy", ACME, "Falcon"], None);
    assert!(!plain.stdout.contains('\x1b'), "stdout is a pipe here: no color");
    let colored = run(&["check", "--policy", ACME, "--color", "always", "Falcon"], None);
    assert!(colored.stdout.contains("\x1b[1;33mwarn[ACME001-codename]\x1b[0m"), "{}", colored.stdout);
    let never = run(&["--color", "never", "check", "--policy", ACME, "Falcon"], None);
    assert_eq!(never.stdout, plain.stdout);
}

#[test]
fn check_sanitizes_terminal_control_characters() {
    let out = run(&["check", "--policy", ACME, "\x1b[2J \u{202E}Falcon"], None);
    assert_eq!(out.code, 1);
    assert!(!out.stdout.contains('\x1b') && !out.stdout.contains('\u{202E}'), "{}", out.stdout);
    assert!(out.stdout.contains("1 | \u{FFFD}[2J \u{FFFD}Falcon\n  |       ^^^^^^\n"), "{}", out.stdout);
}

#[test]
fn check_input_errors_exit_2() {
    let missing = run(&["check", "--policy", "tests/fixtures/nope.json", "Falcon"], None);
    assert_eq!(missing.code, 2);
    assert_eq!(missing.stderr, "error: cannot read tests/fixtures/nope.json: no such file or directory\n");
    assert_eq!(missing.stdout, "");

    let bad = snapshot("check_bad_policy", &["check", "--policy", "tests/fixtures/bad_regex.json", "x"], None);
    assert_eq!(bad.code, 2);

    let mut cmd = command(&["check", "--policy", ACME]);
    cmd.env("LANG", "C");
    let not_utf8 = run_with(cmd, Some(vec![b'F', 0xff, b'\n']));
    assert_eq!((not_utf8.code, not_utf8.stderr.as_str()), (2, "error: cannot read stdin: not valid UTF-8\n"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check", "--frobnicate", "x"][..],
        &["check", "--lang", "fr", "x"],
        &["check", "--fail-on", "never", "x"],
        &["check", "--jsonl", "-", "text too"],
        &["validate"],
        &["explain"],
        &["nonsense"],
        &[],
    ] {
        let out = run(args, None);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("error") || out.stderr.contains("Usage"), "{args:?}: {}", out.stderr);
    }
}

// ---- check --jsonl ----------------------------------------------------------------------

#[test]
fn jsonl_snapshot() {
    let out = snapshot("jsonl", &["check", "--policy", ACME, "--jsonl", "tests/fixtures/posts.jsonl"], None);
    assert_eq!(out.code, 2, "the file has bad lines");
    // Every line of output is JSON; one per non-blank input line, in order.
    let input = std::fs::read_to_string(manifest_dir().join("tests/fixtures/posts.jsonl")).unwrap();
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), input.lines().filter(|l| !l.trim().is_empty()).count());
}

#[test]
fn jsonl_fields_offsets_and_errors() {
    let input = concat!(
        r#"{"id": 1, "site": "www.linkedin.com", "text": "😀😀 Falcon 🎉 K-123456 salary"}"#,
        "\n",
        r#"{"text": "Falcon", "id": "second", "lang": "nl"}"#,
        "\n\n  \n",
        "not json\n",
        r#"{"id": 4, "text": null}"#,
        "\n",
        r#"{"id": 5, "text": "fine"}"#,
    );
    let out = run(&["check", "--policy", ACME, "--jsonl", "-"], Some(input));
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr, "error: 2 lines of stdin could not be checked; see their \"error\" field in the output\n");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", out.stdout);
    // Input fields but `text` come first, in their order; then the findings.
    assert!(lines[0].starts_with(r#"{"id":1,"site":"www.linkedin.com","findings":[{"rule":"ACME001-codename","category":"confidential","severity":"warn","start":5,"end":11,"message":"#), "{}", lines[0]);
    let first = &json_lines(lines[0])[0];
    let spans: Vec<(&str, u64, u64)> = first["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["start"].as_u64().unwrap(), f["end"].as_u64().unwrap()))
        .collect();
    // UTF-16: each of 😀 and 🎉 is two code units.
    assert_eq!(
        spans,
        [("ACME001-codename", 5, 11), ("ACME002-customer-number", 15, 23), ("ACME004-salary-on-linkedin", 24, 30)]
    );
    assert!(
        lines[1].starts_with(r#"{"id":"second","lang":"nl","findings":[{"rule":"ACME001-codename""#),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2], r#"{"id":null,"error":"line 5: not valid JSON: expected ident at column 2"}"#);
    assert_eq!(lines[3], r#"{"id":4,"error":"line 6: \"text\" is not a string"}"#);
    assert_eq!(lines[4], r#"{"id":5,"findings":[]}"#);
}

#[test]
fn jsonl_exit_codes_and_site_default() {
    let posts = "{\"id\":1,\"text\":\"Falcon\"}\n{\"id\":2,\"text\":\"nothing\"}\n";
    let args = |extra: &[&'static str]| {
        let mut a = vec!["check", "--policy", ACME, "--jsonl", "-"];
        a.extend_from_slice(extra);
        a
    };
    assert_eq!(run(&args(&[]), Some(posts)).code, 1);
    assert_eq!(run(&args(&["--fail-on", "block"]), Some(posts)).code, 0);
    assert_eq!(run(&args(&[]), Some("{\"text\":\"hello\"}\n")).code, 0);
    let empty = run(&args(&[]), Some(""));
    assert_eq!((empty.code, empty.stdout.as_str()), (0, ""));

    // --site applies to lines without a site of their own.
    let salary = "{\"id\":1,\"text\":\"salary\"}\n{\"id\":2,\"site\":\"x.com\",\"text\":\"salary\"}\n";
    let out = run(&args(&["--site", "linkedin.com"]), Some(salary));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines[0]["findings"][0]["rule"], "ACME004-salary-on-linkedin");
    assert_eq!(lines[1]["findings"], serde_json::json!([]));

    // Dutch messages with --lang nl.
    let nl = run(&args(&["--lang", "nl"]), Some("{\"text\":\"Falcon\"}"));
    assert!(nl.stdout.contains("vertrouwelijke projectnaam"), "{}", nl.stdout);
}

#[test]
fn jsonl_bad_bytes_and_missing_file() {
    let mut input = b"{\"id\":1,\"text\":\"Falcon\"}\n".to_vec();
    input.extend_from_slice(b"{\"id\":2,\"text\":\"\xff\"}\n{\"id\":3,\"text\":\"ok\"}\r\n");
    let out = run_with(command(&["check", "--policy", ACME, "--jsonl", "-"]), Some(input));
    assert_eq!(out.code, 2);
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1], serde_json::json!({"id": null, "error": "line 2: not valid UTF-8"}));
    assert_eq!(lines[2], serde_json::json!({"id": 3, "findings": []}));

    let missing = run(&["check", "--jsonl", "tests/fixtures/nope.jsonl"], None);
    assert_eq!(missing.code, 2);
    assert_eq!(missing.stderr, "error: cannot read tests/fixtures/nope.jsonl: no such file or directory\n");
}

#[test]
fn jsonl_streams_many_lines_in_order() {
    let n = 20_000;
    let mut input = String::new();
    for i in 0..n {
        let text = if i % 3 == 0 { "Project Falcon 🎉" } else { "a quiet day" };
        input.push_str(&format!("{{\"id\":{i},\"text\":\"{text}\"}}\n"));
    }
    let started = std::time::Instant::now();
    let out = run(&["check", "--policy", ACME, "--jsonl", "-"], Some(&input));
    let took = started.elapsed();
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr, "", "no progress bar: stderr is not a terminal");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), n);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["id"], i);
        assert_eq!(line["findings"].as_array().unwrap().len(), usize::from(i % 3 == 0));
    }
    assert!(took.as_secs() < 60, "20k short posts took {took:?}");
}

// ---- validate ---------------------------------------------------------------------------

fn validate(name: &str) -> support::Output {
    snapshot(&format!("validate_{name}"), &["validate", &format!("tests/fixtures/{name}.json")], None)
}

#[test]
fn validate_ok() {
    let out = validate("acme");
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "ok: 5 rules (0 from packs, 5 own), all examples pass\n");
    assert_eq!(out.stderr, "");
}

#[test]
fn validate_warnings_do_not_fail() {
    let out = validate("warnings");
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("warning: no organization.code_url; findings will not link to your code\n"));
    assert!(out.stderr.contains("{codenames} in rule X001-codename"));
    assert!(out.stderr.contains("rules[1] (rule X002-untested): no examples.flag"));
}

#[test]
fn validate_invalid_json_names_line_and_column() {
    let out = validate("invalid_json");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("invalid_json.json: line 3, column 3: expected `,` or `}`"), "{}", out.stderr);
}

#[test]
fn validate_unknown_field_names_the_path() {
    let out = validate("unknown_field");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("rules[0].severty (line 7, column 15): unknown field `severty`"), "{}", out.stderr);
}

#[test]
fn validate_unknown_matcher_kind() {
    let out = validate("unknown_kind");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("rules[0].match.kind"), "{}", out.stderr);
    assert!(out.stderr.contains("unknown variant `wordlist`"), "{}", out.stderr);
}

#[test]
fn validate_bad_regex_names_the_rule() {
    let out = validate("bad_regex");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("rules[1].match.pattern (rule X002-bad-regex): regex does not compile"),
        "{}",
        out.stderr
    );
}

#[test]
fn validate_failing_examples_each_on_their_line() {
    let out = validate("failing_example");
    assert_eq!(out.code, 2);
    let errors: Vec<&str> = out.stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 3, "{}", out.stderr);
    assert!(errors[0].contains("rules[0].examples.flag[1] (rule X001-secret)"), "{}", errors[0]);
    assert!(errors[1].contains("rules[0].examples.pass[1] (rule X001-secret)"), "{}", errors[1]);
    assert!(errors[2].ends_with("is not a usable policy (2 problems)"));
}

#[test]
fn validate_lists_every_problem() {
    let out = validate("many_problems");
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.lines().filter(|l| l.starts_with("error: ")).count(), 6, "{}", out.stderr);
    assert_eq!(validate("unknown_pack").code, 2);
}

#[test]
fn validate_unreadable_file() {
    let out = run(&["validate", "tests/fixtures/nope.json"], None);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr, "error: cannot read tests/fixtures/nope.json: no such file or directory\n");
    let dir = run(&["validate", "tests/fixtures"], None);
    assert_eq!(dir.code, 2);
    assert!(dir.stderr.starts_with("error: cannot read tests/fixtures: "), "{}", dir.stderr);
}

// ---- rules, explain ---------------------------------------------------------------------

#[test]
fn rules_table_and_json() {
    let table = snapshot("rules", &["rules", "--policy", ACME], None);
    assert_eq!(table.code, 0);
    let json = snapshot("rules_json", &["rules", "--policy", ACME, "--lang", "nl", "--json"], None);
    assert_eq!(json.code, 0);
    let rules: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(rules.as_array().unwrap().len(), 5);
}

#[test]
fn explain_a_rule() {
    let out = snapshot("explain", &["explain", "--policy", ACME, "ACME001-codename"], None);
    assert_eq!(out.code, 0);
    let nl = snapshot("explain_nl", &["explain", "--policy", ACME, "--lang", "nl", "acme003"], None);
    assert_eq!(nl.code, 0);
}

#[test]
fn explain_unknown_rule() {
    let typo = run(&["explain", "--policy", ACME, "ACME01"], None);
    assert_eq!(typo.code, 2);
    assert_eq!(typo.stderr, "error: no rule \"ACME01\" in tests/fixtures/acme.json; did you mean ACME001-codename?\n");
    let unknown = run(&["explain", "--policy", ACME, "XYZ"], None);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("`composure rules` lists the rules"));
}

// ---- schema, help, version --------------------------------------------------------------

#[test]
fn committed_schema_is_up_to_date() {
    let out = run(&["schema"], None);
    assert_eq!(out.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(schema["title"], "Policy");
    let path = manifest_dir().join("../../schema/policy.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == out.stdout,
        "schema/policy.schema.json is not what `composure schema` prints (the policy types changed?); \
         regenerate it from the repository root with:\n  \
         cargo run --bin composure -- schema > schema/policy.schema.json"
    );
}

#[test]
fn help_has_examples_and_exit_codes() {
    for command in [&[][..], &["check"], &["validate"], &["rules"], &["explain"], &["schema"]] {
        let mut args = command.to_vec();
        args.push("--help");
        let out = run(&args, None);
        assert_eq!(out.code, 0, "{args:?}");
        assert!(out.stdout.contains("Examples:\n  composure "), "{args:?}: {}", out.stdout);
        assert!(out.stdout.contains("Exit codes:\n  0  "), "{args:?}: {}", out.stdout);
    }
    let version = run(&["--version"], None);
    assert_eq!((version.code, version.stdout.as_str()), (0, concat!("composure ", env!("CARGO_PKG_VERSION"), "\n")));
}

// ---- the default pack (structure only: its wording changes) -----------------------------

#[test]
fn default_pack_blocks_bsn_and_card_numbers() {
    let input = concat!(
        r#"{"id":"bsn","text":"Mijn BSN is 111222333, klopt dat?"}"#,
        "\n",
        r#"{"id":"card","text":"Card: 4111 1111 1111 1111"}"#,
        "\n",
        r#"{"id":"fine","text":"Lekker weer vandaag"}"#,
        "\n"
    );
    let out = run(&["check", "--jsonl", "-"], Some(input));
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let lines = json_lines(&out.stdout);
    let bsn = &lines[0]["findings"];
    assert!(
        bsn.as_array().unwrap().iter().any(|f| f["severity"] == "block"
            && f["category"] == "personal-data"
            && f["start"] == 12
            && f["end"] == 21),
        "BSN: {bsn}"
    );
    let card = &lines[1]["findings"];
    assert!(
        card.as_array().unwrap().iter().any(|f| f["severity"] == "block" && f["start"] == 6 && f["end"] == 25),
        "card: {card}"
    );
    assert_eq!(lines[2]["findings"], serde_json::json!([]));

    let plain = run(&["check", "Card: 4111 1111 1111 1111"], None);
    assert_eq!(plain.code, 1);
    assert!(plain.stdout.starts_with("block["), "{}", plain.stdout);
    assert!(plain.stdout.contains("      ^^^^^^^^^^^^^^^^^^^\n"), "{}", plain.stdout);
    assert_eq!(run(&["check", "--fail-on", "block", "Lekker weer vandaag"], None).code, 0);
}

#[test]
fn default_pack_rules_explain_and_validate() {
    let out = run(&["rules", "--json"], None);
    assert_eq!(out.code, 0);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
    assert!(!rules.is_empty());
    for rule in &rules {
        assert_eq!(rule["origin"], "default");
        let id = rule["id"].as_str().unwrap();
        let explained = run(&["explain", id], None);
        assert_eq!(explained.code, 0, "{id}: {}", explained.stderr);
        assert!(explained.stdout.starts_with(&format!("{id}\n")));
    }
    let table = run(&["rules"], None);
    assert_eq!(table.stdout.lines().count(), rules.len() + 1);

    // A policy that extends the pack validates, and counts the pack's rules.
    let dir = std::env::temp_dir().join(format!("composure-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("extends.json");
    std::fs::write(
        &policy,
        r#"{"extends": ["default"], "organization": {"names": ["Acme"], "codenames": ["Falcon"],
            "code_url": "https://acme.example/code"}}"#,
    )
    .unwrap();
    let out = run(&["validate", policy.to_str().unwrap()], None);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected = format!("ok: {n} rules ({n} from packs, 0 own), all examples pass\n", n = rules.len());
    assert_eq!(out.stdout, expected);
}

#[test]
fn byte_order_marks_are_accepted() {
    // Policies saved with Windows Notepad start with a UTF-8 BOM.
    let dir = std::env::temp_dir().join(format!("composure-cli-bom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("bom.json");
    let acme = std::fs::read_to_string(manifest_dir().join(ACME)).unwrap();
    std::fs::write(&policy, format!("\u{FEFF}{acme}")).unwrap();
    let validated = run(&["validate", policy.to_str().unwrap()], None);
    let checked = run(
        &["check", "--policy", policy.to_str().unwrap(), "--jsonl", "-"],
        Some("\u{FEFF}{\"id\":1,\"text\":\"Falcon\"}\n"),
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(validated.code, 0, "{}", validated.stderr);
    assert_eq!(checked.code, 1, "{}{}", checked.stdout, checked.stderr);
    assert!(checked.stdout.starts_with("{\"id\":1,\"findings\":[{\"rule\":\"ACME001-codename\""));
}

// ---- eval ----------------------------------------------------------------------------

#[test]
fn eval_reports_recall_precision_and_benign_warned_per_language() {
    let out = snapshot("eval_acme", &["eval", "--policy", ACME, "tests/fixtures/labelled.jsonl"], None);
    assert_eq!(out.code, 0);
}

#[test]
fn eval_json_counts_match_the_posts() {
    let out = run(&["eval", "--policy", ACME, "--json", "tests/fixtures/labelled.jsonl"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["posts"], 8);
    let row = |category: &str, lang: &str| {
        report["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["category"] == category && r["lang"] == lang)
            .cloned()
            .unwrap_or_else(|| panic!("no row for {category}/{lang}"))
    };
    // Two of the three confidential posts name a codename; the third only hints.
    assert_eq!(row("confidential", "all")["posts"], 3);
    assert_eq!(row("confidential", "all")["found"], 2);
    // "Falcon Drive" in a benign post is a false alarm for confidential.
    assert_eq!(row("confidential", "en")["false_alarms"], 1);
    let benign_en = report["benign"].as_array().unwrap().iter().find(|b| b["lang"] == "en").unwrap().clone();
    assert_eq!((benign_en["posts"].as_u64(), benign_en["warned"].as_u64()), (Some(2), Some(1)));
    let missed: Vec<&str> = report["misses"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(missed, ["The project I am on is secret until March, say no more"]);
}

#[test]
fn eval_names_every_bad_line() {
    let out = snapshot("eval_bad_lines", &["eval", "tests/fixtures/labelled_bad.jsonl"], None);
    assert_eq!(out.code, 2);
}
