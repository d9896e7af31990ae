//! The raw exports the synthetic county's offices "produce", in the untidy shapes real
//! exports have: report-title rows, merged workbook headers, codes and names in one cell,
//! thousands separators and `(negatives)`, several date formats, stray spaces and case,
//! a byte-order mark and CRLF line ends, personal columns that must never be published.
//!
//! Expenditure files stream row by row, so any `--scale` writes in bounded memory.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use geo::{Coord, Geometry};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use super::world::{self, PayeeKind, RECURRENT_ITEMS, World, capitalise};
use crate::protocol::Period;

const SYNTHETIC: &str = "MLIMA COUNTY (SYNTHETIC DEMONSTRATION DATA: NOT A REAL PLACE)";

/// Formats an amount the way finance exports do: `1,234,567.89`, `(1,200.00)`.
pub fn money(n: f64) -> String {
    let cents = (n.abs() * 100.0).round() as u64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let text = format!("{grouped}.{:02}", cents % 100);
    if n < 0.0 { format!("({text})") } else { text }
}

/// Makes a category untidy the way hand-kept exports are: stray spaces, odd case.
fn untidy(text: &str, r: &mut ChaCha8Rng) -> String {
    match r.random_range(0..10) {
        0 => text.to_uppercase(),
        1 => format!(" {text}  "),
        2 => text.to_lowercase(),
        _ => text.to_string(),
    }
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e)
}

/// A workbook stamped with a fixed creation time, so the same seed gives the same bytes.
fn workbook(created: NaiveDate) -> io::Result<Workbook> {
    let mut book = Workbook::new();
    let at = rust_xlsxwriter::ExcelDateTime::from_ymd(
        created.year() as u16,
        created.month() as u8,
        created.day() as u8,
    )
    .map_err(xlsx_err)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&at));
    Ok(book)
}

pub fn wards_geojson(world: &World, path: &Path) -> io::Result<()> {
    let features: Vec<serde_json::Value> = world
        .wards
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let geometry = geojson::Geometry::new(geojson::GeometryValue::from(
                &Geometry::Polygon(w.polygon.clone()),
            ));
            // The GIS unit's attribute table: codes in mixed case, names in capitals, population as text.
            let code = if i % 3 == 0 {
                w.code.to_lowercase()
            } else {
                w.code.clone()
            };
            serde_json::json!({
                "type": "Feature",
                "properties": {
                    "WARD_CODE": code,
                    "WARD_NAME": w.name.to_uppercase(),
                    "SUBCOUNTY": w.sub_county.to_uppercase(),
                    "POP_2019": money(w.population as f64).trim_end_matches(".00"),
                    "AREA_KM2": w.area_km2,
                },
                "geometry": geometry,
            })
        })
        .collect();
    let fc = serde_json::json!({ "type": "FeatureCollection", "name": "mlima_wards_synthetic", "features": features });
    std::fs::write(path, serde_json::to_vec_pretty(&fc)?)
}

fn representative(g: &Geometry<f64>) -> Coord<f64> {
    match g {
        Geometry::Point(p) => p.0,
        Geometry::LineString(l) => l.0[0],
        Geometry::Polygon(p) => p.exterior().0[0],
        _ => Coord { x: 0.0, y: 0.0 },
    }
}

/// The register as it stood on `day`.
struct RegisterRow {
    cells: Vec<String>,
    geometry: Option<Geometry<f64>>,
}

fn register_rows(
    world: &World,
    day: NaiveDate,
    r: &mut ChaCha8Rng,
    first_version: bool,
) -> Vec<RegisterRow> {
    let fmt = |d: NaiveDate| {
        if first_version {
            d.format("%d/%m/%Y").to_string()
        } else {
            d.format("%Y-%m-%d").to_string()
        }
    };
    world
        .projects
        .iter()
        .map(|p| {
            let status = match p.status_on(day) {
                "identification" => "Not started",
                "preparation" => ["Design", "Tendering"][r.random_range(0..2)],
                "implementation" => ["On-going", "Ongoing", "ONGOING"][r.random_range(0..3)],
                _ => ["Completed", "Complete"][r.random_range(0..2)],
            };
            let sector = match p.sector {
                "water" => "Water & Sanitation".to_string(),
                "markets" => "Trade".to_string(),
                s => untidy(&capitalise(s), r),
            };
            let started = day >= p.planned_start && p.has_contract();
            let finished = started && p.actual_end() <= day;
            let current = if first_version || !p.has_contract() {
                p.value_original
            } else {
                p.value_current
            };
            let value = |v: f64| {
                if p.has_contract() {
                    money(v)
                } else {
                    String::new()
                }
            };
            RegisterRow {
                cells: vec![
                    p.id.clone(),
                    p.title.clone(),
                    p.description.clone(),
                    sector,
                    status.to_string(),
                    if r.random_bool(0.2) {
                        world.wards[p.ward].code.to_lowercase()
                    } else {
                        world.wards[p.ward].code.clone()
                    },
                    world.unit_of(p).name.to_string(),
                    p.contractor.unwrap_or_default().to_string(),
                    p.contract_id.clone().unwrap_or_default(),
                    value(p.value_original),
                    value(current),
                    money(p.budget),
                    untidy(&capitalise(p.funding), r),
                    p.fiscal_year.clone(),
                    fmt(p.planned_start),
                    fmt(p.planned_end),
                    if started {
                        fmt(p.planned_start)
                    } else {
                        String::new()
                    },
                    if finished {
                        fmt(p.actual_end())
                    } else {
                        String::new()
                    },
                ],
                geometry: p.geometry.clone(),
            }
        })
        .collect()
}

const REGISTER_COLUMNS: [&str; 18] = [
    "Project Code",
    "Project Name",
    "Description",
    "Sector",
    "Status",
    "Ward Code",
    "Implementing Department",
    "Contractor",
    "Contract No",
    "Original",
    "Current",
    "Budget (KES)",
    "Funding Source",
    "FY",
    "Planned Start",
    "Planned End",
    "Actual Start",
    "Actual End",
];

/// The works department's workbook: a title row, a two-row header with "Contract Value
/// (KES)" merged over Original and Current, and latitude/longitude columns.
pub fn register_xlsx(
    world: &World,
    day: NaiveDate,
    path: &Path,
    r: &mut ChaCha8Rng,
) -> io::Result<()> {
    let mut book = workbook(day)?;
    let sheet = book
        .add_worksheet()
        .set_name("Register")
        .map_err(xlsx_err)?;
    let bold = Format::new().set_bold();
    let merged = Format::new().set_bold().set_align(FormatAlign::Center);
    sheet
        .write_string_with_format(
            0,
            0,
            format!(
                "{SYNTHETIC} — PROJECT REGISTER AS AT {}",
                day.format("%d %B %Y").to_string().to_uppercase()
            ),
            &bold,
        )
        .map_err(xlsx_err)?;
    for (col, name) in REGISTER_COLUMNS
        .iter()
        .chain(["Latitude", "Longitude"].iter())
        .enumerate()
    {
        let col = col as u16;
        match *name {
            "Original" => {
                sheet
                    .merge_range(1, col, 1, col + 1, "Contract Value (KES)", &merged)
                    .map_err(xlsx_err)?;
                sheet
                    .write_string_with_format(2, col, "Original", &bold)
                    .map_err(xlsx_err)?;
            }
            "Current" => {
                sheet
                    .write_string_with_format(2, col, "Current", &bold)
                    .map_err(xlsx_err)?;
            }
            _ => {
                sheet
                    .write_string_with_format(1, col, *name, &bold)
                    .map_err(xlsx_err)?;
            }
        }
    }
    for (i, row) in register_rows(world, day, r, true).into_iter().enumerate() {
        let excel_row = 3 + i as u32;
        for (c, cell) in row.cells.iter().enumerate() {
            if !cell.is_empty() {
                sheet
                    .write_string(excel_row, c as u16, cell)
                    .map_err(xlsx_err)?;
            }
        }
        if let Some(g) = &row.geometry {
            let at = representative(g);
            sheet.write_number(excel_row, 18, at.y).map_err(xlsx_err)?;
            sheet.write_number(excel_row, 19, at.x).map_err(xlsx_err)?;
        }
    }
    book.save(path).map_err(xlsx_err)
}

/// The GIS unit's CSV register: one row per project, location as WKT.
pub fn register_csv(
    world: &World,
    day: NaiveDate,
    path: &Path,
    r: &mut ChaCha8Rng,
) -> io::Result<()> {
    use geozero::ToWkt;
    let mut w = csv::Writer::from_path(path)?;
    let mut header: Vec<&str> = REGISTER_COLUMNS.to_vec();
    header[9] = "Original Contract Value";
    header[10] = "Current Contract Value";
    header.push("Location (WKT)");
    w.write_record(&header)?;
    for row in register_rows(world, day, r, false) {
        let wkt = match &row.geometry {
            Some(g) => g.to_wkt().map_err(io::Error::other)?,
            None => String::new(),
        };
        w.write_record(row.cells.iter().map(String::as_str).chain([wkt.as_str()]))?;
    }
    w.flush()
}

/// One budget line of a fiscal year.
#[derive(Debug, Clone)]
pub struct BudgetLine {
    pub vote: String,
    pub programme: String,
    pub sub_programme: String,
    pub item: String,
    pub code: String,
    pub function: String,
    pub fund: String,
    pub ward: String,
    pub approved: f64,
    pub supplementary: f64,
}

/// The budget of fiscal year `fy` (its first day), consistent with what the demo spends.
pub fn budget_lines(
    world: &World,
    fy_start: NaiveDate,
    scale: u64,
    r: &mut ChaCha8Rng,
) -> Vec<BudgetLine> {
    let fy_end = (fy_start + chrono::Months::new(12))
        .pred_opt()
        .expect("a valid date");
    let mut lines = Vec::new();
    for (u, unit) in world.units.iter().enumerate() {
        let admin = &unit.programmes[0];
        for item in RECURRENT_ITEMS {
            let sub = if item.code.starts_with("211") {
                &admin.subs[1]
            } else {
                &admin.subs[0]
            };
            let mut expected = item.typical * f64::from(item.per_month) * scale as f64 * 12.0;
            if unit.vote == "3712" {
                expected *= 1.25; // the June spike, known in advance
            }
            let mut approved = (expected * r.random_range(1.02..1.12) / 1000.0).round() * 1000.0;
            // Planted: the governor's office budgets far less for catering than it spends.
            if unit.vote == "3711" && item.code == "2210801" && fy_start.year() == 2025 {
                approved = (expected * 0.55 / 1000.0).round() * 1000.0;
            }
            let supplementary = (approved * r.random_range(0.97..1.06) / 1000.0).round() * 1000.0;
            lines.push(BudgetLine {
                vote: format!("{} - {}", unit.vote, unit.name),
                programme: format!("{} - {}", admin.code, admin.name),
                sub_programme: format!("{} - {}", sub.0, sub.1),
                item: format!("{} - {}", item.code, item.name),
                code: format!("{}-00001001-{}-{}0000", item.code, sub.0, unit.vote),
                function: unit.function.to_string(),
                fund: "Equitable Share".into(),
                ward: String::new(),
                approved,
                supplementary,
            });
        }
        let Some(dev) = unit.programmes.get(1) else {
            continue;
        };
        for (w, ward) in world.wards.iter().enumerate() {
            let planned: f64 = world
                .projects
                .iter()
                .filter(|p| p.unit == u && p.ward == w)
                .flat_map(|p| p.payments.iter())
                .filter(|(d, _)| *d >= fy_start && *d <= fy_end)
                .map(|(_, a)| a)
                .sum();
            if planned <= 0.0 {
                continue;
            }
            let sector = unit.sector.unwrap_or("markets");
            let (item, name) = world::capital_item(sector);
            let approved = (planned * r.random_range(1.1..1.3) / 1000.0).round() * 1000.0;
            let supplementary = (approved * r.random_range(0.98..1.08) / 1000.0).round() * 1000.0;
            lines.push(BudgetLine {
                vote: format!("{} - {}", unit.vote, unit.name),
                programme: format!("{} - {}", dev.code, dev.name),
                sub_programme: format!("{} - {}", dev.subs[0].0, dev.subs[0].1),
                item: format!("{item} - {name}"),
                code: format!(
                    "{item}-00001001-{}-{}{:04}",
                    dev.subs[0].0,
                    unit.vote,
                    w + 1
                ),
                function: unit.function.to_string(),
                fund: "Equitable Share".into(),
                ward: ward.code.clone(),
                approved,
                supplementary,
            });
        }
    }
    lines
}

/// The Treasury's estimates workbook: title rows, then "Estimates (KES '000)" merged over
/// a column per stage. `with_supplementary` false leaves that column empty.
pub fn budget_xlsx(
    lines: &[BudgetLine],
    fy: &str,
    with_supplementary: bool,
    path: &Path,
    created: NaiveDate,
) -> io::Result<()> {
    let mut book = workbook(created)?;
    let sheet = book
        .add_worksheet()
        .set_name("Estimates")
        .map_err(xlsx_err)?;
    let bold = Format::new().set_bold();
    let merged = Format::new().set_bold().set_align(FormatAlign::Center);
    sheet
        .write_string_with_format(0, 0, SYNTHETIC, &bold)
        .map_err(xlsx_err)?;
    sheet
        .write_string_with_format(
            1,
            0,
            format!("PROGRAMME BASED BUDGET ESTIMATES FOR FY {fy}"),
            &bold,
        )
        .map_err(xlsx_err)?;
    sheet
        .write_string(2, 0, "Amounts in thousands of Kenya shillings")
        .map_err(xlsx_err)?;
    let heads = [
        "Vote",
        "Programme",
        "Sub-Programme",
        "Economic Item",
        "Account Code",
        "COFOG",
        "Fund",
        "Ward",
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet
            .write_string_with_format(3, c as u16, *h, &bold)
            .map_err(xlsx_err)?;
    }
    sheet
        .merge_range(3, 8, 3, 9, "Estimates (KES '000)", &merged)
        .map_err(xlsx_err)?;
    sheet
        .write_string_with_format(4, 8, "Approved", &bold)
        .map_err(xlsx_err)?;
    sheet
        .write_string_with_format(4, 9, "Supplementary", &bold)
        .map_err(xlsx_err)?;
    for (i, l) in lines.iter().enumerate() {
        let row = 5 + i as u32;
        for (c, v) in [
            &l.vote,
            &l.programme,
            &l.sub_programme,
            &l.item,
            &l.code,
            &l.function,
            &l.fund,
            &l.ward,
        ]
        .iter()
        .enumerate()
        {
            if !v.is_empty() {
                sheet
                    .write_string(row, c as u16, v.as_str())
                    .map_err(xlsx_err)?;
            }
        }
        sheet
            .write_number(row, 8, l.approved / 1000.0)
            .map_err(xlsx_err)?;
        if with_supplementary {
            sheet
                .write_number(row, 9, l.supplementary / 1000.0)
                .map_err(xlsx_err)?;
        }
    }
    book.save(path).map_err(xlsx_err)
}

const SUPPLIERS: [(&str, &str); 7] = [
    ("2210101", "Mlima Power Distribution Co"),
    ("2210201", "Simu Telecom Ltd"),
    ("2210502", "Chapa Printers Ltd"),
    ("2210801", "Ladha Caterers"),
    ("2211101", "Ofisi Supplies Ltd"),
    ("2211201", "Mafuta Service Station"),
    ("", "Mbuyu Enterprises Ltd"),
];

fn supplier(item: &str) -> &'static str {
    SUPPLIERS
        .iter()
        .find(|(c, _)| *c == item)
        .map_or("Mbuyu Enterprises Ltd", |(_, n)| n)
}

/// A payment row as the IFMIS report writes it.
struct Payment<'a> {
    date: NaiveDate,
    payee: &'a str,
    payee_type: &'static str,
    unit: &'a world::Unit,
    programme: &'a world::Programme,
    sub: usize,
    item: (&'a str, &'a str),
    ward: &'a str,
    project: &'a str,
    contract: &'a str,
    amount: f64,
    fund: &'a str,
}

const EXPENDITURE_HEADER: [&str; 14] = [
    "Payment Date",
    "PV No",
    "Payee Name",
    "Payee Type",
    "Vote",
    "Programme",
    "Sub-Programme",
    "Economic Item",
    "COFOG",
    "Ward Code",
    "Project Code",
    "Contract No",
    "Amount (KES)",
    "Source of Funds",
];

struct PaymentWriter {
    out: csv::Writer<BufWriter<File>>,
    seq: u64,
    rows: u64,
}

impl PaymentWriter {
    fn write(&mut self, p: &Payment, r: &mut ChaCha8Rng) -> io::Result<()> {
        self.seq += 1;
        self.rows += 1;
        let voucher = format!("PV{:04}{:02}{:07}", p.date.year(), p.date.month(), self.seq);
        let voucher = if self.seq.is_multiple_of(97) {
            voucher.to_lowercase()
        } else {
            voucher
        };
        let vote = format!("{} - {}", p.unit.vote, p.unit.name);
        let programme = format!("{} - {}", p.programme.code, p.programme.name);
        let sub = &p.programme.subs[p.sub];
        let sub = format!("{} - {}", sub.0, sub.1);
        let item = format!("{} - {}", p.item.0, p.item.1);
        let fund = untidy(p.fund, r);
        self.out.write_record([
            p.date.format("%d/%m/%Y").to_string().as_str(),
            &voucher,
            p.payee,
            p.payee_type,
            &vote,
            &programme,
            &sub,
            &item,
            p.unit.function,
            p.ward,
            p.project,
            p.contract,
            &money(p.amount),
            &fund,
        ])?;
        Ok(())
    }
}

/// Writes one month's IFMIS payments report: recurrent payments (times `scale`), project
/// payment certificates, and the month's planted cases. Returns the rows written.
pub fn expenditure_csv(world: &World, month: Period, scale: u64, path: &Path) -> io::Result<u64> {
    let mut file = BufWriter::with_capacity(1 << 20, File::create(path)?);
    file.write_all("\u{feff}".as_bytes())?; // Excel's "CSV UTF-8" byte-order mark
    let out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(file);
    let mut w = PaymentWriter {
        out,
        seq: 0,
        rows: 0,
    };
    w.out.write_record(EXPENDITURE_HEADER)?;
    let (first, last) = (month.first_day(), month.last_day());
    let days = (last - first).num_days() as u64 + 1;
    let stream = (first.year() as u64) * 100 + u64::from(first.month());
    let mut r = world::rng(world.seed, 1000 + stream);
    let june_spike = first.month() == 6 && first.year() == 2026;
    for unit in &world.units {
        let admin = &unit.programmes[0];
        for item in RECURRENT_ITEMS {
            let sub = if item.code.starts_with("211") { 1 } else { 0 };
            let count = u64::from(item.per_month) * scale;
            for _ in 0..count {
                let date = first + Days::new(r.random_range(0..days));
                let mut amount = (item.typical * r.random_range(0.6..1.4) * 100.0).round() / 100.0;
                // Planted: the Treasury spends a quarter of its year's budget in June.
                if june_spike && unit.vote == "3712" {
                    amount = (amount * 4.0 * 100.0).round() / 100.0;
                }
                let person;
                let (payee, kind) = match item.payee {
                    PayeeKind::Individual => {
                        person = world.person(&mut r);
                        (person.as_str(), "IND")
                    }
                    PayeeKind::Company => (supplier(item.code), "CO"),
                    PayeeKind::Government => ("County Payroll Account", "GOV"),
                };
                let p = Payment {
                    date,
                    payee,
                    payee_type: kind,
                    unit,
                    programme: admin,
                    sub,
                    item: (item.code, item.name),
                    ward: "",
                    project: "",
                    contract: "",
                    amount,
                    fund: "Equitable Share",
                };
                w.write(&p, &mut r)?;
            }
        }
        // Planted in the governor's office: catering far beyond its budget line.
        if unit.vote == "3711" && first >= world::date(2025, 7, 1) {
            for _ in 0..(20 * scale) {
                let date = first + Days::new(r.random_range(0..days));
                let amount = (18_000.0 * r.random_range(0.6..1.4f64) * 100.0).round() / 100.0;
                let p = Payment {
                    date,
                    payee: supplier("2210801"),
                    payee_type: "CO",
                    unit,
                    programme: admin,
                    sub: 0,
                    item: ("2210801", RECURRENT_ITEMS[6].name),
                    ward: "",
                    project: "",
                    contract: "",
                    amount,
                    fund: "Equitable Share",
                };
                w.write(&p, &mut r)?;
            }
        }
    }
    // A reversal of an earlier payment, as ledgers have.
    let unit = &world.units[1];
    let reversal = Payment {
        date: last,
        payee: supplier("2211101"),
        payee_type: "CO",
        unit,
        programme: &unit.programmes[0],
        sub: 0,
        item: ("2211101", RECURRENT_ITEMS[7].name),
        ward: "",
        project: "",
        contract: "",
        amount: -12_500.0,
        fund: "Equitable Share",
    };
    w.write(&reversal, &mut r)?;

    for project in &world.projects {
        let unit = world.unit_of(project);
        let dev = &unit.programmes[1];
        let ward = &world.wards[project.ward].code;
        let ward = if r.random_bool(0.1) {
            ward.to_lowercase()
        } else {
            ward.clone()
        };
        for &(date, amount) in project.payments.iter().filter(|(d, _)| month.contains(*d)) {
            let p = Payment {
                date,
                payee: project.contractor.unwrap_or_default(),
                payee_type: "CO",
                unit,
                programme: dev,
                sub: 0,
                item: world::capital_item(project.sector),
                ward: &ward,
                project: &project.id,
                contract: project.contract_id.as_deref().unwrap_or_default(),
                amount,
                fund: project.funding,
            };
            w.write(&p, &mut r)?;
        }
    }
    planted_payments(world, month, &mut w, &mut r)?;
    let rows = w.rows;
    w.out.flush()?;
    Ok(rows)
}

/// The planted payment patterns, each in its month.
fn planted_payments(
    world: &World,
    month: Period,
    w: &mut PaymentWriter,
    r: &mut ChaCha8Rng,
) -> io::Result<()> {
    let finance = &world.units[1];
    let governor = &world.units[0];
    let roads = &world.units[6];
    let month_is = |y, m| month == Period::Month { year: y, month: m };
    if month_is(2025, 10) {
        // The same invoice paid twice, two days apart.
        for day in [14, 16] {
            let p = Payment {
                date: world::date(2025, 10, day),
                payee: "Ofisi Supplies Ltd",
                payee_type: "CO",
                unit: finance,
                programme: &finance.programmes[0],
                sub: 0,
                item: ("2211101", RECURRENT_ITEMS[7].name),
                ward: "",
                project: "",
                contract: "",
                amount: 487_350.0,
                fund: "Equitable Share",
            };
            w.write(&p, r)?;
        }
    }
    if month_is(2026, 2) {
        // One purchase split into four payments just under the KES 1,000,000 threshold.
        for (day, amount) in [
            (3, 985_000.0),
            (5, 990_500.0),
            (9, 979_800.0),
            (12, 994_000.0),
        ] {
            let p = Payment {
                date: world::date(2026, 2, day),
                payee: "Mbuyu Enterprises Ltd",
                payee_type: "CO",
                unit: governor,
                programme: &governor.programmes[0],
                sub: 0,
                item: ("2210801", RECURRENT_ITEMS[6].name),
                ward: "",
                project: "",
                contract: "",
                amount,
                fund: "Equitable Share",
            };
            w.write(&p, r)?;
        }
    }
    if month_is(2025, 3) {
        // Capital works paid with no project named.
        for (day, amount) in [(11, 4_800_000.0), (25, 3_250_000.0)] {
            let p = Payment {
                date: world::date(2025, 3, day),
                payee: "Bonde Roads and Bridges Ltd",
                payee_type: "CO",
                unit: roads,
                programme: &roads.programmes[1],
                sub: 0,
                item: world::capital_item("roads"),
                ward: "",
                project: "",
                contract: "",
                amount,
                fund: "Equitable Share",
            };
            w.write(&p, r)?;
        }
    }
    Ok(())
}

/// Vouchers of the planted duplicate, split and unlinked payments, as their report writes them.
pub fn planted_payment_notes() -> Vec<(&'static str, String)> {
    vec![
        ("duplicate_payments", "2025-10: Ofisi Supplies Ltd paid KES 487,350.00 on 14 and 16 October 2025 (vote 3712)".into()),
        ("split_payments_under_threshold", "2026-02: Mbuyu Enterprises Ltd paid four times between 3 and 12 February 2026, each just under KES 1,000,000 (vote 3711)".into()),
        ("capital_spending_without_project", "2025-03: Bonde Roads and Bridges Ltd paid KES 4,800,000 and 3,250,000 from item 3110504 with no project (vote 3717)".into()),
        ("year_end_spike", "2026-06: vote 3712 Finance and Economic Planning pays four times its usual monthly amounts".into()),
        ("spending_above_budget_line", "FY 2025-26: vote 3711 item 2210801 catering spends several times its approved line".into()),
    ]
}

const REVENUE_STREAMS: [(&str, &str, f64); 6] = [
    ("1410101", "Land Rates", 380_000.0),
    ("1420102", "Single Business Permits", 290_000.0),
    ("1420328", "Market Fees", 160_000.0),
    ("1420404", "Parking Fees", 120_000.0),
    ("1450105", "Building Plan Approval Fees", 90_000.0),
    ("1420405", "Produce Cess", 70_000.0),
];

/// The revenue system's monthly collections report.
pub fn revenue_csv(world: &World, month: Period, path: &Path) -> io::Result<()> {
    let first = month.first_day();
    let mut r = world::rng(
        world.seed,
        5000 + (first.year() as u64) * 100 + u64::from(first.month()),
    );
    let mut file = BufWriter::new(File::create(path)?);
    writeln!(file, "{SYNTHETIC}")?;
    writeln!(
        file,
        "OWN SOURCE REVENUE COLLECTIONS REPORT - {}",
        first.format("%b %Y").to_string().to_uppercase()
    )?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record([
        "FY",
        "Month",
        "Revenue Stream",
        "Collection Point",
        "Ward Code",
        "Target (KES)",
        "Collected (KES)",
    ])?;
    let fy = Period::containing(first, crate::protocol::Frequency::Annual, 7)
        .expect("annual periods exist")
        .to_string()
        .replace('-', "/");
    for ward in &world.wards {
        for (code, name, target) in REVENUE_STREAMS {
            let target = (target * ward.population as f64 / 50_000.0 / 1000.0).round() * 1000.0;
            let collected = (target * r.random_range(0.55..1.15) * 100.0).round() / 100.0;
            let point = format!("{} Market", ward.name);
            w.write_record([
                fy.as_str(),
                &first.format("%b %Y").to_string(),
                &format!("{code} - {}", untidy(name, &mut r)),
                &untidy(&point, &mut r),
                &ward.code,
                &money(target),
                &money(collected),
            ])?;
        }
    }
    w.flush()
}

const SERVICES: [(&str, u64); 5] = [
    ("Building Permit", 30),
    ("Single Business Permit", 7),
    ("Change of Use", 45),
    ("Fire Safety Certificate", 14),
    ("Food Handler Certificate", 5),
];

/// The permits office's application log for a quarter. It names applicants and their
/// phones; the pipeline does not map those columns, so they are never published.
pub fn service_requests_csv(world: &World, quarter: Period, path: &Path) -> io::Result<()> {
    let first = quarter.first_day();
    let mut r = world::rng(
        world.seed,
        7000 + (first.year() as u64) * 10 + u64::from(first.month()),
    );
    let mut w = csv::Writer::from_path(path)?;
    w.write_record([
        "Ref No",
        "Service",
        "Date Received",
        "Date Decided",
        "Status",
        "Ward",
        "Applicant Name",
        "Phone",
    ])?;
    let days = (quarter.last_day() - first).num_days() as u64 + 1;
    for n in 0..150u64 {
        let (service, median) = SERVICES[r.random_range(0..SERVICES.len())];
        let received = first + Days::new(r.random_range(0..days));
        let turnaround = (median as f64 * r.random_range(0.4..2.2)) as u64;
        let decided = received + Days::new(turnaround);
        let pending = decided > world::last_day();
        let status = if pending {
            "In Process"
        } else {
            ["Granted", "Granted", "Granted", "Declined", "Withdrawn"][r.random_range(0..5)]
        };
        let ward = &world.wards[r.random_range(0..world.wards.len())].code;
        w.write_record([
            format!("SR-{}{:02}-{n:05}", first.year(), first.month()),
            untidy(service, &mut r),
            received.format("%d-%b-%Y").to_string(),
            if pending {
                String::new()
            } else {
                decided.format("%d-%b-%Y").to_string()
            },
            status.to_string(),
            if r.random_bool(0.3) {
                ward.to_lowercase()
            } else {
                ward.clone()
            },
            world.person(&mut r),
            format!(
                "07{:02} {:03} {:03}",
                r.random_range(0..100),
                r.random_range(0..1000),
                r.random_range(0..1000)
            ),
        ])?;
    }
    w.flush()
}

/// The M&E unit's inspection log, every inspection up to `until`.
pub fn inspections_csv(world: &World, until: NaiveDate, path: &Path) -> io::Result<()> {
    let mut r = world::rng(world.seed, 9000 + until.year() as u64);
    let mut w = csv::Writer::from_path(path)?;
    w.write_record([
        "Project Code",
        "Date of Inspection",
        "Physical Progress",
        "Inspected By",
        "Remarks",
        "Photo Ref",
    ])?;
    for p in &world.projects {
        for (i, (day, progress, inspector)) in p
            .inspections
            .iter()
            .filter(|(d, _, _)| *d <= until)
            .enumerate()
        {
            let remark = match r.random_range(0..6) {
                0 => format!(
                    "Ward committee chair (07{:02} {:03} {:03}) confirmed works on site.",
                    r.random_range(0..100),
                    r.random_range(0..1000),
                    r.random_range(0..1000)
                ),
                1 => "Contractor on site; materials delivered.".to_string(),
                2 => "Works progressing as per programme.".to_string(),
                3 => "Drainage works pending.".to_string(),
                _ => String::new(),
            };
            w.write_record([
                if i % 5 == 4 {
                    p.id.to_lowercase()
                } else {
                    p.id.clone()
                },
                day.format("%d.%m.%Y").to_string(),
                format!("{progress}%"),
                inspector.clone(),
                remark,
                format!("IMG_{}_{:03}.jpg", p.id.replace('-', ""), i + 1),
            ])?;
        }
    }
    w.flush()
}
