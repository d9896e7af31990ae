//! What problem a report names, in words that agree across English, Swahili and Sheng:
//! "burst pipe", "bomba limepasuka" and "pipe imepasuka" all name `leak`; "no water",
//! "hakuna maji" and "maji imekatika" name `nowater`. The duplicate finder compares these
//! concepts, because two accounts of one problem name the same things in any language,
//! while two problems at one place (a burst pipe and dry taps in the next estate) share
//! the place's name and most of their words but not the problem.
//!
//! A stem of five letters or more names its concept wherever it appears in a word (Swahili
//! puts prefixes before the root: "lime*pasuk*a", "hazijaku*sany*wa"); a shorter one only
//! at a word's start ("tap", "taps", but not "s*tap*le"). Words naming every problem of a
//! category alike ("water", "maji", "pipe", "fee") are left out: they tell two problems
//! apart no better than the category does. The list was written from the categories'
//! vocabulary and grown on the development pairs (`tests/fixtures/triage-dev`), never on
//! the evaluation fixture.

use super::features::words;

/// Per concept, the stems that name it.
const STEMS: &[(&str, &[&str])] = &[
    ("leak", &["burst", "leak", "pasuk", "vuja", "wasted", "inapotea", "flowing"]),
    ("overflow", &["overflow", "furik"]),
    ("nowater", &["dry", "katik", "rationing", "kavu", "ukame"]),
    ("dirty", &["dirty", "brown", "mud", "chafu", "rangi", "worm", "minyoo", "salty", "chumvi", "taste"]),
    ("smell", &["smell", "harufu", "nuka", "stink"]),
    ("pressure", &["pressure", "trickle", "nguvu"]),
    ("kiosk", &["kiosk", "kioski", "kituo"]),
    ("tap", &["tap", "mfereji", "handle"]),
    ("tank", &["tank", "tanki"]),
    ("meter", &["meter", "mita"]),
    ("sewer", &["sewer"]),
    ("borehole", &["borehole", "kisima"]),
    ("pump", &["pump"]),
    ("skip", &["skip", "kontena", "container"]),
    ("collect", &["collect", "kusany", "chukuliw"]),
    ("truck", &["truck", "lori", "gari"]),
    ("dump", &["dump", "tupa", "tupw", "rubble"]),
    ("burn", &["burn", "smoke", "moshi", "choma"]),
    ("river", &["river", "mto", "stream"]),
    ("drain", &["drain", "mtaro", "mitaro"]),
    ("blocked", &["ziba", "block", "clog"]),
    ("animals", &["dog", "mbwa", "rat", "panya", "flies", "inzi"]),
    ("pothole", &["pothole", "pothol", "shimo", "hole"]),
    ("culvert", &["culvert", "kalavati"]),
    ("bridge", &["bridge", "daraja"]),
    ("flood", &["flood", "mafuriko"]),
    ("erosion", &["gully", "erosion", "sombw", "washed", "gulley"]),
    ("mud", &["matope", "tope", "impassable"]),
    ("murram", &["murram"]),
    ("bump", &["bump", "tuta", "matuta"]),
    ("sign", &["sign", "alama"]),
    ("light", &["light", "taa"]),
    ("power", &["stima"]),
    ("wire", &["wire", "waya", "cable"]),
    ("pole", &["pole", "nguzo"]),
    ("stalled", &["stall", "stopped", "simam", "kwama", "abandon"]),
    ("machines", &["machine", "mashine", "grader", "tractor"]),
    ("crack", &["crack", "nyufa", "ufa"]),
    ("tarmac", &["tarmac", "lami"]),
    ("peel", &["peel", "bandu"]),
    ("roof", &["roof", "paa"]),
    ("door", &["door", "mlango", "hinge"]),
    ("window", &["window", "dirisha"]),
    ("wall", &["wall", "ukuta"]),
    ("floor", &["floor", "sakafu"]),
    ("trench", &["trench", "pit"]),
    ("fence", &["fence", "uzio"]),
    ("dust", &["dust", "vumbi"]),
    ("children", &["child", "watoto", "pupil"]),
    ("diversion", &["diversion", "mchepuko"]),
    ("ppe", &["helmet"]),
    ("boq", &["boq", "bill"]),
    ("receipt", &["receipt", "risiti"]),
    ("charge", &["charg", "lipish", "tozw", "toza", "overcharg"]),
    ("double", &["twice", "double"]),
    ("toilet", &["toilet", "choo", "vyoo"]),
    ("clean", &["clean", "safi", "usafi"]),
    ("parking", &["parking"]),
    ("stall", &["stall", "kibanda", "vibanda"]),
    ("permit", &["permit", "kibali", "vibali"]),
    ("licence", &["licen", "leseni"]),
    ("plans", &["plan", "michoro", "ramani"]),
    ("liquor", &["liquor", "pombe"]),
    ("fire", &["fire", "moto"]),
    ("health", &["health", "afya"]),
    ("occupation", &["occupation"]),
    ("change", &["change"]),
    ("bursary", &["bursar", "basari"]),
    ("tender", &["tender", "zabuni"]),
    ("budget", &["budget", "bajeti"]),
    ("minutes", &["minute"]),
    ("payroll", &["payroll"]),
    ("list", &["list", "orodha"]),
    ("bribe", &["bribe", "hongo"]),
    ("ghost", &["ghost"]),
    ("relative", &["relative", "jamaa"]),
    ("fuel", &["fuel", "mafuta"]),
    ("theft", &["stole", "steal", "wizi", "iba", "carted"]),
    ("askari", &["kanjo", "askari"]),
    ("sinking", &["sunk", "sink", "zama", "zam"]),
    ("stuck", &["stuck"]),
    ("incomplete", &["half", "incomplete", "nusu"]),
    ("complete", &["complete", "kamilik", "finish", "maliza"]),
    ("thickness", &["thick", "thin", "nyembamba", "mm", "cm"]),
    ("paving", &["cabro", "paving"]),
    ("manhole", &["manhole", "cover"]),
    ("septic", &["septic"]),
    ("ramp", &["ramp"]),
    ("handrail", &["handrail", "rail"]),
    ("bricks", &["brick", "matofali"]),
    ("falling", &["fall", "anguk"]),
    ("test", &["result", "matokeo", "test", "lab", "quality"]),
    ("solar", &["solar", "panel"]),
    ("depth", &["depth", "kina", "drill"]),
    ("dip", &["dip"]),
    ("livestock", &["cattle", "ngombe", "kupe"]),
    ("salon", &["salon", "barber"]),
    ("sunday", &["sunday", "jumapili"]),
];

/// Per concept, phrases of whole words that name it where no single word does.
const PHRASES: &[(&str, &[&str])] = &[
    ("nowater", &["no water", "hakuna maji", "halina maji", "hatuna maji", "maji hakuna", "maji imekatika", "bila maji", "no supply"]),
    ("stalled", &["hakuna kazi", "kazi haiendelei", "no work", "no workers", "no one working", "kazi imesimama"]),
    ("bribe", &["kitu kidogo"]),
    ("collect", &["not collected"]),
    ("clean", &["hakuna usafi"]),
];

/// The concepts `text` names, sorted, each once.
pub fn of(text: &str) -> Vec<&'static str> {
    let words: Vec<String> = words(text).collect();
    let joined = format!(" {} ", words.join(" "));
    let mut found: Vec<&'static str> = PHRASES
        .iter()
        .filter(|(_, phrases)| {
            phrases
                .iter()
                .any(|p| joined.contains(&format!(" {p} ")))
        })
        .map(|&(concept, _)| concept)
        .collect();
    for word in &words {
        for &(concept, stems) in STEMS {
            if stems.iter().any(|s| names(word, s)) {
                found.push(concept);
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

fn names(word: &str, stem: &str) -> bool {
    if stem.len() >= 5 {
        word.contains(stem)
    } else {
        word.starts_with(stem)
    }
}

/// How far two reports name the same problem: the shared concepts over all they name
/// (Jaccard), and over the fewer that one of them names (so that a short report naming
/// one thing agrees fully with a long one naming it among others). Both 0 when either
/// names none.
pub fn agreement(a: &[&str], b: &[&str]) -> (f64, f64) {
    let shared = a.iter().filter(|c| b.contains(c)).count() as f64;
    let all = (a.len() + b.len()) as f64 - shared;
    let fewer = a.len().min(b.len()) as f64;
    if fewer == 0.0 {
        return (0.0, 0.0);
    }
    (shared / all, shared / fewer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_problem_in_english_swahili_and_sheng_names_the_same_concepts() {
        let en = of("Burst pipe near the church, water flowing on the road");
        let sw = of("Bomba limepasuka karibu na kanisa");
        let sheng = of("pipe imepasuka, maji inamwagika bure");
        for c in [&en, &sw, &sheng] {
            assert!(c.contains(&"leak"), "{c:?}");
        }
        assert!(of("hakuna maji siku tatu").contains(&"nowater"));
        assert!(of("No water since Monday").contains(&"nowater"));
        assert!(!of("no watermelon sellers").contains(&"nowater"));
        assert!(of("wanataka kitu kidogo").contains(&"bribe"));
    }

    #[test]
    fn short_stems_name_a_concept_only_at_a_word_start() {
        assert!(of("the taps are dry").contains(&"tap"));
        assert!(!of("a staple").contains(&"tap"));
        assert!(of("tanks hazijakusanywa").contains(&"collect"));
    }

    #[test]
    fn agreement_is_shared_over_all_and_over_the_fewer() {
        assert_eq!(agreement(&["leak", "tap"], &["leak"]), (0.5, 1.0));
        assert_eq!(agreement(&["leak"], &["dirty"]), (0.0, 0.0));
        assert_eq!(agreement(&[], &["dirty"]), (0.0, 0.0));
    }
}
