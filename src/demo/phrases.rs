//! What the demo's residents write: report texts composed from parts, per category and
//! language, deterministically from the caller's generator.
//!
//! A text is one of many problem statements of its category (each written on its own, not
//! one template with swapped words), with, at random, an opener, a mention of the place (the
//! ward, a landmark, the project), how long it has lasted, what it does to people, what the
//! resident asks, and a closing; short ones are a few words. English, Swahili, and the
//! code-switched Swahili–English (Sheng-style) many residents text in. The statements vary
//! as many different residents would write: complaints, questions, requests, what a
//! neighbour saw, a clerk's note of a call or a walk-in, an SMS, a group's site visit; in
//! plain, standard and colloquial words (mjengo, fundi, kanjo, kitu kidogo), so that a model
//! trained on the demo's history meets more than one way of saying each problem. A share
//! of the texts then gets the noise of real reports: all lower case or capitals, no
//! punctuation, txt-speak, common misspellings, dropped letters.
//!
//! Everything here is invented for the synthetic Mlima County; no real resident wrote it.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The language a resident writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    English,
    Swahili,
    /// Swahili and English in one sentence, as in Sheng.
    Mixed,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::English, Lang::Swahili, Lang::Mixed];

    /// A resident's language: about half write in English, a third in Swahili, the rest mix.
    pub fn draw(r: &mut ChaCha8Rng) -> Lang {
        match r.random_range(0..100) {
            0..50 => Lang::English,
            50..85 => Lang::Swahili,
            _ => Lang::Mixed,
        }
    }

    /// Whether the county answers in Swahili (it answers mixed texts in English).
    pub fn swahili(self) -> bool {
        self == Lang::Swahili
    }

    fn idx(self) -> usize {
        match self {
            Lang::English => 0,
            Lang::Swahili => 1,
            Lang::Mixed => 2,
        }
    }
}

/// What a report is about: its ward's name, and the project's title for a report on a
/// project.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub ward: &'a str,
    pub project: Option<&'a str>,
}

/// A resident's report in `category` (a protocol category code; an unknown one is
/// written as a corruption concern, the protocol's last) in `lang`, about `place`.
/// Half the time it is one of the reports written one by one ([`super::written`]).
pub fn complaint(r: &mut ChaCha8Rng, category: &str, lang: Lang, place: &Place) -> String {
    if r.random_bool(WRITTEN_SHARE)
        && let Some(text) = super::written::report(r, category, lang, place)
    {
        return text;
    }
    compose(r, category, lang, place)
}

/// How often a resident's report is a written one rather than composed.
const WRITTEN_SHARE: f64 = 0.8;

/// A report of refuse left at the ward's market (category `refuse`).
pub fn market_refuse(r: &mut ChaCha8Rng, lang: Lang, ward: &str) -> String {
    compose(
        r,
        "market-refuse",
        lang,
        &Place {
            ward,
            project: None,
        },
    )
}

/// The words before a phone number a resident leaves in the text ("Call me on").
pub fn call_me(r: &mut ChaCha8Rng, lang: Lang) -> &'static str {
    pick(r, CALL_ME[lang.idx()])
}

/// A social audit's observation on a project: progress seen on `visit` against the share
/// of the contract value paid. Formal, as a civil-society forum writes; mixed is written
/// in English.
pub fn audit_finding(
    r: &mut ChaCha8Rng,
    lang: Lang,
    title: &str,
    visit: &str,
    progress: f64,
    paid: f64,
) -> String {
    let (progress, paid) = (format!("{progress:.0}"), format!("{paid:.0}"));
    let swahili = lang.swahili();
    let pool: &[&str] = if swahili {
        &[
            "Ukaguzi wa kijamii wa Jukwaa la Wadau Mbalimbali tarehe {visit}: tulikadiria maendeleo ya kazi ya {title} kuwa karibu asilimia {progress}, wakati malipo yaliyochapishwa yamefikia asilimia {paid} ya thamani ya mkataba. Tunaomba ripoti ya ukaguzi wa karibuni na vyeti vya malipo.",
            "Jukwaa la Wadau Mbalimbali lilitembelea {title} tarehe {visit}. Tunakadiria kazi iliyofanyika kuwa karibu asilimia {progress}, lakini malipo yaliyochapishwa na kaunti yamefikia asilimia {paid} ya mkataba. Tunaomba ripoti za ukaguzi na vyeti vya malipo vilivyotumika.",
            "Ukaguzi wa kijamii, {visit}, {title}: maendeleo ya kazi karibu asilimia {progress}; malipo yaliyochapishwa asilimia {paid} ya thamani ya mkataba. Tunaomba ripoti ya ukaguzi ya karibuni na vyeti vya malipo.",
        ]
    } else {
        &[
            "Social audit by the Multi-Stakeholder Forum on {visit}: we estimated the physical progress of the {title} at about {progress}%, while the disclosed payments reach {paid}% of the contract value. We ask for the latest inspection report and the payment certificates.",
            "The Multi-Stakeholder Forum visited the {title} on {visit}. We estimate the works done at about {progress}%; the county's published payments already come to {paid}% of the contract sum. Please share the inspection reports and payment certificates behind them.",
            "Forum social audit, {visit}, {title}: progress on site about {progress}%, payments disclosed {paid}% of the contract value. We request the last inspection report and the certificates of payment.",
        ]
    };
    pick(r, pool)
        .replace("{visit}", visit)
        .replace("{title}", title)
        .replace("{progress}", &progress)
        .replace("{paid}", &paid)
}

/// Texts in English, Swahili and mixed, in that order.
type Tri = [&'static [&'static str]; 3];

fn pick<'a>(r: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    items[r.random_range(0..items.len())]
}

/// How long a category's problems usually last before someone reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    Days,
    Weeks,
    Rarely,
}

fn span(category: &str) -> Span {
    match category {
        "water-supply" | "refuse" | "market-refuse" | "site-safety" => Span::Days,
        "information-request" | "corruption-concern" | "audit-observation" => Span::Rarely,
        _ => Span::Weeks,
    }
}

fn about_project(category: &str) -> bool {
    matches!(
        category,
        "works-stalled" | "poor-workmanship" | "site-safety" | "audit-observation"
    )
}

/// What kind of works a project's title names, for the problems only it can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Works {
    Road,
    Building,
    Water,
    Other,
}

fn works(title: &str) -> Works {
    let t = title.to_lowercase();
    if t.contains("road") {
        Works::Road
    } else if t.contains("borehole") || t.contains("water") || t.contains("pipe") {
        Works::Water
    } else if [
        "classroom",
        "dispensary",
        "wing",
        "market",
        "shed",
        "hall",
        "office",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        Works::Building
    } else {
        Works::Other
    }
}

/// How residents name a project without its title.
fn project_noun(title: &str, lang: Lang) -> &'static str {
    let t = title.to_lowercase();
    let names: [&str; 3] = if t.contains("road") {
        ["road", "barabara", "barabara"]
    } else if t.contains("borehole") {
        ["borehole", "kisima", "borehole"]
    } else if t.contains("maternity") || t.contains("dispensary") {
        ["maternity wing", "wodi ya kujifungua", "maternity wing"]
    } else if t.contains("classroom") {
        ["classrooms", "madarasa", "classrooms"]
    } else if t.contains("cattle dip") {
        ["cattle dip", "josho", "dip"]
    } else if t.contains("market") {
        ["market sheds", "vibanda vya soko", "market sheds"]
    } else {
        ["project", "mradi", "project"]
    };
    names[lang.idx()]
}

/// Composes one text: see the module's description.
fn compose(r: &mut ChaCha8Rng, category: &str, lang: Lang, place: &Place) -> String {
    let l = lang.idx();
    let pool = statements(category)[l];
    let special = match place.project {
        Some(title) if about_project(category) => by_works(category, works(title))[l],
        _ => &[],
    };
    // A few words, as texted from a phone, for some; the short problems are the ones
    // written in lower case.
    let terse = r.random_bool(0.2);
    let first = if terse && r.random_bool(0.6) {
        let short: Vec<&'static str> = pool
            .iter()
            .copied()
            .filter(|s| s.starts_with(|c: char| c.is_lowercase()))
            .collect();
        if short.is_empty() {
            one_of(r, pool, special)
        } else {
            pick(r, &short)
        }
    } else {
        one_of(r, pool, special)
    };
    let mut main = fill(r, first, lang, place);
    let placed = ["{ward}", "{lm}", "{proj}"]
        .iter()
        .any(|s| first.contains(s));
    let mut intro = None;
    if !placed {
        let suffixed = if terse { 20 } else { 40 };
        match r.random_range(0..100) {
            n if n < suffixed => {
                let suffixes = if about_project(category) {
                    PROJECT_SUFFIX[l]
                } else {
                    PLACE_SUFFIX[l]
                };
                let suffix = fill_one(r, suffixes, lang, place);
                main = with_suffix(&main, &suffix);
            }
            n if n < 65 && !terse => intro = Some(fill_one(r, INTRO[l], lang, place)),
            _ => {}
        }
    }

    if terse {
        let mut text = main;
        if r.random_bool(0.3) {
            text = format!("{} {}", sentence(&text), fill_one(r, ASK[l], lang, place));
        }
        return noise(r, text, lang);
    }

    let mut parts: Vec<String> = Vec::new();
    if r.random_bool(0.45) {
        parts.push(pick(r, OPENER[l]).to_string());
    }
    let ask = r
        .random_bool(0.55)
        .then(|| fill_one(r, ASK[l], lang, place));
    let ask_first = r.random_bool(0.2);
    if ask_first && let Some(a) = &ask {
        parts.push(a.clone());
    }
    if let Some(i) = intro {
        parts.push(i);
    }
    let p_duration = match span(category) {
        Span::Days => 0.5,
        Span::Weeks => 0.4,
        Span::Rarely => 0.1,
    };
    let mut duration = None;
    if r.random_bool(p_duration) {
        let table = if span(category) == Span::Days {
            SHORT[l]
        } else {
            LONG[l]
        };
        let clause = fill_one(r, table, lang, place);
        let timed = [
            "since", " for ", "tangu", "siku", "wiki", "miezi", "weeks", "days",
        ]
        .iter()
        .any(|w| main.contains(w));
        if !timed && main.ends_with('.') && r.random_bool(0.35) {
            main = with_suffix(&main, &format!(" {clause}"));
        } else {
            let t = pick(r, SPAN_SENTENCE[l]);
            duration = Some(if t == "{D}." {
                format!("{}.", cap(&clause))
            } else {
                t.replace("{d}", &clause)
            });
        }
    }
    parts.push(sentence(&cap(&main)));
    if r.random_bool(0.22) {
        let again = one_of(r, pool, special);
        if again != first {
            let second = fill(r, again, lang, place);
            parts.push(sentence(&cap(&second)));
        }
    }
    let consequence = r
        .random_bool(0.35)
        .then(|| fill_one(r, consequences(category)[l], lang, place));
    if r.random_bool(0.15) {
        parts.extend(consequence);
        parts.extend(duration);
    } else {
        parts.extend(duration);
        parts.extend(consequence);
    }
    if !ask_first {
        parts.extend(ask);
    }
    if r.random_bool(0.25) {
        parts.push(fill_one(r, CLOSING[l], lang, place));
    }
    noise(r, parts.join(" "), lang)
}

/// One of two pools taken together.
fn one_of(r: &mut ChaCha8Rng, a: &[&'static str], b: &[&'static str]) -> &'static str {
    let i = r.random_range(0..a.len() + b.len());
    if i < a.len() { a[i] } else { b[i - a.len()] }
}

/// `s` with a first capital letter.
fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `s` ending as a sentence does.
fn sentence(s: &str) -> String {
    if s.ends_with(['.', '!', '?', ':']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// `s` with `suffix` put before its final punctuation.
fn with_suffix(s: &str, suffix: &str) -> String {
    let body = s.trim_end_matches(['.', '!', '?']);
    format!("{body}{suffix}{}", &s[body.len()..])
}

/// One of `items`, filled.
fn fill_one(r: &mut ChaCha8Rng, items: &[&str], lang: Lang, place: &Place) -> String {
    let s = pick(r, items);
    fill(r, s, lang, place)
}

/// Fills the `{…}` slots of `s`: `ward`, `lm` (a landmark), `proj`, `n`, `day`, `amt`.
fn fill(r: &mut ChaCha8Rng, s: &str, lang: Lang, place: &Place) -> String {
    let mut out = String::with_capacity(s.len() + 40);
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('}') else {
            break;
        };
        out.push_str(&slot(r, &rest[i + 1..i + j], lang, place));
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

fn slot(r: &mut ChaCha8Rng, key: &str, lang: Lang, place: &Place) -> String {
    let l = lang.idx();
    match key {
        "ward" => place.ward.to_string(),
        "lm" => pick(r, LANDMARK[l]).replace("{w}", place.ward),
        "proj" => match place.project {
            Some(title) if r.random_bool(0.5) => title.to_string(),
            Some(title) => project_noun(title, lang).to_string(),
            None => ["project", "mradi", "project"][l].to_string(),
        },
        "n" => pick(r, NUMBER[l]).to_string(),
        "day" => pick(r, DAY[l]).to_string(),
        "amt" => pick(r, AMOUNT[l]).to_string(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Noise.

/// Noise on a share of the texts; never empties one.
fn noise(r: &mut ChaCha8Rng, text: String, lang: Lang) -> String {
    let clean = text.clone();
    let mut t = text;
    if r.random_bool(0.2) {
        t = swap_words(r, &t, lang, TXT_EN, TXT_SW, 0.7);
    }
    if r.random_bool(0.15) {
        t = swap_words(r, &t, lang, MISSPELT_EN, MISSPELT_SW, 0.8);
    }
    if r.random_bool(0.1) {
        t = drop_letters(r, &t);
    }
    if r.random_bool(0.18) {
        t = t.replace(['.', ',', ';'], " ");
        t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    match r.random_range(0..100) {
        0..20 => t = t.to_lowercase(),
        20..24 => t = t.to_uppercase(),
        _ => {}
    }
    if r.random_bool(0.05) {
        t = format!(
            "{}{}",
            t.trim_end_matches(['.', '!']),
            ["!!!", "!!", "??"][r.random_range(0..3)]
        );
    }
    let t = t.trim().to_string();
    if t.chars().any(char::is_alphanumeric) {
        t
    } else {
        clean
    }
}

/// Replaces words found in the language's table, each with chance `p`.
fn swap_words(
    r: &mut ChaCha8Rng,
    text: &str,
    lang: Lang,
    en: &[(&str, &[&str])],
    sw: &[(&str, &[&str])],
    p: f64,
) -> String {
    let tables: &[&[(&str, &[&str])]] = match lang {
        Lang::English => &[en],
        Lang::Swahili => &[sw],
        Lang::Mixed => &[en, sw],
    };
    text.split(' ')
        .map(|word| {
            let core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let tail = &word[core.len()..];
            let lower = core.to_lowercase();
            for table in tables {
                if let Some((_, subs)) = table.iter().find(|(w, _)| *w == lower)
                    && r.random_bool(p)
                {
                    return format!("{}{tail}", pick(r, subs));
                }
            }
            word.to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops one inner letter from one or two longer words.
fn drop_letters(r: &mut ChaCha8Rng, text: &str) -> String {
    let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().filter(|c| c.is_alphabetic()).count() >= 5)
        .collect();
    if long.is_empty() {
        return text.to_string();
    }
    for _ in 0..r.random_range(1..3) {
        let i = long[r.random_range(0..long.len())];
        let chars: Vec<char> = words[i].chars().collect();
        let inner: Vec<usize> = (1..chars.len() - 1)
            .filter(|&k| chars[k].is_alphabetic())
            .collect();
        if inner.len() < 3 {
            continue;
        }
        let k = inner[r.random_range(0..inner.len())];
        words[i] = chars
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, c)| c)
            .collect();
    }
    words.join(" ")
}

const TXT_EN: &[(&str, &[&str])] = &[
    ("please", &["pls", "plz", "pliz"]),
    ("people", &["ppl"]),
    ("because", &["coz", "bcoz", "bcz"]),
    ("you", &["u"]),
    ("your", &["ur"]),
    ("are", &["r"]),
    ("two", &["2"]),
    ("three", &["3"]),
    ("four", &["4"]),
    ("how", &["hw"]),
    ("know", &["knw"]),
    ("thanks", &["thnx", "thx"]),
    ("thank", &["thnk"]),
    ("tomorrow", &["2moro"]),
    ("today", &["2day"]),
    ("before", &["b4"]),
    ("and", &["&", "n"]),
    ("now", &["nw"]),
    ("been", &["bn"]),
    ("morning", &["mrng"]),
    ("water", &["wata"]),
    ("with", &["wth", "wit"]),
    ("what", &["wat"]),
    ("days", &["dys"]),
    ("still", &["stil"]),
    ("should", &["shd"]),
    ("would", &["wud"]),
    ("message", &["msg"]),
];

const TXT_SW: &[(&str, &[&str])] = &[
    ("tafadhali", &["tafadhal", "tfdhl", "pliz"]),
    ("sasa", &["sa"]),
    ("hakuna", &["hakna"]),
    ("mimi", &["mi"]),
    ("sisi", &["cc"]),
    ("siku", &["cku"]),
    ("sijui", &["cjui"]),
    ("nini", &["nn"]),
    ("hivyo", &["hivo"]),
    ("asante", &["asnt", "sante"]),
    ("asanteni", &["asanten"]),
    ("hii", &["hi"]),
    ("hiyo", &["hio"]),
    ("hata", &["ata"]),
    ("kitu", &["ktu"]),
    ("mbili", &["2"]),
    ("tatu", &["3"]),
    ("wiki", &["wk"]),
    ("kwa", &["kw"]),
    ("sana", &["sn"]),
    ("kabisa", &["kbsa"]),
    ("pesa", &["doh", "pesa"]),
    ("sababu", &["sbb"]),
    ("wasee", &["wacee"]),
    ("tunaomba", &["tunaomb"]),
];

const MISSPELT_EN: &[(&str, &[&str])] = &[
    ("received", &["recieved"]),
    ("receipt", &["reciept"]),
    ("receipts", &["reciepts"]),
    ("rubbish", &["rubish", "rubbis"]),
    ("garbage", &["garbbage", "garbege"]),
    ("collected", &["colected", "collectd"]),
    ("potholes", &["portholes", "pot holes"]),
    ("culvert", &["calvert", "culvat"]),
    ("contractor", &["contracter", "contructor"]),
    ("government", &["goverment", "govt"]),
    ("business", &["bussiness", "buisness"]),
    ("until", &["untill"]),
    ("tomorrow", &["tommorow", "tomorow"]),
    ("already", &["allready", "alredy"]),
    ("necessary", &["neccessary"]),
    ("maintenance", &["maintainance"]),
    ("committee", &["commitee", "comittee"]),
    ("which", &["wich"]),
    ("their", &["there"]),
    ("weeks", &["weaks"]),
    ("pressure", &["presure"]),
    ("dangerous", &["dangerious", "dangerus"]),
    ("accident", &["accedent"]),
    ("accidents", &["accedents"]),
    ("since", &["sinse"]),
    ("immediately", &["imediately"]),
    ("kindly", &["kindy", "kndly"]),
    ("assist", &["asist"]),
    ("stopped", &["stoped"]),
    ("leaking", &["leeking", "leakin"]),
    ("water", &["warter"]),
    ("permit", &["permmit", "parmit"]),
    ("tender", &["tenda"]),
    ("overflowing", &["over flowing", "overflowng"]),
    ("approval", &["aproval"]),
    ("schedule", &["shedule", "scedule"]),
    ("abandoned", &["abandon", "abandonned"]),
    ("harassing", &["harrassing", "harasing"]),
    ("tarmac", &["tarmack"]),
    ("materials", &["materias", "matirials"]),
    ("cement", &["cemment"]),
    ("procurement", &["procurment"]),
    ("scaffolding", &["scafolding"]),
    ("certificate", &["certficate", "cirtificate"]),
    ("disconnected", &["disconected"]),
];

const MISSPELT_SW: &[(&str, &[&str])] = &[
    ("tafadhali", &["tafathali", "tafadali"]),
    ("wafanyakazi", &["wafanyikazi"]),
    ("hakuna", &["akuna"]),
    ("haraka", &["araka"]),
    ("barabara", &["balabala", "barbara"]),
    ("shilingi", &["shiringi"]),
    ("kabisa", &["kabisaa"]),
    ("mkandarasi", &["mkandaras", "mkandarashi"]),
    ("takataka", &["taka taka"]),
    ("tunaomba", &["tunaoomba", "tuanomba"]),
    ("risiti", &["resiti"]),
    ("kibali", &["kibari"]),
    ("mradi", &["mladi"]),
    ("kontena", &["kontaina"]),
    ("zahanati", &["zahanat"]),
    ("hospitali", &["hosipitali"]),
    ("imeharibika", &["imeharibik", "imearibika"]),
    ("hatujapata", &["atujapata"]),
    ("mvua", &["mfua"]),
    ("bomba", &["boomba"]),
    ("wafanyabiashara", &["wafanyibiashara"]),
    ("ushuru", &["ushru"]),
    ("mabomba", &["maboomba"]),
    ("zabuni", &["zabun"]),
];

// ---------------------------------------------------------------------------------------
// The parts around the problem.

const CALL_ME: Tri = [
    &[
        "Call me on",
        "My number is",
        "Reach me on",
        "You can call me on",
        "Contact me on",
    ],
    &[
        "Nipigie",
        "Namba yangu ni",
        "Nipigieni kwa",
        "Mnaweza kunipata kwa",
    ],
    &[
        "Nicall kwa",
        "Number yangu ni",
        "Ukitaka details nipigie",
        "Call me kwa",
    ],
];

const OPENER: Tri = [
    &[
        "Good morning,",
        "Good afternoon.",
        "Good evening.",
        "Hello,",
        "Hi,",
        "Dear county,",
        "Dear Sir/Madam,",
        "Kindly,",
        "Please help.",
        "To whom it may concern,",
        "Greetings.",
        "Hello county government,",
        "Attention water department.",
        "Sir,",
        "Dear Governor,",
        "Good day.",
        "Hello Mlima County,",
        "Dear Customer Care,",
        "Sorry to bother you,",
        "Re: complaint.",
        "Phone call logged:",
    ],
    &[
        "Habari,",
        "Habari yenu.",
        "Hamjambo,",
        "Salamu.",
        "Jambo,",
        "Naomba msaada.",
        "Wapendwa wa kaunti,",
        "Shikamoo,",
        "Tafadhali,",
        "Mheshimiwa,",
        "Salaam aleikum.",
        "Habari za asubuhi,",
        "Ndugu,",
        "Mheshimiwa Gavana,",
        "Hujambo,",
        "Habari za mchana.",
        "Samahani kwa usumbufu,",
        "Kwa anayehusika,",
        "Malalamiko:",
    ],
    &[
        "Sasa wasee,",
        "Niaje,",
        "Hello county,",
        "Boss,",
        "Habari, kindly",
        "Wasee wa county,",
        "Hi, mambo.",
        "Sasa,",
        "Please help,",
        "Vipi county,",
        "Morning wasee,",
        "Mambo vipi.",
        "Mambo boss,",
        "Sasa county,",
        "Hi wasee,",
        "Uko aje county,",
        "Niaje boss,",
        "Sorry kusumbua,",
        "Hello hello,",
        "Complaint ya mkazi:",
    ],
];

const ASK: Tri = [
    &[
        "Please send someone.",
        "Fix this asap.",
        "Kindly act.",
        "Please help us.",
        "We need action now.",
        "Please look into it.",
        "Kindly treat this as urgent.",
        "When will this be sorted?",
        "We are tired of complaining.",
        "Please respond.",
        "Who do we contact about this?",
        "Do something before it gets worse.",
        "Please follow up.",
        "Let the ward administrator know.",
        "Come and see for yourselves.",
        "Please call me back.",
        "We want an answer in writing.",
        "Can someone from the ward office come this week?",
        "Do not close this report until it is sorted out.",
        "Please give us a date.",
        "Kindly update us on this platform.",
    ],
    &[
        "Tunaomba mtusaidie.",
        "Tafadhali tumeni mtu.",
        "Shughulikieni haraka.",
        "Tunaomba hatua ichukuliwe.",
        "Tusaidieni tafadhali.",
        "Tunaomba jibu.",
        "Mtatusaidia lini?",
        "Naomba mfuatilie.",
        "Tumechoka kulalamika.",
        "Tafadhali rekebisheni.",
        "Tunaomba mje mjionee wenyewe.",
        "Mjulisheni msimamizi wa wadi.",
        "Tunaomba mtupigie simu.",
        "Tunataka jibu kwa maandishi.",
        "Mtu wa ofisi ya wadi aje wiki hii.",
        "Msifunge ripoti hii hadi tatizo litatuliwe.",
        "Tupeni tarehe tafadhali.",
        "Tujulisheni hapa mtakachofanya.",
    ],
    &[
        "Pls tusaidie.",
        "Mtume mtu acheck.",
        "Fix hii haraka pls.",
        "Tunaomba action.",
        "Mtu afuatilie hii.",
        "Do something bana.",
        "Tumechoka kucomplain.",
        "Kindly mshughulikie.",
        "Mko wapi county?",
        "Saidieni please.",
        "Tunaomba mfollow up.",
        "Mkuje mjionee wenyewe.",
        "Mtupigie simu pls.",
        "Tunataka jibu in writing.",
        "Mtu wa ward office akuje this week.",
        "Msiclose hii report mpaka ifixiwe.",
        "Tupeni date pls.",
        "Mtuupdate hapa.",
        "Tumeni officer aone mwenyewe.",
    ],
];

const CLOSING: Tri = [
    &[
        "Thank you.",
        "Thanks.",
        "Regards.",
        "God bless.",
        "Thanks in advance.",
        "A concerned resident.",
        "Kind regards, a resident of {ward}.",
        "Hoping for your quick response.",
        "Concerned citizen.",
        "Yours faithfully.",
        "Waiting for your reply.",
    ],
    &[
        "Asante.",
        "Asanteni.",
        "Mungu awabariki.",
        "Ni hayo tu.",
        "Mkazi wa {ward}.",
        "Shukran.",
        "Natanguliza shukrani.",
        "Wasalaam.",
        "Mwananchi mwenye wasiwasi.",
        "Wako mwaminifu.",
        "Nasubiri jibu.",
    ],
    &[
        "Thanks.",
        "Asante sana.",
        "Shukran wasee.",
        "Ni hayo.",
        "Thank u.",
        "Mkazi wa {ward}.",
        "Asanteni sana.",
        "Tuko pamoja.",
        "Poa, asante.",
        "Tunangoja reply.",
        "Tuko ready kusaidia.",
    ],
];

const INTRO: Tri = [
    &[
        "I live in {ward}.",
        "I am writing from {ward} ward.",
        "This is at {lm}.",
        "Location: {lm}.",
        "Ward: {ward}.",
        "Near {lm}.",
        "Reporting from {ward}.",
        "I stay near {lm}.",
        "This is in {ward}, near {lm}.",
    ],
    &[
        "Mimi ni mkazi wa {ward}.",
        "Naandika kutoka wadi ya {ward}.",
        "Hapa {lm}.",
        "Mahali: {lm}.",
        "Huku {ward}.",
        "Ni karibu na {lm}.",
        "Naishi karibu na {lm}.",
        "Ni {ward}, karibu na {lm}.",
    ],
    &[
        "Mimi niko {ward}.",
        "Hii ni pale {lm}.",
        "Location ni {lm}.",
        "Huku {ward} side.",
        "Ni {ward} ward.",
        "Niko around {lm}.",
        "Naishi around {lm}.",
        "Ni {ward}, near {lm}.",
    ],
];

const PLACE_SUFFIX: Tri = [
    &[
        " at {lm}",
        " in {ward}",
        " near {lm}",
        " in {ward} ward",
        " around {lm}",
        " here in {ward}",
    ],
    &[
        " huko {ward}",
        " karibu na {lm}",
        " pale {lm}",
        " katika wadi ya {ward}",
        " hapa {ward}",
    ],
    &[
        " pale {lm}",
        " huku {ward}",
        " near {lm}",
        " {ward} side",
        " kwa {ward} ward",
    ],
];

const PROJECT_SUFFIX: Tri = [
    &[
        " at the {proj}",
        " on the {proj} site",
        " at the {proj} in {ward}",
    ],
    &[
        " kwenye {proj}",
        " katika eneo la {proj}",
        " kwenye {proj} huko {ward}",
    ],
    &[" kwa site ya {proj}", " pale {proj}", " kwa {proj} {ward}"],
];

const LANDMARK: Tri = [
    &[
        "{w} stage",
        "the {w} bus stage",
        "{w} market",
        "{w} primary school",
        "the church near {w} centre",
        "{w} junction",
        "{w} estate",
        "the chief's office in {w}",
        "{w} health centre",
        "the mosque at {w}",
        "the shopping centre at {w}",
        "{w} secondary school",
    ],
    &[
        "stage ya {w}",
        "soko la {w}",
        "shule ya msingi ya {w}",
        "kanisa la {w}",
        "makutano ya {w}",
        "estate ya {w}",
        "ofisi ya chifu {w}",
        "zahanati ya {w}",
        "msikiti wa {w}",
        "kituo cha biashara cha {w}",
        "shule ya upili ya {w}",
    ],
    &[
        "stage ya {w}",
        "market ya {w}",
        "primary ya {w}",
        "church ya {w}",
        "junction ya {w}",
        "estate ya {w}",
        "kwa chief {w}",
        "dispensary ya {w}",
        "shopping centre ya {w}",
        "{w} centre",
        "high school ya {w}",
    ],
];

const NUMBER: Tri = [
    &["2", "3", "4", "5", "two", "three", "four"],
    &["mbili", "tatu", "nne", "tano", "2", "3"],
    &["2", "3", "4", "mbili", "tatu", "5"],
];

const DAY: Tri = [
    &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    &[
        "Jumatatu", "Jumanne", "Jumatano", "Alhamisi", "Ijumaa", "Jumamosi", "Jumapili",
    ],
    &[
        "Monday",
        "Jumanne",
        "Wednesday",
        "Alhamisi",
        "Friday",
        "Jumamosi",
        "Sunday",
    ],
];

const AMOUNT: Tri = [
    &["KES 100", "100 bob", "Ksh 200", "sh. 150", "KES 300"],
    &[
        "shilingi mia moja",
        "KES 100",
        "shilingi mia mbili",
        "Ksh 150",
        "mia tatu",
    ],
    &["100 bob", "mia mbili", "200 bob", "150 bob", "KES 300"],
];

const SHORT: Tri = [
    &[
        "for {n} days",
        "since last {day}",
        "since {day}",
        "since yesterday",
        "for over a week",
        "since the weekend",
        "for {n} days now",
        "since {day} morning",
        "the whole of this week",
        "for two weeks",
    ],
    &[
        "kwa siku {n}",
        "tangu {day} iliyopita",
        "tangu {day}",
        "tangu jana",
        "kwa zaidi ya wiki",
        "tangu wikendi",
        "kwa siku {n} sasa",
        "tangu asubuhi ya {day}",
        "wiki hii nzima",
        "kwa wiki mbili",
    ],
    &[
        "for {n} days",
        "tangu {day}",
        "since jana",
        "kwa siku {n} sasa",
        "tangu weekend",
        "for like a week",
        "since last {day}",
        "tangu {day} morning",
        "this whole week",
        "wiki mbili sasa",
    ],
];

const LONG: Tri = [
    &[
        "for {n} weeks",
        "for {n} months",
        "since January",
        "since last year",
        "for months now",
        "since the rains started",
        "since before the rains",
        "for over a year",
    ],
    &[
        "kwa wiki {n}",
        "kwa miezi {n}",
        "tangu Januari",
        "tangu mwaka jana",
        "kwa miezi sasa",
        "tangu mvua ianze",
        "tangu kabla ya mvua",
        "kwa zaidi ya mwaka",
    ],
    &[
        "for {n} weeks",
        "kwa miezi {n}",
        "tangu January",
        "since last year",
        "for months sasa",
        "tangu rains zianze",
        "tangu before rains",
        "over a year sasa",
    ],
];

/// How a duration `{d}` stands as a sentence of its own; `{D}.` is the duration alone.
const SPAN_SENTENCE: Tri = [
    &[
        "It has been like this {d}.",
        "This has gone on {d}.",
        "Same problem {d}.",
        "We have waited {d}.",
        "{D}.",
    ],
    &[
        "Imekuwa hivi {d}.",
        "Hali hii imekuwa hivyo {d}.",
        "Tumesubiri {d}.",
        "{D}.",
    ],
    &["Iko hivo {d}.", "Ni hivo tu {d}.", "Tumengoja {d}.", "{D}."],
];

// ---------------------------------------------------------------------------------------
// The problems, per category. Lower-case ones are short texts as typed on a phone.

fn statements(category: &str) -> Tri {
    match category {
        "water-supply" => WATER,
        "refuse" => REFUSE,
        "market-refuse" => MARKET_REFUSE,
        "road-damage" => ROAD,
        "permit-delay" => PERMIT,
        "market-fees" => MARKET_FEES,
        "information-request" => INFORMATION,
        "works-stalled" => STALLED,
        "poor-workmanship" => WORKMANSHIP,
        "site-safety" => SAFETY,
        "audit-observation" => AUDIT,
        _ => CORRUPTION,
    }
}

/// Problems only some works can have.
fn by_works(category: &str, works: Works) -> Tri {
    match (category, works) {
        ("poor-workmanship", Works::Road) => [
            &[
                "The tarmac on the {proj} is peeling off already.",
                "The murram on the {proj} is just soil, it turns to mud when it rains.",
                "The culverts on the {proj} are too small and already blocked.",
                "Potholes have opened on the {proj} only weeks after handover.",
                "The gravel layer on the {proj} is so thin you can see the old soil.",
                "The side drains on the {proj} were dug too shallow and the water runs on the road.",
                "The culvert on the {proj} was laid with the wrong slope and the water flows back.",
                "One storm washed away all the murram on the {proj}.",
                "tarmac already peeling on the road",
                "gravel on the road too thin",
            ],
            &[
                "Lami ya {proj} tayari inabanduka.",
                "Changarawe iliyowekwa kwenye {proj} ni udongo tu, inageuka tope mvua ikinyesha.",
                "Makalavati ya {proj} ni madogo na tayari yameziba.",
                "Mashimo yamefunguka kwenye {proj} wiki chache tu baada ya kukabidhiwa.",
                "Tabaka la changarawe kwenye {proj} ni jembamba mno, udongo wa zamani unaonekana.",
                "Mitaro ya pembeni ya {proj} ilichimbwa kwa kina kidogo na maji yanapita barabarani.",
                "Kalavati la {proj} liliwekwa na mteremko usio sahihi, maji yanarudi nyuma.",
                "Dhoruba moja tu ilisomba murram yote ya {proj}.",
                "lami ya barabara inabanduka",
                "changarawe nyembamba sana",
            ],
            &[
                "Tarmac ya {proj} imeanza kutoka tayari.",
                "Murram ya {proj} ni udongo tu, rain ikinyesha ni matope.",
                "Culverts za {proj} ni ndogo na zimeblock.",
                "Potholes zimeanza kwa {proj} weeks chache after handover.",
                "Gravel ya {proj} ni thin sana, unaona udongo ya zamani.",
                "Side drains za {proj} ni shallow sana, maji inapita juu ya road.",
                "Culvert ya {proj} iliwekwa slope mbaya, maji inarudi nyuma.",
                "Storm moja tu ilisomba murram yote ya {proj}.",
                "lami ya road imeanza kupeel",
                "gravel ya road ni thin sana",
            ],
        ],
        ("poor-workmanship", Works::Building) => [
            &[
                "The roof of the {proj} leaks whenever it rains.",
                "The walls of the {proj} have cracks and the doors cannot close.",
                "The floor of the {proj} is already breaking up.",
                "The iron sheets on the {proj} are so thin they dent when you touch them.",
                "The doors and windows of the {proj} do not fit their frames.",
                "The toilets at the {proj} are already blocked and smelling.",
                "The gutters at the {proj} are hanging off and rain pours down the walls.",
                "The floor of the {proj} has sunk and the tiles are lifting.",
                "The ceiling boards of the {proj} fell in after the rains.",
                "roof leaking in the new building",
                "cracks in the walls already",
                "doors do not close",
            ],
            &[
                "Paa la {proj} linavuja kila mvua inaponyesha.",
                "Kuta za {proj} zina nyufa na milango haifungi.",
                "Sakafu ya {proj} tayari inavunjika.",
                "Mabati ya {proj} ni membamba mno, yanabonyea ukiyagusa.",
                "Milango na madirisha ya {proj} hayatoshei kwenye fremu zake.",
                "Vyoo vya {proj} tayari vimeziba na vinanuka.",
                "Mifereji ya paa la {proj} imening'inia na maji ya mvua yanamwagika ukutani.",
                "Sakafu ya {proj} imezama na vigae vinainuka.",
                "Dari la {proj} limeanguka baada ya mvua.",
                "paa la jengo jipya linavuja",
                "kuta zina nyufa kila mahali",
                "milango haifungi kabisa",
            ],
            &[
                "Roof ya {proj} inaleak kila rain.",
                "Walls za {proj} zina cracks na doors hazifungi.",
                "Floor ya {proj} imeanza kubreak.",
                "Mabati za {proj} ni thin sana, zinabonyea ukiguza.",
                "Doors na windows za {proj} hazifit, the frames ni crooked.",
                "Toilets za {proj} zimeblock tayari na zinanuka.",
                "Gutters za {proj} zinaning'inia, rain inamwagika kwa walls.",
                "Floor ya {proj} imezama na tiles zinainuka.",
                "Ceiling ya {proj} imeanguka after rains.",
                "roof ya building mpya inaleak",
                "walls zina cracks kila mahali",
                "doors hazifungi kabisa, poor job",
            ],
        ],
        ("poor-workmanship", Works::Water) => [
            &[
                "The pipes laid for the {proj} are leaking at the joints.",
                "The tank at the {proj} leaks and its stand is bending.",
                "The taps at the {proj} broke within a week.",
                "The water tank at the {proj} is leaking at every joint.",
                "The pipes for the {proj} were buried only a few inches deep and are already exposed.",
                "The kiosk at the {proj} has cracks and the tap fittings are cheap plastic.",
                "The solar panels at the {proj} are loose and one was blown down by the wind.",
                "tank leaking at the joints",
                "pipes already exposed",
            ],
            &[
                "Mabomba yaliyowekwa katika {proj} yanavuja kwenye viungo.",
                "Tangi la {proj} linavuja na kinara chake kinapinda.",
                "Mifereji ya {proj} iliharibika ndani ya wiki moja.",
                "Tangi la maji la {proj} linavuja kila kiungo.",
                "Mabomba ya {proj} yalifukiwa juu juu tu na sasa yako wazi.",
                "Kioski cha {proj} kina nyufa na mifereji ni ya plastiki duni.",
                "Paneli za sola za {proj} zimelegea na moja ilianguka kwa upepo.",
                "tangi linavuja kila kiungo",
                "mabomba yako wazi tu",
            ],
            &[
                "Pipes za {proj} zinaleak kwa joints.",
                "Tank ya {proj} inaleak na stand inapinda.",
                "Taps za {proj} zimevunjika ndani ya wiki moja.",
                "Tank ya maji ya {proj} inaleak kila joint.",
                "Pipes za {proj} zilizikwa juu juu tu, sasa ziko wazi.",
                "Kiosk ya {proj} iko na cracks na taps ni plastic cheap.",
                "Solar panels za {proj} ziko loose, moja ilianguka with wind.",
                "tank inaleak kila joint",
                "pipes ziko wazi tu",
            ],
        ],
        ("site-safety", Works::Road) => [
            &[
                "The diversion for the {proj} has no signs and vehicles are meeting head on.",
                "Heaps of murram for the {proj} are left on the road at night.",
                "The graders on the {proj} work without a flagman and vehicles drive straight into them.",
                "The culvert trench across the {proj} has been left open overnight with no barrier.",
                "Dust from the {proj} is so thick that drivers cannot see the road ahead.",
                "no flagman at the road works",
            ],
            &[
                "Mchepuko wa {proj} hauna alama na magari yanakutana uso kwa uso.",
                "Marundo ya changarawe ya {proj} yameachwa barabarani usiku.",
                "Greda za {proj} zinafanya kazi bila mtu wa bendera na magari yanazielekea moja kwa moja.",
                "Mtaro wa kalavati unaovuka {proj} umeachwa wazi usiku bila kizuizi.",
                "Vumbi la {proj} ni zito mno, madereva hawaoni barabara mbele.",
                "hakuna mtu wa bendera barabarani",
            ],
            &[
                "Diversion ya {proj} haina signs, magari zinakutana head on.",
                "Murram ya {proj} imeachwa kwa road usiku.",
                "Graders za {proj} zinawork bila flagman, magari zinaingia tu.",
                "Trench ya culvert kwa {proj} imeachwa wazi usiku bila barrier.",
                "Dust ya {proj} ni mob, madereva hawaoni road.",
                "hakuna flagman kwa road works",
            ],
        ],
        ("site-safety", Works::Building) => [
            &[
                "Bricks are falling from the walls of the {proj} onto the footpath.",
                "Pupils walk past the {proj} site where iron bars stick out of the ground.",
                "The scaffolding at the {proj} is tied with sisal rope and leans over the path.",
                "Iron sheets are blowing off the unfinished roof of the {proj} in the wind.",
                "scaffolding falling at the site",
            ],
            &[
                "Matofali yanaanguka kutoka kuta za {proj} kwenye njia ya watu.",
                "Wanafunzi wanapita karibu na eneo la {proj} ambapo vyuma vimechomoza ardhini.",
                "Jukwaa la ujenzi la {proj} limefungwa kwa kamba za katani na linaegemea njia.",
                "Mabati yanapeperushwa na upepo kutoka paa lisilokamilika la {proj}.",
                "jukwaa la ujenzi linaanguka",
            ],
            &[
                "Bricks zinaanguka from walls za {proj} kwa footpath.",
                "Pupils wanapita site ya {proj} na kuna vyuma zimechomoka.",
                "Scaffolding ya {proj} imefungwa na kamba ya sisal na inaegemea path.",
                "Mabati zinapeperushwa na wind kutoka roof ya {proj}.",
                "scaffolding inaanguka pale site",
            ],
        ],
        ("site-safety", Works::Water) => [
            &[
                "The borehole shaft at the {proj} is left uncovered.",
                "The trench for the pipes of the {proj} runs along the footpath with no cover.",
                "The pipe trench for the {proj} has filled with water and a child nearly drowned in it.",
                "Drilling at the {proj} left a deep mud pond with no fence.",
                "borehole hole left open",
            ],
            &[
                "Kisima cha {proj} kimeachwa wazi bila kifuniko.",
                "Mtaro wa mabomba ya {proj} unapita kando ya njia bila kufunikwa.",
                "Mtaro wa mabomba ya {proj} umejaa maji na mtoto karibu azame ndani yake.",
                "Uchimbaji wa {proj} uliacha dimbwi refu la matope bila uzio.",
                "shimo la kisima liko wazi",
            ],
            &[
                "Shimo ya borehole ya {proj} iko wazi bila cover.",
                "Trench ya pipes za {proj} iko kando ya footpath wazi.",
                "Trench ya pipes za {proj} imejaa maji, mtoi karibu azame.",
                "Drilling ya {proj} iliacha pond ya matope bila fence.",
                "borehole shimo iko wazi tu",
            ],
        ],
        ("works-stalled", Works::Road) => [
            &[
                "The grader has been parked at {lm} for weeks and the {proj} is only half graded.",
                "Culvert pipes for the {proj} have been lying by the roadside for months.",
                "Only one kilometre of the {proj} was gravelled, the rest is untouched.",
                "They dumped heaps of murram along the {proj} and never spread it.",
                "grader parked, road half done",
            ],
            &[
                "Greda imeegeshwa pale {lm} kwa wiki kadhaa na {proj} imechongwa nusu tu.",
                "Mabomba ya kalavati ya {proj} yamelala kando ya barabara kwa miezi.",
                "Kilomita moja tu ya {proj} iliwekwa changarawe, iliyobaki haijaguswa.",
                "Walimwaga marundo ya murram kando ya {proj} na hawakuyatandaza.",
                "greda imeegeshwa, barabara nusu",
            ],
            &[
                "Grader imepark pale {lm} for weeks, {proj} imechongwa nusu tu.",
                "Culvert pipes za {proj} zimelala kando ya road for months.",
                "Ni one kilometre tu ya {proj} iliwekwa murram, the rest haijaguswa.",
                "Walimwaga heaps za murram kando ya {proj} na hawakuspread.",
                "grader imepark, road nusu",
            ],
        ],
        ("works-stalled", Works::Building) => [
            &[
                "The walls of the {proj} are up but there is no roof, and the rain is beating the walls.",
                "The building at the {proj} has been a roofless shell since last year.",
                "Work on the {proj} stopped at window level; the lintel was never cast.",
                "The iron sheets for the {proj} were delivered and are rusting on the ground.",
                "half-built {proj}, no roof",
            ],
            &[
                "Kuta za {proj} zimesimama lakini hakuna paa, mvua inazipiga kuta.",
                "Jengo la {proj} limebaki gofu bila paa tangu mwaka jana.",
                "Kazi ya {proj} ilisimama kwenye usawa wa madirisha; linta haikumwagwa.",
                "Mabati ya {proj} yaliletwa na yanashika kutu chini.",
                "jengo nusu bila paa",
            ],
            &[
                "Walls za {proj} ziko juu lakini hakuna roof, rain inapiga tu.",
                "Building ya {proj} imekaa bila roof tangu last year.",
                "Kazi ya {proj} ilistop kwa window level, lintel haikuwekwa.",
                "Mabati za {proj} zililetwa na zinashika rust chini.",
                "mjengo nusu, hakuna roof",
            ],
        ],
        ("works-stalled", Works::Water) => [
            &[
                "The {proj} was drilled but no pump was ever installed.",
                "The tank stand at the {proj} is up but there is no tank on it.",
                "The pipes for the {proj} have been lying in heaps since they were delivered; no trench has been dug.",
                "The kiosk at the {proj} was built and locked, it has never sold a drop of water.",
                "borehole drilled, no pump",
            ],
            &[
                "Shimo la {proj} lilichimbwa lakini pampu haijawahi kuwekwa.",
                "Kinara cha tangi pale {proj} kimesimama lakini hakuna tangi juu yake.",
                "Mabomba ya {proj} yamerundikwa tangu yaletwe, hakuna mtaro uliochimbwa.",
                "Kioski cha {proj} kilijengwa na kufungwa, hakijawahi kuuza maji hata tone.",
                "kisima bila pampu",
            ],
            &[
                "Shimo ya {proj} ilichimbwa lakini pump haijawahi wekwa.",
                "Tank stand ya {proj} iko lakini hakuna tank juu yake.",
                "Pipes za {proj} zimerundikwa tu tangu ziletwe, hakuna trench imechimbwa.",
                "Kiosk ya {proj} ilijengwa na kufungwa, haijawahi uza maji.",
                "borehole bila pump bado",
            ],
        ],
        ("audit-observation", Works::Road) => [
            &[
                "The BQ for the {proj} provides for {n} culvert lines; our team counted fewer on the ground.",
                "We measured the gravel on the {proj} at several points; it is far thinner than the 150 mm in the specification.",
                "The {proj} is paid as 5 km of grading, but the graded section we walked is much shorter.",
                "road shorter than the BQ",
            ],
            &[
                "BQ ya {proj} inaonyesha mistari {n} ya kalavati; timu yetu ilihesabu michache kuliko hiyo.",
                "Tulipima changarawe ya {proj} sehemu kadhaa; ni nyembamba sana kuliko milimita 150 zilizo kwenye vipimo.",
                "Kazi ya {proj} imelipwa kama kilomita 5 za kuchonga, lakini sehemu tuliyotembea ni fupi zaidi.",
                "barabara fupi kuliko BQ",
            ],
            &[
                "BQ ya {proj} inasema culvert lines {n}, tulicount chache kwa ground.",
                "Tulimeasure gravel ya {proj} points kadhaa, ni thin sana kuliko 150 mm ya specs.",
                "Kazi ya {proj} imelipwa kama 5 km za grading, but the section tuliwalk ni fupi.",
                "road ni fupi kuliko BQ",
            ],
        ],
        ("audit-observation", Works::Building) => [
            &[
                "The BQ for the {proj} lists {n} toilets but only one has been built.",
                "We counted the furniture and fittings delivered with the {proj}; there are far fewer than in the contract.",
                "The BQ for the {proj} specifies 30-gauge iron sheets; what is on the roof is much thinner.",
                "fewer items than in the BQ",
            ],
            &[
                "BQ ya {proj} inaorodhesha vyoo {n} lakini kimoja tu ndicho kimejengwa.",
                "Tulihesabu samani na vifaa vilivyoletwa pamoja na {proj}; ni vichache sana kuliko vilivyo kwenye mkataba.",
                "BQ ya {proj} inataja mabati ya geji 30; yaliyo juu ya paa ni membamba zaidi.",
                "vitu ni vichache kuliko BQ",
            ],
            &[
                "BQ ya {proj} inalist toilets {n} lakini ni moja tu imejengwa.",
                "Tulicount furniture na fittings za {proj}, ni chache sana kuliko contract.",
                "BQ ya {proj} inasema mabati gauge 30, zile ziko kwa roof ni thin zaidi.",
                "items za site ni chache",
            ],
        ],
        ("audit-observation", Works::Water) => [
            &[
                "The BQ for the {proj} specifies a 10,000-litre tank; the tank installed is about half that size.",
                "The contract for the {proj} includes solar panels; we found fewer panels than listed.",
                "The pipeline of the {proj} is paid in full, but residents showed us where the pipes end far short of the village.",
                "tank smaller than in the BQ",
            ],
            &[
                "BQ ya {proj} inataja tangi la lita 10,000; lililowekwa ni karibu nusu ya ukubwa huo.",
                "Mkataba wa {proj} unajumuisha paneli za sola; tulipata paneli chache kuliko zilizoorodheshwa.",
                "Bomba la {proj} limelipwa lote, lakini wakazi walituonyesha mahali mabomba yanaishia mbali kabla ya kijiji.",
                "tangi dogo kuliko la BQ",
            ],
            &[
                "BQ ya {proj} inasema tank ya 10,000 litres; iliwekwa ni half ya hiyo.",
                "Contract ya {proj} iko na solar panels, tulipata chache kuliko list.",
                "Pipeline ya {proj} imelipwa yote, lakini residents walituonyesha pipes zinaishia mbali na village.",
                "tank ni ndogo kuliko BQ",
            ],
        ],
        _ => [&[], &[], &[]],
    }
}

const WATER: Tri = [
    &[
        "No water at the {ward} water kiosk.",
        "Taps are dry in {ward}.",
        "The water pressure is so low that nothing comes out of the tap upstairs.",
        "The water coming out of the taps is brown and smells like mud.",
        "There is a burst pipe near {lm} and clean water is flowing on the road.",
        "The meter at my gate is leaking day and night and the bill keeps going up.",
        "The county kiosk at {lm} is closed every time we go.",
        "The water vendor at the county kiosk charges 20 bob a jerrican instead of 5.",
        "The rationing schedule is not followed. We were told Tuesday and Friday but water never comes.",
        "no water",
        "The borehole pump at {lm} broke down and nobody has come to repair it.",
        "The water smells of sewage. I think the sewer line is leaking into the supply pipe.",
        "Water comes only at 2am for one hour, then it is gone.",
        "The standpipe at {lm} is broken and people are fetching from the river.",
        "We got a water bill for water we never received.",
        "dirty water in the taps, there are worms in it",
        "The kiosk tap is broken and water is wasting all day.",
        "taps dry again",
        "burst pipe at {lm}",
        "water is brown",
        "kiosk closed",
        "low pressure in {ward}",
        "The borehole water at {lm} has become salty and we cannot cook with it.",
        "Our meter has not been read for {n} months and now they send estimated bills.",
        "We were disconnected for a bill we had already paid, and now they want a reconnection fee.",
        "Someone has made an illegal connection on the main line near {lm} and our side gets nothing.",
        "Water cartels are closing the valve so that people buy from their bowsers.",
        "The elevated tank at {lm} overflows every night while our taps are dry.",
        "The water bowser that was promised for our village never came.",
        "The county water point at {lm} has been vandalised; the tap head was stolen.",
        "There is a leak on the main pipe along {lm} that has turned the road into a swamp.",
        "The water in the taps tastes strongly of chlorine and the children refuse to drink it.",
        "Caller reports the kiosk attendant at {lm} opens only two hours a day.",
        "SMS: no wata in {ward} since sato.",
        "Why is the water company digging up our line and leaving without reconnecting us?",
        "The pipe to the school near {lm} burst and the pupils have no water for the toilets.",
        "The borehole pump runs on diesel and the operator says there is no fuel.",
        "Sewage is overflowing from a manhole into the water kiosk area at {lm}.",
        "Since the new pipes were laid, the pressure in our estate has dropped to a trickle.",
        "The water rationing timetable was changed without telling residents.",
        "Our prepaid water meter takes the money but gives no water.",
        "The water tank at {lm} is dirty inside; we saw dead rats in it.",
        "no water since sato",
        "salty water from the borehole",
        "estimated water bill again",
        "main line leaking at {lm}",
        "illegal connections on our line",
        "tap stolen at the water point",
        "water only a trickle",
    ],
    &[
        "Hakuna maji katika kioski cha maji cha {ward}.",
        "Mabomba yamekauka huko {ward}.",
        "Maji yanatoka kwa nguvu kidogo sana, hayafiki juu kabisa.",
        "Maji ya bomba ni ya kahawia na yananuka.",
        "Bomba limepasuka karibu na {lm} na maji safi yanapotea barabarani.",
        "Mita ya maji nje ya nyumba yangu inavuja mchana na usiku.",
        "Kioski cha maji cha kaunti pale {lm} kimefungwa kila tunapoenda.",
        "Muuzaji wa maji kwenye kioski cha kaunti anatoza shilingi ishirini kwa mtungi badala ya tano.",
        "Ratiba ya mgao wa maji haifuatwi. Tuliambiwa Jumanne na Ijumaa lakini maji hayaji.",
        "maji hakuna",
        "Pampu ya kisima pale {lm} imeharibika na hakuna aliyekuja kuirekebisha.",
        "Maji yananuka kama maji taka, nadhani bomba la maji taka linavuja ndani ya bomba la maji.",
        "Maji yanakuja saa nane usiku kwa saa moja tu.",
        "Bomba la umma pale {lm} limevunjika, watu wanachota maji mtoni.",
        "Tumeletewa bili ya maji ambayo hatukutumia.",
        "Maji machafu yenye takataka yanatoka kwenye mabomba.",
        "Mfereji wa kioski umevunjika na maji yanamwagika siku nzima.",
        "mabomba yamekauka",
        "bomba limepasuka {ward}",
        "maji machafu",
        "kioski kimefungwa",
        "maji hayatoki",
        "Maji ya kisima pale {lm} yamekuwa ya chumvi na hatuwezi kupikia.",
        "Mita yetu haijasomwa kwa miezi {n} na sasa wanatutumia bili za makadirio.",
        "Tulikatiwa maji kwa bili tuliyokwisha kulipa, na sasa wanataka ada ya kuunganishwa upya.",
        "Mtu ameunganisha maji kinyume cha sheria kwenye bomba kuu karibu na {lm} na upande wetu haupati kitu.",
        "Mawakala wa maji wanafunga vali ili watu wanunue maji kutoka kwa magari yao.",
        "Tangi la juu pale {lm} linafurika kila usiku ilhali mabomba yetu ni makavu.",
        "Gari la maji tuliloahidiwa kijijini kwetu halijawahi kufika.",
        "Kituo cha maji cha kaunti pale {lm} kimeharibiwa; kichwa cha bomba kimeibiwa.",
        "Kuna uvujaji kwenye bomba kuu kando ya {lm} ambao umegeuza barabara kuwa kinamasi.",
        "Maji ya bomba yana ladha kali ya dawa na watoto wanakataa kuyanywa.",
        "Mpigaji simu anaripoti kwamba mhudumu wa kioski pale {lm} hufungua saa mbili tu kwa siku.",
        "Ujumbe: hakuna maji {ward} tangu Jumamosi.",
        "Kwa nini kampuni ya maji inachimba bomba letu na kuondoka bila kuturudishia maji?",
        "Bomba la shule karibu na {lm} limepasuka na wanafunzi hawana maji ya vyoo.",
        "Pampu ya kisima inatumia dizeli na mhudumu anasema hakuna mafuta.",
        "Maji taka yanafurika kutoka shimo la mfereji hadi eneo la kioski pale {lm}.",
        "Tangu mabomba mapya yawekwe, nguvu ya maji mtaani kwetu imeshuka hadi matone.",
        "Ratiba ya mgao wa maji ilibadilishwa bila kuwaarifu wakazi.",
        "Mita yetu ya malipo ya awali inakula pesa lakini haitoi maji.",
        "Tangi la maji pale {lm} ni chafu ndani; tuliona panya waliokufa.",
        "maji ya chumvi kisimani",
        "bili ya makadirio tena",
        "bomba kuu linavuja pale {lm}",
        "maji yanatoka matone tu",
        "kichwa cha bomba kimeibiwa",
        "tumekatiwa maji bila sababu",
    ],
    &[
        "Maji haitoki kwa tap tangu {day}.",
        "Hakuna water pale {lm}.",
        "Pressure ya maji iko low sana, haifiki hata kwa tank.",
        "Maji inatoka brown na ina smell mbaya.",
        "Kuna pipe imeburst pale {lm}, maji inamwagika tu kwa road.",
        "Meter yangu inaleak na bill inapanda kila mwezi.",
        "Kiosk ya county imefungwa, tunanunua jerrican 50 bob kwa vendors.",
        "Jamaa wa kiosk anacharge 20 bob per jerrican badala ya 5 bob.",
        "Rationing schedule haifuatwi kabisa, maji inakuja anytime.",
        "maji imeisha kwa estate",
        "Borehole pump ya {lm} imekufa na hakuna mtu amekuja kufix.",
        "Maji ina smell ya sewer, kuna leakage somewhere.",
        "Maji inakuja tu usiku saa nane, then imeenda.",
        "Tap ya public pale {lm} imevunjika, watu wanachota kwa river.",
        "Bill ya maji iko juu sana na maji hatupati.",
        "dry taps kwa {ward} tena",
        "Tap ya kiosk imevunjika, maji inawaste siku nzima.",
        "hakuna maji tena",
        "pipe imeburst {ward}",
        "maji ni brown",
        "kiosk imefungwa",
        "pressure iko low",
        "Maji ya borehole pale {lm} imekuwa salty, hatuwezi kupika nayo.",
        "Meter yetu haijasomwa miezi {n}, sasa wanatuma estimated bills.",
        "Walitukatia maji kwa bill tulishalipa, sasa wanataka reconnection fee.",
        "Kuna mtu ameconnect illegally kwa main line pale {lm}, side yetu haipati kitu.",
        "Cartels za maji zinafunga valve ndio watu wabuy from bowsers zao.",
        "Tank ya juu pale {lm} inaoverflow kila usiku na taps zetu ziko dry.",
        "Water bowser tuliahidiwa haijawahi kuja kwa village.",
        "Water point ya county pale {lm} imevandalisiwa, tap head imeibiwa.",
        "Main pipe inaleak pale {lm}, road imekuwa swamp.",
        "Maji ya tap ina smell ya chlorine mob, watoto wanakataa kunywa.",
        "Caller anasema attendant wa kiosk pale {lm} anafungua two hours tu kwa siku.",
        "SMS: hakuna maji {ward} since sato.",
        "Mbona water company inachimba line yetu na wanaenda bila kuturudishia maji?",
        "Pipe ya school pale {lm} imeburst, pupils hawana maji ya toilets.",
        "Pump ya borehole ni ya diesel na operator anasema hakuna fuel.",
        "Sewage inaflow kutoka manhole mpaka kwa kiosk pale {lm}.",
        "Tangu pipes mpya ziwekwe, pressure kwa estate imekuwa drip drip tu.",
        "Rationing timetable ilibadilishwa bila kutuambia residents.",
        "Prepaid meter yetu inakula doh lakini maji haitoki.",
        "Tank ya maji pale {lm} ni chafu ndani, tuliona panya wamekufa.",
        "borehole maji ni salty",
        "estimated bill tena",
        "main pipe inaleak pale {lm}",
        "pressure ni drip drip tu",
        "tap imeibiwa kwa water point",
        "wametukatia maji bila notice",
    ],
];

const REFUSE: Tri = [
    &[
        "Rubbish has not been collected in {ward}.",
        "The skip at {lm} is overflowing and the rubbish is spilling onto the road.",
        "The garbage truck skipped our street again on collection day.",
        "People are dumping rubbish in the drain by {lm}.",
        "Someone is burning rubbish behind {lm} every evening and the smoke is choking us.",
        "There is a heap of garbage next to {lm} with flies and rats everywhere.",
        "garbage everywhere",
        "The collection schedule says Wednesday but the lorry has not come.",
        "A dead dog and rubbish are rotting by the roadside near {lm}.",
        "The dumpsite near the estate is full and the waste has blocked the access road.",
        "Waste is left at the gate for days and it stinks.",
        "Dogs have torn the rubbish bags and scattered them all over the street.",
        "We pay for refuse collection every month but nobody collects.",
        "There is no skip at all in our area so people throw rubbish anywhere.",
        "Syringes and hospital waste have been thrown at the dump near {lm}.",
        "rubbish not collected",
        "skip full at {lm}",
        "garbage not picked",
        "dumping in the drain",
        "smoke from burning rubbish",
        "The private collectors took our money for the month and have not come since.",
        "Butchery waste and bones are thrown behind {lm} and the stray dogs fight over them.",
        "Used diapers are being dumped in the stream near {lm}.",
        "The handcart boys dump the rubbish they collect in the river at night.",
        "Maggots are crawling out of the garbage pile next to {lm}.",
        "The refuse truck comes but only picks from the main road, never the inner lanes.",
        "People from other estates drive in at night and dump sacks of rubbish at {lm}.",
        "The dump at {lm} caught fire and has been smouldering for {n} days.",
        "There is no bin anywhere at {lm} and the plastic bottles end up in the drains.",
        "Caller reports construction rubble and rubbish dumped on the road reserve near {lm}.",
        "The county crew swept the street but left the rubbish in heaps by the road, and the rain scattered it.",
        "Why do we pay the refuse fee with the business permit if nobody collects?",
        "The garbage collection point at {lm} has become a breeding ground for flies.",
        "The refuse lorry spills rubbish along the road because it is not covered.",
        "My neighbour keeps dumping his rubbish on the empty plot next to my house.",
        "The litter bins put up along the street are full and broken.",
        "Walk-in: the chairman of the residents' association says there was no collection for the whole month.",
        "The clean-up day was announced but no county lorry came to take the waste away.",
        "The skip at {lm} was taken away and never returned.",
        "Chicken feathers and intestines are dumped at {lm} every morning.",
        "dumping at night near {lm}",
        "maggots in the rubbish",
        "dump on fire again",
        "plastic bottles blocking drains",
        "lorry only picks the main road",
        "private collectors not coming",
        "no bins at {lm}",
    ],
    &[
        "Taka hazijakusanywa huko {ward}.",
        "Kontena la taka pale {lm} limejaa na taka zinamwagika barabarani.",
        "Gari la taka halikupita mtaa wetu siku ya kukusanya.",
        "Watu wanatupa taka kwenye mtaro karibu na {lm}.",
        "Kuna mtu anachoma taka nyuma ya {lm} kila jioni, moshi unatuumiza.",
        "Rundo la takataka karibu na {lm} lina nzi na panya kila mahali.",
        "takataka kila mahali",
        "Ratiba inasema Jumatano lakini lori la taka halijafika.",
        "Mbwa aliyekufa na taka zinaoza kando ya barabara karibu na {lm}.",
        "Jalala karibu na mtaa limejaa na taka zimeziba barabara.",
        "Taka zinaachwa langoni kwa siku nyingi na zinanuka vibaya.",
        "Mbwa wamerarua mifuko ya taka na kuisambaza mtaa mzima.",
        "Tunalipa ada ya taka kila mwezi lakini hakuna anayekusanya.",
        "Hakuna kontena la taka mtaani kwetu, watu wanatupa taka popote.",
        "Sindano na taka za hospitali zimetupwa jalalani karibu na {lm}.",
        "taka hazijaokotwa",
        "kontena limejaa",
        "taka zimejaa {ward}",
        "uchafu mtaroni",
        "taka zinachomwa usiku",
        "Wakusanyaji binafsi walichukua pesa zetu za mwezi na hawajarudi tangu hapo.",
        "Taka za buchani na mifupa zinatupwa nyuma ya {lm} na mbwa koko wanazigombania.",
        "Nepi zilizotumika zinatupwa kwenye kijito karibu na {lm}.",
        "Vijana wa mikokoteni wanatupa mtoni usiku taka wanazokusanya.",
        "Funza wanatambaa kutoka kwenye rundo la taka karibu na {lm}.",
        "Gari la taka linakuja lakini linachukua taka za barabara kuu tu, si vichochoroni.",
        "Watu kutoka mitaa mingine wanakuja usiku kwa magari na kutupa magunia ya taka pale {lm}.",
        "Jalala pale {lm} lilishika moto na linafuka moshi kwa siku {n}.",
        "Hakuna pipa la taka popote pale {lm} na chupa za plastiki zinaishia mitaroni.",
        "Mpigaji simu anaripoti vifusi vya ujenzi na taka zilizotupwa kando ya barabara karibu na {lm}.",
        "Wafanyakazi wa kaunti walifagia mtaa lakini waliacha taka kwenye marundo, mvua ikazitawanya.",
        "Kwa nini tunalipa ada ya taka pamoja na kibali cha biashara ikiwa hakuna anayekusanya?",
        "Kituo cha kukusanyia taka pale {lm} kimekuwa mazalio ya nzi.",
        "Lori la taka linamwaga taka njiani kwa sababu halifunikwi.",
        "Jirani yangu anatupa taka zake kwenye kiwanja kitupu kando ya nyumba yangu.",
        "Mapipa ya taka yaliyowekwa kando ya mtaa yamejaa na kuvunjika.",
        "Mwenyekiti wa chama cha wakazi aliyefika ofisini anasema hakujakuwa na ukusanyaji mwezi mzima.",
        "Siku ya usafi ilitangazwa lakini hakuna lori la kaunti lililokuja kubeba taka.",
        "Kontena la taka la {lm} liliondolewa na halijarudishwa.",
        "Manyoya ya kuku na matumbo yanatupwa pale {lm} kila asubuhi.",
        "taka zinatupwa usiku",
        "funza kwenye taka",
        "jalala linawaka moto tena",
        "chupa za plastiki mitaroni",
        "wakusanyaji binafsi hawaji tena",
        "hakuna mapipa ya taka",
    ],
    &[
        "Taka haijaokotwa {ward} side.",
        "Skip ya {lm} imejaa mpaka inamwagika kwa road.",
        "Lorry ya taka ilituskip tena siku ya collection.",
        "Watu wanadump taka kwa drainage pale {lm}.",
        "Kuna mse anachoma taka every evening nyuma ya {lm}, moshi ni noma.",
        "Garbage imerundikana karibu na {lm}, nzi na panya ni wengi.",
        "taka kila mahali bana",
        "Schedule inasema Wednesday lakini lorry haijakuja.",
        "Mbwa amekufa na iko tu hapo kwa roadside na taka.",
        "Dumpsite imejaa, taka imeblock road ya estate.",
        "Taka inaachwa kwa gate siku mingi, inanuka mbaya.",
        "Mbwa wamechana bags za taka, zimetapakaa kwa street.",
        "Tunalipa garbage fee kila month lakini hakuna collection.",
        "Hakuna skip kwa area yetu, so watu wanatupa taka ovyo.",
        "Mtu amedump syringes na hospital waste pale {lm}.",
        "skip imejaa",
        "taka haijachukuliwa",
        "garbage imejaa {ward}",
        "watu wanadump kwa drain",
        "lorry ya taka haikuja",
        "Private collectors walichukua doh ya month na hawajarudi.",
        "Butchery waste na mifupa zinatupwa nyuma ya {lm}, mbwa wanapigania.",
        "Used pampers zinatupwa kwa river pale {lm}.",
        "Mkokoteni guys wanadump taka kwa river usiku.",
        "Funza wanatoka kwa garbage karibu na {lm}.",
        "Lorry ya taka inapita main road tu, haiingii kwa estates za ndani.",
        "Watu wa other estates wanakuja night na gari, wanadump taka pale {lm}.",
        "Dumpsite ya {lm} ilishika fire, smoke iko for {n} days.",
        "Hakuna bin pale {lm}, plastic bottles zinaishia kwa drains.",
        "Caller anasema kuna rubble ya construction na taka imetupwa kando ya road pale {lm}.",
        "Crew ya county ilifagia street lakini ikaacha taka kwa heaps, rain ikaitawanya.",
        "Mbona tunalipa refuse fee na business permit kama hakuna collection?",
        "Collection point ya {lm} imekuwa breeding ground ya nzi.",
        "Lorry ya taka inamwaga garbage njiani coz haijafunikwa.",
        "Neighbour wangu anadump taka kwa plot tupu next to nyumba yangu.",
        "Bins zimewekwa kando ya street zimejaa na kuvunjika.",
        "Walk-in: chairman wa residents association anasema hakuna collection month nzima.",
        "Clean-up day ilitangazwa lakini hakuna lorry ya county ilikuja kubeba taka.",
        "Skip ya {lm} ilitolewa na haijarudishwa.",
        "Feathers za kuku na matumbo zinatupwa pale {lm} every morning.",
        "wanadump taka night pale {lm}",
        "funza kwa garbage",
        "dumpsite inawaka fire tena",
        "plastic bottles kwa drains",
        "private collectors hawaji tena",
        "hakuna bins kwa street",
    ],
];

const MARKET_REFUSE: Tri = [
    &[
        "Refuse at {ward} market has not been collected since market day.",
        "The skip at {ward} market is overflowing.",
        "Rotten vegetables are piling up at {ward} market.",
        "Garbage is blocking the gate of {ward} market.",
        "The market skip was not emptied after the weekend market.",
        "{ward} market is full of rubbish and the traders are complaining.",
        "Waste from the stalls at {ward} market has not been picked up.",
        "The refuse lorry did not come to {ward} market this week.",
    ],
    &[
        "Taka katika soko la {ward} hazijakusanywa tangu siku ya soko.",
        "Kontena la taka la soko la {ward} limejaa kupita kiasi.",
        "Mboga zilizooza zinarundikana katika soko la {ward}.",
        "Taka zimeziba lango la soko la {ward}.",
        "Kontena la soko halikumwagwa baada ya soko la wikendi.",
        "Soko la {ward} limejaa taka na wafanyabiashara wanalalamika.",
        "Taka za vibanda vya soko la {ward} hazijaokotwa.",
        "Lori la taka halikufika soko la {ward} wiki hii.",
    ],
    &[
        "Taka ya market ya {ward} haijaokotwa tangu market day.",
        "Skip ya {ward} market imejaa.",
        "Mboga zimeoza zimerundikana kwa market ya {ward}.",
        "Taka imeblock gate ya market ya {ward}.",
        "Skip ya market haikuemptiwa after weekend.",
        "Market ya {ward} imejaa taka, traders wanacomplain.",
        "Taka ya stalls za {ward} market haijachukuliwa.",
        "Lorry ya taka haikukuja market ya {ward} this week.",
    ],
];

const ROAD: Tri = [
    &[
        "Deep potholes on the road to {ward} centre.",
        "The road from {lm} is impassable after the rain and boda bodas are falling.",
        "The culvert at the river crossing near {lm} was washed away.",
        "The drain along the road is blocked and water is flowing over the road.",
        "The footbridge near {lm} is broken, people are crossing on one plank.",
        "The murram has been washed off and now the road is just rocks.",
        "potholes everywhere",
        "A huge gully has opened in the middle of the road near {lm}.",
        "The road is so muddy that matatus have stopped coming to {ward}.",
        "Storm water from the road is flooding our homes because the drains were never opened.",
        "The bridge railing near {lm} fell off and it is dangerous at night.",
        "A sinkhole has appeared at the junction and a car got stuck yesterday.",
        "The side drains are full of silt and plastics.",
        "Vehicles are now driving through people's compounds to avoid the potholes.",
        "big ditch across the road by {lm}",
        "road impassable",
        "culvert washed away",
        "potholes at {lm}",
        "drain blocked",
        "footbridge broken",
        "The tarmac edge on the road past {lm} has broken off and cars drop into the gap.",
        "A landslide has blocked the road below {lm} after last night's rain.",
        "A big tree fell across the road near {lm} and nobody has cleared it.",
        "The manhole cover on the road at {lm} was stolen and the hole is wide open.",
        "The drift crossing near {lm} goes under water whenever it rains and cars are swept away.",
        "The speed bumps at {lm} have broken up and the stones are scattered on the road.",
        "Erosion has eaten half of the road near {lm}, only one vehicle can pass at a time.",
        "The timber deck of the bridge near {lm} is rotten and some planks are missing.",
        "Water stands on the road at {lm} for weeks because the road has no camber.",
        "The grading last year left the road worse; stones are sticking out everywhere.",
        "Caller reports the road between {lm} and the main road is cut by a deep gully.",
        "Why are you patching potholes with soil? It washes away after one shower.",
        "The storm drain along {lm} has collapsed into the road.",
        "The footpath along the road to {lm} has been eaten away by water, children walk in the road.",
        "Boda riders say the road at {lm} is so slippery after rain that they refuse to go there.",
        "The culvert outlet near {lm} is scouring the road shoulder away.",
        "The drainage channel at {lm} is full of soil and grass and floods the road.",
        "Trucks carrying sand have destroyed our feeder road and nobody repairs it.",
        "SMS: road to {ward} market cut, matatus not passing.",
        "The potholes on the road near {lm} were filled with murram and are back again.",
        "tree across the road",
        "landslide blocking the road",
        "manhole cover stolen on the road",
        "drift flooded at {lm}",
        "road cut by a gully",
        "bridge planks missing",
        "potholes back again",
    ],
    &[
        "Mashimo makubwa kwenye barabara ya kwenda {ward}.",
        "Barabara kutoka {lm} haipitiki baada ya mvua, bodaboda zinaanguka.",
        "Kalavati kwenye kivuko cha mto karibu na {lm} limesombwa na maji.",
        "Mtaro wa barabara umeziba na maji yanapita juu ya barabara.",
        "Daraja la waenda kwa miguu karibu na {lm} limevunjika.",
        "Changarawe imesombwa na sasa barabara imebaki mawe tu.",
        "barabara mbovu sana",
        "Korongo kubwa limetokea katikati ya barabara karibu na {lm}.",
        "Barabara ina matope mengi, matatu hazifiki tena {ward}.",
        "Maji ya mvua kutoka barabarani yanaingia majumbani kwa sababu mitaro haijafunguliwa.",
        "Reli za daraja karibu na {lm} zimeanguka, ni hatari usiku.",
        "Shimo kubwa limetokea kwenye makutano na gari lilikwama jana.",
        "Mitaro ya pembeni imejaa mchanga na plastiki.",
        "Magari sasa yanapita ndani ya maboma ya watu kukwepa mashimo.",
        "Barabara imekatika kabisa karibu na {lm}.",
        "barabara haipitiki",
        "kalavati limesombwa",
        "mashimo barabarani {ward}",
        "mtaro umeziba",
        "daraja limevunjika",
        "Ukingo wa lami barabarani karibu na {lm} umevunjika na magari yanaangukia pengo.",
        "Maporomoko ya udongo yameziba barabara chini ya {lm} baada ya mvua ya jana usiku.",
        "Mti mkubwa umeanguka katikati ya barabara karibu na {lm} na hakuna aliyeuondoa.",
        "Kifuniko cha shimo la mtaro barabarani pale {lm} kimeibiwa na shimo liko wazi.",
        "Kivuko cha chini karibu na {lm} hufunikwa na maji kila mvua ikinyesha na magari yanasombwa.",
        "Matuta ya barabarani pale {lm} yamevunjika na mawe yametawanyika barabarani.",
        "Mmomonyoko umekula nusu ya barabara karibu na {lm}, gari moja tu linaweza kupita.",
        "Mbao za daraja karibu na {lm} zimeoza na nyingine hazipo.",
        "Maji yanatuama barabarani pale {lm} kwa wiki kwa sababu barabara haina mwinuko wa katikati.",
        "Kusawazishwa kwa barabara mwaka jana kuliiacha mbaya zaidi; mawe yamechomoza kila mahali.",
        "Mpigaji simu anaripoti kwamba barabara kati ya {lm} na barabara kuu imekatwa na korongo refu.",
        "Kwa nini mnaziba mashimo kwa udongo? Unasombwa baada ya mvua moja tu.",
        "Mtaro wa maji ya mvua kando ya {lm} umeporomoka hadi barabarani.",
        "Njia ya waenda kwa miguu kando ya barabara ya {lm} imeliwa na maji, watoto wanatembea barabarani.",
        "Waendesha bodaboda wanasema barabara ya {lm} inateleza sana baada ya mvua, wanakataa kwenda huko.",
        "Maji yanayotoka kalavati karibu na {lm} yanamomonyoa ukingo wa barabara.",
        "Mfereji wa maji pale {lm} umejaa udongo na nyasi na unafurika barabarani.",
        "Malori yanayobeba mchanga yameharibu barabara yetu ya mashambani na hakuna anayeirekebisha.",
        "Ujumbe: barabara ya soko la {ward} imekatika, matatu hazipiti.",
        "Mashimo ya barabara karibu na {lm} yalizibwa kwa murram na yamerudi tena.",
        "mti umeziba barabara",
        "maporomoko yameziba barabara",
        "kifuniko cha mtaro kimeibiwa",
        "kivuko kimefunikwa na maji",
        "barabara imeliwa na mmomonyoko",
        "mbao za daraja zimeoza",
        "mashimo yamerudi tena",
    ],
    &[
        "Road ya {ward} imejaa potholes mbaya.",
        "Hii road ya {lm} haipitiki after rain, boda zinateleza.",
        "Culvert ya river pale {lm} imesombwa na maji.",
        "Drainage imeblock, maji inapita juu ya road.",
        "Footbridge ya {lm} imevunjika, watu wanavuka kwa plank moja.",
        "Murram yote imeenda, road ni mawe tu sasa.",
        "potholes kila mahali",
        "Kuna gully kubwa imefunguka katikati ya road pale {lm}.",
        "Road ina matope, matatu haziingii {ward} tena.",
        "Maji ya rain inaingia kwa manyumba coz drains hazijafunguliwa.",
        "Railing ya bridge imeanguka, ni hatari sana usiku.",
        "Kuna shimo kubwa kwa junction, gari ilikwama jana.",
        "Drains zimejaa silt na plastic.",
        "Magari zinapitia kwa compound za watu kuavoid potholes.",
        "Road imekatika pale {lm}.",
        "road haipitiki",
        "culvert imesombwa",
        "potholes mob {ward}",
        "drainage imeblock",
        "bridge imevunjika",
        "Edge ya tarmac kwa road ya {lm} imevunjika, magari zinaingia kwa gap.",
        "Landslide imeblock road chini ya {lm} after rain ya jana usiku.",
        "Mti mkubwa imeanguka across road pale {lm}, hakuna mtu ameitoa.",
        "Manhole cover ya road pale {lm} imeibiwa, shimo iko wazi.",
        "Drift ya {lm} inajaa maji kila rain, magari zinasombwa.",
        "Bumps za {lm} zimevunjika, mawe imetapakaa kwa road.",
        "Erosion imekula half ya road pale {lm}, gari moja tu ndio inapita.",
        "Timber ya bridge pale {lm} imeoza, planks zingine hazipo.",
        "Maji inastand kwa road pale {lm} for weeks coz road haina camber.",
        "Grading ya last year iliacha road mbaya zaidi, mawe zimetokea kila mahali.",
        "Caller anasema road kati ya {lm} na main road imekatwa na gully deep.",
        "Mbona mnajaza potholes na udongo? Inasombwa after rain moja tu.",
        "Storm drain ya {lm} imecollapse ikaingia kwa road.",
        "Footpath ya road ya {lm} imeliwa na maji, watoto wanatembea kwa road.",
        "Boda guys wanasema road ya {lm} inateleza sana after rain, hawataki kuenda.",
        "Maji ya culvert pale {lm} inakula shoulder ya road.",
        "Drainage channel ya {lm} imejaa soil na nyasi, inaflood road.",
        "Trucks za mchanga zimeharibu feeder road yetu, hakuna mtu anarepair.",
        "SMS: road ya {ward} market imekatika, mathree hazipiti.",
        "Potholes za road ya {lm} zilijazwa murram na zimerudi tena.",
        "mti iko across road",
        "landslide imeziba road kabisa",
        "manhole cover imeibiwa kwa road",
        "drift imejaa maji after rain",
        "road imekatwa na gully",
        "potholes zimerudi tena",
        "mathree hazipiti road ya {ward}",
    ],
];

const PERMIT: Tri = [
    &[
        "I applied for a single business permit {n} weeks ago and have had no decision.",
        "My building plans were submitted to the planning office and nobody can tell me their status.",
        "I paid for a change of user approval and it has not been processed.",
        "Every time I go to the {ward} office they say the officer is not in.",
        "My business permit renewal is still pending and the askaris are harassing me for not having it.",
        "The liquor licence application has been stuck with the committee.",
        "permit still not ready",
        "I was told to come back after 7 days. That was {n} weeks ago.",
        "The online system shows my application as 'under review' since I submitted it.",
        "I submitted all documents including the fire certificate but the permit is not issued.",
        "We applied for approval to build a perimeter wall and there is no response.",
        "The health certificate for my food kiosk has not been signed.",
        "Why does a hawker's licence take this long?",
        "I have paid the fees and have the receipt, but the permit is not released.",
        "My plot subdivision approval has been pending at the lands office.",
        "business permit delayed",
        "building plans pending",
        "no response on my licence",
        "still waiting for approval",
        "permit application stuck",
        "My occupation certificate has been pending for {n} months although the building was inspected.",
        "The signage permit for my shop was paid in January and I still do not have it.",
        "The county portal has failed to generate an invoice for my permit renewal for two weeks.",
        "My file at the planning department is said to be lost; they want me to submit everything again.",
        "The physical planning committee has not sat for {n} months, so no building plans are being approved.",
        "I need a rates clearance certificate to transfer my plot and the office keeps saying the system is down.",
        "The officer who signs the food handler's certificates is on leave and there is no one else.",
        "Why do I have to wait for an inspection visit that never comes before my permit is printed?",
        "The fire safety inspection for my shop was booked three times and the inspector never came.",
        "Caller says her application for a slaughterhouse licence has had no response since last year.",
        "My lease extension application has been at the lands office for almost a year.",
        "I applied to renew the parking sticker for my matatu and I am told to keep coming back.",
        "The planning office passed my plans but the approval letter has not been signed for weeks.",
        "The permit office at {ward} closed early three days in a row and I could not submit my papers.",
        "Walk-in: trader says the temporary trading permit she paid for a month ago has not been issued.",
        "The architect's stamp was accepted, the fee paid, and still the plans have not gone to committee.",
        "I paid for the approval to drill a borehole on my plot and I am still waiting for the permit.",
        "The officer says my permit is ready but the printer has been broken for {n} weeks.",
        "My amalgamation application for two plots has been pending for months.",
        "We are building without approval because the county has not answered for a year; what else can we do?",
        "occupation certificate still pending",
        "no invoice generated for my permit",
        "my file is lost at planning",
        "approval letter not signed",
        "planning committee has not sat",
        "fire inspection never came",
        "signage permit not issued",
    ],
    &[
        "Niliomba kibali cha biashara wiki {n} zilizopita na sijapata jibu.",
        "Nilipeleka michoro ya jengo kwa ofisi ya mipango na hakuna anayejua imefika wapi.",
        "Nimelipia idhini ya mabadiliko ya matumizi ya ardhi lakini haijashughulikiwa.",
        "Kila nikienda ofisi ya {ward} naambiwa afisa hayupo.",
        "Kibali changu cha biashara bado hakijatolewa na askari wa kaunti wananisumbua.",
        "Ombi la leseni ya pombe limekwama kwa kamati.",
        "kibali bado",
        "Niliambiwa nirudi baada ya siku saba. Sasa ni wiki {n}.",
        "Mfumo wa mtandaoni unaonyesha ombi langu bado linakaguliwa.",
        "Nilipeleka stakabadhi zote pamoja na cheti cha zimamoto lakini kibali hakijatoka.",
        "Tuliomba idhini ya kujenga ukuta wa mpaka na hakuna jibu.",
        "Cheti cha afya cha kibanda changu cha chakula hakijatiwa sahihi.",
        "Kwa nini leseni ya mchuuzi inachukua muda mrefu hivi?",
        "Nimelipa ada na nina risiti lakini kibali hakijatolewa.",
        "Idhini ya kugawa shamba langu imekwama ofisi ya ardhi.",
        "kibali cha biashara kimechelewa",
        "michoro ya jengo bado",
        "leseni yangu bado",
        "nasubiri idhini",
        "ombi limekwama",
        "Cheti cha kuruhusu kuhamia jengo langu kimekwama kwa miezi {n} ingawa jengo lilikaguliwa.",
        "Kibali cha bango la matangazo la duka langu kililipiwa Januari na bado sijakipata.",
        "Mfumo wa mtandaoni wa kaunti umeshindwa kutoa ankara ya kuhuisha kibali changu kwa wiki mbili.",
        "Faili yangu katika idara ya mipango inasemekana imepotea; wanataka niwasilishe kila kitu upya.",
        "Kamati ya mipango haijakaa kwa miezi {n}, kwa hivyo hakuna michoro ya majengo inayoidhinishwa.",
        "Nahitaji cheti cha kulipa kodi ya ardhi ili kuhamisha shamba langu na ofisi inasema mfumo uko chini kila siku.",
        "Afisa anayetia sahihi vyeti vya wahudumu wa chakula yuko likizo na hakuna mwingine.",
        "Kwa nini nisubiri ziara ya ukaguzi isiyowahi kufika kabla kibali changu kichapishwe?",
        "Ukaguzi wa usalama wa moto wa duka langu ulipangwa mara tatu na mkaguzi hakuwahi kuja.",
        "Mpigaji simu anasema ombi lake la leseni ya kichinjio halijajibiwa tangu mwaka jana.",
        "Ombi langu la kuongeza muda wa hati ya kukodisha ardhi limekaa ofisi ya ardhi karibu mwaka.",
        "Niliomba kuhuisha kibali cha maegesho cha matatu yangu na naambiwa nirudi kila siku.",
        "Ofisi ya mipango iliidhinisha michoro yangu lakini barua ya idhini haijatiwa sahihi kwa wiki kadhaa.",
        "Ofisi ya vibali ya {ward} ilifungwa mapema siku tatu mfululizo na sikuweza kuwasilisha karatasi zangu.",
        "Mfanyabiashara aliyefika ofisini anasema kibali cha muda cha biashara alicholipia mwezi uliopita hakijatolewa.",
        "Muhuri wa mchoraji ramani ulikubaliwa, ada ikalipwa, na bado michoro haijafika kwenye kamati.",
        "Nililipia idhini ya kuchimba kisima shambani kwangu na bado nasubiri kibali.",
        "Afisa anasema kibali changu kiko tayari lakini mashine ya kuchapisha imeharibika kwa wiki {n}.",
        "Ombi langu la kuunganisha viwanja viwili limekwama kwa miezi.",
        "Tunajenga bila idhini kwa sababu kaunti haijajibu kwa mwaka mzima; tufanye nini?",
        "cheti bado hakijatoka",
        "hakuna ankara ya kibali",
        "faili yangu imepotea",
        "barua ya idhini bado",
        "kamati ya mipango haijakaa",
        "mkaguzi wa moto hakuja",
    ],
    &[
        "Niliapply business permit wiki {n} zimepita, bado sijapata.",
        "Building plans zangu ziko planning office, hakuna mtu anajua status.",
        "Nimelipia change of user lakini haijaprocessiwa.",
        "Kila nikienda office ya {ward} naambiwa officer hayuko.",
        "Renewal ya permit iko pending na kanjo wananisumbua.",
        "Liquor licence application imekwama kwa committee.",
        "permit bado haijatoka",
        "Waliniambia nirudi after 7 days, sasa ni wiki {n}.",
        "Online system inasema 'under review' tangu nisubmit.",
        "Nimepeleka documents zote na fire cert lakini permit haijatoka.",
        "Tuliapply approval ya perimeter wall na hakuna response.",
        "Health cert ya kibanda yangu haijasainiwa bado.",
        "Mbona hawker's licence inachukua time mingi hivi?",
        "Nimelipa fees na niko na receipt but permit hawajarelease.",
        "Subdivision approval ya plot yangu imestuck kwa lands office.",
        "permit imedelay",
        "plans bado ziko pending",
        "licence bado haijatoka",
        "bado nangoja approval",
        "application imestuck",
        "Occupation certificate yangu iko pending miezi {n} ingawa building ilikaguliwa.",
        "Signage permit ya shop yangu nililipia January na bado sijapata.",
        "County portal haigenerate invoice ya renewal ya permit for two weeks sasa.",
        "File yangu kwa planning inasemekana imepotea, wanataka nisubmit kila kitu afresh.",
        "Planning committee haijasit miezi {n}, so hakuna building plans zinaapprovewa.",
        "Nataka rates clearance ndio nitransfer plot, office inasema system iko down.",
        "Officer wa kusign food handler's cert yuko on leave na hakuna mwingine.",
        "Mbona nisubiri inspection ambayo haiji ndio permit yangu iprintiwe?",
        "Fire inspection ya shop yangu ilibookiwa mara tatu na inspector hakuja.",
        "Caller anasema application yake ya slaughterhouse licence haijajibiwa since last year.",
        "Lease extension yangu iko lands office karibu mwaka mzima.",
        "Niliapply renewal ya parking sticker ya mathree, naambiwa nirudi kila siku.",
        "Planning walipass plans zangu lakini approval letter haijasainiwa for weeks.",
        "Permit office ya {ward} ilifunga mapema siku tatu mfululizo, sikuweza kusubmit papers.",
        "Walk-in: trader anasema temporary permit alilipia last month haijatoka.",
        "Architect stamp ilikubaliwa, fee imelipwa, na bado plans hazijaenda committee.",
        "Nililipia approval ya kuchimba borehole kwa plot na bado nangoja permit.",
        "Officer anasema permit iko ready lakini printer imeharibika wiki {n}.",
        "Amalgamation application ya plots zangu mbili imekwama for months.",
        "Tunajenga bila approval coz county haijajibu mwaka mzima, tufanye aje?",
        "occupation cert bado pending",
        "system haitoi invoice ya permit",
        "file yangu imepotea planning",
        "approval letter bado haijasainiwa",
        "committee ya plans bado haijasit",
        "fire inspector hakuja tena",
    ],
];

const MARKET_FEES: Tri = [
    &[
        "Market collectors at {ward} charge KES 100 a day instead of the published KES 50.",
        "No receipt is given when they collect the market fee.",
        "We pay daily fees but the market toilets are locked and there is no water.",
        "The cess collectors are charging farmers double for every sack of produce.",
        "Traders are asked to pay {amt} for a space that is supposed to be free on non-market days.",
        "The collector writes a lower amount on the receipt than what we pay.",
        "overcharging at the market",
        "We pay for cleaning but the market has not been swept for weeks.",
        "The new fee schedule was never explained to traders, they just started charging more.",
        "Mama mbogas outside the market are being charged the full stall fee.",
        "The collectors use their own receipt books, not county ones.",
        "Boda boda riders are forced to pay parking fees inside the market.",
        "Why are we charged {amt} when the Finance Act says less?",
        "Our stall rent was doubled without any notice.",
        "They take our goods if we cannot pay the fee the same morning.",
        "no receipts at {ward} market",
        "market fee too high",
        "double charged today",
        "collectors overcharging",
        "stall rent doubled",
        "The collectors now want the daily fee paid by M-Pesa to a personal number, not the county paybill.",
        "The cess at the {ward} barrier was raised from 50 to 100 a sack without any gazette notice.",
        "Kanjo harass traders who refuse to pay twice in one day.",
        "We pay for market lights but the market has been dark for months and thieves steal our goods.",
        "There is no water in the market, yet the water charge is still part of the fee.",
        "The fee collector tears the receipt book so that there is no copy for the county.",
        "Traders on the open ground are charged the same as those in the covered sheds.",
        "Why are hawkers charged a daily fee and then chased away from their spots?",
        "Our stall numbers were reallocated and we were asked to pay a new registration fee.",
        "The market toilet charges 20 bob on top of the daily fee we already pay for services.",
        "Caller reports the cess collectors are stopping farmers on the road before they reach the market.",
        "A lorry of potatoes was charged cess at two different points in the same county.",
        "The collectors are using handwritten receipts with no county stamp.",
        "We were told the fee covers security, but there is no watchman at night.",
        "Walk-in: a group of mama mbogas say they pay the daily fee but the market roof is full of holes.",
        "The rates on the noticeboard at the market gate are not the ones the collectors charge.",
        "The county increased the stall rent in the middle of the year with no public participation.",
        "Traders with disabilities are charged the full fee although we were told they are exempted.",
        "The livestock market fee per cow has doubled, and the sale yard has no water trough or fence.",
        "SMS: kanjo at {ward} market taking 200 for a 50 ticket.",
        "cess doubled at the barrier",
        "fee paid to a personal number",
        "no lights in the market",
        "no water in the market toilets",
        "kanjo harassing traders",
        "receipts without county stamp",
        "market rent hiked",
    ],
    &[
        "Wakusanyaji wa soko la {ward} wanatoza KES 100 kwa siku badala ya KES 50.",
        "Hawatoi risiti wanapokusanya ada ya soko.",
        "Tunalipa ada kila siku lakini vyoo vya soko vimefungwa na hakuna maji.",
        "Wakusanyaji wa ushuru wanawatoza wakulima mara mbili kwa kila gunia.",
        "Wafanyabiashara wanalazimishwa kulipa {amt} kwa nafasi isiyolipiwa siku zisizo za soko.",
        "Mkusanyaji anaandika kiasi kidogo kwenye risiti kuliko tunachomlipa.",
        "ada za soko zimepanda bila sababu",
        "Tunalipa ada ya usafi lakini soko halijafagiliwa kwa wiki kadhaa.",
        "Viwango vipya vya ada havikuelezwa kwa wafanyabiashara, walianza tu kutoza zaidi.",
        "Mama mboga walio nje ya soko wanatozwa ada kamili ya kibanda.",
        "Wakusanyaji wanatumia vitabu vyao vya risiti, si vya kaunti.",
        "Waendesha bodaboda wanalazimishwa kulipa ada ya kuegesha ndani ya soko.",
        "Kwa nini tunatozwa {amt} ilhali Sheria ya Fedha inasema chini ya hapo?",
        "Kodi ya kibanda chetu imeongezwa mara mbili bila taarifa.",
        "Wanachukua bidhaa zetu tusipolipa ada asubuhi hiyo hiyo.",
        "hakuna risiti sokoni",
        "ada ya soko juu sana",
        "tumetozwa mara mbili",
        "wakusanyaji wanatoza zaidi",
        "kodi ya kibanda imepanda",
        "Wakusanyaji sasa wanataka ada ya kila siku ilipwe kwa M-Pesa kwa namba ya mtu binafsi, si paybill ya kaunti.",
        "Ushuru kwenye kizuizi cha {ward} umepandishwa kutoka 50 hadi 100 kwa gunia bila tangazo la gazeti.",
        "Kanjo wanawanyanyasa wafanyabiashara wanaokataa kulipa mara mbili kwa siku moja.",
        "Tunalipia taa za soko lakini soko limekuwa giza kwa miezi na wezi wanaiba bidhaa zetu.",
        "Hakuna maji sokoni, lakini malipo ya maji bado yamo kwenye ada.",
        "Mkusanyaji anachana kitabu cha risiti ili kusiwe na nakala ya kaunti.",
        "Wafanyabiashara walio uwanjani wazi wanatozwa sawa na walio chini ya vibanda vilivyoezekwa.",
        "Kwa nini wachuuzi wanatozwa ada ya kila siku kisha wanafukuzwa mahali pao?",
        "Namba za vibanda vyetu zilibadilishwa na tukaambiwa tulipe ada mpya ya usajili.",
        "Choo cha soko kinatoza shilingi ishirini juu ya ada ya kila siku tunayolipia huduma.",
        "Mpigaji simu anaripoti kwamba wakusanyaji wa ushuru wanawasimamisha wakulima njiani kabla ya kufika sokoni.",
        "Lori la viazi lilitozwa ushuru mara mbili katika vituo viwili ndani ya kaunti moja.",
        "Wakusanyaji wanatumia risiti za kuandika kwa mkono bila muhuri wa kaunti.",
        "Tuliambiwa ada inajumuisha ulinzi, lakini hakuna mlinzi usiku.",
        "Kikundi cha mama mboga kilichofika ofisini kinasema wanalipa ada lakini paa la soko lina matundu.",
        "Viwango vilivyo kwenye ubao wa matangazo langoni mwa soko si vile wakusanyaji wanavyotoza.",
        "Kaunti iliongeza kodi ya vibanda katikati ya mwaka bila ushirikishwaji wa umma.",
        "Wafanyabiashara wenye ulemavu wanatozwa ada kamili ingawa tuliambiwa wamesamehewa.",
        "Ada ya soko la mifugo kwa kila ng'ombe imeongezeka mara mbili, na uwanja hauna maji wala uzio.",
        "Ujumbe: kanjo soko la {ward} wanachukua 200 kwa tiketi ya 50.",
        "ushuru umepanda mara mbili",
        "ada inalipwa kwa namba ya mtu",
        "hakuna taa sokoni",
        "hakuna maji kwenye choo cha soko",
        "kanjo wanatusumbua sana",
        "risiti bila muhuri wa kaunti",
        "kodi ya kibanda imepandishwa",
    ],
    &[
        "Collectors wa market ya {ward} wanacharge 100 bob badala ya 50.",
        "Hawapeani receipt wakicollect market fee.",
        "Tunalipa daily fee lakini toilets za market zimefungwa.",
        "Cess guys wanacharge wakulima double kwa kila gunia.",
        "Traders wanalipishwa {amt} kwa space ambayo ni free.",
        "Collector anaandika amount ndogo kwa receipt kuliko tunalipa.",
        "market fee imepanda bila notice",
        "Tunalipa cleaning fee lakini market haijafagiliwa.",
        "Hawakuexplain new rates, walianza tu kucharge zaidi.",
        "Mama mboga nje ya market wanachargiwa full stall fee.",
        "Collectors wanatumia receipt books zao, si za county.",
        "Boda guys wanalazimishwa kulipa parking ndani ya market.",
        "Mbona tunalipa {amt} na Finance Act inasema less?",
        "Rent ya stall imedouble bila notice yoyote.",
        "Kanjo wanachukua goods zetu ukikosa kulipa fee asubuhi.",
        "hakuna receipt market",
        "market fee iko juu",
        "tumechargiwa double",
        "collectors wanaovercharge",
        "stall rent imedouble",
        "Collectors sasa wanataka daily fee ilipwe kwa M-Pesa number ya mtu, si paybill ya county.",
        "Cess kwa barrier ya {ward} imepanda from 50 to 100 per gunia bila gazette notice.",
        "Kanjo wanaharass traders wakikataa kulipa mara mbili siku moja.",
        "Tunalipia market lights lakini market iko giza for months, wezi wanaiba goods.",
        "Hakuna maji kwa market, lakini water charge bado iko kwa fee.",
        "Collector anararua receipt book ndio county isipate copy.",
        "Traders wa open ground wanachargiwa same na wale wa sheds.",
        "Mbona hawkers wanalipishwa daily fee then wanafukuzwa?",
        "Stall numbers zetu zilibadilishwa, tukaambiwa tulipe registration fee mpya.",
        "Toilet ya market inacharge 20 bob juu ya daily fee tunalipa.",
        "Caller anasema cess collectors wanasimamisha wakulima kwa road before market.",
        "Lorry ya viazi ilichargiwa cess mara mbili kwa points mbili ndani ya county moja.",
        "Collectors wanatumia receipts za handwritten bila stamp ya county.",
        "Tuliambiwa fee inacover security, lakini hakuna watchman usiku.",
        "Walk-in: mama mbogas wanasema wanalipa daily fee lakini roof ya market iko na mashimo.",
        "Rates kwa noticeboard ya market gate si zile collectors wanacharge.",
        "County iliongeza stall rent mid-year bila public participation.",
        "Traders wenye disability wanachargiwa full fee na tuliambiwa wako exempted.",
        "Fee ya livestock market per ng'ombe imedouble, na sale yard haina maji wala fence.",
        "SMS: kanjo wa {ward} market wanachukua 200 kwa ticket ya 50.",
        "cess imedouble kwa barrier",
        "fee inalipwa kwa number ya mtu",
        "market haina lights kabisa",
        "hakuna maji kwa market toilets",
        "kanjo wanaharass traders kila siku",
        "receipts hazina stamp ya county",
        "stall rent imepanda tena",
    ],
];

const INFORMATION: Tri = [
    &[
        "Please publish the bills of quantities of this year's projects in {ward} ward.",
        "I request a copy of the contract for the road works in {ward}.",
        "How much was allocated to {ward} ward in this year's budget?",
        "Where can I find the list of bursary beneficiaries for {ward}?",
        "Kindly share the minutes of the last public participation meeting on the budget.",
        "I would like the names of the companies that won tenders this financial year.",
        "When is the next public participation forum in {ward}?",
        "Can you publish the audit report for last year?",
        "What is the status of the borehole project promised in {ward}?",
        "I request the inspection reports for the {ward} projects under the Access to Information Act.",
        "How much has the county collected in market fees this year?",
        "Who is the contractor of the road works at {lm} and what is the completion date?",
        "budget for our ward?",
        "Please share the ward development fund expenditure for last year.",
        "I need the county's list of pending bills to suppliers.",
        "need the BQ for {ward} projects",
        "contract copy please",
        "bursary list?",
        "where is the audit report",
        "tender results?",
        "Kindly share the County Integrated Development Plan projects planned for {ward} ward.",
        "I request the list of casual workers hired on county projects in {ward} and how they were selected.",
        "Please provide the payment vouchers for the {ward} dispensary works.",
        "Can the county publish the evaluation report of the last tender for road maintenance?",
        "What are the water tariffs approved for this year and where are they published?",
        "I would like to know the refuse collection schedule for each estate in {ward}.",
        "How many ECDE teachers does {ward} ward have and where are they posted?",
        "Where can I get the Finance Act showing the current market fees and permit charges?",
        "Under Article 35, I request the completion certificates for the projects finished in {ward} last year.",
        "I need the names of the members of the ward bursary committee.",
        "Caller asks when the Annual Development Plan will be published and how to give views.",
        "Please share the road maintenance plan for {ward} for this financial year.",
        "Who approved the variation of the market project contract, and by how much?",
        "Could you publish the county assembly's report on the last budget?",
        "I am a student doing research and I would like the county's revenue figures for the last three years.",
        "Walk-in: journalist asks for a copy of the Auditor-General's report on the county.",
        "Is there a public register of county assets like vehicles and land?",
        "What is the procedure for requesting information from the county, and who is the officer in charge?",
        "We request the list of contractors prequalified this year.",
        "Kindly tell us how much was spent on the county's last public event and on what.",
        "CIDP projects for {ward}?",
        "water tariffs this year?",
        "refuse schedule for our estate?",
        "payment vouchers please",
        "list of casual workers?",
        "copy of the finance act please",
        "who is the information officer?",
    ],
    &[
        "Tafadhali chapisheni makadirio ya gharama (BQ) ya miradi ya mwaka huu katika wadi ya {ward}.",
        "Naomba nakala ya mkataba wa kazi za barabara huko {ward}.",
        "Wadi ya {ward} ilitengewa kiasi gani katika bajeti ya mwaka huu?",
        "Orodha ya wanufaika wa basari wa {ward} inapatikana wapi?",
        "Naomba kumbukumbu za mkutano wa mwisho wa ushirikishwaji wa umma kuhusu bajeti.",
        "Ningependa majina ya kampuni zilizoshinda zabuni mwaka huu wa fedha.",
        "Mkutano ujao wa ushirikishwaji wa umma {ward} utakuwa lini?",
        "Mnaweza kuchapisha ripoti ya ukaguzi ya mwaka jana?",
        "Mradi wa kisima ulioahidiwa {ward} umefikia wapi?",
        "Naomba ripoti za ukaguzi wa miradi ya {ward} chini ya Sheria ya Upatikanaji wa Taarifa.",
        "Kaunti imekusanya kiasi gani cha ada za soko mwaka huu?",
        "Mkandarasi wa barabara pale {lm} ni nani na kazi itakamilika lini?",
        "bajeti ya wadi yetu ni ngapi?",
        "Naomba matumizi ya mfuko wa maendeleo wa wadi kwa mwaka jana.",
        "Nahitaji orodha ya madeni ambayo kaunti inadaiwa na wasambazaji.",
        "naomba BQ ya miradi ya {ward}",
        "naomba nakala ya mkataba",
        "orodha ya basari?",
        "ripoti ya ukaguzi iko wapi",
        "matokeo ya zabuni?",
        "Tafadhali tushirikisheni miradi ya Mpango Jumuishi wa Maendeleo ya Kaunti iliyopangwa kwa wadi ya {ward}.",
        "Naomba orodha ya vibarua walioajiriwa kwenye miradi ya kaunti huko {ward} na jinsi walivyochaguliwa.",
        "Tafadhali toeni hati za malipo za kazi ya zahanati ya {ward}.",
        "Je, kaunti inaweza kuchapisha ripoti ya tathmini ya zabuni ya mwisho ya matengenezo ya barabara?",
        "Bei za maji zilizoidhinishwa mwaka huu ni zipi na zimechapishwa wapi?",
        "Ningependa kujua ratiba ya ukusanyaji wa taka kwa kila mtaa wa {ward}.",
        "Wadi ya {ward} ina walimu wangapi wa ECDE na wamepangiwa wapi?",
        "Naweza kupata wapi Sheria ya Fedha inayoonyesha ada za soko na za vibali za sasa?",
        "Chini ya Kifungu cha 35, naomba vyeti vya kukamilika kwa miradi iliyomalizika {ward} mwaka jana.",
        "Nahitaji majina ya wanakamati wa kamati ya basari ya wadi.",
        "Mpigaji simu anauliza Mpango wa Maendeleo wa Mwaka utachapishwa lini na jinsi ya kutoa maoni.",
        "Tafadhali tushirikisheni mpango wa matengenezo ya barabara wa {ward} kwa mwaka huu wa fedha.",
        "Nani aliidhinisha mabadiliko ya mkataba wa mradi wa soko, na kwa kiasi gani?",
        "Mnaweza kuchapisha ripoti ya bunge la kaunti kuhusu bajeti iliyopita?",
        "Mimi ni mwanafunzi ninayefanya utafiti, naomba takwimu za mapato ya kaunti kwa miaka mitatu iliyopita.",
        "Mwanahabari aliyefika ofisini anaomba nakala ya ripoti ya Mkaguzi Mkuu kuhusu kaunti.",
        "Je, kuna rejista ya umma ya mali za kaunti kama magari na ardhi?",
        "Utaratibu wa kuomba taarifa kutoka kaunti ni upi, na afisa anayehusika ni nani?",
        "Tunaomba orodha ya wakandarasi waliopitishwa mwaka huu.",
        "Tafadhali tuambieni kiasi kilichotumika kwenye hafla ya mwisho ya kaunti na kwa matumizi gani.",
        "miradi ya CIDP ya {ward}?",
        "bei za maji mwaka huu?",
        "ratiba ya taka ya mtaa wetu?",
        "naomba hati za malipo",
        "orodha ya vibarua iko wapi",
        "nakala ya Sheria ya Fedha",
        "afisa wa taarifa ni nani?",
    ],
    &[
        "Pls publish BQs za projects za mwaka huu {ward} ward.",
        "Naomba copy ya contract ya road works {ward}.",
        "Ward ya {ward} ilipata pesa ngapi kwa budget ya this year?",
        "List ya bursary beneficiaries wa {ward} iko wapi?",
        "Tunaomba minutes za public participation meeting ya budget.",
        "Ni kampuni gani zilishinda tenders mwaka huu?",
        "Public participation next ni lini huku {ward}?",
        "Audit report ya last year mnaweza kuiweka online?",
        "Borehole project mliahidi {ward} imefika wapi?",
        "Naomba inspection reports za projects za {ward} kwa Access to Information Act.",
        "County imecollect pesa ngapi from market fees this year?",
        "Contractor wa road pale {lm} ni nani na itaisha lini?",
        "budget ya ward yetu ni how much?",
        "Share expenditure ya ward development fund ya last year pls.",
        "Pending bills za county ziko how much?",
        "BQ za {ward} projects pls",
        "copy ya contract pls",
        "bursary list iko wapi",
        "audit report iko wapi",
        "tender results ni lini",
        "Pls share projects za CIDP zimepangwa {ward} ward.",
        "Naomba list ya casuals wameajiriwa kwa county projects {ward} na walichaguliwa aje.",
        "Tupatieni payment vouchers za works za dispensary ya {ward}.",
        "County inaeza publish evaluation report ya tender ya road maintenance?",
        "Water tariffs za this year ni gani na ziko published wapi?",
        "Nataka kujua refuse collection schedule ya kila estate {ward}.",
        "Ward ya {ward} iko na ECDE teachers wangapi na wako posted wapi?",
        "Finance Act inaonyesha market fees na permit charges za sasa inapatikana wapi?",
        "Under Article 35, naomba completion certificates za projects ziliisha {ward} last year.",
        "Nataka majina ya members wa ward bursary committee.",
        "Caller anauliza Annual Development Plan itapublishiwa lini na jinsi ya kutoa views.",
        "Share road maintenance plan ya {ward} ya this financial year pls.",
        "Nani aliapprove variation ya contract ya market project na by how much?",
        "Mnaeza publish report ya county assembly juu ya budget ya last year?",
        "Mimi ni student nafanya research, naomba revenue figures za county za last three years.",
        "Walk-in: journalist anaomba copy ya Auditor-General report ya county.",
        "Kuna public register ya county assets kama vehicles na land?",
        "Procedure ya kuomba information from county ni gani, na officer in charge ni nani?",
        "Tunaomba list ya contractors waliprequalifiwa this year.",
        "Tuambieni county ilitumia doh ngapi kwa event ya last time na kwa nini.",
        "CIDP list ya {ward}?",
        "water tariffs ni ngapi",
        "refuse schedule ya estate yetu?",
        "naomba payment vouchers pls",
        "list ya casuals iko wapi",
        "Finance Act copy iko wapi",
        "information officer ni nani",
    ],
];

const CORRUPTION: Tri = [
    &[
        "A revenue clerk at the {ward} sub-county office asked for money to speed up my permit.",
        "The county askaris take bribes from hawkers every evening at {lm}.",
        "A contractor was paid for a road in {ward} that was never done.",
        "The tender for the market sheds was awarded to a company owned by an MCA's relative.",
        "An officer told me I must 'add something small' before my file can move.",
        "Bursary cheques are going to relatives of the ward committee members.",
        "corruption at the county office",
        "There are ghost workers on the casuals' payroll in {ward}; people who never work get paid.",
        "The inspector passed the building without visiting after getting cash.",
        "Fuel for the county lorry is being sold at {lm}.",
        "Someone at the lands office demanded KES 5,000 to 'find' my file.",
        "Materials for the county project were taken to a private home at night.",
        "The same company wins every tender in {ward}, even when it does a poor job.",
        "Market collectors pocket the cash and give no receipts, the money does not reach the county.",
        "Casual jobs on the project were given only to those who paid a fee.",
        "bribe demanded at the permit office",
        "askaris taking bribes",
        "ghost workers on payroll",
        "tender rigged",
        "paid for a road never built",
        "The askari at the market gate asks every boda rider for 'chai' before letting them pass.",
        "The procurement officer owns the company that supplies stationery to the county, registered in his wife's name.",
        "We were each told to pay 2,000 to be considered for the county's casual jobs.",
        "Prices in the tender for the dispensary beds are three times the shop price; someone is eating.",
        "A public plot next to {lm} set aside for a school has been fenced off by a senior officer.",
        "Fake receipts are being issued at the sub-county revenue office; the money never reaches the county account.",
        "Drugs delivered to the health centre are being sold at a private chemist in town.",
        "The county pickup is used every weekend to carry sand for a private business.",
        "The contractor told residents he gives 10% of every payment to officers to get his certificates signed.",
        "The ward administrator decides who gets a bursary after receiving something small.",
        "Caller reports a public health officer demanded money so that he would not close her hotel.",
        "Why does the MCA's brother win every supply tender in {ward}?",
        "The same road was paid for twice under two different project names.",
        "County staff are signing in workers who do not exist and sharing their wages.",
        "Someone at the registry removed my land documents and asked me to buy them back.",
        "The tender was split into small pieces so that it could go to friends without advertising.",
        "Relief food meant for {ward} was sold to shops at {lm}.",
        "The revenue clerk offered me a discount on my permit if I paid cash to him without a receipt.",
        "SMS: enforcement officers at {lm} taking chai from mama mbogas daily.",
        "I will not give my name, but the procurement office demands a kickback from every supplier.",
        "bribe at the permits office",
        "kitu kidogo demanded at the office",
        "jobs for money at the county",
        "kickbacks in procurement",
        "inflated tender prices",
        "public land grabbed by an officer",
        "fake receipts at the revenue office",
    ],
    &[
        "Karani wa mapato katika ofisi ya {ward} aliniomba pesa ili kuharakisha kibali changu.",
        "Askari wa kaunti wanachukua hongo kutoka kwa wachuuzi kila jioni pale {lm}.",
        "Mkandarasi alilipwa kwa barabara ya {ward} ambayo haikujengwa kamwe.",
        "Zabuni ya vibanda vya soko ilipewa kampuni ya jamaa wa MCA.",
        "Afisa aliniambia 'niongeze kitu kidogo' ndipo faili yangu isonge.",
        "Hundi za basari zinaenda kwa jamaa wa wanakamati wa wadi.",
        "ufisadi ofisi za kaunti",
        "Kuna wafanyakazi hewa kwenye orodha ya vibarua {ward}.",
        "Mkaguzi aliidhinisha jengo bila kulitembelea baada ya kupewa pesa.",
        "Mafuta ya lori la kaunti yanauzwa pale {lm}.",
        "Mtu wa ofisi ya ardhi alidai shilingi elfu tano ili 'kutafuta' faili yangu.",
        "Vifaa vya mradi wa kaunti vilipelekwa nyumba ya mtu binafsi usiku.",
        "Kampuni moja hushinda kila zabuni {ward} hata inapofanya kazi mbovu.",
        "Wakusanyaji wa soko wanaweka pesa mfukoni bila risiti, pesa haifiki kaunti.",
        "Kazi za vibarua kwenye mradi zilipewa tu waliolipa pesa.",
        "nimeombwa hongo ofisini",
        "askari wanachukua hongo",
        "wafanyakazi hewa",
        "zabuni imepangwa",
        "barabara hewa imelipwa",
        "Askari wa langoni mwa soko anaomba kila mwendesha bodaboda 'chai' kabla ya kumruhusu kupita.",
        "Afisa wa ununuzi anamiliki kampuni inayosambaza vifaa vya ofisi kwa kaunti, iliyosajiliwa kwa jina la mkewe.",
        "Kila mmoja wetu aliambiwa alipe elfu mbili ili afikiriwe kwa kazi za vibarua za kaunti.",
        "Bei za zabuni ya vitanda vya zahanati ni mara tatu ya bei ya dukani; kuna mtu anakula.",
        "Kiwanja cha umma karibu na {lm} kilichotengwa kwa shule kimezungushiwa uzio na afisa mkubwa.",
        "Risiti bandia zinatolewa ofisi ya mapato ya kaunti ndogo; pesa haifiki kwenye akaunti ya kaunti.",
        "Dawa zinazoletwa kituo cha afya zinauzwa kwenye duka la dawa la mtu binafsi mjini.",
        "Gari la kaunti linatumika kila wikendi kubeba mchanga wa biashara ya mtu binafsi.",
        "Mkandarasi aliwaambia wakazi kwamba hutoa asilimia kumi ya kila malipo kwa maafisa ili vyeti vyake visainiwe.",
        "Msimamizi wa wadi ndiye anayeamua nani apate basari baada ya kupokea kitu kidogo.",
        "Mpigaji simu anaripoti afisa wa afya ya umma alidai pesa ili asifunge hoteli yake.",
        "Kwa nini kaka wa MCA hushinda kila zabuni ya usambazaji {ward}?",
        "Barabara ileile ililipwa mara mbili chini ya majina mawili tofauti ya miradi.",
        "Wafanyakazi wa kaunti wanaandikisha vibarua wasiokuwepo na kugawana mishahara yao.",
        "Mtu wa masjala aliondoa hati zangu za ardhi na kuniambia nizinunue tena.",
        "Zabuni iligawanywa vipande vidogo ili ipewe marafiki bila kutangazwa.",
        "Chakula cha msaada kilichokusudiwa {ward} kiliuzwa madukani pale {lm}.",
        "Karani wa mapato alinipa punguzo la kibali nikimlipa pesa taslimu bila risiti.",
        "Ujumbe: maafisa wa kanjo pale {lm} wanachukua chai kwa mama mboga kila siku.",
        "Sitataja jina langu, lakini ofisi ya ununuzi inadai mlungula kutoka kwa kila msambazaji.",
        "hongo ofisi ya vibali",
        "kitu kidogo inadaiwa ofisini",
        "kazi kwa pesa kaunti",
        "mlungula kwenye ununuzi",
        "bei za zabuni zimepandishwa",
        "ardhi ya umma imenyakuliwa",
        "risiti bandia ofisi ya mapato",
    ],
    &[
        "Clerk wa revenue {ward} aliniitisha kitu kidogo ndio permit iharakishwe.",
        "Kanjo wanakula hongo kwa hawkers kila jioni pale {lm}.",
        "Contractor alilipwa road ya {ward} na hakuna kazi ilifanyika.",
        "Tender ya market sheds ilienda kwa kampuni ya relative wa MCA.",
        "Officer ameniambia niweke kitu kidogo ndio file isongeshwe.",
        "Bursary zinapewa tu watu wa ward committee na family zao.",
        "corruption imezidi county",
        "Kuna ghost workers kwa payroll ya casuals {ward}.",
        "Inspector alipass building bila kuivisit, alipewa doh.",
        "Fuel ya lorry ya county inauzwa pale {lm}.",
        "Jamaa wa lands office aliniitisha 5k ndio 'apate' file yangu.",
        "Materials za project zilipelekwa kwa boma ya mtu usiku.",
        "Kampuni moja tu ndio hushinda tenders zote {ward}.",
        "Collectors wanaweka doh mfukoni, hakuna receipts.",
        "Casual jobs kwa project zilipewa tu wale walilipa.",
        "kitu kidogo inaitishwa office",
        "kanjo wanakula hongo",
        "ghost workers kwa payroll",
        "tender imepangwa",
        "road hewa imelipwa",
        "Askari wa market gate anaitisha kila boda 'chai' ndio apite.",
        "Procurement officer ndiye owner wa kampuni inasupply stationery county, imeregister kwa jina ya bibi yake.",
        "Tuliambiwa kila mtu alipe 2k ndio apate casual job ya county.",
        "Prices za tender ya dispensary beds ni mara tatu ya shop price, kuna mtu anakula.",
        "Public plot pale {lm} ilikuwa ya school imefenciwa na officer mkubwa.",
        "Fake receipts zinapeanwa revenue office ya sub-county, doh haifiki account ya county.",
        "Dawa za health centre zinauzwa kwa chemist ya mtu town.",
        "Pickup ya county inabeba sand ya biashara ya mtu kila weekend.",
        "Contractor aliambia residents anapeana 10% ya kila payment kwa officers ndio certs zisainiwe.",
        "Ward admin ndiye anaamua nani apate bursary after kupewa kitu kidogo.",
        "Caller anasema public health officer aliitisha doh ndio asifunge hotel yake.",
        "Mbona brother wa MCA ndio hushinda kila supply tender {ward}?",
        "Road moja ililipwa mara mbili kwa majina mbili tofauti za projects.",
        "Staff wa county wanaandika workers hawako na wanagawana mishahara.",
        "Mtu wa registry alitoa documents zangu za shamba, akaniambia nizinunue tena.",
        "Tender ilikatwa vipande vidogo ndio ipewe mabeste bila advertising.",
        "Relief food ya {ward} iliuzwa kwa shops, not kwa families.",
        "Clerk wa revenue alinipa discount ya permit nikimlipa cash bila receipt.",
        "SMS: kanjo pale {lm} wanakula chai ya mama mboga every day.",
        "Sitasema jina yangu, lakini procurement office inaitisha kickback kwa kila supplier.",
        "bribe kwa permits office",
        "wanaitisha chai kwa office",
        "jobs ni za kununua county",
        "kickback kwa every tender",
        "tender prices ziko inflated",
        "public land imegrabiwa na officer",
        "fake receipts kwa revenue",
    ],
];

const STALLED: Tri = [
    &[
        "No workers have been on the {proj} site for weeks.",
        "Works on the {proj} stopped after the machines left.",
        "The contractor abandoned the {proj} and materials are lying unused.",
        "The signboard says the {proj} should be finished by now but nothing is happening.",
        "The {proj} was started before the elections and has never continued.",
        "Only the foundation of the {proj} was done, then everyone left.",
        "works stalled",
        "The site of the {proj} is deserted, even the watchman left.",
        "Cement bags at the {proj} site are hardening in the rain because no one is working.",
        "The trench dug for the {proj} is filling with water and nothing else has been done.",
        "We hear the contractor has not been paid, is that why the {proj} stopped?",
        "Is the {proj} still going on? Nobody has been there for a long time.",
        "The graders came for two days and never came back to the {proj}.",
        "half done {proj}, no progress",
        "The {proj} has stalled halfway.",
        "no workers on site",
        "site abandoned",
        "works stopped again",
        "nothing happening at the {proj}",
        "contractor gone",
        "The contractor packed up and left the {proj} site {n} months ago.",
        "Only the fence around the {proj} was put up, nothing inside it.",
        "The workers on the {proj} say they have not been paid, so they downed their tools.",
        "The completion date on the {proj} signboard passed long ago and the site is still bare.",
        "Materials are being stolen from the idle {proj} site at night because nobody guards it.",
        "Why has the contractor not been back to the {proj} since the rains?",
        "My neighbour who was a casual at the {proj} says they were told to go home until further notice.",
        "Caller reports that no work has been done at the {proj} since the groundbreaking ceremony.",
        "Walk-in: resident says the {proj} has been idle for months and grass is growing over the materials.",
        "The groundbreaking was done with a lot of noise and speeches, and that was the end of the {proj}.",
        "The site office at the {proj} is locked and the caretaker says the contractor does not pick calls.",
        "Weeds and bushes have covered the {proj} site. It looks like a forgotten place.",
        "Is the {proj} cancelled? No one tells us anything and the site is dead quiet.",
        "The excavator and the tipper were taken away on a lorry and have not come back to the {proj}.",
        "They dug, they poured a little concrete, then they disappeared.",
        "Work on the {proj} moves for one week before a leaders' visit and stops again the week after.",
        "The contractor's store container at the {proj} is empty and rusting.",
        "Work on the {proj} was supposed to take six months. It is now in its second year.",
        "The steel bars left at the {proj} are rusting in the open.",
        "Nobody has seen the site engineer at the {proj} this year.",
        "contractor abandoned the site",
        "no work at the {proj} for months",
        "no progress since the launch",
        "project left halfway",
        "site idle for months",
        "workers left, not paid",
        "completion date on the board passed",
    ],
    &[
        "Hakuna wafanyakazi katika eneo la {proj} kwa wiki kadhaa.",
        "Kazi ya {proj} ilisimama baada ya mashine kuondoka.",
        "Mkandarasi ameacha kazi ya {proj} na vifaa vimeachwa bila kutumika.",
        "Bango linasema kazi ya {proj} ingekuwa imekamilika, lakini hakuna kinachoendelea.",
        "Kazi ya {proj} ilianzishwa kabla ya uchaguzi na haijaendelea tena.",
        "Msingi tu wa {proj} ulijengwa, kisha kila mtu akaondoka.",
        "kazi imekwama",
        "Eneo la {proj} ni tupu, hata mlinzi ameondoka.",
        "Mifuko ya saruji kwenye eneo la {proj} inaganda kwa mvua kwa sababu hakuna anayefanya kazi.",
        "Mtaro uliochimbwa kwa ajili ya {proj} unajaa maji na hakuna kingine kilichofanyika.",
        "Tumesikia mkandarasi hajalipwa, ndiyo sababu kazi ya {proj} imesimama?",
        "Je, kazi ya {proj} bado inaendelea? Hakuna aliyefika huko kwa muda mrefu.",
        "Greda zilikuja siku mbili na hazikurudi tena kwenye {proj}.",
        "Kazi ya {proj} imeishia nusu.",
        "Hakuna kinachoendelea katika {proj}.",
        "hakuna wafanyakazi",
        "mradi umeachwa",
        "kazi imesimama tena",
        "hakuna kinachoendelea kwenye {proj}",
        "mkandarasi ametoweka",
        "Mkandarasi alifunga virago na kuondoka kwenye eneo la {proj} miezi {n} iliyopita.",
        "Uzio tu ndio uliojengwa kuzunguka {proj}, ndani hakuna kitu.",
        "Wafanyakazi wa {proj} wanasema hawajalipwa, kwa hivyo wameweka zana chini.",
        "Tarehe ya kukamilika iliyoandikwa kwenye bango la {proj} imepita zamani na eneo bado ni tupu.",
        "Vifaa vinaibiwa usiku kutoka eneo la {proj} kwa sababu hakuna anayelinda.",
        "Kwa nini mkandarasi hajarudi kwenye {proj} tangu mvua zianze?",
        "Jirani yangu aliyekuwa kibarua pale {proj} anasema waliambiwa warudi nyumbani hadi watakapoitwa.",
        "Mpigaji simu anaripoti kwamba hakuna kazi iliyofanyika kwenye {proj} tangu sherehe ya uzinduzi.",
        "Mkazi aliyefika ofisini anasema {proj} imelala kwa miezi na nyasi zimeota juu ya vifaa.",
        "Uzinduzi wa {proj} ulifanywa kwa sherehe na hotuba nyingi, na huo ukawa mwisho wake.",
        "Ofisi ya eneo la {proj} imefungwa na mlinzi anasema mkandarasi hapokei simu.",
        "Vichaka vimefunika eneo la {proj}, ni kama mahali palipotelekezwa.",
        "Je, kazi ya {proj} imesitishwa kabisa? Hakuna anayetuambia chochote na eneo liko kimya.",
        "Tingatinga na lori vilibebwa na havijarudi tena kwenye {proj}.",
        "Walichimba, wakamwaga zege kidogo, kisha wakatoweka.",
        "Kazi ya {proj} huendelea wiki moja kabla ya ziara ya viongozi, kisha inasimama tena.",
        "Kontena la stoo la mkandarasi pale {proj} ni tupu na lina kutu.",
        "Kazi ya {proj} ilipaswa kuchukua miezi sita, sasa ni mwaka wa pili.",
        "Nondo zilizoachwa kwenye {proj} zinashika kutu nje.",
        "Hatujamwona mhandisi wa eneo la {proj} mwaka huu wote.",
        "Kazi imelala kabisa kwenye {proj}, hata sauti ya nyundo hakuna.",
        "mkandarasi ametoroka",
        "kazi imelala kwenye {proj}",
        "mradi umelala miezi mingi",
        "hakuna maendeleo tangu uzinduzi",
        "wafanyakazi wameondoka bila malipo",
        "tarehe ya kukamilika imepita",
    ],
    &[
        "Hakuna workers kwa site ya {proj} for weeks.",
        "Kazi ya {proj} ilistop machines zikiondoka.",
        "Contractor amehepa site ya {proj}, materials ziko tu hapo.",
        "Signboard inasema kazi ya {proj} ingekuwa imeisha, lakini hakuna kitu inaendelea.",
        "Project ya {proj} ilianza before elections na imestall tangu hapo.",
        "Walimaliza foundation tu ya {proj}, kila mtu akaenda.",
        "kazi imestall",
        "Site ya {proj} iko empty, hata watchie ameenda.",
        "Cement kwa site ya {proj} inaharibika kwa rain coz hakuna kazi.",
        "Trench ya {proj} imejaa maji, hakuna kitu kingine imefanyika.",
        "Tunaskia contractor hajalipwa, ndio maana kazi ya {proj} imestop?",
        "Hii kazi ya {proj} bado inaendelea ama? Hakuna mtu ameonekana huko.",
        "Graders zilikuja siku mbili then zikapotea kwa {proj}.",
        "Kazi ya {proj} iko half, no progress.",
        "Tangu mwaka jana hakuna kazi kwa {proj}.",
        "hakuna workers site",
        "site imeachwa",
        "kazi imestop tena",
        "hakuna kitu inaendelea kwa {proj}",
        "contractor amehepa",
        "Contractor alipack na kuhepa site ya {proj} miezi {n} iliyopita.",
        "Wameweka fence tu kwa {proj}, ndani hakuna kitu.",
        "Workers wa {proj} hawajalipwa, so wamedown tools.",
        "Completion date kwa signboard ya {proj} ilipita zamani, site bado iko bare.",
        "Materials zinaibiwa usiku kwa site ya {proj} coz hakuna mtu analinda.",
        "Mbona contractor hajarudi kwa {proj} tangu rains?",
        "Neighbour wangu alikuwa casual kwa {proj}, anasema waliambiwa waende home mpaka wapigiwe.",
        "Caller anasema hakuna wera imefanyika kwa {proj} tangu launch.",
        "Walk-in: mse anasema {proj} imelala for months, nyasi imemea juu ya materials.",
        "Walikuja kulaunch {proj} na sherehe kubwa, na hapo ndio iliishia.",
        "Site office ya {proj} imefungwa, watchie anasema contractor hashiki simu.",
        "Bush imefunika site ya {proj}, inakaa kama place imesahaulika.",
        "Kwani {proj} ilicancelliwa? Hakuna mtu anatuambia kitu, site iko dead.",
        "Excavator na tipper zilibebwa na lorry, hazijarudi kwa {proj}.",
        "Walichimba, wakamwaga concrete kidogo, then wakapotea.",
        "Kazi ya {proj} inaendelea tu wiki moja before viongozi wakuje, then inastop.",
        "Container ya store ya contractor pale {proj} iko empty na ina rust.",
        "Hii {proj} ilikuwa ichukue six months, sasa ni second year.",
        "Mjengo ya {proj} imelala, hata fundi mmoja hayuko site.",
        "Steel bars za {proj} ziko nje zinashika rust.",
        "Hatujaona site engineer wa {proj} this year yote.",
        "contractor amehepa site",
        "wera imelala kwa site",
        "mjengo bado imelala since last year",
        "no progress tangu launch",
        "workers wameenda bila kulipwa",
        "completion date ya board imepita",
    ],
];

const WORKMANSHIP: Tri = [
    &[
        "The new {proj} already shows cracks.",
        "The work on the {proj} was done in a hurry and is already falling apart.",
        "The materials used on the {proj} are below standard, the cement is mostly sand.",
        "Handover of the {proj} was last month and it is already damaged.",
        "The {proj} does not match what is written on the signboard.",
        "poor job on the {proj}",
        "The contractor covered the defects on the {proj} with paint before the inspection.",
        "Nothing on the {proj} is straight, it looks like it was done by untrained people.",
        "Parts of the {proj} that were supposed to be concrete are just mud.",
        "The {proj} was washed away by the first rains.",
        "Shoddy work at the {proj}. Who inspected this?",
        "The drainage at the {proj} was not done at all, water collects everywhere.",
        "We are sure the {proj} was not done according to the specifications.",
        "Money wasted on the {proj}, very poor quality.",
        "cracks already",
        "substandard work",
        "it is already breaking",
        "leaking after handover",
        "shoddy job at the {proj}",
        "The fundis on the {proj} were mixing very little cement, we watched them.",
        "We got the {proj} only {n} weeks ago and the contractor is already patching it.",
        "You can scratch the plaster at the {proj} off with a fingernail.",
        "The welding at the {proj} is already cracking and rusting.",
        "The paint on the {proj} is peeling after one rainy season.",
        "Water collects at the {proj} because the levels were done wrong.",
        "The concrete at the {proj} crumbles like bread; the mix was poor.",
        "Why did the county accept the {proj} in this state?",
        "The contractor used second-hand materials on the {proj} and painted them to look new.",
        "One side of the {proj} is already sinking.",
        "Caller says the work on the {proj} is falling apart barely a month after the ribbon cutting.",
        "The bolts and fittings at the {proj} are loose and some are missing.",
        "The work on the {proj} was finished at night in a rush the week before the inspection visit.",
        "My neighbour, a fundi, says the {proj} was done against every rule of the trade.",
        "The repairs done on the {proj} last month have already failed.",
        "Everything at the {proj} is thin and cheap, it feels like it will blow away.",
        "Rust is already showing on the {proj} and it is not even a year old.",
        "The contractor covered the cracks at the {proj} with a thin layer of cement that has fallen off.",
        "The work on the {proj} has rotted before its time.",
        "The quality of the {proj} is so low that it is an embarrassment to the county.",
        "substandard materials used",
        "poor quality work at the {proj}",
        "repairs already failing",
        "paint peeling off already",
        "concrete crumbling at the {proj}",
        "wrong levels, water pooling",
        "cheap materials, poor finish",
    ],
    &[
        "Kazi mpya ya {proj} tayari ina nyufa.",
        "Kazi ya {proj} ilifanywa kwa haraka na tayari inaharibika.",
        "Vifaa vilivyotumika kwenye {proj} ni duni, saruji ni mchanga mtupu.",
        "Kazi ya {proj} ilikabidhiwa mwezi uliopita na tayari imeharibika.",
        "Kazi ya {proj} hailingani na ilivyoandikwa kwenye bango.",
        "kazi duni kwenye {proj}",
        "Mkandarasi alipaka rangi kuficha kasoro za {proj} kabla ya ukaguzi.",
        "Hakuna kilicho sawa katika {proj}, inaonekana ilifanywa na watu wasio na ujuzi.",
        "Sehemu za {proj} zilizopaswa kuwa za zege ni udongo tu.",
        "Kazi ya {proj} ilisombwa na mvua za kwanza.",
        "Kazi mbovu katika {proj}. Nani aliikagua?",
        "Mitaro ya maji katika {proj} haikujengwa kabisa, maji yanatuama kila mahali.",
        "Tuna uhakika kazi ya {proj} haikufuata vipimo vilivyowekwa.",
        "Pesa zimepotea kwenye {proj}, ubora ni duni sana.",
        "tayari kuna nyufa",
        "kazi ya kiwango cha chini",
        "imeshaanza kuvunjika",
        "inavuja baada ya kukabidhiwa",
        "kazi mbovu kwenye {proj}",
        "Mafundi wa {proj} walikuwa wakichanganya simiti kidogo sana, tuliwaona.",
        "Kazi ya {proj} ilikabidhiwa wiki {n} zilizopita na tayari inazibwazibwa.",
        "Lipu ya {proj} inabanduka ukiikwaruza kwa kucha.",
        "Vyuma vilivyochomelewa kwenye {proj} tayari vinapasuka na kushika kutu.",
        "Rangi ya {proj} inabanduka baada ya msimu mmoja tu wa mvua.",
        "Maji yanatuama kwenye {proj} kwa sababu vipimo vya mwinuko vilikosewa.",
        "Zege la {proj} linamomonyoka kama mkate; mchanganyiko ulikuwa mbovu.",
        "Kwa nini kaunti ilipokea {proj} ikiwa katika hali hii?",
        "Mkandarasi alitumia vifaa vilivyokwisha kutumika kwenye {proj} na kuvipaka rangi vionekane vipya.",
        "Sehemu ya {proj} tayari inatitia upande mmoja.",
        "Mpigaji simu anasema {proj} inasambaratika mwezi mmoja tu baada ya kuzinduliwa.",
        "Bolti na viungo vya {proj} vimelegea na vingine havipo.",
        "Kazi ya {proj} ilimalizwa usiku kwa haraka wiki moja kabla ya ziara ya ukaguzi.",
        "Jirani yangu ambaye ni fundi anasema {proj} ilijengwa kinyume na kanuni zote za ufundi.",
        "Marekebisho yaliyofanywa kwenye {proj} mwezi uliopita tayari yameharibika.",
        "Kila kitu kwenye {proj} ni chembamba na cha bei rahisi.",
        "Kutu tayari inaonekana kwenye {proj} na haijafika hata mwaka.",
        "Mkandarasi aliziba nyufa za {proj} kwa simiti nyembamba ambayo imebanduka.",
        "Kazi ya {proj} imeoza kabla ya wakati wake.",
        "Ubora wa kazi ya {proj} ni wa chini mno, ni aibu kwa kaunti.",
        "Kazi ya {proj} imebomoka kabla hata ya mwaka mmoja.",
        "vifaa duni sana",
        "kazi ya {proj} imeoza",
        "rangi inabanduka kila mahali",
        "zege linamomonyoka kwenye {proj}",
        "maji yanatuama kila mahali",
        "marekebisho yameharibika tena",
        "kazi ya kubahatisha tu",
    ],
    &[
        "Hii kazi ya {proj} ni mpya lakini tayari ina cracks.",
        "Kazi ya {proj} ilifanywa haraka haraka, tayari inaanguka.",
        "Materials za {proj} ni substandard, cement ni sand tu.",
        "Walihandover kazi ya {proj} last month na tayari imeharibika.",
        "Kazi ya {proj} haimatch na signboard.",
        "shoddy job kwa {proj}",
        "Contractor alipaka rangi kuficha defects za {proj} before inspection.",
        "Hakuna kitu iko straight kwa {proj}, kama ilifanywa na fundi wa mtaa.",
        "Parts za {proj} zilikuwa zifanywe concrete ni udongo tu.",
        "Rain ya kwanza ilisomba kazi ya {proj}.",
        "Kazi mbovu sana kwa {proj}, nani aliinspect?",
        "Drainage ya {proj} haikufanywa, maji inastagnate kila mahali.",
        "Tuko sure kazi ya {proj} haikufuata specs.",
        "Pesa imepotea kwa {proj}, quality ni poor sana.",
        "cracks tayari",
        "kazi ni substandard",
        "imeanza kubreak",
        "inaleak after handover",
        "kazi mbovu kwa {proj}",
        "Mafundi wa {proj} walikuwa wanamix simiti kidogo sana, tuliwaona.",
        "Kazi ya {proj} ilihandoverwa wiki {n} zimepita, sasa fundis wanapatch kila week.",
        "Plaster ya {proj} inatoka ukiikwaruza tu with your finger.",
        "Welding ya {proj} imeanza kucrack na kushika rust, it is not even a year.",
        "Paint ya {proj} inapeel after rainy season moja tu.",
        "Maji inastand kwa {proj} coz levels zilikosewa.",
        "Concrete ya {proj} inabomoka kama mkate, mix ilikuwa poor.",
        "Mbona county ilikubali kupokea {proj} ikiwa hivi?",
        "Contractor alitumia materials za mtumba kwa {proj}, akazipaka rangi zionekane new.",
        "Side moja ya {proj} imeanza kuzama.",
        "Caller anasema {proj} inabomoka one month tu after launch.",
        "Bolts na fittings za {proj} ziko loose, some are missing.",
        "Kazi ya {proj} ilimalizwa usiku haraka haraka before inspection.",
        "Fundi wa mtaa anasema {proj} haikufuata specs hata kidogo.",
        "Repairs za {proj} za last month zimeharibika tayari.",
        "Kila kitu kwa {proj} ni thin na cheap, hakuna quality.",
        "Mjengo ya {proj} imeoza before mwaka uishe.",
        "Contractor alipaka cement nyembamba kwa cracks za {proj}, imetoka yote.",
        "Hii kazi ya {proj} imebomoka mapema sana, pesa ya public imepotea.",
        "Quality ya {proj} ni low sana, ni aibu kwa county.",
        "materials ni duni sana",
        "kazi imeoza after handover",
        "paint inapeel kila mahali",
        "concrete inabomoka kwa {proj}",
        "drainage ni wrong, maji inastand",
        "repairs za last month zimefail",
    ],
];

const SAFETY: Tri = [
    &[
        "Open pits at the {proj} site without a fence or warning signs.",
        "Children play in the open trench at the {proj} after school.",
        "There is no barrier around the deep hole dug for the {proj}.",
        "The diversion for the {proj} goes through a blind corner and two accidents have happened.",
        "Workers at the {proj} have no helmets or boots.",
        "Live electric cables are lying exposed at the {proj} site.",
        "danger at the site",
        "A cow fell into the trench at the {proj} last night.",
        "The {proj} site is not lit at night and people fall into the ditches.",
        "Heaps of ballast from the {proj} are blocking the road with no reflectors.",
        "The scaffolding at the {proj} is shaking and people walk under it.",
        "The fence at the {proj} site was removed and the pit is wide open.",
        "Someone will die at the {proj} site, it is very dangerous.",
        "No warning signs at the {proj}, motorbikes are hitting the heaps of soil.",
        "open trench no fence",
        "no warning signs",
        "dangerous pit near {lm}",
        "site not fenced",
        "unsafe diversion",
        "There is no tape, no reflectors and no night lights around the {proj} works.",
        "Excavated soil from the {proj} has been dumped on the walkway and people walk on the road.",
        "A lorry delivering to the {proj} reverses without a turnboy and nearly hit a child.",
        "Heavy machinery is working at the {proj} right next to where children play, with nobody guarding.",
        "The dust from the {proj} is choking us, they never sprinkle water on the ground.",
        "The deep hole at the {proj} has filled with rain water; mosquitoes are breeding and a child could drown.",
        "Walk-in: mother says her son fell into the pit at the {proj} and broke his arm.",
        "The only warning at the {proj} is a branch stuck in the ground.",
        "Rods are sticking up from the ground at the {proj} with no caps, someone will be impaled.",
        "Caller reports an open manhole on the footpath next to the {proj}.",
        "Why is the {proj} site not fenced when it is right next to a school?",
        "Workers at the {proj} climb up high with no harness or safety rope.",
        "Stones thrown up by the machines at the {proj} have broken a window next door.",
        "Concrete mixers and tools are left on the path at the {proj} overnight.",
        "Nobody guards the {proj} site at night and street boys sleep in the open trenches.",
        "There is a big water-filled pit by the path at the {proj}; the warning tape was stolen long ago.",
        "The contractor's trucks at the {proj} speed through the village, raising dust and scattering children.",
        "My neighbour's goat fell into the uncovered hole at the {proj} and died.",
        "Electric wires were pulled down during the {proj} works and are hanging low over the path.",
        "The {proj} works go on at night without any lights or signs for motorists.",
        "open manhole near {lm}",
        "no reflectors at the site",
        "no safety tape at the {proj}",
        "children playing in the trench",
        "live wires hanging at the site",
        "pit full of water, no fence",
        "dust choking residents",
    ],
    &[
        "Mashimo yaliyo wazi katika eneo la {proj} bila uzio wala alama za tahadhari.",
        "Watoto wanacheza ndani ya mtaro ulio wazi wa {proj} baada ya shule.",
        "Hakuna kizuizi karibu na shimo refu lililochimbwa kwa ajili ya {proj}.",
        "Mchepuko wa {proj} unapita kwenye kona isiyoonekana na ajali mbili zimetokea.",
        "Wafanyakazi wa {proj} hawana kofia ngumu wala buti.",
        "Nyaya za umeme ziko wazi katika eneo la {proj}.",
        "hatari kwenye eneo la kazi",
        "Ng'ombe alianguka ndani ya mtaro wa {proj} jana usiku.",
        "Eneo la {proj} halina taa usiku na watu wanaangukia mitaro.",
        "Marundo ya kokoto za {proj} yameziba barabara bila alama za kuakisi.",
        "Jukwaa la ujenzi katika {proj} linatikisika na watu wanapita chini yake.",
        "Uzio wa eneo la {proj} uliondolewa na shimo liko wazi kabisa.",
        "Mtu atakufa katika eneo la {proj}, ni hatari sana.",
        "Hakuna alama za tahadhari kwenye {proj}, pikipiki zinagonga marundo ya udongo.",
        "mtaro wazi bila uzio",
        "hakuna alama za tahadhari",
        "shimo hatari karibu na {lm}",
        "eneo halina uzio",
        "mchepuko hatari",
        "Hakuna utepe, hakuna vioo vya kuakisi na hakuna taa za usiku kuzunguka kazi ya {proj}.",
        "Udongo uliochimbwa kwenye {proj} umerundikwa kwenye njia ya waenda kwa miguu, watu wanatembea barabarani.",
        "Lori linaloleta vifaa kwenye {proj} linarudi nyuma bila mwongozaji na karibu limgonge mtoto.",
        "Mashine nzito zinafanya kazi kwenye {proj} karibu kabisa na mahali watoto wanapocheza, bila mlinzi.",
        "Vumbi kutoka {proj} linatusonga, hawanyunyizii maji hata kidogo.",
        "Shimo refu kwenye {proj} limejaa maji ya mvua; mbu wanazaliana na mtoto anaweza kuzama.",
        "Mama aliyefika ofisini anasema mwanawe alianguka kwenye shimo la {proj} na kuvunjika mkono.",
        "Alama pekee ya tahadhari kwenye {proj} ni tawi la mti lililochomekwa ardhini.",
        "Vyuma vimesimama wima ardhini kwenye {proj} bila vifuniko, mtu atachomwa.",
        "Mpigaji simu anaripoti shimo la maji taka lililo wazi kwenye njia karibu na {proj}.",
        "Kwa nini eneo la {proj} halina uzio ilhali liko karibu na shule?",
        "Wafanyakazi wa {proj} wanapanda juu bila mikanda ya usalama.",
        "Mawe yanayorushwa na mashine kwenye {proj} yamevunja dirisha la jirani.",
        "Mashine za kuchanganya zege na zana zinaachwa njiani kwenye {proj} usiku kucha.",
        "Hakuna anayelinda eneo la {proj} usiku na watoto wa mitaani wanalala ndani ya mitaro.",
        "Kwenye {proj} kuna shimo kubwa lenye maji kando ya njia; utepe wa tahadhari uliibwa zamani.",
        "Malori ya mkandarasi wa {proj} yanakimbia kwa kasi kijijini, yanatimua vumbi na kuwatawanya watoto.",
        "Mbuzi wa jirani yangu alianguka kwenye shimo lililo wazi la {proj} na akafa.",
        "Nyaya za umeme zilivutwa chini wakati wa kazi ya {proj} na sasa zinaning'inia chini juu ya njia.",
        "Kazi ya {proj} inafanywa usiku bila taa wala alama kwa madereva.",
        "shimo la maji taka liko wazi",
        "hakuna utepe wa tahadhari",
        "watoto wanacheza mtaroni",
        "nyaya za stima zinaning'inia",
        "shimo limejaa maji, hakuna uzio",
        "vumbi linatusonga sana",
    ],
    &[
        "Kuna mashimo wazi kwa site ya {proj}, hakuna fence wala signs.",
        "Watoto wanacheza kwa trench ya {proj} after school.",
        "Hakuna barrier kwa shimo ya {proj}, ni deep sana.",
        "Diversion ya {proj} inapita kwa corner mbaya, accidents mbili zimetokea.",
        "Workers wa {proj} hawana helmets wala boots.",
        "Stima wires ziko wazi kwa site ya {proj}.",
        "site ni hatari sana",
        "Ng'ombe ameanguka kwa trench ya {proj} jana usiku.",
        "Site ya {proj} haina lights usiku, watu wanaanguka kwa ditches.",
        "Ballast ya {proj} imeblock road na hakuna reflectors.",
        "Scaffolding ya {proj} inashake na watu wanapita chini.",
        "Fence ya site ya {proj} ilitolewa, shimo iko wazi.",
        "Mtu atakufa kwa site ya {proj}, ni risky sana.",
        "Hakuna warning signs kwa {proj}, boda zinagonga heaps za soil.",
        "trench iko wazi no fence",
        "hakuna warning signs",
        "shimo hatari pale {lm}",
        "site haina fence",
        "diversion ni hatari",
        "Hakuna tape, hakuna reflectors wala lights za usiku kwa site ya {proj}.",
        "Soil ya {proj} imedumpiwa kwa walkway, watu wanatembea kwa road.",
        "Lorry ya materials za {proj} inareverse bila turnboy, karibu igonge mtoi.",
        "Machines kubwa zinafanya kazi kwa {proj} karibu na watoto wanacheza, hakuna mlinzi.",
        "Dust ya {proj} inatusonga, hawamwagi maji kwa ground.",
        "Shimo ya {proj} imejaa rain water, mbu wanazaliana na mtoi anaweza kuzama.",
        "Walk-in: mama anasema mtoi wake aliangukia pit ya {proj} akavunjika mkono.",
        "Warning pekee kwa {proj} ni tawi imechomekwa kwa ground.",
        "Vyuma zimesimama kwa ground pale {proj} bila caps, mtu atadungwa.",
        "Caller anasema kuna manhole iko wazi kwa footpath karibu na {proj}.",
        "Mbona site ya {proj} haina fence na iko next to school?",
        "Workers wa {proj} wanapanda juu bila harness wala safety rope.",
        "Mawe kutoka kwa machines za {proj} zimevunja window ya neighbour.",
        "Mixer na tools zinaachwa kwa footpath pale {proj} every night.",
        "Hakuna mlinzi site ya {proj} usiku, chokoraa wanalala kwa trenches.",
        "Kwa {proj} kuna pit kubwa imejaa maji, warning tape iliibiwa kitambo.",
        "Trucks za contractor wa {proj} zinaover-speed kwa village, vumbi na watoto wanatawanyika.",
        "Goat ya neighbour iliangukia shimo ya {proj}, it died.",
        "Stima wires zilivutwa chini during works za {proj}, sasa zinaning'inia low juu ya path.",
        "Wanafanya kazi ya {proj} usiku bila lights wala signs.",
        "manhole iko wazi near {lm}",
        "hakuna reflectors site",
        "watoto wanacheza kwa trench",
        "live wires ziko wazi pale",
        "dust ya site ni noma",
        "pit imejaa maji no fence",
    ],
];

const AUDIT: Tri = [
    &[
        "Observation from a community visit to the {proj}: fewer works on site than the signboard describes.",
        "We visited the {proj} as a residents' group and found only part of the works done.",
        "The signboard at the {proj} shows a contract sum far higher than what we see on the ground.",
        "During our social audit of the {proj}, the site had no inspection records.",
        "The bill of quantities lists items at the {proj} that are not there.",
        "Our youth group measured the work done at the {proj}; it does not match the payments published.",
        "social audit finding on the {proj}",
        "The {proj} is recorded as complete in the register but the works are not finished.",
        "Residents checked the {proj} against the published contract and several items are missing.",
        "At the {proj}, the works are shorter than the contract says.",
        "Community monitoring of the {proj}: the contractor's name on the board differs from the published one.",
        "We compared the {proj} with the county's published figures and progress looks much lower.",
        "Public participation was not done before the {proj} started, according to residents we interviewed.",
        "The {proj} has been paid almost in full according to the published data, but the site is far from complete.",
        "works below what was paid",
        "no inspection records on site",
        "signboard figures wrong",
        "progress far behind payments",
        "items in the BQ missing",
        "Our ward development committee visited the {proj} with the BQ in hand and could only tick half of the items.",
        "Social audit checklist for the {proj}: signboard present, contract sum shown, no completion date, no engineer's name.",
        "The bill of quantities for the {proj} provides for {n} times more materials than what was delivered to site.",
        "According to the published payments the {proj} is 90% paid, but our estimate of physical progress is below half.",
        "We held a public baraza on the {proj}; residents said the works listed in the contract were never explained to them.",
        "Our community scorecard gave the {proj} two out of five for quality and one out of five for information.",
        "The Project Management Committee of the {proj} has never met; there are no minutes.",
        "We took photos of the {proj} on our visit and compared them with the progress reported; they do not agree.",
        "The CSO network's monitoring visit found no site diary at the {proj} and no record of inspections.",
        "Items paid for in the {proj} payment certificate, like the fence and the signboard, are not on site.",
        "We measured the {proj} with a tape; the length is less than the contract quantity.",
        "Findings from the citizens' forum: the {proj} variation was approved but never published.",
        "The contract sum on the {proj} signboard differs from the sum in the county's tender notice.",
        "Youth monitors counted the items delivered to the {proj} and found fewer than the delivery notes show.",
        "The county records the {proj} as handed over, but the community says it was never opened to the public.",
        "Observation: the completion certificate for the {proj} is dated before the works were finished, according to residents.",
        "The PMC chairperson of the {proj} told our team that no one from the county has inspected since the launch.",
        "We compared the {proj} specifications with what is on site; the sizes are smaller than specified.",
        "Summary of our site walk at the {proj}: progress about a third, payments close to full, no inspection reports shown.",
        "The women's group that monitors the {proj} reports that the quantities in the BQ and on site do not agree.",
        "BQ items missing on site",
        "paid 90% but progress 40%",
        "no site diary at the {proj}",
        "scorecard results for the {proj}",
        "contract sum differs from the signboard",
        "ward committee findings on the {proj}",
        "quantities short of the BQ",
    ],
    &[
        "Uchunguzi kutoka ziara ya jamii kwenye {proj}: kazi iliyofanyika ni ndogo kuliko inavyoelezwa kwenye bango.",
        "Tulitembelea {proj} kama kikundi cha wakazi na tukapata sehemu tu ya kazi imefanyika.",
        "Bango la {proj} linaonyesha thamani ya mkataba iliyo juu sana kuliko tunachoona.",
        "Katika ukaguzi wetu wa kijamii wa {proj}, hakukuwa na kumbukumbu za ukaguzi.",
        "Makadirio ya gharama yanaorodhesha vitu kwenye {proj} ambavyo havipo.",
        "Kikundi chetu cha vijana kilipima kazi ya {proj}; hailingani na malipo yaliyochapishwa.",
        "matokeo ya ukaguzi wa kijamii wa {proj}",
        "Kazi ya {proj} imeandikwa kuwa imekamilika kwenye rejista lakini haijakamilika.",
        "Wakazi walilinganisha {proj} na mkataba uliochapishwa na vitu kadhaa havipo.",
        "Katika {proj}, urefu wa kazi ni mfupi kuliko unavyosema mkataba.",
        "Ufuatiliaji wa jamii wa {proj}: jina la mkandarasi kwenye bango ni tofauti na lililochapishwa.",
        "Tulilinganisha {proj} na takwimu za kaunti na maendeleo yanaonekana chini sana.",
        "Ushirikishwaji wa umma haukufanyika kabla ya kuanza kwa {proj}, kulingana na wakazi tuliowahoji.",
        "Kwa mujibu wa takwimu zilizochapishwa, {proj} imelipwa karibu yote, lakini kazi iko mbali kukamilika.",
        "kazi chini ya malipo",
        "hakuna kumbukumbu za ukaguzi",
        "takwimu za bango si sahihi",
        "maendeleo nyuma ya malipo",
        "vitu vya BQ havipo",
        "Kamati yetu ya maendeleo ya wadi ilitembelea {proj} ikiwa na BQ mkononi na iliweza kuthibitisha nusu tu ya vitu.",
        "Orodha ya ukaguzi wa kijamii ya {proj}: bango lipo, thamani ya mkataba imeonyeshwa, hakuna tarehe ya kukamilika wala jina la mhandisi.",
        "Makadirio ya gharama ya {proj} yanaonyesha vifaa mara {n} zaidi ya vilivyoletwa eneo la kazi.",
        "Kwa mujibu wa malipo yaliyochapishwa {proj} imelipwa asilimia 90, lakini tunakadiria maendeleo ya kazi kuwa chini ya nusu.",
        "Tulifanya baraza la umma kuhusu {proj}; wakazi walisema kazi zilizoorodheshwa kwenye mkataba hazikuwahi kuelezwa kwao.",
        "Kadi yetu ya alama ya jamii iliipa {proj} alama mbili kati ya tano kwa ubora na moja kati ya tano kwa taarifa.",
        "Kamati ya Usimamizi wa Mradi ya {proj} haijawahi kukutana; hakuna kumbukumbu za vikao.",
        "Tulipiga picha za {proj} wakati wa ziara yetu na kuzilinganisha na maendeleo yaliyoripotiwa; hazilingani.",
        "Ziara ya ufuatiliaji ya mtandao wa mashirika ya kiraia haikupata shajara ya eneo la kazi ya {proj} wala kumbukumbu za ukaguzi.",
        "Vitu vilivyolipiwa kwenye cheti cha malipo cha {proj}, kama uzio na bango, havipo eneo la kazi.",
        "Tulipima {proj} kwa utepe; urefu ni mdogo kuliko kiasi kilichoandikwa kwenye mkataba.",
        "Matokeo ya jukwaa la wananchi: mabadiliko ya mkataba wa {proj} yaliidhinishwa lakini hayakuchapishwa.",
        "Thamani ya mkataba kwenye bango la {proj} ni tofauti na ile iliyo kwenye tangazo la zabuni la kaunti.",
        "Vijana wafuatiliaji walihesabu vitu vilivyoletwa {proj} na wakapata vichache kuliko vinavyoonyeshwa kwenye hati za kupokelea.",
        "Kaunti inarekodi kuwa {proj} imekabidhiwa, lakini jamii inasema haijawahi kufunguliwa kwa umma.",
        "Uchunguzi: cheti cha kukamilika kwa {proj} kina tarehe ya kabla kazi haijakamilika, kwa mujibu wa wakazi.",
        "Mwenyekiti wa kamati ya mradi wa {proj} aliiambia timu yetu kwamba hakuna afisa wa kaunti aliyekagua tangu uzinduzi.",
        "Tulilinganisha vipimo vya {proj} na kilichopo; ukubwa ni mdogo kuliko ulivyoainishwa.",
        "Muhtasari wa matembezi yetu kwenye {proj}: maendeleo karibu theluthi moja, malipo karibu yote, hakuna ripoti za ukaguzi tulizoonyeshwa.",
        "Kikundi cha wanawake kinachofuatilia {proj} kinaripoti kwamba kiasi kwenye BQ na kilichopo hakilingani.",
        "vitu vya BQ havionekani",
        "imelipwa asilimia 90, kazi asilimia 40",
        "hakuna shajara ya eneo la kazi",
        "matokeo ya kadi ya alama ya jamii",
        "thamani ya bango hailingani na mkataba",
        "matokeo ya kamati ya wadi kuhusu {proj}",
    ],
    &[
        "Tulivisit {proj} kama community, kazi iko chini ya vile signboard inasema.",
        "Residents group ilienda {proj}, tukapata kazi ni half tu.",
        "Signboard ya {proj} inaonyesha contract sum kubwa sana compared na kazi iko ground.",
        "Kwa social audit yetu ya {proj}, hakuna inspection records site.",
        "BQ inalist vitu kwa {proj} ambazo hazipo.",
        "Youth group yetu ilicount kazi ya {proj}, haimatch na payments mlipublish.",
        "social audit ya {proj}: kuna issues",
        "Register inasema {proj} iko complete lakini kazi haijaisha.",
        "Tulicompare {proj} na contract mlipublish, vitu kadhaa hazipo.",
        "Kwa {proj}, length ya kazi ni fupi kuliko contract.",
        "Jina ya contractor kwa board ya {proj} ni tofauti na ile mlipublish.",
        "Progress ya {proj} iko chini sana compared na figures za county.",
        "Hakuna public participation ilifanywa before {proj} ianze, residents wanasema.",
        "Data inaonyesha {proj} imelipwa almost yote, lakini site bado iko mbali.",
        "kazi iko chini ya payments",
        "hakuna inspection records",
        "figures za signboard ni wrong",
        "progress iko nyuma ya malipo",
        "vitu za BQ hazipo",
        "Ward development committee yetu ilivisit {proj} na BQ mkononi, tukatick half tu ya items.",
        "Checklist ya social audit ya {proj}: signboard iko, contract sum iko, hakuna completion date wala jina ya engineer.",
        "BQ ya {proj} inaonyesha materials mara {n} zaidi ya zile zililetwa site.",
        "Published payments zinasema {proj} imelipwa 90%, lakini progress tunaona iko chini ya half.",
        "Tulifanya public baraza juu ya {proj}, residents walisema hawakuwahi elezwa kazi iko kwa contract.",
        "Community scorecard yetu ilipea {proj} two over five kwa quality na one over five kwa information.",
        "PMC ya {proj} haijawahi kumeet, hakuna minutes.",
        "Tulipiga photos za {proj} na kucompare na progress mlireport, hazimatch.",
        "CSO network ilipata hakuna site diary kwa {proj} wala inspection records.",
        "Items zililipiwa kwa payment certificate ya {proj}, kama fence na signboard, hazipo site.",
        "Tulimeasure {proj} na tape, length ni less kuliko contract inasema.",
        "Findings za citizens' forum: variation ya {proj} iliapprovewa lakini haikupublishwa.",
        "Contract sum kwa signboard ya {proj} ni tofauti na ile iko kwa tender notice ya county.",
        "Youth monitors walicount items zililetwa {proj}, ni chache kuliko delivery notes zinasema.",
        "County inasema {proj} imehandoverwa, lakini community inasema haijawahi funguliwa.",
        "Observation: completion certificate ya {proj} ina date ya before kazi iishe, residents wanasema.",
        "Chairperson wa PMC ya {proj} alituambia hakuna officer wa county amekuja inspect tangu launch.",
        "Tulicompare specs za {proj} na kile kiko site, sizes ni ndogo kuliko specs.",
        "Summary ya site walk yetu kwa {proj}: progress ni third, payments karibu full, hakuna inspection reports.",
        "Women's group inayomonitor {proj} inasema quantities za BQ na site hazimatch.",
        "BQ items hazipo site",
        "paid 90% lakini progress 40%",
        "hakuna site diary kwa {proj}",
        "scorecard results za community",
        "contract sum ya board haimatch",
        "ward committee findings za {proj}",
    ],
];

/// What a problem does to people, per category.
fn consequences(category: &str) -> Tri {
    match category {
        "water-supply" => [
            &[
                "We are buying water from vendors at 50 bob a jerrican.",
                "Children are missing school to fetch water.",
                "We fear cholera.",
                "The dispensary nearby has no water either.",
                "Women walk to the river at night.",
                "Our businesses cannot run without water.",
                "The toilets in our building are blocked without water.",
                "We are spending half our income on water.",
                "People are drawing from a dirty pond.",
            ],
            &[
                "Tunanunua maji kwa wachuuzi shilingi hamsini kwa mtungi.",
                "Watoto wanakosa shule kwenda kuchota maji.",
                "Tunaogopa kipindupindu.",
                "Wagonjwa wanateseka, hata zahanati haina maji.",
                "Akina mama wanatembea mtoni usiku.",
                "Biashara zetu zimesimama bila maji.",
                "Vyoo vya nyumba yetu vimeziba bila maji.",
                "Tunatumia nusu ya kipato chetu kununua maji.",
                "Watu wanachota maji kwenye bwawa chafu.",
            ],
            &[
                "Tunabuy maji 50 bob per jerrican.",
                "Watoto wanamiss school wakichota maji.",
                "Tunaogopa cholera ikuje.",
                "Hata dispensary haina maji, wagonjwa wanasuffer.",
                "Mamas wanaenda river usiku.",
                "Biz zimestop bila maji.",
                "Toilets zimeziba bila maji.",
                "Nusu ya income inaenda kwa maji.",
                "Watu wanachota maji ya pond chafu.",
            ],
        ],
        "refuse" | "market-refuse" => [
            &[
                "The smell is unbearable.",
                "Children are falling sick.",
                "Rats are now entering our houses.",
                "Customers have stopped coming to our shops.",
                "The drains are blocked and the area floods.",
                "Mosquitoes and flies have multiplied.",
                "Our children play next to the heap.",
                "The rain washes the rubbish into our homes.",
            ],
            &[
                "Harufu haivumiliki.",
                "Watoto wanaugua.",
                "Panya sasa wanaingia majumbani.",
                "Wateja wameacha kuja madukani.",
                "Mitaro imeziba na eneo linafurika.",
                "Mbu na nzi wameongezeka.",
                "Watoto wetu wanacheza kando ya rundo.",
                "Mvua inasomba taka hadi majumbani.",
            ],
            &[
                "Smell ni mbaya sana.",
                "Watoto wanaugua.",
                "Panya wameingia kwa manyumba.",
                "Customers wameacha kuja.",
                "Drains zimeblock, area inaflood.",
                "Mbu na nzi wamezidi.",
                "Watoto wanacheza kando ya heap.",
                "Rain inasomba taka mpaka kwa nyumba.",
            ],
        ],
        "road-damage" => [
            &[
                "Children can't get to school when it rains.",
                "Boda bodas now charge double to come here.",
                "An ambulance could not reach a sick woman last week.",
                "Farmers cannot take milk to the cooler.",
                "Vehicles are breaking down.",
                "Someone will be killed.",
                "Pregnant women are carried on stretchers to the main road.",
                "Our produce rots because lorries cannot reach us.",
                "Fares have doubled.",
            ],
            &[
                "Watoto hawawezi kwenda shule mvua ikinyesha.",
                "Bodaboda sasa wanatoza mara mbili kufika hapa.",
                "Ambulensi ilishindwa kufika kwa mgonjwa wiki iliyopita.",
                "Wakulima hawawezi kupeleka maziwa.",
                "Magari yanaharibika.",
                "Mtu atakufa.",
                "Wajawazito wanabebwa kwa machela hadi barabara kuu.",
                "Mazao yetu yanaoza kwa sababu malori hayafiki.",
                "Nauli imepanda mara mbili.",
            ],
            &[
                "Watoto hawawezi enda school ikinyesha.",
                "Boda wanacharge double kufika huku.",
                "Ambulance ilishindwa kufika last week.",
                "Wakulima hawawezi peleka maziwa kwa cooler.",
                "Magari zinaharibika kila siku.",
                "Mtu atakufa bana.",
                "Mamas wajawazito wanabebwa kwa stretcher mpaka main road.",
                "Produce inaoza coz lorries hazifiki.",
                "Fare imedouble.",
            ],
        ],
        "permit-delay" => [
            &[
                "My business is closed while I wait.",
                "I am losing customers every day.",
                "The bank loan depends on this permit.",
                "I have been to the office {n} times.",
                "I cannot start building before the rains.",
                "I have already paid rent on the premises for months.",
                "My workers have been sent home.",
                "I was fined by the inspectors for trading without the permit.",
            ],
            &[
                "Biashara yangu imefungwa nikisubiri.",
                "Ninapoteza wateja kila siku.",
                "Mkopo wa benki unategemea kibali hiki.",
                "Nimeenda ofisini mara {n}.",
                "Siwezi kuanza ujenzi kabla ya mvua.",
                "Nimeshalipa kodi ya jengo kwa miezi.",
                "Wafanyakazi wangu wamerudishwa nyumbani.",
                "Nilitozwa faini na wakaguzi kwa kufanya biashara bila kibali.",
            ],
            &[
                "Biz yangu imefungwa nikingoja.",
                "Nakosa customers kila siku.",
                "Loan ya bank inategemea hii permit.",
                "Nimeenda office mara {n}.",
                "Siwezi anza kujenga before rains.",
                "Nimeshalipa rent ya premises for months.",
                "Workers wangu wamerudi home.",
                "Kanjo walinifine coz sina permit.",
            ],
        ],
        "market-fees" => [
            &[
                "Traders are leaving the market.",
                "We make less than we pay.",
                "We are not against fees, only against extortion.",
                "Many traders are women with small businesses.",
                "This is theft.",
                "Some traders now sell by the roadside to avoid the collectors.",
                "Our profit goes to the collectors.",
                "We want to see where the money goes.",
            ],
            &[
                "Wafanyabiashara wanahama soko.",
                "Tunapata faida ndogo kuliko tunavyolipa.",
                "Hatupingi ada, tunapinga dhuluma.",
                "Wengi wetu ni akina mama wenye biashara ndogo.",
                "Huu ni wizi.",
                "Baadhi ya wafanyabiashara sasa wanauza kando ya barabara kukwepa wakusanyaji.",
                "Faida yetu yote inaenda kwa wakusanyaji.",
                "Tunataka kujua pesa zinaenda wapi.",
            ],
            &[
                "Traders wanahama market.",
                "Tunapata less kuliko tunalipa.",
                "Hatupingi fees, tunapinga extortion.",
                "Wengi ni mamas wa small biz.",
                "Huu ni wizi tu.",
                "Traders wengine sasa wanauza roadside kuhepa collectors.",
                "Profit yetu yote inaenda kwa collectors.",
                "Tunataka kuona doh inaenda wapi.",
            ],
        ],
        "information-request" => [
            &[
                "This information should be public.",
                "We want to follow the projects in our ward.",
                "It is our right under the Constitution.",
                "We need it for the ward meeting next week.",
                "We have asked before and got nothing.",
                "Other counties publish this.",
                "The Access to Information Act gives 21 days.",
            ],
            &[
                "Taarifa hii inapaswa kuwa wazi kwa umma.",
                "Tunataka kufuatilia miradi ya wadi yetu.",
                "Ni haki yetu kikatiba.",
                "Tunaihitaji kwa mkutano wa wadi wiki ijayo.",
                "Tuliomba awali na hatukupata kitu.",
                "Kaunti nyingine huchapisha taarifa hizi.",
                "Sheria ya Upatikanaji wa Taarifa inatoa siku 21.",
            ],
            &[
                "Hii info inafaa kuwa public.",
                "Tunataka kufollow projects za ward.",
                "Ni haki yetu kwa Constitution.",
                "Tunaihitaji kwa ward meeting next week.",
                "Tuliuliza before na hatukupata kitu.",
                "Counties zingine hupublish hii.",
                "Access to Information Act inasema siku 21.",
            ],
        ],
        "works-stalled" => [
            &[
                "The money was budgeted, where did it go?",
                "We were promised this project for years.",
                "The site has become a hideout for thieves.",
                "Mosquitoes breed in the stagnant water.",
                "Our hopes for the project are fading.",
                "The materials left on site are being stolen.",
                "The contractor has been seen working on private houses.",
            ],
            &[
                "Pesa zilitengwa, zimeenda wapi?",
                "Tuliahidiwa mradi huu kwa miaka.",
                "Eneo limekuwa maficho ya wezi.",
                "Mbu wanazaliana kwenye maji yaliyotuama.",
                "Matumaini yetu kwa mradi huu yanafifia.",
                "Vifaa vilivyoachwa vinaibiwa.",
                "Mkandarasi ameonekana akijenga nyumba za watu binafsi.",
            ],
            &[
                "Doh ilibudgetiwa, imeenda wapi?",
                "Tuliahidiwa hii project kwa miaka.",
                "Site imekuwa maficho ya wakora.",
                "Mbu wanazaliana kwa maji imestagnate.",
                "Hope yetu kwa hii project inaisha.",
                "Materials zimeachwa zinaibiwa.",
                "Contractor ameonekana akijenga manyumba za watu.",
            ],
        ],
        "poor-workmanship" => [
            &[
                "This is a waste of public money.",
                "The contractor should not be paid until it is redone.",
                "It will not last a year.",
                "Who supervised this work?",
                "We will be back to square one in a year.",
                "The repairs will cost more than the project.",
                "Residents are afraid to use it.",
            ],
            &[
                "Huu ni ubadhirifu wa pesa za umma.",
                "Mkandarasi asilipwe hadi airekebishe.",
                "Haitadumu hata mwaka.",
                "Nani alisimamia kazi hii?",
                "Tutarudi pale pale mwaka ujao.",
                "Marekebisho yatagharimu zaidi ya mradi wenyewe.",
                "Wakazi wanaogopa kuitumia.",
            ],
            &[
                "Hii ni waste ya public money.",
                "Contractor asilipwe mpaka arudie.",
                "Haitamaliza hata mwaka.",
                "Nani alisupervise hii kazi?",
                "Tutarudi square one next year.",
                "Repairs zitacost zaidi ya project yenyewe.",
                "Residents wanaogopa kuitumia.",
            ],
        ],
        "site-safety" => [
            &[
                "A child nearly drowned there.",
                "Someone will get hurt.",
                "Two motorbikes crashed there this week.",
                "Parents are afraid to let children walk to school.",
                "It is only a matter of time before a child dies.",
                "Elderly people cannot pass there at night.",
                "Our livestock keep falling in.",
            ],
            &[
                "Mtoto nusura azame hapo.",
                "Mtu ataumia.",
                "Pikipiki mbili zimeanguka hapo wiki hii.",
                "Wazazi wanaogopa watoto kutembea kwenda shule.",
                "Ni suala la muda tu kabla mtoto hajafa.",
                "Wazee hawawezi kupita hapo usiku.",
                "Mifugo yetu inaendelea kuanguka humo.",
            ],
            &[
                "Mtoto alikuwa karibu kuzama hapo.",
                "Mtu ataumia.",
                "Boda mbili zimecrash hapo this week.",
                "Parents wanaogopa watoto kuwalk kwenda school.",
                "Ni time tu kabla mtoi hajafa.",
                "Wazee hawawezi pita hapo usiku.",
                "Mifugo yetu inaangukia humo kila week.",
            ],
        ],
        "audit-observation" => [
            &[
                "We attach our checklist.",
                "We request the inspection reports and payment certificates.",
                "We will present this at the next ward forum.",
                "We have photos and measurements.",
                "The forum will follow up at the next review meeting.",
                "We ask the county to explain the difference.",
            ],
            &[
                "Tumeambatisha orodha yetu ya ukaguzi.",
                "Tunaomba ripoti za ukaguzi na vyeti vya malipo.",
                "Tutawasilisha hili kwenye jukwaa lijalo la wadi.",
                "Tuna picha na vipimo.",
                "Jukwaa litafuatilia kwenye mkutano ujao wa tathmini.",
                "Tunaiomba kaunti ieleze tofauti hii.",
            ],
            &[
                "Tuko na checklist yetu.",
                "Tunaomba inspection reports na payment certs.",
                "Tutapresent hii kwa ward forum next.",
                "Tuko na photos na measurements.",
                "Forum itafollow up kwa review meeting next.",
                "County ieleze hii difference.",
            ],
        ],
        _ => [
            &[
                "I can give more details if my name is protected.",
                "Many people have been asked for the same.",
                "This is why services never improve.",
                "I refused to pay and my file is still stuck.",
                "I fear victimisation if I speak openly.",
                "The officers involved know each other.",
                "Please involve the EACC.",
            ],
            &[
                "Naweza kutoa maelezo zaidi jina langu likilindwa.",
                "Watu wengi wameombwa hivyo hivyo.",
                "Ndiyo sababu huduma haziboreki.",
                "Nilikataa kulipa na faili yangu bado imekwama.",
                "Naogopa kudhulumiwa nikisema wazi.",
                "Maafisa wanaohusika wanajuana.",
                "Tafadhali wahusisheni EACC.",
            ],
            &[
                "Naeza kupeana more details kama jina yangu italindwa.",
                "Watu wengi wameitishwa hivo hivo.",
                "Ndio maana services hazibadiliki.",
                "Nilikataa kulipa na file bado iko stuck.",
                "Naogopa kuvictimiziwa nikiongea wazi.",
                "Maofficer wanahusika wanajuana.",
                "Pls involve EACC.",
            ],
        ],
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rand::SeedableRng;

    use super::*;
    use crate::feedback::MAX_TEXT;

    const CATEGORIES: [&str; 11] = [
        "works-stalled",
        "poor-workmanship",
        "site-safety",
        "audit-observation",
        "water-supply",
        "refuse",
        "road-damage",
        "permit-delay",
        "market-fees",
        "information-request",
        "corruption-concern",
    ];

    const TITLES: [&str; 4] = [
        "Grading and gravelling of Kisima–Mto road",
        "Mawe Mbili borehole and water kiosk",
        "Nyota ECDE classrooms",
        "Bonde cattle dip and demonstration plot",
    ];

    fn rng(seed: u64) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(seed)
    }

    fn texts(seed: u64, category: &str, lang: Lang, n: usize) -> Vec<String> {
        let mut r = rng(seed);
        (0..n)
            .map(|i| {
                let place = Place {
                    ward: ["Kisima", "Mawe Mbili", "Jua Kali", "Ziwa Dogo"][i % 4],
                    project: Some(TITLES[i % TITLES.len()]),
                };
                compose(&mut r, category, lang, &place)
            })
            .collect()
    }

    fn words(text: &str) -> Vec<String> {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Words only English has among the texts here (function words and the English the
    /// mixed texts borrow).
    const ENGLISH: &[&str] = &[
        "the",
        "is",
        "are",
        "no",
        "not",
        "and",
        "of",
        "for",
        "at",
        "on",
        "in",
        "to",
        "please",
        "pls",
        "has",
        "have",
        "was",
        "we",
        "i",
        "my",
        "our",
        "this",
        "it",
        "there",
        "from",
        "since",
        "with",
        "but",
        "what",
        "how",
        "who",
        "where",
        "when",
        "why",
        "water",
        "road",
        "site",
        "market",
        "fee",
        "fees",
        "permit",
        "pipe",
        "tap",
        "taps",
        "after",
        "before",
        "school",
        "office",
        "contractor",
        "works",
        "project",
        "receipt",
        "kiosk",
        "skip",
        "lorry",
        "garbage",
        "potholes",
        "drainage",
        "drains",
        "bob",
        "county",
        "fix",
        "help",
        "workers",
        "materials",
        "trench",
        "fence",
        "signs",
        "budget",
        "list",
        "report",
        "copy",
        "tender",
        "tenders",
        "collectors",
        "traders",
        "boda",
        "smell",
        "bill",
        "meter",
        "pressure",
        "brown",
        "public",
        "night",
        "week",
        "weeks",
        "days",
        "month",
        "year",
        "last",
        "next",
        "this",
        "half",
        "progress",
        "signboard",
        "specs",
        "cracks",
        "roof",
        "walls",
        "floor",
        "tank",
        "pipes",
        "joints",
        "checklist",
        "audit",
        "inspection",
        "payments",
        "contract",
        "ward",
        "sheds",
        "classrooms",
        "borehole",
        "dip",
        "stage",
        "junction",
        "estate",
        "church",
        "centre",
        "primary",
        "dispensary",
        "action",
        "check",
        "please",
        "thanks",
        "kindly",
        "boss",
        "hello",
        "hi",
        "morning",
        "location",
        "side",
        "near",
        "like",
        "then",
        "so",
        "coz",
        "anytime",
        "somewhere",
        "street",
        "area",
        "collection",
        "bags",
        "syringes",
        "waste",
        "gully",
        "culvert",
        "river",
        "footbridge",
        "plank",
        "railing",
        "bridge",
        "plastic",
        "silt",
        "murram",
        "compound",
        "avoid",
        "rain",
        "rains",
        "building",
        "plans",
        "change",
        "user",
        "documents",
        "fire",
        "cert",
        "online",
        "system",
        "review",
        "approval",
        "wall",
        "health",
        "licence",
        "application",
        "pending",
        "renewal",
        "lands",
        "subdivision",
        "plot",
        "time",
        "cess",
        "guys",
        "double",
        "space",
        "free",
        "amount",
        "rates",
        "new",
        "stall",
        "rent",
        "notice",
        "goods",
        "toilets",
        "cleaning",
        "full",
        "parking",
        "less",
        "share",
        "expenditure",
        "fund",
        "development",
        "bills",
        "information",
        "minutes",
        "meeting",
        "participation",
        "beneficiaries",
        "bursary",
        "much",
        "clerk",
        "revenue",
        "relative",
        "ghost",
        "payroll",
        "casuals",
        "inspector",
        "fuel",
        "materials",
        "family",
        "jobs",
        "casual",
        "machines",
        "watchie",
        "empty",
        "cement",
        "graders",
        "elections",
        "foundation",
        "job",
        "shoddy",
        "defects",
        "paint",
        "straight",
        "parts",
        "concrete",
        "quality",
        "poor",
        "specs",
        "helmets",
        "boots",
        "wires",
        "lights",
        "ditches",
        "ballast",
        "reflectors",
        "scaffolding",
        "risky",
        "warning",
        "heaps",
        "soil",
        "community",
        "residents",
        "group",
        "ground",
        "sum",
        "records",
        "youth",
        "payments",
        "register",
        "complete",
        "length",
        "board",
        "figures",
        "data",
        "almost",
        "compared",
        "issues",
        "vendors",
        "jerrican",
        "per",
        "leakage",
        "sewer",
        "dry",
        "schedule",
        "rationing",
        "dump",
        "evening",
        "every",
        "wednesday",
        "monday",
        "friday",
        "sunday",
        "weekend",
        "january",
        "rains",
        "u",
        "thank",
        "waste",
        "public",
        "money",
        "supervise",
        "cooler",
        "ambulance",
        "customers",
        "biz",
        "mamas",
        "traders",
        "extortion",
        "info",
        "constitution",
        "forum",
        "certs",
        "crash",
        "walk",
        "parents",
        "details",
        "services",
        "stuck",
        "file",
        "loan",
        "bank",
        "on",
        "signs",
        "diversion",
        "corner",
        "accidents",
        "footpath",
        "bricks",
        "pupils",
        "cover",
        "shaft",
        "up",
        "follow",
        "present",
        "caller",
        "launch",
        "steel",
        "rust",
        "thin",
        "window",
        "repairs",
    ];

    /// Words only Swahili has among the texts here.
    const SWAHILI: &[&str] = &[
        "na",
        "ya",
        "wa",
        "kwa",
        "la",
        "za",
        "cha",
        "vya",
        "hakuna",
        "ni",
        "tangu",
        "lakini",
        "katika",
        "kwenye",
        "bado",
        "huko",
        "huku",
        "sana",
        "hii",
        "hiyo",
        "tafadhali",
        "tunaomba",
        "naomba",
        "asante",
        "asanteni",
        "siku",
        "wiki",
        "miezi",
        "maji",
        "taka",
        "barabara",
        "kazi",
        "pale",
        "karibu",
        "kila",
        "tu",
        "sasa",
        "mtu",
        "watu",
        "watoto",
        "imeisha",
        "imejaa",
        "imevunjika",
        "hakuna",
        "kuna",
        "iko",
        "ziko",
        "niko",
        "mimi",
        "yetu",
        "yangu",
        "zangu",
        "wetu",
        "kama",
        "mbona",
        "nini",
        "gani",
        "lini",
        "wapi",
        "ngapi",
        "pesa",
        "mwaka",
        "huu",
        "jana",
        "usiku",
        "mvua",
        "soko",
        "kaunti",
        "ofisi",
        "mradi",
        "mkandarasi",
        "wasee",
        "habari",
        "sasa",
        "mambo",
        "vipi",
        "niaje",
        "bana",
        "mtume",
        "tusaidie",
        "saidieni",
        "mko",
        "hivi",
        "hivo",
        "tena",
        "ama",
        "ndio",
        "maana",
        "ambazo",
        "hazipo",
        "kitu",
        "kingine",
        "hapo",
        "mbaya",
        "noma",
        "sijapata",
        "bila",
        "badala",
        "mpaka",
        "kabisa",
        "zimeblock",
        "mkazi",
        "shukran",
        "tuko",
        "pamoja",
        "tumechoka",
        "mjionee",
        "wenyewe",
        "mkuje",
        "afuatilie",
        "kucomplain",
        "acheck",
        "mshughulikie",
        "iharakishwe",
        "mfollow",
        "ikinyesha",
        "hawawezi",
        "wanacharge",
        "juu",
        "chini",
        "nusu",
        "mia",
        "shilingi",
        "tatu",
        "mbili",
        "moja",
        "kidogo",
        "anasema",
        "zetu",
        "ada",
        "amehepa",
        "wafanyabiashara",
    ];

    fn has(text: &str, list: &[&str]) -> bool {
        words(text).iter().any(|w| list.contains(&w.as_str()))
    }

    #[test]
    fn the_same_seed_gives_the_same_texts_and_another_seed_others() {
        for category in CATEGORIES {
            for lang in Lang::ALL {
                let a = texts(5, category, lang, 50);
                assert_eq!(a, texts(5, category, lang, 50), "{category} {lang:?}");
                assert_ne!(a, texts(6, category, lang, 50), "{category} {lang:?}");
            }
        }
        let mut a = rng(9);
        let mut b = rng(9);
        assert_eq!(
            market_refuse(&mut a, Lang::Mixed, "Kisima"),
            market_refuse(&mut b, Lang::Mixed, "Kisima")
        );
    }

    #[test]
    fn every_category_writes_in_english_swahili_and_a_mix() {
        for category in CATEGORIES {
            let share = |lang: Lang, test: &dyn Fn(&str) -> bool| {
                let texts = texts(11, category, lang, 400);
                texts.iter().filter(|t| test(t)).count() as f64 / texts.len() as f64
            };
            let english = share(Lang::English, &|t| {
                has(t, ENGLISH)
                    && !words(t)
                        .iter()
                        .any(|w| ["ya", "kwa", "na", "hakuna"].contains(&w.as_str()))
            });
            let swahili = share(Lang::Swahili, &|t| {
                has(t, SWAHILI)
                    && !words(t)
                        .iter()
                        .any(|w| ["the", "is", "are", "was", "please"].contains(&w.as_str()))
            });
            let mixed = share(Lang::Mixed, &|t| has(t, ENGLISH) && has(t, SWAHILI));
            assert!(
                english > 0.85,
                "{category}: {english} of the English texts read as English"
            );
            assert!(
                swahili > 0.85,
                "{category}: {swahili} of the Swahili texts read as Swahili"
            );
            assert!(mixed > 0.75, "{category}: {mixed} of the mixed texts mix");
        }
    }

    #[test]
    fn each_category_has_many_distinct_problems_per_language() {
        for category in CATEGORIES {
            for lang in Lang::ALL {
                let pool = statements(category)[lang.idx()];
                let distinct: BTreeSet<&str> = pool.iter().copied().collect();
                assert!(
                    distinct.len() >= 30,
                    "{category} {lang:?}: {}",
                    distinct.len()
                );
                assert_eq!(
                    distinct.len(),
                    pool.len(),
                    "{category} {lang:?} repeats one"
                );
            }
        }
    }

    #[test]
    fn two_thousand_texts_of_a_category_hold_at_least_300_distinct_ones() {
        for category in CATEGORIES {
            let mut r = rng(3);
            let distinct: BTreeSet<String> = (0..2000)
                .map(|i| {
                    let lang = Lang::draw(&mut r);
                    let place = Place {
                        ward: "Kisima",
                        project: Some(TITLES[i % TITLES.len()]),
                    };
                    complaint(&mut r, category, lang, &place)
                })
                .collect();
            assert!(distinct.len() >= 300, "{category}: {}", distinct.len());
        }
    }

    #[test]
    fn texts_are_never_empty_never_too_long_and_every_slot_is_filled() {
        let mut r = rng(17);
        let mut lengths = Vec::new();
        for category in CATEGORIES.iter().chain(&["market-refuse"]) {
            for lang in Lang::ALL {
                for i in 0..600 {
                    let place = Place {
                        ward: "Mto Safi",
                        project: (i % 5 != 0).then_some(TITLES[i % TITLES.len()]),
                    };
                    let t = complaint(&mut r, category, lang, &place);
                    assert!(!t.trim().is_empty(), "{category} {lang:?}");
                    assert!(t.chars().count() <= MAX_TEXT, "{t}");
                    assert!(!t.contains('{') && !t.contains('}'), "{t}");
                    assert_eq!(t, t.trim(), "{t:?}");
                    lengths.push(t.split_whitespace().count());
                }
            }
        }
        // From a few words to several sentences.
        assert!(lengths.iter().filter(|&&n| n <= 5).count() > lengths.len() / 20);
        assert!(lengths.iter().filter(|&&n| n >= 30).count() > lengths.len() / 20);
    }

    #[test]
    fn noise_roughens_a_share_of_the_texts() {
        let texts = texts(23, "water-supply", Lang::English, 1000);
        let lower = texts.iter().filter(|t| *t == &t.to_lowercase()).count();
        let upper = texts.iter().filter(|t| *t == &t.to_uppercase()).count();
        let txt = texts
            .iter()
            .filter(|t| {
                words(t)
                    .iter()
                    .any(|w| ["pls", "plz", "coz", "u", "r", "wata"].contains(&w.as_str()))
            })
            .count();
        assert!(lower > 100 && lower < 500, "{lower}");
        assert!(upper > 10 && upper < 100, "{upper}");
        assert!(txt > 10, "{txt}");
        // The noise never empties a text.
        let mut r = rng(1);
        for text in ["a", "no water", "Maji!!", "Hakuna maji."] {
            for _ in 0..200 {
                let t = noise(&mut r, text.to_string(), Lang::Mixed);
                assert!(
                    t.chars().any(char::is_alphanumeric),
                    "{text:?} became {t:?}"
                );
            }
        }
    }

    #[test]
    fn a_social_audit_finding_names_the_project_and_its_figures() {
        let mut r = rng(2);
        for lang in Lang::ALL {
            let t = audit_finding(
                &mut r,
                lang,
                "Nyota ECDE classrooms",
                "2025-03-04",
                41.6,
                78.0,
            );
            assert!(
                t.contains("Nyota ECDE classrooms") && t.contains("2025-03-04"),
                "{t}"
            );
            assert!(t.contains("42") && t.contains("78"), "{t}");
        }
    }
}
