//! The model of the synthetic county: wards, departments, budget lines, projects with
//! their schedules, inspections and payments, and the patterns planted for auditors.
//!
//! Everything is drawn from one seeded ChaCha generator in a fixed order, so a seed always
//! gives the same county. Names are invented; nothing describes a real place or person.

use chrono::{Days, NaiveDate};
use geo::{Coord, Geometry, LineString, Point, Polygon};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// The first and last day the demo's records cover: fiscal years 2024-25 and 2025-26.
pub fn first_day() -> NaiveDate {
    date(2024, 7, 1)
}
pub fn last_day() -> NaiveDate {
    date(2026, 6, 30)
}

/// Register snapshots: the first from the works department's workbook (points only),
/// the later ones from the GIS unit's CSV with roads and sites digitised.
pub const REGISTER_DATES: [NaiveDate; 3] = [
    NaiveDate::from_ymd_opt(2024, 7, 15).expect("a valid date"),
    NaiveDate::from_ymd_opt(2025, 7, 10).expect("a valid date"),
    NaiveDate::from_ymd_opt(2026, 7, 10).expect("a valid date"),
];

const WARD_NAMES: [&str; 20] = [
    "Kisima",
    "Mawe Mbili",
    "Mto Safi",
    "Jua Kali",
    "Nyota",
    "Upendo",
    "Kilele",
    "Baraka",
    "Mlango",
    "Tumaini",
    "Mwangaza",
    "Shamba Kuu",
    "Ziwa Dogo",
    "Milimani",
    "Mbuyu",
    "Kijito",
    "Bonde",
    "Msitu",
    "Amani",
    "Pembe",
];
const SUB_COUNTIES: [&str; 4] = ["Mlima East", "Mlima West", "Mlima North", "Mlima Central"];
const FIRST_NAMES: [&str; 16] = [
    "Amina", "Brian", "Caroline", "David", "Esther", "Faith", "George", "Halima", "Isaac", "Joyce",
    "Kevin", "Lucy", "Moses", "Njeri", "Otieno", "Purity",
];
const LAST_NAMES: [&str; 14] = [
    "Achieng", "Barasa", "Chebet", "Kamau", "Kiprono", "Mutua", "Mwende", "Njoroge", "Ochieng",
    "Wafula", "Wanjiru", "Kilonzo", "Musyoka", "Ndunge",
];
const CONTRACTORS: [&str; 14] = [
    "Jabali Contractors Ltd",
    "Tumaini Builders Ltd",
    "Mlima Civil Works Ltd",
    "Kisima Water Engineers Ltd",
    "Nyota Construction Co",
    "Bonde Roads and Bridges Ltd",
    "Amani General Contractors",
    "Kilele Engineering Ltd",
    "Upendo Builders Ltd",
    "Msitu Agro Services Ltd",
    "Ziwa Drilling Co",
    "Pembe Electrical Ltd",
    "Baraka Structures Ltd",
    "Mbuyu Enterprises Ltd",
];

#[derive(Debug, Clone)]
pub struct Ward {
    pub code: String,
    pub name: String,
    pub sub_county: String,
    pub population: u64,
    pub area_km2: f64,
    pub polygon: Polygon<f64>,
    /// Where projects of this ward are placed: well inside the boundary.
    pub core: [f64; 4],
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub vote: &'static str,
    pub name: &'static str,
    pub function: &'static str,
    pub sector: Option<&'static str>,
    pub programmes: Vec<Programme>,
}

#[derive(Debug, Clone)]
pub struct Programme {
    pub code: String,
    pub name: String,
    pub subs: Vec<(String, String)>,
    pub development: bool,
}

/// One recurrent economic item and how it is paid.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub code: &'static str,
    pub name: &'static str,
    pub payee: PayeeKind,
    /// Typical payment, KES.
    pub typical: f64,
    /// Payments per unit per month at scale 1.
    pub per_month: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayeeKind {
    Individual,
    Company,
    Government,
}

pub const RECURRENT_ITEMS: [Item; 9] = [
    Item {
        code: "2110101",
        name: "Basic Salaries - Permanent Employees",
        payee: PayeeKind::Government,
        typical: 4_800_000.0,
        per_month: 1,
    },
    Item {
        code: "2110301",
        name: "House Allowance",
        payee: PayeeKind::Government,
        typical: 1_100_000.0,
        per_month: 1,
    },
    Item {
        code: "2210101",
        name: "Electricity",
        payee: PayeeKind::Company,
        typical: 35_000.0,
        per_month: 3,
    },
    Item {
        code: "2210201",
        name: "Telephone, Telex, Facsimile and Mobile Phone Services",
        payee: PayeeKind::Company,
        typical: 12_000.0,
        per_month: 3,
    },
    Item {
        code: "2210303",
        name: "Daily Subsistence Allowance",
        payee: PayeeKind::Individual,
        typical: 9_000.0,
        per_month: 60,
    },
    Item {
        code: "2210502",
        name: "Publishing and Printing Services",
        payee: PayeeKind::Company,
        typical: 25_000.0,
        per_month: 4,
    },
    Item {
        code: "2210801",
        name: "Catering Services (receptions), Accommodation, Gifts, Food and Drinks",
        payee: PayeeKind::Company,
        typical: 18_000.0,
        per_month: 20,
    },
    Item {
        code: "2211101",
        name: "General Office Supplies (papers, pencils, forms, small office equipment etc)",
        payee: PayeeKind::Company,
        typical: 8_000.0,
        per_month: 40,
    },
    Item {
        code: "2211201",
        name: "Refined Fuels and Lubricants for Transport",
        payee: PayeeKind::Company,
        typical: 9_500.0,
        per_month: 30,
    },
];

/// The capital item a sector's projects are paid from.
pub fn capital_item(sector: &str) -> (&'static str, &'static str) {
    match sector {
        "roads" => ("3110504", "Other Infrastructure and Civil Works"),
        "water" => ("3110604", "Construction of Water Supplies and Sewerage"),
        _ => ("3110202", "Construction of Non-Residential Buildings"),
    }
}

const UNITS: [(&str, &str, &str, Option<&str>); 8] = [
    (
        "3711",
        "Office of the Governor and Deputy Governor",
        "01.1.1",
        None,
    ),
    ("3712", "Finance and Economic Planning", "01.1.2", None),
    (
        "3713",
        "Agriculture, Livestock and Fisheries",
        "04.2.1",
        Some("agriculture"),
    ),
    (
        "3714",
        "Water, Environment and Natural Resources",
        "06.3.0",
        Some("water"),
    ),
    ("3715", "Health Services", "07.3.1", Some("health")),
    (
        "3716",
        "Education and Vocational Training",
        "09.1.1",
        Some("education"),
    ),
    (
        "3717",
        "Roads, Public Works and Infrastructure",
        "04.5.1",
        Some("roads"),
    ),
    (
        "3718",
        "Trade, Markets and Cooperatives",
        "04.1.1",
        Some("markets"),
    ),
];

/// Patterns planted for the audit tools to find, by name, with what carries them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Planted {
    pub payments_ahead_of_progress: Vec<String>,
    pub overdue_projects: Vec<String>,
    pub cost_overrun: Vec<String>,
    pub paid_beyond_contract_value: Vec<String>,
    pub no_recent_inspection_while_paying: Vec<String>,
    pub capital_spending_without_project: Vec<String>,
    pub duplicate_payments: Vec<String>,
    pub split_payments_under_threshold: Vec<String>,
    pub year_end_spike: Vec<String>,
    pub spending_above_budget_line: Vec<String>,
    pub contractor_concentration: Vec<String>,
    pub late_disclosure: Vec<String>,
    pub restated_budget: Vec<String>,
    pub missing_disclosure: Vec<String>,
    /// Projects that carry no pattern and must raise no flag.
    pub clean_projects: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    AheadOfProgress,
    Overdue,
    CostOverrun,
    PaidBeyondContract,
    NoInspection,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub title: String,
    pub description: String,
    pub sector: &'static str,
    pub ward: usize,
    pub unit: usize,
    pub geometry: Option<Geometry<f64>>,
    pub contractor: Option<&'static str>,
    pub contract_id: Option<String>,
    pub value_original: f64,
    pub value_current: f64,
    pub budget: f64,
    pub funding: &'static str,
    pub fiscal_year: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    /// Days the works really take.
    pub actual_days: u64,
    pub pattern: Option<Pattern>,
    pub inspections: Vec<(NaiveDate, f64, String)>,
    pub payments: Vec<(NaiveDate, f64)>,
}

impl Project {
    pub fn has_contract(&self) -> bool {
        self.contractor.is_some()
    }

    /// Physical progress (0–100) on a date.
    pub fn progress_on(&self, day: NaiveDate) -> f64 {
        if day < self.planned_start {
            return 0.0;
        }
        let done = (day - self.planned_start).num_days() as f64 / self.actual_days as f64;
        (done.min(1.0) * 100.0).round()
    }

    pub fn actual_end(&self) -> NaiveDate {
        self.planned_start + Days::new(self.actual_days)
    }

    /// OC4IDS status as the register says on a date.
    pub fn status_on(&self, day: NaiveDate) -> &'static str {
        if !self.has_contract() {
            return "identification";
        }
        if day < self.planned_start {
            "preparation"
        } else if self.actual_end() <= day {
            "completion"
        } else {
            "implementation"
        }
    }
}

#[derive(Debug)]
pub struct World {
    pub seed: u64,
    pub wards: Vec<Ward>,
    pub units: Vec<Unit>,
    pub projects: Vec<Project>,
    pub planted: Planted,
    pub staff: Vec<String>,
}

pub fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

impl World {
    pub fn build(seed: u64) -> Self {
        let mut r = rng(seed, 1);
        let wards = build_wards(&mut r);
        let units = build_units();
        let staff = (0..60)
            .map(|_| {
                format!(
                    "{} {}",
                    FIRST_NAMES[r.random_range(0..FIRST_NAMES.len())],
                    LAST_NAMES[r.random_range(0..LAST_NAMES.len())]
                )
            })
            .collect();
        let mut world = Self {
            seed,
            wards,
            units,
            projects: Vec::new(),
            planted: Planted::default(),
            staff,
        };
        world.build_projects(&mut r);
        world
    }

    fn build_projects(&mut self, r: &mut ChaCha8Rng) {
        let sectors: Vec<(usize, &'static str)> = self
            .units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| u.sector.map(|s| (i, s)))
            .collect();
        let prefix = |s: &str| match s {
            "roads" => "RD",
            "water" => "WT",
            "health" => "HL",
            "education" => "ED",
            "agriculture" => "AG",
            _ => "MK",
        };
        let mut counters = [0u32; 6];
        for n in 0..300 {
            let (si, &(unit, sector)) = {
                let i = r.random_range(0..sectors.len());
                (i, &sectors[i])
            };
            counters[si] += 1;
            let ward = r.random_range(0..self.wards.len());
            let id = format!("MLM-{}-{:04}", prefix(sector), n + 1);
            let wname = self.wards[ward].name.clone();
            let (title, description) = project_text(sector, &wname, r);
            let start_offset = r.random_range(0..640u64);
            let planned_start = first_day() + Days::new(start_offset + 20);
            let duration = r.random_range(120..420u64);
            let planned_end = planned_start + Days::new(duration);
            // Clean projects finish on time or early.
            let actual_days = (duration as f64 * r.random_range(0.8..1.0)) as u64;
            let has_contract = planned_start < last_day() - Days::new(30) && r.random_bool(0.93);
            let value = (r.random_range(2.0..60.0f64)
                * if sector == "roads" {
                    1_500_000.0
                } else {
                    600_000.0
                })
            .round();
            let contractor = has_contract.then(|| {
                // One firm wins an outsized share of road contracts.
                if sector == "roads" && r.random_bool(0.35) {
                    CONTRACTORS[0]
                } else {
                    CONTRACTORS[1 + r.random_range(0..CONTRACTORS.len() - 1)]
                }
            });
            let geometry = if r.random_bool(0.8) {
                Some(project_geometry(sector, &self.wards[ward], r))
            } else {
                None
            };
            let fy = if planned_start < date(2025, 7, 1) {
                "2024/25"
            } else {
                "2025/26"
            };
            self.projects.push(Project {
                id,
                title,
                description,
                sector,
                ward,
                unit,
                geometry,
                contractor,
                contract_id: has_contract.then(|| {
                    format!(
                        "MLM/{}/{}/{:03}",
                        prefix(sector),
                        fy.replace('/', "-"),
                        n + 1
                    )
                }),
                value_original: if has_contract { value } else { 0.0 },
                value_current: if has_contract {
                    (value * r.random_range(1.0..1.08f64)).round()
                } else {
                    0.0
                },
                budget: (value * 1.15).round(),
                funding: [
                    "equitable share",
                    "conditional grant",
                    "own source revenue",
                    "development partner",
                ][r.random_range(0..4)],
                fiscal_year: fy.to_string(),
                planned_start,
                planned_end,
                actual_days,
                pattern: None,
                inspections: Vec::new(),
                payments: Vec::new(),
            });
        }
        self.plant_project_patterns();
        let staff = self.staff.clone();
        for p in &mut self.projects {
            schedule(p, &staff, r);
        }
        let roads_by_jabali = self
            .projects
            .iter()
            .filter(|p| p.contractor == Some(CONTRACTORS[0]))
            .count();
        self.planted.contractor_concentration.push(format!(
            "{} holds {roads_by_jabali} road contracts",
            CONTRACTORS[0]
        ));
        for p in &self.projects {
            if p.pattern.is_none() && p.has_contract() && p.planned_start < date(2026, 3, 1) {
                self.planted.clean_projects.push(p.id.clone());
            }
        }
    }

    /// Gives five contracted, started projects each one pattern.
    fn plant_project_patterns(&mut self) {
        let patterns = [
            Pattern::AheadOfProgress,
            Pattern::Overdue,
            Pattern::CostOverrun,
            Pattern::PaidBeyondContract,
            Pattern::NoInspection,
        ];
        let candidates: Vec<usize> = (0..self.projects.len())
            .filter(|&i| {
                let p = &self.projects[i];
                p.has_contract()
                    && p.contractor != Some(CONTRACTORS[0])
                    && p.planned_start < date(2025, 3, 1)
                    && p.planned_start > date(2024, 8, 1)
            })
            .collect();
        for (k, pattern) in patterns.iter().enumerate() {
            // Two projects per pattern, spread over the candidates.
            for j in 0..2 {
                let Some(&i) = candidates.get(k * 2 + j) else {
                    continue;
                };
                let p = &mut self.projects[i];
                p.pattern = Some(*pattern);
                let list = match pattern {
                    Pattern::AheadOfProgress => {
                        p.actual_days = 1800;
                        &mut self.planted.payments_ahead_of_progress
                    }
                    Pattern::Overdue => {
                        p.planned_end = p.planned_start + Days::new(240);
                        p.actual_days = 1400;
                        &mut self.planted.overdue_projects
                    }
                    Pattern::CostOverrun => {
                        p.value_current = (p.value_original * 1.42).round();
                        p.budget = (p.value_current * 1.05).round();
                        &mut self.planted.cost_overrun
                    }
                    Pattern::PaidBeyondContract => {
                        p.actual_days = 200;
                        p.planned_end = p.planned_start + Days::new(220);
                        &mut self.planted.paid_beyond_contract_value
                    }
                    Pattern::NoInspection => {
                        p.actual_days = 700;
                        p.planned_end = p.planned_start + Days::new(720);
                        &mut self.planted.no_recent_inspection_while_paying
                    }
                };
                list.push(p.id.clone());
            }
        }
    }

    pub fn unit_of(&self, p: &Project) -> &Unit {
        &self.units[p.unit]
    }

    /// A random individual's name, for allowance payees.
    pub fn person(&self, r: &mut ChaCha8Rng) -> String {
        format!(
            "{} {}",
            FIRST_NAMES[r.random_range(0..FIRST_NAMES.len())],
            LAST_NAMES[r.random_range(0..LAST_NAMES.len())]
        )
    }
}

/// Inspections and payment certificates over a project's life, up to the demo's end.
fn schedule(p: &mut Project, staff: &[String], r: &mut ChaCha8Rng) {
    if !p.has_contract() {
        return;
    }
    let end = last_day().min(p.actual_end() + Days::new(30));
    let mut day = p.planned_start + Days::new(r.random_range(20..40));
    let mut paid = 0.0;
    let inspector = staff[r.random_range(0..staff.len())].clone();
    let mut last_inspection = 0.0;
    while day <= end {
        let progress = p.progress_on(day);
        let stop_inspecting =
            p.pattern == Some(Pattern::NoInspection) && day > p.planned_start + Days::new(150);
        if !stop_inspecting {
            p.inspections.push((day, progress, inspector.clone()));
            last_inspection = progress;
        }
        // Certificates follow inspections: 90% of the value of work done, 10% retained.
        let target = match p.pattern {
            Some(Pattern::AheadOfProgress) => (progress * 2.6 + 20.0).min(82.0),
            Some(Pattern::PaidBeyondContract) if progress >= 100.0 => 112.0,
            Some(Pattern::NoInspection) => progress * 0.9,
            _ => last_inspection * 0.9,
        };
        let due = (p.value_current * target / 100.0 - paid).max(0.0);
        if due > 1000.0 {
            let pay_day = day + Days::new(r.random_range(7..20));
            if pay_day <= last_day() {
                let amount = (due * 100.0).round() / 100.0;
                p.payments.push((pay_day, amount));
                paid += amount;
            }
        }
        if progress >= 100.0 && p.pattern != Some(Pattern::PaidBeyondContract) {
            // Retention released at completion.
            let rest = ((p.value_current - paid) * 100.0).round() / 100.0;
            let pay_day = day + Days::new(25);
            if rest > 1000.0 && pay_day <= last_day() {
                p.payments.push((pay_day, rest));
            }
            break;
        }
        if progress >= 100.0 {
            break;
        }
        // Inspect roughly every two months, and once more just after the works finish.
        let next = day + Days::new(r.random_range(45..80));
        day = if day < p.actual_end() {
            next.min(p.actual_end() + Days::new(5))
        } else {
            next
        };
    }
}

fn build_wards(r: &mut ChaCha8Rng) -> Vec<Ward> {
    let (cols, rows) = (5usize, 4usize);
    let (x0, y0, x1, y1) = (37.10, -1.70, 37.60, -1.20);
    let (dx, dy) = ((x1 - x0) / cols as f64, (y1 - y0) / rows as f64);
    // Shared, jittered grid vertices: neighbouring wards share their boundary exactly.
    let mut grid = vec![vec![Coord { x: 0.0, y: 0.0 }; rows + 1]; cols + 1];
    for (i, col) in grid.iter_mut().enumerate() {
        for (j, c) in col.iter_mut().enumerate() {
            let inner = i > 0 && i < cols && j > 0 && j < rows;
            let jx = if inner {
                r.random_range(-0.12..0.12) * dx
            } else {
                0.0
            };
            let jy = if inner {
                r.random_range(-0.12..0.12) * dy
            } else {
                0.0
            };
            let round = |v: f64| (v * 1e6).round() / 1e6;
            *c = Coord {
                x: round(x0 + i as f64 * dx + jx),
                y: round(y0 + j as f64 * dy + jy),
            };
        }
    }
    let mut wards = Vec::new();
    for j in 0..rows {
        for i in 0..cols {
            let n = j * cols + i;
            let ring = vec![
                grid[i][j],
                grid[i + 1][j],
                grid[i + 1][j + 1],
                grid[i][j + 1],
                grid[i][j],
            ];
            let polygon = Polygon::new(LineString::from(ring), vec![]);
            let cx = x0 + (i as f64 + 0.5) * dx;
            let cy = y0 + (j as f64 + 0.5) * dy;
            let core = [cx - 0.3 * dx, cy - 0.3 * dy, cx + 0.3 * dx, cy + 0.3 * dy];
            let area_km2 = {
                use geo::GeodesicArea;
                (polygon.geodesic_area_unsigned() / 1.0e6 * 10.0).round() / 10.0
            };
            wards.push(Ward {
                code: format!("MLM-{:02}", n + 1),
                name: WARD_NAMES[n].to_string(),
                sub_county: SUB_COUNTIES[n % SUB_COUNTIES.len()].to_string(),
                population: r.random_range(18_000..95_000),
                area_km2,
                polygon,
                core,
            });
        }
    }
    wards
}

fn build_units() -> Vec<Unit> {
    UNITS
        .iter()
        .map(|&(vote, name, function, sector)| {
            let mut programmes = vec![Programme {
                code: format!("{vote}1"),
                name: "General Administration, Planning and Support Services".into(),
                subs: vec![
                    (format!("{vote}11"), "Administration Services".into()),
                    (format!("{vote}12"), "Personnel Services".into()),
                ],
                development: false,
            }];
            if let Some(s) = sector {
                programmes.push(Programme {
                    code: format!("{vote}2"),
                    name: format!("{} Development", capitalise(s)),
                    subs: vec![(
                        format!("{vote}21"),
                        format!("{} Infrastructure", capitalise(s)),
                    )],
                    development: true,
                });
            }
            Unit {
                vote,
                name,
                function,
                sector,
                programmes,
            }
        })
        .collect()
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn project_text(sector: &str, ward: &str, r: &mut ChaCha8Rng) -> (String, String) {
    let road = [
        "Kisima", "Mawe", "Mto", "Soko", "Shule", "Kanisa", "Kliniki",
    ][r.random_range(0..7)];
    match sector {
        "roads" => (format!("Grading and gravelling of {ward}–{road} road"), format!("Grading, gravelling and culvert installation on the {ward}–{road} access road.")),
        "water" => (format!("{ward} borehole and water kiosk"), "Drilling, equipping and solarisation of a borehole with an elevated tank and a water kiosk.".into()),
        "health" => (format!("{ward} dispensary maternity wing"), "Construction and equipping of a maternity wing at the ward dispensary.".into()),
        "education" => (format!("{ward} ECDE classrooms"), "Construction of two early childhood development classrooms with sanitation block.".into()),
        "agriculture" => (format!("{ward} cattle dip and demonstration plot"), "Rehabilitation of a cattle dip and fencing of a farmers' demonstration plot.".into()),
        _ => (format!("{ward} market sheds"), "Construction of open-air market sheds with drainage and lighting.".into()),
    }
}

fn project_geometry(sector: &str, ward: &Ward, r: &mut ChaCha8Rng) -> Geometry<f64> {
    let [w, s, e, n] = ward.core;
    // Surveyed to six decimals (about 10 cm), as GPS exports are.
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let at = |r: &mut ChaCha8Rng| Coord {
        x: round(r.random_range(w..e)),
        y: round(r.random_range(s..n)),
    };
    match sector {
        "roads" => {
            let start = at(r);
            let mut coords = vec![start];
            let (mut x, mut y) = (start.x, start.y);
            for _ in 0..r.random_range(3..7) {
                x = round((x + r.random_range(-0.012..0.012)).clamp(w, e));
                y = round((y + r.random_range(-0.012..0.012)).clamp(s, n));
                coords.push(Coord { x, y });
            }
            coords.dedup();
            if coords.len() < 2 {
                coords.push(Coord {
                    x: (start.x + 0.005).min(e),
                    y: start.y,
                });
            }
            Geometry::LineString(LineString::from(coords))
        }
        "agriculture" | "markets" => {
            let c = at(r);
            let (hx, hy) = (
                round(r.random_range(0.0015..0.004)),
                round(r.random_range(0.0015..0.004)),
            );
            let ring = vec![
                Coord {
                    x: c.x - hx,
                    y: c.y - hy,
                },
                Coord {
                    x: c.x + hx,
                    y: c.y - hy,
                },
                Coord {
                    x: c.x + hx,
                    y: c.y + hy,
                },
                Coord {
                    x: c.x - hx,
                    y: c.y + hy,
                },
                Coord {
                    x: c.x - hx,
                    y: c.y - hy,
                },
            ];
            Geometry::Polygon(Polygon::new(LineString::from(ring), vec![]))
        }
        _ => Geometry::Point(Point::from(at(r))),
    }
}
