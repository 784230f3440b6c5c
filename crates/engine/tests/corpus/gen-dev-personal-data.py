#!/usr/bin/env python3
"""Writes crates/engine/tests/corpus/dev-personal-data.jsonl: a development hold-out for
personal data, written before the rules were changed. Numbers are generated (valid
checksums, random digits, never real people's data); seed fixed so the file is reproducible."""
import json, random, sys

rng = random.Random(11)

def mod97(s):
    s = s[4:] + s[:4]
    n = "".join(str(int(c, 36)) for c in s)
    return int(n) % 97

def iban(cc, bban_len, letters=0):
    bban = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(letters)) + \
        "".join(rng.choice("0123456789") for _ in range(bban_len - letters))
    check = 98 - mod97(cc + "00" + bban)
    return f"{cc}{check:02d}{bban}"

def groups(s, sizes, sep=" "):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n]); i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(out)

def four(s, sep=" "):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))

def bsn():
    while True:
        d = [rng.randint(0, 9) for _ in range(8)]
        s = sum((9 - k) * v for k, v in enumerate(d)) % 11
        if s < 10 and d[0] != 0:
            return "".join(map(str, d + [s]))

def luhn_complete(prefix, length):
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for c in "0123456789":
        n = body + c
        tot = 0
        for k, ch in enumerate(reversed(n)):
            v = int(ch)
            if k % 2 == 1:
                v *= 2
                if v > 9: v -= 9
            tot += v
        if tot % 10 == 0:
            return n

posts = []
def risky(text, lang, site="x.com"):
    posts.append({"text": text, "labels": ["personal-data"], "lang": lang, "site": site})
def benign(text, lang, site="x.com"):
    posts.append({"text": text, "labels": [], "lang": lang, "site": site, "near": "personal-data"})

# ---------- IBANs of others, many countries and groupings ----------
es = iban("ES", 20); no = iban("NO", 11); de = iban("DE", 18); fr = iban("FR", 23)
it = iban("IT", 23, 1); be = iban("BE", 12); pl = iban("PL", 24); pt = iban("PT", 21)
ch = iban("CH", 17); at = iban("AT", 16); ie = iban("IE", 18, 4); nl1 = iban("NL", 14, 4)
nl2 = iban("NL", 14, 4); nl3 = iban("NL", 14, 4); gb = iban("GB", 18, 4); lu = iban("LU", 16)
dk = iban("DK", 14); se = iban("SE", 20); fi = iban("FI", 14); hr = iban("HR", 17)
risky(f"Huurder van nr 3 betaalt nooit. Zijn rekening: {groups(es, [2,2,4,4,4,4,4])} als iemand hem kent", "nl", "facebook.com")
risky(f"Refund for the customer goes to {no[:2]} {no[2:6]} {no[6:10]} {no[10:]}, can finance pick this up?", "en", "linkedin.com")
risky(f"@bank my mum's account {four(de, '-')} got charged twice", "en")
risky(f"client asked us to wire the deposit to {four(fr)}, his name is on the invoice", "en", "reddit.com")
risky(f"klant wil terugbetaling op {it.lower()}", "nl")
risky(f"Mijn buurvrouw vroeg of ik dit kon delen: rekening {four(be, '.')} t.n.v. Els Maes, ze zamelt niks in hoor, gewoon voor de huur", "nl", "facebook.com")
risky(f"transfer to {groups(pl, [4,4,4,4,4,4,4])} (my brother Kuba) pls", "en")
risky(f"Collega Rui zijn IBAN staat nog op de gedeelde printer: {pt}", "nl")
risky(f"Pay Thomas back via {four(ch)} – he's waiting", "en")
risky(f"IBAN van onze klant: {four(at)} graag direct storten", "nl", "linkedin.com")
risky(f"Ciara sent me her account {four(ie)} for the tickets, whoever owes her money", "en", "facebook.com")
risky(f"Wie kent deze oplichter? Hij liet geld overmaken naar {nl1} op naam van R. de Graaf", "nl", "facebook.com")
risky(f"mn zus haar nieuwe rekening is {four(nl2).lower()} stuur maar daar heen", "nl")
risky(f"De leverancier vraagt betaling op {groups(nl3, [4,4,10])} maar dat is de privérekening van de eigenaar", "nl", "linkedin.com")
risky(f"Landlord says pay into {four(gb)} (Mr Hughes personal account)", "en", "reddit.com")
risky(f"Kunnen jullie het bedrag voor meneer Weber storten op {groups(lu, [4,4,4,4,4])}?", "nl")
risky(f"Mads' account: {dk}", "en")
risky(f"Customer's Swedish account {four(se)} bounced again", "en", "linkedin.com")
risky(f"Ville asked me to post his IBAN for the group gift: {groups(fi, [2,2,4,4,4,2])}", "en", "facebook.com")
risky(f"Ana's IBAN {hr} — the rent for her flat", "en")

# ---------- BSNs ----------
b = [bsn() for _ in range(10)]
risky(f"Kan iemand helpen, de BSN van mijn vader is {b[0][:4]} {b[0][4:6]} {b[0][6:]} en de gemeente vindt hem niet", "nl", "facebook.com")
risky(f"BSN klant: {b[1][:3]}.{b[1][3:6]}.{b[1][6:]}", "nl")
risky(f"Burgerservicenummer van mevrouw Kok: {b[2][:4]}.{b[2][4:6]}.{b[2][6:]}", "nl", "linkedin.com")
risky(f"leerling z'n bsn {b[3]} stond gewoon op de lijst in de klas", "nl")
risky(f"Patient file with BSN {b[4][:3]} {b[4][3:6]} {b[4][6:]} left at the bus stop, unbelievable", "en")
risky(f"sofinummer van mijn zoon: {b[5]}, waar moet dat bij de zorgverzekering?", "nl", "facebook.com")
risky(f"Her citizen service number is {b[6]}, can HR fix her payslip", "en")
risky(f"{b[7][:4]} {b[7][4:6]} {b[7][6:]} is het bsn van de nieuwe stagiair, voor het contract", "nl")

# ---------- Payment cards ----------
v16 = luhn_complete("4", 16); mc = luhn_complete("52", 16); amex = luhn_complete("37", 15)
v13 = luhn_complete("4", 13); maestro19 = luhn_complete("6759", 19); disc = luhn_complete("6011", 16)
risky(f"gevonden pas in de trein: {four(v16)} iemand?", "nl", "facebook.com")
risky(f"Customer read her card number out loud: {four(mc, '-')} lol", "en")
risky(f"amex {amex[:4]} {amex[4:10]} {amex[10:]} exp 03/28 from the guy at table 6", "en", "reddit.com")
risky(f"oude visa {v13} werkt nog?", "nl")
risky(f"card of my dad {groups(maestro19, [4,4,4,4,3])} declined, help", "en")
risky(f"Discover {disc} cvv 123", "en")

# ---------- e-mail and phone of others ----------
risky("De nieuwe collega heet Fenna, mail haar gerust op fenna.bos@ziggo.nl", "nl", "linkedin.com")
risky("Customer complaint from t.okafor84@gmail.com again, 5th time this week", "en", "x.com")
risky("Het nummer van mijn ex is 06-48213957, bel hem maar als je wil weten hoe hij is", "nl", "facebook.com")
risky("Anyone who wants to tell Dave what they think: +44 7700 912345", "en")
risky("Klant meneer Dijkstra belt elke dag, 0612873450, echt niet normaal", "nl")
risky("my neighbour's number is 06 3928 1746, she said she doesn't mind lol", "en", "facebook.com")

# ---------- home addresses ----------
risky("Pieter woont op de Kerkstraat 12 in Zeist, ga maar langs als je wat van hem moet", "nl", "facebook.com")
risky("de klant die zo schreeuwde woont gewoon op Lange Voorhout 3a lol", "nl")
risky("Mijn collega Sanne is verhuisd naar Dorpsweg 14-2, 3712 BK Huis ter Heide", "nl", "linkedin.com")
risky("That guy who keyed my car lives at 221B Baker Street apparently", "en", "reddit.com")
risky("Bewoner van de Lindelaan 87 heeft weer geklaagd, we weten wie je bent", "nl", "facebook.com")
risky("Send the flowers to my colleague's home: 12 Main St, Apt 4, Springfield, IL 62704", "en", "facebook.com")
risky("Kees zijn adres is Prinsengracht 263-1, 1016 GV Amsterdam, stuur maar een kaartje", "nl")
risky("Tenant in Flat 2, 48 Elm Road, Leeds LS6 2AB is behind on rent again", "en", "x.com")
risky("Pakketje voor de buren, die wonen op Molenweg 5, 7411 AB Deventer", "nl")
risky("her address: 9 Church Lane, Oxford OX1 4DY", "en")
risky("Het adres van die leerling is Singel 40, 2611 HR Delft", "nl")
risky("patient from 1024 Oak Avenue, Austin, TX 78701 came back again", "en", "reddit.com")
risky("Klant mevrouw Postma, Hoofdweg 112, 9611AB Sappemeer, wil alles retour", "nl", "linkedin.com")
risky("Mijn collega woont in 3581 KP Utrecht, Maliebaan 17bis, ik heb zijn sleutels", "nl")
risky("Jan van accounting lives on 45 Queen's Road, Brighton BN1 3XE, if you want to send him something", "en", "facebook.com")
risky("de nieuwe bewoner op Nieuwe Herengracht 5 is de man van mijn collega", "nl", "facebook.com")
risky("Stalker alert, my friend lives at 77 Sunset Blvd, Los Angeles, CA 90028 and someone posted it", "en", "reddit.com")
risky("Leerling Tim woont Wilhelminakade 22, kan iemand hem ophalen?", "nl")

# ---------- health of named or recognisable others ----------
risky("Sarah from accounting is pregnant, she hasn't told the boss yet 🤫", "en", "x.com")
risky("Mijn collega Piet ligt in het ziekenhuis met een burn-out", "nl", "facebook.com")
risky("Tom in sales has been off sick for weeks with depression, poor guy", "en", "reddit.com")
risky("Onze teamleider Marloes is in verwachting van de tweede, zegt ze nog tegen niemand", "nl", "linkedin.com")
risky("Heard that Greg from IT has cancer, keep him in your thoughts", "en", "facebook.com")
risky("Buurman Henk is opgenomen, hartinfarct. Ambulance stond er vannacht", "nl", "facebook.com")
risky("our receptionist Lisa had a miscarriage last week so go easy on her", "en")
risky("De nieuwe stagiaire heeft diabetes en spuit op het toilet, vinden jullie dat normaal?", "nl")
risky("Karen (HR) is on sick leave with a burnout again", "en", "x.com")
risky("Mijn manager zit thuis met een depressie, niemand mag het weten", "nl")
risky("Dr. Jansen's patient in bed 4 has HIV, be careful", "en", "reddit.com")
risky("Annemiek van de receptie is zwanger!! Ze vertelt het morgen zelf, sst", "nl", "facebook.com")
risky("Remember Mike from the warehouse? He's in hospital after a stroke", "en", "facebook.com")
risky("Ruud van inkoop is al drie maanden ziek thuis met een hernia", "nl")
risky("my coworker Priya told me she's got early-onset dementia, so sad", "en")
risky("Anouk uit mijn team is opgenomen in een psychiatrische kliniek", "nl", "x.com")
risky("Pupil in year 5, Jayden, has ADHD and his parents refuse medication", "en", "x.com")
risky("Klant Bakker is terminaal ziek, daarom belt zijn dochter steeds", "nl", "linkedin.com")
risky("Jessica in finance is expecting twins 👶👶 don't tell her I told you", "en", "x.com")
risky("Mijn collega Fatima heeft borstkanker en begint volgende week aan chemo", "nl", "facebook.com")
risky("Steve (night shift) has been in rehab for his drinking", "en", "reddit.com")
risky("Sandra van de administratie heeft een burn-out, echt niemand verbaasd", "nl", "x.com")
risky("The new intern is autistic and it shows lol", "en", "x.com")
risky("Dennis from logistics broke his back and is on long-term sick leave", "en", "linkedin.com")
risky("Mijn buurvrouw Ineke is gisteren geopereerd aan haar hart", "nl", "facebook.com")

# ---------- other: date of birth, salary, plate ----------
risky("Kenteken van die klant: 12-ABC-3, hij parkeert altijd op onze plek. Naam: Vos", "nl")
risky("new hire Omar, born 14-03-1996, starts monday, here's his profile", "en", "linkedin.com")
risky("Collega Joris verdient €4.200 bruto, ik €3.100. Eerlijk?", "nl", "x.com")
risky("Our patient Mrs. Hendriks, DOB 02/11/1941, fell again tonight", "en", "reddit.com")

n_risky = len(posts)

# ================= benign near misses =================
# own contact details offered on purpose
benign("Questions about the workshop? Mail me at sanne.devries@outlook.com", "en", "linkedin.com")
benign("Bel me gerust als je vragen hebt: 06-21837465", "nl", "facebook.com")
benign("App me op 0687654321 voor de oppas, ik heb nog plek op woensdag", "nl", "facebook.com")
benign("Looking for my next role in data engineering! Contact me: r.meijer.dev@gmail.com", "en", "linkedin.com")
benign("#opentowork Frontend developer, 5 jaar ervaring. Mail me: kim.terhorst@proton.me of bel 06-11928374", "nl", "linkedin.com")
benign("Te koop: kinderfiets 20 inch, €45. Ophalen in Amersfoort, bel me op 06-55123987", "nl", "facebook.com")
benign("For sale: sofa, barely used. Pickup at 14 Elm Road, Bristol BS8 1TH. DM or text me on 07700 900123", "en", "facebook.com")
benign("Te koop aangeboden: eettafel met 4 stoelen. Ophalen Kerkstraat 8, Houten. Bel me 0612345679", "nl", "facebook.com")
benign(f"Ik loop de Dam tot Damloop voor KWF! Sponsor me via {four(iban('NL', 14, 4))} t.n.v. M. Bosman, elke euro telt 🧡", "nl", "facebook.com")
benign(f"Running the half marathon for the children's hospital, sponsor me: {four(iban('GB', 18, 4))} thank you!!", "en", "facebook.com")
benign(f"Doneren voor onze sponsorloop kan op {iban('NL', 14, 4)}, alvast bedankt!", "nl", "facebook.com")
benign("Need a freelance photographer? Reach me at hello@joostfotografie.nl", "en", "linkedin.com")
benign("Email me directly if you're interested: a.vermeulen@fastmail.com", "en", "linkedin.com")
benign("Mijn nieuwe mailadres is tessa.wouters@kpnmail.nl, pas het even aan in je contacten", "nl", "facebook.com")
benign("Ik ben op zoek naar een nieuwe baan als verpleegkundige, bel me op 06-29384756", "nl", "linkedin.com")
benign("Verkoop mijn oude iPhone 12, 128GB. Interesse? Whatsapp me 06 4455 6677", "nl", "facebook.com")
benign("Kamer te huur in mijn huis, Vondelstraat 12, Utrecht. Mail me voor bezichtiging", "nl", "facebook.com")
benign("Call me on 020 123 4567 if you want to book a session!", "en", "facebook.com")
# role mailboxes and company numbers in ads
benign("We're hiring! Send your CV to jobs@brightline.nl before 1 March", "en", "linkedin.com")
benign("Vacature: medior developer. Sollicitaties naar sollicitaties@veldhuislogistiek.nl", "nl", "linkedin.com")
benign("Questions about your order? Contact support@northwind.com or call 0800-0223", "en", "x.com")
benign("Interesse? Mail naar hr@gemeente-ooststad.nl of bel 14 020", "nl", "linkedin.com")
benign("Meer info via info@bakkerijdevries.nl of bel de winkel: 0318-412345", "nl", "facebook.com")
benign("Press inquiries: press@acme-robotics.com", "en", "linkedin.com")
benign("Klantenservice bereikbaar op 088-1234567 (ma-vr 9-17)", "nl", "x.com")
benign("Stuur je portfolio naar werkenbij@studiokleur.nl, we horen graag van je!", "nl", "linkedin.com")
benign("Apply via careers@northwind.com, interviews start next week", "en", "linkedin.com")
benign("Reserveren? Bel 010-4567890 of mail reserveren@restaurantzilt.nl", "nl", "facebook.com")
# public addresses of shops, venues, events
benign("Our new store opens Saturday at Kalverstraat 92, Amsterdam! Come by for free coffee", "en", "instagram.com" if False else "facebook.com")
benign("Nieuwe vestiging geopend op Stationsplein 5, 3511 ED Utrecht", "nl", "linkedin.com")
benign("the station on Stationsplein is closed tonight, take the bus", "en", "x.com")
benign("Damrak is busy as hell today, avoid if you can", "en", "x.com")
benign("Lekker geluncht op de Oudegracht, aanrader!", "nl", "facebook.com")
benign("Meetup this Thursday at our office, Herengracht 420, 1017 BZ Amsterdam. Pizza included", "en", "linkedin.com")
benign("Concert in het Vondelpark vanavond, ingang Stadhouderskade", "nl", "x.com")
benign("Visit the museum at 221B Baker Street, London NW1 6XE – tickets online", "en", "reddit.com")
benign("Borrel vrijdag in café De Zwaan, Markt 7, Delft. Iedereen welkom", "nl", "linkedin.com")
benign("Spent the afternoon walking along Prinsengracht, the canals are gorgeous", "en", "x.com")
benign("Opening van onze winkel aan de Lange Voorhout, kom langs!", "nl", "facebook.com")
benign("Road closed between Kerkstraat and the Markt until Friday", "en", "x.com")
benign("Our HQ moved to 350 Fifth Avenue, New York, NY 10118 — say hi if you're around", "en", "linkedin.com")
benign("De markt op het Plein is vandaag verplaatst naar de Lindelaan", "nl", "facebook.com")
benign("Tandartspraktijk De Molen verhuist per 1 mei naar Molenweg 24, 7411 AB Deventer", "nl", "facebook.com")
benign("Kantoor gesloten tijdens de feestdagen. Bezoekadres: Laan van Nieuw Oost-Indië 131, Den Haag", "nl", "linkedin.com")
benign("Postcode 1012 AB is het centrum van Amsterdam, handig om te weten voor de app", "nl", "x.com")
benign("A12 richting Utrecht staat vast bij knooppunt Oudenrijn", "nl", "x.com")
# order, tracking, invoice numbers (elfproef / Luhn valid on purpose)
ordn = bsn(); trackn = bsn(); invn = bsn(); refn = bsn(); lotn = bsn()
benign(f"Ordernummer {ordn} is nog steeds niet verzonden, @coolblue wat is er aan de hand?", "nl", "x.com")
benign(f"tracking {trackn} says delivered but nothing at my door 🙃", "en", "x.com")
benign(f"Factuur {invn[:3]} {invn[3:6]} {invn[6:]} is betaald, dank je!", "nl", "linkedin.com")
benign(f"Referentie {refn[:4]}.{refn[4:6]}.{refn[6:]} bij de belastingdienst, wachtrij van een uur", "nl", "x.com")
benign(f"Package {lotn} stuck in Leipzig for 4 days now", "en", "reddit.com")
benign(f"PostNL pakket {bsn()} ligt bij de buren, top service", "nl", "x.com")
benign(f"My order #{luhn_complete('4', 16)} still hasn't arrived", "en", "x.com")
benign("Vlucht KL1234 vertrekt om 14:35 van gate D7", "nl", "x.com")
benign("Ticket nummer 552 381 907 bij de helpdesk, al 3 dagen geen reactie", "nl", "x.com")
benign(f"Klantnummer {bsn()} — waarom moet ik dat elke keer opnieuw intypen", "nl", "x.com")
benign(f"Serial number {bsn()} on the back of the router", "en", "reddit.com")
benign(f"ISBN 978-90-450-{rng.randint(1000,9999)}-1, aanrader dit boek", "nl", "x.com")
benign(f"KvK-nummer {rng.randint(10000000,99999999)}, btw NL{rng.randint(100000000,999999999)}B01", "nl", "linkedin.com")
# dates, prices, times, versions, phone-like numbers
benign("Deadline moved to 14-03-2026, at 09:30 sharp", "en", "linkedin.com")
benign("Huur gaat per 01.07.2026 omhoog naar €1.245,00", "nl", "x.com")
benign("Released v3.12.4 today, changelog in the repo", "en", "mastodon.social")
benign("Score: 3-2-1, what a match", "en", "x.com")
benign("Total raised: €123.456.782 (yes, a record)", "en", "linkedin.com")
benign("De marathon in 3:12:45 gelopen, PR!", "nl", "x.com")
benign("Population of NL is 17 945 000 give or take", "en", "reddit.com")
benign("Noodnummer 112, huisartsenpost 0900-1515", "nl", "x.com")
# documentation example values
benign("Voorbeeld van een IBAN uit het register: NL91 ABNA 0417 1643 00 (18 tekens)", "nl", "linkedin.com")
benign("The IBAN registry's sample GB82 WEST 1234 5698 7654 32 is what our validator tests against", "en", "mastodon.social")
benign("Test je elfproef-functie met het bekende voorbeeld 111222333", "nl", "mastodon.social")
benign("BSN example for testing: 123456782 — never use real ones in your fixtures", "en", "mastodon.social")
benign("Format: NL + 2 check digits + 4 letter bank code + 10 digits, e.g. NL91ABNA0417164300", "en", "reddit.com")
benign("Dummy data voor de demo: BSN 111222333, IBAN NL91ABNA0417164300", "nl", "linkedin.com")
# own health, public figures, general health talk
benign("I'm in hospital for a few days, back next week!", "en", "x.com")
benign("Ik lig in het ziekenhuis, gebroken been. Balen!", "nl", "facebook.com")
benign("After my burnout last year I'm finally back at work 💪", "en", "linkedin.com")
benign("Ik ben zwanger!! 🤰 We zijn zo blij", "nl", "facebook.com")
benign("King Charles' cancer diagnosis was announced by the palace today", "en", "x.com")
benign("Premier zegt herstellende te zijn na operatie, meldt het ANP", "nl", "x.com")
benign("Burnout is a real problem in tech, here's how our team talks about it", "en", "linkedin.com")
benign("Doneer aan KWF, samen tegen kanker", "nl", "facebook.com")
benign("My colleague ran the marathon for cancer research, so proud!", "en", "linkedin.com")
benign("Collega's, vergeet de griepprik niet morgen!", "nl", "linkedin.com")
benign("Working on a hospital app, the patient portal goes live next month", "en", "linkedin.com")
benign("Mijn collega is niet ziek, gewoon op vakantie 🌴", "nl", "x.com")
benign("Congrats to our team lead on becoming a dad! 🎉", "en", "linkedin.com")
benign("Vandaag bloed gegeven, voelt goed", "nl", "x.com")
benign("Taylor Swift says she's taking a break for her mental health, good for her", "en", "x.com")
benign("Heb de griep, blijf vandaag thuis van werk", "nl", "x.com")
# cards, ibans, bsns mentioned without a value
benign("Betaal gerust met je creditcard of iDEAL", "nl", "facebook.com")
benign("Never post your BSN online, folks", "en", "x.com")
benign("Wat is een IBAN eigenlijk? En waarom is die van mij 18 tekens?", "nl", "reddit.com")
benign("Our shop accepts Visa, Mastercard and Amex", "en", "facebook.com")
benign("Ik heb een nieuwe bankpas aangevraagd, de oude was verlopen", "nl", "x.com")
benign("Tip: zet je IBAN nooit zomaar in een openbare groep", "nl", "facebook.com")
benign("Contact us on our website, not by phone please", "en", "x.com")
benign("Stuur me een DM voor mijn adres, niet hier posten natuurlijk", "nl", "x.com")

# ---------- a few more, both ways ----------
risky(f"Maak het voorschot over naar {four(iban('NL', 14, 4), ' ')} van Bas, hij regelt de bus", "nl", "facebook.com")
risky(f"wire it to {iban('DE', 18)} — that's Jürgen's private account", "en")
be2 = iban('BE', 12)
risky(f"rekening van de oplichter: {be2[:4]}-{be2[4:]}", "nl", "facebook.com")
risky("Wie is die meneer die bij ons op de Hoofdstraat 3 in Veenendaal woont? Hij heeft mijn fiets", "nl", "facebook.com")
risky("Our customer Mr. Patel at 18 Victoria Road, Cambridge CB4 3LF wants a callback", "en", "linkedin.com")
risky("Linda van marketing heeft kanker, ze wil niet dat we het rondvertellen", "nl", "x.com")
risky("Tim from finance is on medical leave after his surgery, apparently it's serious", "en", "x.com")
risky(f"BSN van de patiënt staat op de foto: {bsn()}", "nl", "x.com")
benign("DM me for the details, I'm selling my old bike", "en", "x.com")
benign("Ons kantoor: Kerkstraat 1, 1234 AB Ooststad. Open ma-vr", "nl", "linkedin.com")
benign("Ik woon sinds kort in Utrecht, leuke stad!", "nl", "x.com")
benign("Check out the new pizza place on Main Street, 10/10", "en", "reddit.com")
benign("The Baker Street line is delayed again", "en", "x.com")
benign("Mijn collega heeft een nieuwe fiets, jaloers", "nl", "x.com")
benign("Customer service at the bank was lovely today, thanks Lisa!", "en", "x.com")
benign("Actie: 20% korting t/m 31-12, code WINTER2026", "nl", "facebook.com")
benign("Our hospital team is recruiting nurses, apply via werkenbij@ziekenhuisoost.nl", "en", "linkedin.com")
benign("Sponsorloop voor de school, sponsoren kan via de link in mijn bio!", "nl", "facebook.com")

assert len(posts) >= 190, len(posts)
out = sys.argv[1]
with open(out, "w") as f:
    for p in posts:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")
n = sum(1 for p in posts if p["labels"]); print(f"{len(posts)} posts: {n} risky, {len(posts) - n} benign")
