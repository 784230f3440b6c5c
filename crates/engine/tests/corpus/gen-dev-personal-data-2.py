#!/usr/bin/env python3
"""Writes crates/engine/tests/corpus/dev-personal-data-2.jsonl: a second, smaller personal-data
hold-out, written after the first round of changes had been measured on the first set and
before any further change, so that later tuning has a set it was not shaped by."""
import json, random, sys

rng = random.Random(2026)

def mod97(s):
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97

def iban(cc, n, letters=0):
    bban = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(letters)) + "".join(rng.choice("0123456789") for _ in range(n - letters))
    return f"{cc}{98 - mod97(cc + '00' + bban):02d}{bban}"

def bsn():
    while True:
        d = [rng.randint(0, 9) for _ in range(8)]
        s = sum((9 - k) * v for k, v in enumerate(d)) % 11
        if s < 10 and d[0]:
            return "".join(map(str, d + [s]))

def luhn(prefix, length):
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for c in "0123456789":
        n = body + c
        t = sum((int(ch) * 2 - 9 if int(ch) * 2 > 9 else int(ch) * 2) if k % 2 else int(ch) for k, ch in enumerate(reversed(n)))
        if t % 10 == 0:
            return n

posts = []
R = lambda t, l, s="x.com": posts.append({"text": t, "labels": ["personal-data"], "lang": l, "site": s})
B = lambda t, l, s="x.com": posts.append({"text": t, "labels": [], "lang": l, "site": s, "near": "personal-data"})

ie = iban("IE", 18, 4); sk = iban("SK", 20); hu = iban("HU", 24); nl = iban("NL", 14, 4); gr = iban("GR", 23)
R(f"Deirdre's rent goes to {ie[:4]} {ie[4:8]} {ie[8:14]} {ie[14:]}, chase her if it's late", "en", "facebook.com")
R(f"Účet kolegy: {sk} (pro ty co mu dluží) — sorry, posting for Martin", "en")
R(f"hungarian supplier's private account {hu.lower()}", "en", "linkedin.com")
R(f"Iemand geld gestort op {nl[:2]} {nl[2:4]} {nl[4:8]} {nl[8:]}? Dat is van mijn schoonzus, zij zoekt het uit", "nl", "facebook.com")
R(f"Greek client paid from {'-'.join(gr[i:i+4] for i in range(0, len(gr), 4))} again", "en")
b1, b2, b3 = bsn(), bsn(), bsn()
R(f"BSN van die mevrouw is {b1[:4]}.{b1[4:6]}.{b1[6:]}, staat op de scan", "nl")
R(f"patient BSN {b2[:3]} {b2[3:6]} {b2[6:]} in the group chat?!", "en", "reddit.com")
R(f"nieuwe collega, bsn {b3[:4]} {b3[4:6]} {b3[6:]}, kan iemand haar aanmelden bij de pensioenfonds", "nl", "linkedin.com")
c1 = luhn("51", 16); c2 = luhn("4", 19); c3 = luhn("34", 15)
R(f"klant liet haar mastercard liggen {c1[:4]} {c1[4:8]} {c1[8:12]} {c1[12:]}", "nl", "facebook.com")
R(f"found a visa {c2[:4]}-{c2[4:8]}-{c2[8:12]}-{c2[12:16]}-{c2[16:]} in the lobby", "en")
R(f"AMEX {c3} belongs to the guy in room 12", "en", "reddit.com")
R("De nieuwe huurder woont op Esdoornlaan 31, 6523 KT Nijmegen, kan iemand hem welkom heten?", "nl", "facebook.com")
R("Klant uit Zwolle, Thorbeckegracht 10a, wil een monteur", "nl", "linkedin.com")
R("She lives at 3 Rosewood Close, Harrogate HG2 8DE if anyone wants to 'talk' to her", "en", "facebook.com")
R("the landlord's home is 560 Pine Street, Denver, CO 80203", "en", "reddit.com")
R("Mijn stagiair woont boven de bakker, Voorstraat 88-B, handig toch", "nl", "x.com")
R("postcode van die klant is 5611AZ, huisnummer 7", "nl")
R("Our intern Chloe is pregnant and still doing the night shifts", "en", "x.com")
R("Fleur van de kassa heeft kanker, daarom zie je haar niet meer", "nl", "facebook.com")
R("Our team lead Marco had a heart attack on Friday, he's in the ICU", "en", "linkedin.com")
R("Buurvrouw Joke is opgenomen met een psychose, de politie stond er", "nl", "facebook.com")
R("Patient Mr Aydin in bay 3 has dementia and keeps wandering off", "en", "reddit.com")
R("Collega Wouter is al maanden ziek met long covid", "nl", "linkedin.com")
R("my manager Ellen is on sick leave, burnout number two", "en", "x.com")
R("De juf van groep 5 heeft een miskraam gehad, daarom is ze er niet", "nl", "facebook.com")
R("Lucas from engineering has been diagnosed with MS, he asked us to keep quiet", "en", "x.com")
R("Het nummer van de nieuwe buurman: 06 19 28 37 46, wie belt hem over de herrie?", "nl", "facebook.com")
R("Customer's email: p.nakamura77@outlook.com — he's furious", "en", "x.com")
R("Stagiaire Demi is in verwachting, weet de opleiding het al?", "nl", "x.com")
R("The guy from Flat 9, 21 Elm Court, Bath BA1 5QP keeps parking on my drive", "en", "facebook.com")

B("Te koop: racefiets maat 56, €350. Bel of app me: 06-47382910", "nl", "facebook.com")
B("Open to work! Data analyst, SQL/Python. Reach me at f.yilmaz.data@gmail.com", "en", "linkedin.com")
B(f"Ik zwem de Maasstad-swim voor ALS. Steun me: {iban('NL', 14, 4)} (t.n.v. R. Kuipers) 🙏", "nl", "facebook.com")
B("Sollicitaties graag naar recruitment@zorggroep-oost.example", "nl", "linkedin.com")
B("Questions? Our helpdesk: helpdesk@uni-noord.example or 050 363 9999", "en", "linkedin.com")
B("Nieuwe locatie! Vanaf maandag zit onze praktijk op Kastanjelaan 2, 3833 AN Leusden", "nl", "facebook.com")
B("Join us for drinks at De Beurs, Damrak 243, Friday 17:00", "en", "linkedin.com")
B("Waiting at Leidseplein, the tram is late again", "en", "x.com")
B("Bestelling 384 221 907 nog steeds niet binnen @bol", "nl", "x.com")
B(f"Shipment {bsn()} cleared customs, finally", "en", "linkedin.com")
B("Version 2.14.1 fixes the login bug", "en", "mastodon.social")
B("Prijs per m2: €4.350, gemiddeld in 2025", "nl", "x.com")
B("Example IBAN for the docs: GB82 WEST 1234 5698 7654 32", "en", "mastodon.social")
B("Ik gebruik 123456782 als test-BSN in mijn unittests", "nl", "mastodon.social")
B("Back home after a week in hospital, thanks for all the messages ❤️", "en", "facebook.com")
B("Ik heb zelf een burn-out gehad en praat er graag over", "nl", "linkedin.com")
B("The prime minister had surgery today, the government said in a statement", "en", "x.com")
B("Mijn collega's zijn top, echt het beste team", "nl", "linkedin.com")
B("Congrats to Emma on her new role as head of sales!", "en", "linkedin.com")
B("Ons team loopt de Ladiesrun voor KWF, steun ons!", "nl", "facebook.com")
B("Mail me if you want the slides from today's talk: dirk@dirkbouwt.example", "en", "linkedin.com")
B("Belastingdienst bellen? 0800-0543, veel succes met de wachttijd", "nl", "x.com")
B("Klantenservice: 020 201 0000 (werkdagen)", "nl", "x.com")
B("Pizza at 12 Main Street was amazing", "en", "reddit.com")
B("Kom langs op de open dag, Campusplein 1, Ooststad", "nl", "facebook.com")
B("Flight KL 1685 boarding at gate E18", "en", "x.com")
B("Ik verhuur mijn appartement, Vinkenstraat 14. Mail me voor info", "nl", "facebook.com")
B("Feestje bij mij thuis zaterdag! Mijn adres: Berkenweg 7, Heerde. Neem wat te drinken mee", "nl", "facebook.com")
B("Kenteken-check: 1 op de 5 auto's heeft geen APK, zegt de RDW", "nl", "x.com")
B("Pregnancy tips for first-time mums, thread 🧵", "en", "x.com")

with open(sys.argv[1], "w") as f:
    for p in posts:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")
n = sum(1 for p in posts if p["labels"])
print(f"{len(posts)} posts: {n} risky, {len(posts) - n} benign")
